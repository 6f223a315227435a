import Foundation
import HTTPTypes
import Hummingbird

/// /api/v1/catalog — the public catalog of published programs (no login).
public struct CatalogController: Sendable {
    let service: CatalogService
    public init(service: CatalogService) { self.service = service }

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
        // a signed-in person's search is remembered with its filters (the query string without q, limit, cursor)
        var asked: String?
        if page.cursor == nil, context.identity != nil, filter.query != nil {
            var filters: [String: String] = [:]
            for (key, value) in q.parameters where !["q", "limit", "cursor"].contains(String(key)) {
                filters[String(key)] = String(value)
            }
            asked = String(decoding: (try? JSONEncoder.sorted.encode(filters)) ?? Data("{}".utf8), as: UTF8.self)
        }
        // parameters are validated above and unknown ones left out, so keys name only well-formed questions
        // today's date is part of the question: "upcoming groups" and the start sort change at midnight without any
        // write
        let key =
            CatalogCache.key(
                q.parameters.compactMap {
                    Self.parameters.contains(String($0.key)) ? (String($0.key), String($0.value)) : nil
                })
            // the UTC day, cheaply (a DateFormatter per request halved the rate)
            + "#" + String(Int(Date().timeIntervalSince1970) / 86_400)
        let answer = try await service.search(filter, page: page, key: key, filters: asked, identity: context.identity)
        return JSONResponse.raw(answer.body, cached: answer.cached)
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(try await service.program(try context.parameters.uuid("programId")))
    }
}
