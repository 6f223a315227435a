import Foundation
import HTTPTypes
import Hummingbird

/// /api/v1/catalog — the public catalog of published programs (no login).
public struct CatalogController: Sendable {
    let catalog: CatalogRepository
    let personal: PersonalCatalogRepository
    let cache: CatalogCache
    public init(catalog: CatalogRepository, personal: PersonalCatalogRepository, cache: CatalogCache) {
        self.catalog = catalog
        self.personal = personal
        self.cache = cache
    }

    static let sorts = ["relevance", "newest", "price", "name", "start"]
    static let parameters: Set<String> = [
        "q", "competencyId", "professionId", "industryId", "kindId", "studyFormId", "municipalityId",
        "organizationId", "priceMin", "priceMax", "free", "funding", "accessible", "startFrom", "startTo",
        "sort", "limit", "cursor",
    ]

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
        filter.startFrom = q.date("startFrom")
        filter.startTo = q.date("startTo")
        filter.sort = q.choice("sort", in: Self.sorts) ?? "relevance"
        let page = try q.page()
        if page.cursor == nil, let me = context.identity, let text = filter.query {
            // a logged-in user's searches are remembered (seed 000 §1); the query string carries the filters
            var filters: [String: String] = [:]
            for (key, value) in request.uri.queryParameters where !["q", "limit", "cursor"].contains(String(key)) {
                filters[String(key)] = String(value)
            }
            let json = String(decoding: (try? JSONEncoder.sorted.encode(filters)) ?? Data("{}".utf8), as: UTF8.self)
            try? await personal.record(userId: me.userId, query: text, filters: json)
        }
        // parameters are validated above and unknown ones left out, so keys name only well-formed questions
        // today's date is part of the question: "upcoming groups" and the start sort change at midnight without any
        // write
        let key =
            CatalogCache.key(
                request.uri.queryParameters.compactMap {
                    Self.parameters.contains(String($0.key)) ? (String($0.key), String($0.value)) : nil
                })
            // the UTC day, cheaply (a DateFormatter per request halved the rate)
            + "#" + String(Int(Date().timeIntervalSince1970) / 86_400)
        let asked = filter
        let answer = try await cache.answer(key) { [catalog] in
            var body = try await catalog.page(asked, page: page)
            if page.cursor == nil {
                body.removeLast()
                body += ",\"facets\":" + (try await catalog.facets(asked)) + "}"
            }
            return body
        }
        return JSONResponse.raw(answer.value, cached: answer.cached)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let json = try await catalog.program(id: try context.parameters.uuid("programId")) else {
            throw Problem.notFound
        }
        return JSONResponse.raw(json)
    }
}
