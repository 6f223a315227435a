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
        let startDependent = filter.sort == "start" || filter.startFrom != nil || filter.startTo != nil
        let answer = try await cache.answer(key, scopes: \.scopes) { [catalog] in
            let json = try await catalog.page(filter, page: page)
            return CatalogAnswer(json: json, scopes: Self.scopes(of: json, startDependent: startDependent))
        }
        return (answer.value.json, answer.cached)
    }

    struct Shown: Decodable {
        struct Card: Decodable {
            struct Organization: Decodable { var id: UUID }
            var id: UUID
            var organization: Organization
        }
        var items: [Card]
    }

    /// What a page shows, as cache scopes: any change of how programs are found (`entries`), group starts when the
    /// question sorts or filters by them, and each card's program and organization.
    static func scopes(of json: String, startDependent: Bool) -> [String] {
        var scopes = ["entries"]
        if startDependent { scopes.append("starts") }
        guard let shown = try? JSONDecoder().decode(Shown.self, from: Data(json.utf8)) else { return ["*"] }
        for card in shown.items {
            scopes.append("p:" + card.id.uuidString.lowercased())
            scopes.append("org:" + card.organization.id.uuidString.lowercased())
        }
        return scopes
    }

    func program(_ id: UUID) async throws -> String {
        guard let json = try await catalog.program(id: id) else { throw Problem.notFound }
        return json
    }
}
