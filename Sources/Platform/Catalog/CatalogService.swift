import Foundation
import NIOCore

/// The public catalog (SPEC §6): anyone searches published programs; a signed-in person's searches are remembered
/// for their history (seed 000 §1). The answers are shared by everyone asking the same, so they come from memory.
public struct CatalogService: Sendable {
    let catalog: CatalogRepository
    let personal: PersonalCatalogRepository
    let cache: CatalogCache

    public init(catalog: CatalogRepository, personal: PersonalCatalogRepository, cache: CatalogCache) {
        self.catalog = catalog
        self.personal = personal
        self.cache = cache
    }

    /// A page of the search under `key` (the normalized question); the first page carries the facet counts.
    /// `filters` are the asked filters as JSON, given when the search is to be remembered (a first page with text).
    func search(
        _ filter: CatalogFilter, page: PageRequest, key: String, filters: String?, identity: Identity?
    ) async throws -> (body: ByteBuffer, cached: Bool) {
        if let filters, let me = identity, let text = filter.query {
            try? await personal.record(userId: me.userId, query: text, filters: filters)
        }
        let answer = try await cache.answer(key, scopes: \.scopes) { [catalog] in
            Self.answer(try await catalog.page(filter, page: page), of: filter)
        }
        return (answer.value.body, answer.cached)
    }

    /// The answer with what it rests on: the programs counted and shown (each card's program is also a scope, for
    /// changes only a card shows), and programs' terms when the question reads them.
    static func answer(_ page: CatalogPage, of filter: CatalogFilter) -> CatalogAnswer {
        var scopes = ["entries"]
        if filter.readsTerms { scopes.append("terms") }
        if page.text != nil { scopes.append("text") }
        scopes += page.shown.map { "p:" + $0.uuidString.lowercased() }
        return CatalogAnswer(
            body: ByteBuffer(string: page.json), scopes: scopes, question: filter, text: page.text?.expanded,
            exactText: page.text?.exact, counted: Set(page.counted), countedBuckets: page.countedBuckets,
            lastKey: page.lastKey, readsTerms: filter.readsTerms)
    }

    func program(_ id: UUID) async throws -> String {
        guard let json = try await catalog.program(id: id) else { throw Problem.notFound }
        return json
    }
}
