import Foundation

/// The documents of program expertise (seed 000 «Экспертный лист … с факсимиле эксперта», «итоговый протокол»): an
/// expert's sheet as DOCX or PDF through the documents service, signed with the facsimile the expert uploads; the
/// expert's own ratings; the protocol of programs that passed as XLSX or CSV.
public struct ExpertiseDocumentsService: Sendable {
    let repository: ExpertiseRepository
    let documents: DocumentsService
    let zone: TimeZone

    public init(db: Database, documents: DocumentsService, zone: TimeZone) {
        self.repository = ExpertiseRepository(db: db)
        self.documents = documents
        self.zone = zone
    }

    /// Who reads the protocol: ЦОПП's operators and the region's coordinators.
    static let protocolReaders = TrainingAccess.regionReaders

    /// The sheet of one rating, for the expert who wrote it, the program's organization and the region's readers.
    public func sheet(program: UUID, response: UUID, identity me: Identity, format: DocumentsService.Format)
        async throws -> DocumentsService.Made
    {
        guard let r = try await repository.sheetRecord(program: program, response: response),
            r.expertId == me.userId || me.orgIds.contains(r.orgId) || me.hasAny(TrainingAccess.regionReaders)
        else { throw Problem.notFound }
        var data = Self.data(r, zone: zone)
        if let file = r.facsimileFileId, let image = try await documents.image(file) {
            data.images["facsimile"] = image
        }
        let day = CivilDate(r.ratedAt, zone: zone).iso
        return try await documents.make(
            .expertSheet, data, orgId: nil, format: format,
            name: "Экспертный лист \(r.expert.split(separator: " ").first ?? "") \(day)", issue: nil)
    }

    /// The placeholders of a sheet: the program, the questionnaire version answered, each question with its answer.
    static func data(_ r: ExpertiseRepository.SheetRecord, zone: TimeZone) -> DocumentData {
        var d = DocumentData()
        d.values = [
            "program": r.program, "programOrganization": r.organization, "hours": String(r.hours),
            "expert": r.expert, "questionnaire": r.questionnaire,
            "questionnaireVersion": String(r.questionnaireVersion),
            "ratedOn": DocumentsService.russianDate(r.ratedAt, zone: zone), "score": r.score.map(String.init) ?? "—",
            "comment": r.comment ?? "—",
        ]
        d.lists["answers"] = r.content.questions.enumerated().map { n, q in
            ["n": String(n + 1), "question": q.text ?? "", "answer": answer(q, r.answers[q.key ?? ""])]
        }
        return d
    }

    /// An answer as the sheet prints it: a scale mark with its range («4 (от 1 до 5)»), options, text, a number;
    /// «—» unanswered.
    static func answer(_ q: QuestionnaireQuestion, _ value: JSONValue?) -> String {
        guard let value, value != .null else { return "—" }
        let text = QuestionnaireResults.cell(value)
        if q.kind == "scale", let lo = q.min, let hi = q.max { return "\(text) (от \(lo) до \(hi))" }
        return text
    }

    // MARK: the expert's facsimile

    public func facsimile(identity me: Identity) async throws -> String {
        Self.facsimileJSON(try await repository.facsimile(of: me.userId))
    }

    static func facsimileJSON(_ id: UUID?) -> String {
        guard let id else { return "{\"facsimile\":null}" }
        let s = id.uuidString.lowercased()
        return "{\"facsimile\":{\"id\":\"\(s)\",\"url\":\"/api/v1/files/\(s)\"}}"
    }

    public struct FacsimileInput: Codable, Sendable {
        var fileId: UUID?
    }

    /// Keeps an uploaded PNG or JPEG of the expert's own as their facsimile; null removes it.
    public func setFacsimile(_ input: FacsimileInput, identity me: Identity) async throws -> String {
        if let id = input.fileId {
            guard let file = try await FilesRepository(db: repository.db).readable(id: id, by: me),
                file.ownerUserId == me.userId
            else { throw Problem.validation([FieldError("fileId", "not_found", "Файл не найден")]) }
            guard ["image/png", "image/jpeg"].contains(file.mime), file.width != nil else {
                throw Problem.validation([FieldError("fileId", "invalid", "Факсимиле — изображение PNG или JPEG")])
            }
        }
        try await repository.setFacsimile(of: me.userId, file: input.fileId)
        return Self.facsimileJSON(input.fileId)
    }

    // MARK: lists

    public func ratings(identity me: Identity, page: PageRequest) async throws -> String {
        try await repository.ratings(by: me.userId, page: page)
    }

    public func ratingsStream(identity me: Identity) async throws
        -> some AsyncSequence<[String], any Error> & Sendable
    {
        try await repository.ratingsStream(by: me.userId, zone: zone.identifier)
    }

    static let protocolHeader = [
        "№", "Программа", "Организация", "Объём, ч", "Направлена", "Прошла экспертизу", "Оценок", "Средняя оценка",
        "Эксперты (оценка)",
    ]

    func filter(search: String?, from: String?, to: String?) -> ExpertiseRepository.ProtocolFilter {
        ExpertiseRepository.ProtocolFilter(search: search, from: from, to: to, zone: zone.identifier)
    }

    public func protocolPage(search: String?, from: String?, to: String?, page: PageRequest) async throws -> String {
        try await repository.protocolPage(filter(search: search, from: from, to: to), page: page)
    }

    static let sheetsHeader = ["Программа", "Организация", "Эксперт", "Оценка", "Комментарий", "Дата"]

    func sheetsFilter(search: String?, from: String?, to: String?) -> ExpertiseRepository.SheetsFilter {
        .init(search: search, from: from, to: to, zone: zone.identifier)
    }

    /// Every expert sheet, newest first (the seed's «Экспертные листы»), for the protocol's readers.
    public func sheets(search: String?, from: String?, to: String?, page: PageRequest) async throws -> String {
        try await repository.sheetsPage(sheetsFilter(search: search, from: from, to: to), page: page)
    }

    func sheetsStream(search: String?, from: String?, to: String?) async throws
        -> some AsyncSequence<[String], any Error> & Sendable
    {
        try await repository.sheetsStream(sheetsFilter(search: search, from: from, to: to))
    }

    /// The final protocol's rows, numbered, oldest passed last.
    public func protocolRows(search: String?, from: String?, to: String?) async throws -> [[String]] {
        try await repository.protocolRows(filter(search: search, from: from, to: to))
    }
}
