import Foundation
import Hummingbird
import NIOCore

/// /api/v1/organizations: the public list and pages, the profile edited by its members, documents and gallery.
public struct OrganizationsController: Sendable {
    let profiles: OrganizationProfileService
    let documents: OrganizationDocumentsService

    public init(profiles: OrganizationProfileService, documents: OrganizationDocumentsService) {
        self.profiles = profiles
        self.documents = documents
    }

    static let csvHeader = [
        "id", "shortName", "inn", "kpp", "ogrn", "municipality", "roles", "address", "phone", "email", "website",
        "competencies",
    ]

    /// Approved organizations for everyone; ЦОПП staff may also list pending or rejected ones (`status`).
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        var q = QueryParameters(request)
        let status = q.choice("status", in: ["approved", "pending", "rejected"]) ?? "approved"
        let filter = OrganizationFilter(
            search: q.string("q"), role: q.choice("role", in: ["customer", "contractor", "employer"]),
            kind: q.choice("kind", in: ["contractor", "employer"]),
            municipalityId: q.uuid("municipalityId"), competencyId: q.uuid("competencyId"), status: status)
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "organizations.csv", header: Self.csvHeader,
                rows: try await profiles.stream(filter, identity: context.identity)
            ) { $0.fields }
        }
        return JSONResponse.raw(try await profiles.list(filter, page: try q.page(), identity: context.identity))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let found = try await profiles.profile(id: try context.parameters.uuid("orgId"), identity: context.identity)
        return JSONResponse.raw(found.json, version: found.version)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let orgId = try context.parameters.uuid("orgId")
        try OrganizationProfileService.requireEditor(orgId, me)
        var (patch, keys) = try await request.decodeJSONWithKeys(OrganizationPatch.self, context: context)
        patch.present = keys
        let updated = try await profiles.update(
            id: orgId, patch: patch, ifMatch: request.headers[.ifMatch], identity: me, actor: context.actor)
        return JSONResponse.raw(updated.json, version: updated.version)
    }

    @Sendable func listDocuments(_ request: Request, context: AppRequestContext) async throws -> Response {
        let orgId = try context.parameters.uuid("orgId")
        var q = QueryParameters(request)
        let kind = q.choice("kind", in: ["document", "license", "accreditation"])
        try q.check()
        return try JSONResponse.make(
            Page(items: try await documents.list(orgId: orgId, kind: kind, identity: context.identity), nextCursor: nil)
        )
    }

    @Sendable func addDocument(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let orgId = try context.parameters.uuid("orgId")
        try OrganizationProfileService.requireEditor(orgId, me)
        let doc = try await documents.add(
            try await request.decodeJSON(DocumentInput.self, context: context), orgId: orgId, identity: me,
            actor: context.actor)
        return try JSONResponse.created(
            doc,
            location:
                "/api/v1/organizations/\(orgId.uuidString.lowercased())/documents/\(doc.id.uuidString.lowercased())")
    }

    @Sendable func deleteDocument(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let orgId = try context.parameters.uuid("orgId")
        try OrganizationProfileService.requireEditor(orgId, me)
        try await documents.deleteDocument(
            id: try context.parameters.uuid("documentId"), orgId: orgId, actor: context.actor)
        return JSONResponse.noContent
    }

    @Sendable func listGallery(_ request: Request, context: AppRequestContext) async throws -> Response {
        let orgId = try context.parameters.uuid("orgId")
        _ = try await profiles.profile(id: orgId, identity: context.identity)  // 404 unless visible
        return try JSONResponse.make(Page(items: try await documents.gallery(orgId: orgId), nextCursor: nil))
    }

    @Sendable func addGallery(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let orgId = try context.parameters.uuid("orgId")
        try OrganizationProfileService.requireEditor(orgId, me)
        let item = try await documents.addGallery(
            try await request.decodeJSON(GalleryInput.self, context: context), orgId: orgId, identity: me,
            actor: context.actor)
        return try JSONResponse.created(
            item,
            location:
                "/api/v1/organizations/\(orgId.uuidString.lowercased())/gallery/\(item.id.uuidString.lowercased())")
    }

    @Sendable func deleteGallery(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let orgId = try context.parameters.uuid("orgId")
        try OrganizationProfileService.requireEditor(orgId, me)
        try await documents.deleteGallery(id: try context.parameters.uuid("itemId"), orgId: orgId, actor: context.actor)
        return JSONResponse.noContent
    }
}
