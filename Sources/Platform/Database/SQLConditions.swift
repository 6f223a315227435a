import PostgresNIO

/// A WHERE clause made of only the filters a request uses; each condition is SQL text where `?` stands for its value.
/// Compared with one statement of `($1 IS NULL OR …)` for every possible filter, the planner sees a short question that
/// matches an index (and spends a fraction of the time planning it) — it matters for lists over millions of rows.
public struct SQLConditions: Sendable {
    private var clauses: [String] = []
    public private(set) var binds = PostgresBindings()

    public init() {}

    /// Adds `sql`, its `?` replaced by the value's placeholder; nothing when the value is nil (the filter is not used).
    public mutating func add<Value: PostgresThrowingDynamicTypeEncodable>(_ sql: String, _ value: Value?) throws {
        guard let value else { return }
        try binds.append(value)
        clauses.append(sql.replacingOccurrences(of: "?", with: "$\(binds.count)"))
    }

    /// Adds a condition with two values (a keyset cursor: key and id).
    public mutating func add<A: PostgresThrowingDynamicTypeEncodable, B: PostgresThrowingDynamicTypeEncodable>(
        _ sql: String, _ a: A, _ b: B
    ) throws {
        try binds.append(a)
        let first = "$\(binds.count)"
        try binds.append(b)
        let second = "$\(binds.count)"
        var text = sql
        if let r = text.range(of: "?") { text.replaceSubrange(r, with: first) }
        if let r = text.range(of: "?") { text.replaceSubrange(r, with: second) }
        clauses.append(text)
    }

    /// A condition without values.
    public mutating func add(_ sql: String) { clauses.append(sql) }

    public var sql: String { clauses.isEmpty ? "true" : clauses.joined(separator: " AND ") }

    /// `head WHERE <conditions> tail` with the collected values.
    public func query(_ head: String, _ tail: String) -> PostgresQuery {
        PostgresQuery(unsafeSQL: "\(head) WHERE \(sql) \(tail)", binds: binds)
    }
}
