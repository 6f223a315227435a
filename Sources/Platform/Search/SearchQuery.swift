import Foundation

/// The texts the search engine knows (migration 0028): each has its own lexicon of words, from which a typed word
/// grows into its compound words, its typo corrections and its keyboard-layout swap.
public enum SearchScope: String, Sendable {
    case catalog, organizations, directories, events
}

extension ListQuery {
    /// Rows whose `vector` (a tsvector expression with a GIN index) matches what a person typed, as the search engine
    /// reads it (word forms, ё as е, compound words, typos, layout, synonyms), or whose `text` holds it as it is typed
    /// (numbers such as an INN, parts of words the lexicon does not know).
    public mutating func search(_ typed: String?, vector: String, scope: SearchScope, text: String) throws {
        guard let typed else { return }
        let raw = try bind(typed)
        let pattern = try bind("%" + Self.likeEscaped(Self.folded(typed)) + "%")
        filter(
            "(\(vector) @@ search_query('\(scope.rawValue)', \(raw)::text) OR replace(lower(\(text)), 'ё', 'е') LIKE "
                + "\(pattern)::text)")
    }

    /// The tsvector the engine compares a name with (an expression index on the same text makes it fast).
    public static func searchVector(_ text: String) -> String {
        "to_tsvector('russian', replace(lower(\(text)), 'ё', 'е'))"
    }
}
