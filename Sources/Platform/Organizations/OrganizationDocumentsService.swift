import Foundation

/// Documents (licenses, accreditations, others) and gallery images of an organization, with validation and audit.
public struct OrganizationDocumentsService: Sendable {
    let db: Database
    public let repository: OrganizationDocumentsRepository
    let files: FilesRepository
    let profiles: OrganizationProfileRepository

    public init(db: Database) {
        self.db = db
        self.repository = OrganizationDocumentsRepository(db: db)
        self.files = FilesRepository(db: db)
        self.profiles = OrganizationProfileRepository(db: db)
    }

    /// Licenses and accreditations are public facts; other documents are for members and ЦОПП staff.
    public func list(orgId: UUID, kind: String?, identity: Identity?) async throws -> [OrganizationDocument] {
        let full = OrganizationProfileService.seesFull(orgId, identity)
        guard try await profiles.profile(id: orgId, full: false, anyStatus: full) != nil else { throw Problem.notFound }
        let all = try await repository.documents(orgId: orgId, kind: kind)
        return full
            ? all
            : all.filter { $0.kind != "document" }.map {
                var d = $0
                d.file = nil
                return d
            }
    }

    public func add(_ input: DocumentInput, orgId: UUID, identity: Identity, actor: Actor) async throws
        -> OrganizationDocument
    {
        var v = Validator()
        let kind = v.required(input.kind, "kind", max: 20)
        if !kind.isEmpty && !["document", "license", "accreditation"].contains(kind) {
            v.add(
                "kind", "invalid_choice",
                "Вид: document (документ), license (лицензия) или accreditation (аккредитация)")
        }
        let title = v.required(input.title, "title", max: 500)
        let number = v.optional(input.number, "number", max: 100)
        let issuer = v.optional(input.issuer, "issuer", max: 500)
        let issued = v.optional(input.issuedAt, "issuedAt", max: 10)
        let valid = v.optional(input.validUntil, "validUntil", max: 10)
        for (field, value) in [("issuedAt", issued), ("validUntil", valid)]
        where value != nil && SimpleDate.parse(value!) == nil {
            v.add(field, "invalid_date", "Дата в формате ГГГГ-ММ-ДД")
        }
        if let issued, let valid, SimpleDate.parse(issued) != nil, SimpleDate.parse(valid) != nil, valid < issued {
            v.add("validUntil", "before_issue", "Срок действия не может закончиться раньше даты выдачи")
        }
        if kind == "document" && input.fileId == nil { v.add("fileId", "required", "Загрузите файл документа") }
        if let fileId = input.fileId, try await files.attachable(id: fileId, to: orgId, by: identity.userId) == nil {
            v.add("fileId", "not_found", "Файл не найден")
        }
        try v.throwIfInvalid()
        let id = try await db.transaction { conn in
            let id = try await repository.insertDocument(
                orgId: orgId, kind: kind, title: title, number: number, issuedAt: issued, validUntil: valid,
                issuer: issuer, fileId: input.fileId, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "add_document", entity: "organization", entityId: orgId,
                before: Optional<String>.none,
                after: ["kind": kind, "title": title, "number": number ?? ""], requestId: actor.requestId, on: conn,
                logger: db.logger)
            return id
        }
        guard let doc = try await repository.documents(orgId: orgId, kind: nil).first(where: { $0.id == id }) else {
            throw Problem.notFound
        }
        return doc
    }

    public func deleteDocument(id: UUID, orgId: UUID, actor: Actor) async throws {
        try await db.transaction { conn in
            guard try await repository.deleteDocument(id: id, orgId: orgId, on: conn) else { throw Problem.notFound }
            try await AuditLog.record(
                actor: actor.userId, action: "delete_document", entity: "organization", entityId: orgId,
                before: ["documentId": id.uuidString.lowercased()], after: Optional<String>.none,
                requestId: actor.requestId,
                on: conn, logger: db.logger)
        }
    }

    public func addGallery(_ input: GalleryInput, orgId: UUID, identity: Identity, actor: Actor) async throws
        -> GalleryItem
    {
        var v = Validator()
        let caption = v.optional(input.caption, "caption", max: 300)
        let sortOrder = v.integer(input.sortOrder, "sortOrder", Validator.positions) ?? 0
        if let fileId = input.fileId {
            let file = try await files.attachable(id: fileId, to: orgId, by: identity.userId)
            if file == nil {
                v.add("fileId", "not_found", "Файл не найден")
            } else if file?.mime.hasPrefix("image/") != true {
                v.add("fileId", "not_image", "В галерею добавляются только изображения")
            }
        } else {
            v.add("fileId", "required", "Загрузите изображение")
        }
        try v.throwIfInvalid()
        let fileId = input.fileId!
        let id = try await db.transaction { conn in
            let id = try await repository.insertGallery(
                orgId: orgId, fileId: fileId, caption: caption, sortOrder: sortOrder, on: conn)
            try await profiles.publish(fileId: fileId, orgId: orgId, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "add_gallery_image", entity: "organization", entityId: orgId,
                before: Optional<String>.none, after: ["fileId": fileId.uuidString.lowercased()],
                requestId: actor.requestId,
                on: conn, logger: db.logger)
            return id
        }
        guard let item = try await repository.gallery(orgId: orgId).first(where: { $0.id == id }) else {
            throw Problem.notFound
        }
        return item
    }

    public func deleteGallery(id: UUID, orgId: UUID, actor: Actor) async throws {
        try await db.transaction { conn in
            guard try await repository.deleteGallery(id: id, orgId: orgId, on: conn) else { throw Problem.notFound }
            try await AuditLog.record(
                actor: actor.userId, action: "delete_gallery_image", entity: "organization", entityId: orgId,
                before: ["itemId": id.uuidString.lowercased()], after: Optional<String>.none,
                requestId: actor.requestId,
                on: conn, logger: db.logger)
        }
    }

    /// The gallery in its order (the caller has already been shown the profile it belongs to).
    public func gallery(orgId: UUID) async throws -> [GalleryItem] { try await repository.gallery(orgId: orgId) }
}
