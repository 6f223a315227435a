import Foundation

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
    ) async throws -> (json: String, cached: Bool) {
        if let filters, let me = identity, let text = filter.query {
            try? await personal.record(userId: me.userId, query: text, filters: filters)
        }
        let answer = try await cache.answer(key) { [catalog] in try await catalog.page(filter, page: page) }
        return (answer.value, answer.cached)
    }

    func program(_ id: UUID) async throws -> String {
        guard let json = try await catalog.program(id: id) else { throw Problem.notFound }
        return json
    }
}
