import Foundation
import Hummingbird

/// /api/v1/catalog — the public catalog of published programs (no login).
public struct CatalogController: Sendable {
    let catalog: CatalogRepository
    public init(catalog: CatalogRepository) { self.catalog = catalog }

    public func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("programs", use: search)
        group.get("programs/{programId}", use: show)
    }

    static let sorts = ["relevance", "newest", "price", "name"]

    /// The first page also carries facet counts (`facets`) for the current filters.
    @Sendable func search(_ request: Request, context: AppRequestContext) async throws -> Response {
        var q = QueryParameters(request)
        var filter = CatalogFilter()
        filter.query = q.string("q", max: 200)
        filter.competencyId = q.uuid("competencyId")
        filter.professionId = q.uuid("professionId")
        filter.industryId = q.uuid("industryId")
        filter.kindId = q.uuid("kindId")
        filter.studyFormId = q.uuid("studyFormId")
        filter.municipalityId = q.uuid("municipalityId")
        filter.organizationId = q.uuid("organizationId")
        filter.priceMin = q.number("priceMin")
        filter.priceMax = q.number("priceMax")
        filter.freeOnly = q.bool("free") ?? false
        filter.funding = q.choice("funding", in: ["free", "paid", "certificate"])
        filter.accessibleOnly = q.bool("accessible") ?? false
        filter.sort = q.choice("sort", in: Self.sorts) ?? "relevance"
        let page = try q.page()
        var body = try await catalog.page(filter, page: page)
        if page.cursor == nil {
            body.removeLast()
            body += ",\"facets\":" + (try await catalog.facets(filter)) + "}"
        }
        return JSONResponse.raw(body)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let json = try await catalog.program(id: try context.parameters.uuid("programId")) else { throw Problem.notFound }
        return JSONResponse.raw(json)
    }
}
