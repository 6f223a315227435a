import Foundation
import PostgresNIO

/// The search engine's tables: what a typed text means as a full-text query, suggestions while typing, and the
/// synonyms directory (migration 0028).
public struct SearchRepository: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    /// A typed text as the engine reads it: `expanded` matches forms, synonyms, compound words and typos; `exact` the
    /// typed words' own forms (they rank first). Nil when the text has no meaningful word.
    public func meaning(of typed: String, scope: SearchScope) async throws -> (expanded: String, exact: String)? {
        let (expanded, exact) = try await db.rows(
            """
            SELECT search_query(\(scope.rawValue), \(typed))::text,
                   search_query(\(scope.rawValue), \(typed), true)::text
            """
        )[0].decode((String?, String?).self)
        guard let expanded else { return nil }
        return (expanded, exact ?? expanded)
    }

    /// Up to `count` completions of what is being typed: the last word completed by the most common words of the
    /// scope's lexicon, then names of professions and competencies holding the text.
    public func suggestions(for typed: String, count: Int) async throws -> [Suggestion] {
        let folded = ListQuery.folded(typed).trimmingCharacters(in: .whitespaces)
        let words = folded.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard let last = words.last, !folded.isEmpty else { return [] }
        let before = words.dropLast().joined(separator: " ")
        let lead = before.isEmpty ? "" : before + " "
        return try await db.rows(
            """
            (SELECT \(lead) || word, 'query' FROM search_words
             WHERE scope = 'catalog' AND word LIKE \(last) || '%' AND word <> \(last)
             ORDER BY documents DESC, word LIMIT \(count))
            UNION ALL
            (SELECT d.name, d.kind FROM directory_items d
             WHERE d.kind IN ('professions', 'competencies') AND d.active
               AND replace(lower(d.name), 'ё', 'е') LIKE '%' || \(folded) || '%'
             ORDER BY length(d.name), d.name LIMIT \(count))
            """
        ).prefix(count).map { row in
            let (text, kind) = try row.decode((String, String).self)
            return Suggestion(text: text, kind: kind)
        }
    }

    /// The catalog's nearest starts past yesterday's groups, and the lexicon's counts (hourly, and after bulk loads).
    public func maintain() async throws {
        try await db.execute("SELECT catalog_next_starts(), search_words_recount()")
    }

    static let synonymColumns = "s.id, s.term, s.expansions, s.updated_at"

    static func synonym(_ row: PostgresRow) throws -> Synonym {
        let (id, term, expansions, updated) = try row.decode((UUID, String, [String], Date).self)
        return Synonym(id: id, term: term, expansions: expansions, updatedAt: updated)
    }

    func filtered(search: String?) throws -> ListQuery {
        var q = ListQuery(from: "search_synonyms s", keyset: .text("s.term", id: "s.id"))
        try q.contains("s.term || ' ' || array_to_string(s.expansions, ' ')", search)
        return q
    }

    public func synonyms(search: String?, page: PageRequest) async throws -> Page<Synonym> {
        let rows = try await db.rows(filtered(search: search).rows(Self.synonymColumns, page: page)).map(Self.synonym)
        return page.page(rows, key: { $0.term }, id: \.id)
    }

    public func allSynonyms(search: String?) async throws -> some AsyncSequence<Synonym, any Error> & Sendable {
        try await db.client.query(filtered(search: search).all(Self.synonymColumns), logger: db.logger)
            .map(Self.synonym)
    }

    public func synonym(id: UUID, on conn: PostgresConnection? = nil) async throws -> Synonym? {
        let q: PostgresQuery = "SELECT \(unescaped: Self.synonymColumns) FROM search_synonyms s WHERE s.id = \(id)"
        let rows = if let conn { try await conn.rows(q, logger: db.logger) } else { try await db.rows(q) }
        return try rows.first.map(Self.synonym)
    }

    /// nil when another entry has the term
    public func insert(term: String, expansions: [String], on conn: PostgresConnection) async throws -> Synonym? {
        try await conn.rows(
            """
            INSERT INTO search_synonyms AS s (term, expansions) VALUES (\(term), \(expansions))
            ON CONFLICT (term) DO NOTHING RETURNING \(unescaped: Self.synonymColumns)
            """, logger: db.logger
        ).first.map(Self.synonym)
    }

    /// nil when another entry has the term
    public func update(id: UUID, term: String, expansions: [String], on conn: PostgresConnection) async throws
        -> Synonym?
    {
        try await conn.rows(
            """
            UPDATE search_synonyms s SET term = \(term), expansions = \(expansions), updated_at = now()
            WHERE s.id = \(id) AND NOT EXISTS (SELECT 1 FROM search_synonyms x WHERE x.term = \(term) AND x.id <> \(id))
            RETURNING \(unescaped: Self.synonymColumns)
            """, logger: db.logger
        ).first.map(Self.synonym)
    }

    public func delete(id: UUID, on conn: PostgresConnection) async throws {
        try await conn.query("DELETE FROM search_synonyms WHERE id = \(id)", logger: db.logger)
    }
}

public struct Suggestion: Codable, Sendable, Equatable {
    public var text: String
    /// `query` (a completed search), `professions` or `competencies` (a directory name)
    public var kind: String
}

public struct Synonym: Codable, Sendable {
    public var id: UUID
    public var term: String
    public var expansions: [String]
    public var updatedAt: Date
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
        // names are words as they are, each typed word the beginning of one (migration 0033); other texts by stems
        let query =
            scope == .people
            ? "search_people_query(\(raw)::text)" : "search_query('\(scope.rawValue)', \(raw)::text)"
        let found = """
            \(vector) @@ (SELECT \(query)) OR replace(lower(\(text)), 'ё', 'е') LIKE \(pattern)::text
            """
        filter(indexed ? "(\(found))" : "(\(found)) IS TRUE")
    }

    /// The tsvector the engine compares a name with (an expression index on the same text makes it fast).
    public static func searchVector(_ text: String) -> String {
        "to_tsvector('russian', replace(lower(\(text)), 'ё', 'е'))"
    }
}
