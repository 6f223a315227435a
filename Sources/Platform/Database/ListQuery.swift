import Foundation
import PostgresNIO

/// The one way a list endpoint asks PostgreSQL for rows: a FROM clause, the filters a request uses, a keyset order.
///
/// Only the filters in use become conditions. Compared with one statement of `($1 IS NULL OR …)` for every possible
/// filter, the planner sees a short question that matches an index and spends a fraction of the time planning it —
/// it matters for lists over millions of rows. The same query answers the page (`page`), the CSV export (`all`) and
/// statements built around the matched rows (`matching`, e.g. the catalog's facets).
public struct ListQuery: Sendable {
    /// The order of a list and how its cursor is read back: rows are ordered by `columns` then `id`, all ascending
    /// or all descending; a page's cursor carries `key` (SQL giving the row's key as text) and the id; the next page
    /// starts after `(columns, id) > (after, id)` where `after` is SQL reading the key text back (`$key` marks it).
    /// When `columns` identify a row by themselves (`unique`), the id is carried in the cursor but not compared.
    public struct Keyset: Sendable {
        let columns: [String]
        let id: String
        let descending: Bool
        let key: String
        let after: String
        let unique: Bool
        let validKey: @Sendable (String) -> Bool

        public init(
            columns: [String], id: String, descending: Bool, key: String, after: String, unique: Bool = false,
            validKey: @escaping @Sendable (String) -> Bool = { _ in true }
        ) {
            self.columns = columns
            self.id = id
            self.descending = descending
            self.key = key
            self.after = after
            self.unique = unique
            self.validKey = validKey
        }

        /// Ordered by a text expression; the cursor carries it as it is.
        public static func text(_ sql: String, id: String, descending: Bool = false) -> Keyset {
            Keyset(columns: [sql], id: id, descending: descending, key: sql, after: "$key")
        }

        /// Ordered by a timestamp, newest first unless told; the cursor carries microseconds since 1970, which
        /// PostgreSQL stores exactly (a timestamp as text would round-trip through time zones and formats).
        public static func time(_ column: String, id: String, descending: Bool = true) -> Keyset {
            Keyset(
                columns: [column], id: id, descending: descending,
                key: "((extract(epoch FROM \(column)) * 1000000)::bigint)::text",
                after: "'epoch'::timestamptz + ($key)::bigint * interval '1 microsecond'",
                validKey: { Int64($0) != nil })
        }

        var direction: String { descending ? "DESC" : "ASC" }
        var ordered: [String] { unique ? columns : columns + [id] }
        var orderBy: String { ordered.map { "\($0) \(direction)" }.joined(separator: ", ") }
    }

    let from: String
    var keyset: Keyset
    private var conditions: [String] = []
    public private(set) var binds = PostgresBindings()

    /// `from` is everything between SELECT's columns and WHERE: tables, aliases, joins.
    public init(from: String, keyset: Keyset) {
        self.from = from
        self.keyset = keyset
    }

    /// The same question in another order (an order that uses a bound value is known only after binding it).
    public func ordered(by keyset: Keyset) -> ListQuery {
        var q = self
        q.keyset = keyset
        return q
    }

    /// Binds a value once and answers its placeholder, for SQL that uses it in several places (columns, keys).
    public mutating func bind<Value: PostgresThrowingDynamicTypeEncodable>(_ value: Value) throws -> String {
        try binds.append(value)
        return "$\(binds.count)"
    }

    /// Adds `sql`, every `?` in it replaced by the value's placeholder; nothing when the value is nil (the filter is
    /// not used).
    public mutating func filter<Value: PostgresThrowingDynamicTypeEncodable>(_ sql: String, _ value: Value?) throws {
        guard let value else { return }
        let placeholder = try bind(value)
        conditions.append(sql.replacingOccurrences(of: "?", with: placeholder))
    }

    /// Adds a condition without values when `when` holds.
    public mutating func filter(_ sql: String, when: Bool = true) {
        if when { conditions.append(sql) }
    }

    /// Rows whose `text` contains what a person typed: lower case, ё read as е on both sides.
    public mutating func contains(_ text: String, _ search: String?) throws {
        try filter(
            "replace(lower(\(text)), 'ё', 'е') LIKE ?", search.map { "%" + Self.likeEscaped(Self.folded($0)) + "%" })
    }

    /// Rows where any of `texts` (SQL expressions) holds the typed text, letter case and ё aside.
    public mutating func contains(anyOf texts: [String], _ search: String?) throws {
        guard let search else { return }
        let pattern = try bind("%" + Self.likeEscaped(Self.folded(search)) + "%")
        filter("(" + texts.map { "replace(lower(\($0)), 'ё', 'е') LIKE \(pattern)" }.joined(separator: " OR ") + ")")
    }

    /// Typed text inside a LIKE pattern: `%` and `_` are what the person typed, not wildcards (backslash escapes).
    public static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    /// A search text as the `contains` filter and the indexes compare it: lower case, ё as е.
    public static func folded(_ text: String) -> String {
        text.lowercased().replacingOccurrences(of: "ё", with: "е")
    }

    var whereSQL: String { conditions.isEmpty ? "true" : conditions.joined(separator: " AND ") }

    /// `SELECT columns FROM … WHERE …`, unordered: the matched rows, for a statement built around them.
    public func matching(_ columns: String) -> String {
        "SELECT \(columns) FROM \(from) WHERE \(whereSQL)"
    }

    /// Every matching row in the list's order (CSV exports stream it).
    public func all(_ columns: String) -> PostgresQuery {
        PostgresQuery(unsafeSQL: matching(columns) + " ORDER BY \(keyset.orderBy)", binds: binds)
    }

    /// The rows of one page, `limit + 1` of them (the extra one tells a next page exists), each `columns` first.
    public func rows(_ columns: String, page: PageRequest) throws -> PostgresQuery {
        var q = self
        if let cursor = page.cursor {
            guard keyset.validKey(cursor.key) else { throw Cursor.invalid }
            let key = try q.bind(cursor.key)
            var after = keyset.after.replacingOccurrences(of: "$key", with: key)
            if !keyset.unique { after += ", " + (try q.bind(cursor.id)) }
            let columns = keyset.ordered.joined(separator: ", ")
            q.conditions.append("(\(columns)) \(keyset.descending ? "<" : ">") (\(after))")
        }
        return PostgresQuery(
            unsafeSQL: q.matching(columns) + " ORDER BY \(keyset.orderBy) LIMIT \(page.limit + 1)", binds: q.binds)
    }

    /// One page as one row — the items as a JSON array (each built by `json`), the cursor key and id of the last one
    /// when a next page exists — for `Database.page`.
    public func page(_ json: String, page: PageRequest) throws -> PostgresQuery {
        var q = try rows("\(json), \(keyset.key), \(keyset.id)", page: page)
        q.sql = PageRequest.onePageSQL(q.sql, limit: String(page.limit))
        return q
    }
}

extension Database {
    /// The answer `{"items": …, "nextCursor": …}` of a query built by `ListQuery.page`; `extra` is one more member
    /// of the page object, already JSON.
    public func page(_ query: PostgresQuery, extra: (name: String, json: String)? = nil) async throws -> String {
        guard let row = try await rows(query).first else { throw Problem.notFound }
        return PageRequest.jsonPage(try row.decode((String, String?, UUID?).self), extra: extra)
    }
}
