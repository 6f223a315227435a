import Foundation

/// The texts the search engine knows (migration 0028): each has its own lexicon of words, from which a typed word
/// grows into its compound words, its typo corrections and its keyboard-layout swap.
public enum SearchScope: String, Sendable {
    /// `people`: applicants' names (the applications desk)
    case catalog, organizations, directories, events, people
}

extension ListQuery {
    /// Rows whose `vector` (a tsvector expression with a GIN index) matches what a person typed, as the search engine
    /// reads it (word forms, ё as е, compound words, typos, layout, synonyms), or whose `text` holds it as it is typed
    /// (numbers such as an INN, parts of words the lexicon does not know).
    ///
    /// The query is a scalar subquery, computed once per statement: as a plain call in a condition PostgreSQL ran it
    /// for every row it filtered (300 organizations read in order: 82 ms, now 8). `indexed: false` keeps the indexes
    /// of `vector` and `text` out of the plan, for a question whose other conditions leave few rows to look at (the
    /// planner cannot tell how common a name is).
    public mutating func search(
        _ typed: String?, vector: String, scope: SearchScope, text: String, indexed: Bool = true
    ) throws {
        guard let typed else { return }
        let raw = try bind(typed)
        let pattern = try bind("%" + Self.likeEscaped(Self.folded(typed)) + "%")
        let found = """
            \(vector) @@ (SELECT search_query('\(scope.rawValue)', \(raw)::text)) \
            OR replace(lower(\(text)), 'ё', 'е') LIKE \(pattern)::text
            """
        filter(indexed ? "(\(found))" : "(\(found)) IS TRUE")
    }

    /// The tsvector the engine compares a name with (an expression index on the same text makes it fast).
    public static func searchVector(_ text: String) -> String {
        "to_tsvector('russian', replace(lower(\(text)), 'ё', 'е'))"
    }
}
