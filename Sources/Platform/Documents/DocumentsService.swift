import Foundation
import Hummingbird
import PostgresNIO

/// The documents service (SPEC §16): a kind's template (the uploaded one, else the default), filled with a feature's
/// data and the organization's letterhead (names, head, logo, facsimile), as DOCX or PDF; every certificate gets a
/// verification code; administrators replace templates, each checked to use only placeholders the kind knows.
public struct DocumentsService: Sendable {
    let db: Database
    let repository: DocumentsRepository
    let store: FileStore
    public let pdf: PdfConverter
    let publicURL: String

    public init(db: Database, store: FileStore, pdf: PdfConverter, publicURL: String) {
        self.db = db
        self.repository = DocumentsRepository(db: db)
        self.store = store
        self.pdf = pdf
        self.publicURL = publicURL
    }

    public enum Format: String, CaseIterable, Sendable {
        case docx, pdf
        var mime: String {
            switch self {
            case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            case .pdf: "application/pdf"
            }
        }
    }

    /// A made document, ready to download.
    public struct Made: Sendable {
        public var bytes: Data
        public var mime: String
        public var fileName: String

        public var response: Response {
            var headers: HTTPFields = [
                .contentType: mime, .contentDisposition: FilesController.disposition(name: fileName, inline: false),
                .cacheControl: "private, no-store",
            ]
            headers[.contentLength] = String(bytes.count)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: bytes)))
        }
    }

    func template(_ kind: DocumentKind) async throws -> Data {
        try await repository.template(kind)?.content ?? kind.defaultTemplate()
    }

    /// `kind` filled with `data` and the letterhead of `orgId`; `issue` records the document for its verification
    /// page first, so that its code is printed on it.
    public func make(
        _ kind: DocumentKind, _ data: DocumentData, orgId: UUID?, format: Format, name: String, issue: IssueRecord?
    ) async throws -> Made {
        if format == .pdf, await !pdf.available { throw PdfConverter.unavailable }
        var data = data
        if let orgId, let head = try await OrganizationProfileRepository(db: db).letterhead(id: orgId) {
            data.values["organization"] = head.fullName
            data.values["organizationShort"] = head.shortName
            data.values["headName"] = head.headName
            data.values["headPosition"] = head.headPosition.isEmpty ? "Руководитель" : head.headPosition
            data.values["city"] = head.city
            for (key, file) in [("logo", head.logoFileId), ("signature", head.signatureFileId)] {
                if let file, let image = try await image(file) { data.images[key] = image }
            }
        }
        if let issue {
            let (code, issuedAt) = try await repository.issue(issue, code: Self.newCode())
            data.values["verifyCode"] = code
            data.values["verifyUrl"] = "\(publicURL)/#/verify/\(code)"
            data.values["issuedAt"] = data.values["issuedAt"] ?? Self.russianDate(issuedAt)
        }
        let docx = try DocxDocument.render(template: try await template(kind), with: data)
        switch format {
        case .docx: return Made(bytes: docx, mime: format.mime, fileName: name + ".docx")
        case .pdf: return Made(bytes: try await pdf.pdf(fromDocx: docx), mime: format.mime, fileName: name + ".pdf")
        }
    }

    /// A PNG or JPEG of the organization for a document; other images are left out (DOCX takes these two surely).
    func image(_ id: UUID) async throws -> DocumentImage? {
        guard let file = try await FilesRepository(db: db).stored(id: id),
            ["image/png", "image/jpeg"].contains(file.mime), let width = file.width, let height = file.height,
            let bytes = FileManager.default.contents(atPath: store.path(for: file.sha256))
        else { return nil }
        return DocumentImage(
            bytes: bytes, format: file.mime == "image/png" ? "png" : "jpeg", width: width, height: height)
    }

    /// Ten letters and digits without look-alikes (0/O, 1/I) — a code people type from paper.
    static func newCode() -> String {
        let alphabet = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
        return String((0..<10).map { _ in alphabet.randomElement()! })
    }

    static let months = [
        "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября",
        "декабря",
    ]

    /// «5 декабря 2026 г.» of a `YYYY-MM-DD` day.
    public static func russianDate(_ iso: String) -> String {
        let p = iso.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3, (1...12).contains(p[1]) else { return iso }
        return "\(p[2]) \(months[p[1] - 1]) \(p[0]) г."
    }

    static func russianDate(_ date: Date, zone: TimeZone = TimeZone(identifier: "Asia/Irkutsk") ?? .current) -> String {
        russianDate(CivilDate(date, zone: zone).iso)
    }

    /// The query of a document download: `format=pdf` (the default) or `docx`.
    public static func query(_ request: Request) -> QueryParameters {
        QueryParameters(request, formats: Format.allCases.map(\.rawValue))
    }

    /// The format asked by `format=` (PDF unless said otherwise; `query` named a wrong one).
    public static func format(_ q: QueryParameters) -> Format {
        q.rawValue("format").flatMap(Format.init(rawValue:)) ?? .pdf
    }

    // MARK: templates

    public struct TemplateInfo: Codable, Sendable {
        public var kind: String
        public var title: String
        public var placeholders: [Placeholder]
        /// the region's own template is in use (false: the default)
        public var custom: Bool
        public var fileName: String?
        public var updatedAt: Date?
    }

    public struct Placeholder: Codable, Sendable {
        public var name: String
        public var description: String
    }

    public func templates() async throws -> [TemplateInfo] {
        let uploaded = try await repository.uploaded()
        return DocumentKind.allCases.map { kind in
            TemplateInfo(
                kind: kind.rawValue, title: kind.title,
                placeholders: kind.placeholders.sorted { $0.key < $1.key }.map {
                    Placeholder(name: "{{\($0.key)}}", description: $0.value)
                },
                custom: uploaded[kind.rawValue] != nil, fileName: uploaded[kind.rawValue]?.fileName,
                updatedAt: uploaded[kind.rawValue]?.updatedAt)
        }
    }

    public func templateFile(_ kind: DocumentKind) async throws -> Made {
        let uploaded = try await repository.template(kind)
        return Made(
            bytes: try uploaded?.content ?? kind.defaultTemplate(), mime: Format.docx.mime,
            fileName: uploaded?.fileName ?? "\(kind.rawValue).docx")
    }

    /// Problems of a template for `kind`: not a DOCX, or placeholders the kind does not fill (each named).
    public static func problems(of bytes: Data, kind: DocumentKind) -> [FieldError] {
        guard let used = try? DocxDocument.placeholders(of: bytes) else {
            return [
                FieldError("file", "not_docx", "Нужен файл Word в формате DOCX (не больше 30 МБ в распакованном виде)")
            ]
        }
        if let broken = DocxDocument.malformedPart(of: bytes) {
            return [
                FieldError("file", "not_docx", "Файл повреждён: часть \(broken) — не XML. Сохраните его в Word заново")
            ]
        }
        let known = Set(kind.placeholders.keys)
        return used.subtracting(known).sorted().map {
            FieldError(
                "file", "unknown_placeholder",
                "Неизвестная подстановка {{\($0)}}: документ «\(kind.title)» заполняет только перечисленные в списке")
        }
    }

    /// Makes an uploaded file (`POST /files`) the template of `kind`.
    public func upload(_ kind: DocumentKind, fileId: UUID?, identity: Identity, actor: Actor) async throws {
        guard let fileId else { throw Problem.validation([FieldError("fileId", "required", "Загрузите файл DOCX")]) }
        guard let file = try await FilesRepository(db: db).readable(id: fileId, by: identity),
            let bytes = FileManager.default.contents(atPath: store.path(for: file.sha256))
        else { throw Problem.validation([FieldError("fileId", "not_found", "Файл не найден")]) }
        let problems = Self.problems(of: bytes, kind: kind).map { FieldError("fileId", $0.code, $0.message) }
        if !problems.isEmpty { throw Problem.validation(problems) }
        try await save(kind, bytes: bytes, fileName: file.name, identity: identity, actor: actor)
    }

    func save(_ kind: DocumentKind, bytes: Data, fileName: String, identity: Identity, actor: Actor)
        async throws
    {
        let problems = Self.problems(of: bytes, kind: kind)
        if !problems.isEmpty { throw Problem.validation(problems) }
        try await db.transaction { conn in
            try await repository.save(kind, content: bytes, fileName: fileName, by: identity.userId, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "update", entity: "document_template", entityId: nil,
                before: Optional<String>.none, after: ["kind": kind.rawValue, "fileName": fileName],
                requestId: actor.requestId, on: conn, logger: db.logger)
        }
    }

    public func reset(_ kind: DocumentKind, actor: Actor) async throws {
        try await db.transaction { conn in
            guard try await repository.remove(kind, on: conn) else { throw Problem.notFound }
            try await AuditLog.record(
                actor: actor.userId, action: "delete", entity: "document_template", entityId: nil,
                before: ["kind": kind.rawValue], after: Optional<String>.none, requestId: actor.requestId, on: conn,
                logger: db.logger)
        }
    }

    public func verify(_ code: String) async throws -> String {
        let folded = code.uppercased().filter { $0.isLetter || $0.isNumber }
        guard folded.count == 10, let json = try await repository.verify(code: folded) else { throw Problem.notFound }
        return json
    }
}
