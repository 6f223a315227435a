import Foundation
import Hummingbird

/// /api/v1/catalog/suggest — completions while typing (public); /api/v1/search-synonyms — the synonyms directory the
/// search engine reads (moderators and administrators edit it).
public struct SearchController: Sendable {
    let service: SearchService
    public init(service: SearchService) { self.service = service }

    @Sendable func suggest(_ request: Request, context: AppRequestContext) async throws -> Response {
        var q = QueryParameters(request)
        let typed = q.string("q", max: 200)
        try q.check()
        return try JSONResponse.make(Page(items: try await service.suggestions(for: typed), nextCursor: nil))
    }

    static let csvHeader = ["id", "term", "expansions", "updatedAt"]

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        var q = QueryParameters(request)
        let search = q.string("q", max: 200)
        if CSVStream.wanted(request) {
            try q.check()
            let rows = try await service.repository.allSynonyms(search: search)
            return CSVStream.response(filename: "search-synonyms.csv", header: Self.csvHeader, rows: rows) { s in
                [s.id.uuidString.lowercased(), s.term, s.expansions.joined(separator: "; "), s.updatedAt.rfc3339]
            }
        }
        return try JSONResponse.make(try await service.repository.synonyms(search: search, page: try q.page()))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let synonym = try await service.repository.synonym(id: try context.parameters.uuid("synonymId")) else {
            throw Problem.notFound
        }
        return try JSONResponse.make(synonym)
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(SearchService.SynonymInput.self, context: context)
        let saved = try await service.create(input, actor: context.actor)
        return try JSONResponse.created(saved, location: "/api/v1/search-synonyms/\(saved.id.uuidString.lowercased())")
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(SearchService.SynonymInput.self, context: context)
        return try JSONResponse.make(
            try await service.update(id: try context.parameters.uuid("synonymId"), input, actor: context.actor))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await service.delete(id: try context.parameters.uuid("synonymId"), actor: context.actor)
        return JSONResponse.noContent
    }
}
