import Foundation
import PostgresNIO

public struct DirectoryFilter: Sendable {
    public var search: String?
    public var parentId: UUID?
    public var active: Bool?
    public var priorityOnly = false
}

/// Directory items: lists with search and keyset pages, CSV streams, and audited edits.
public struct DirectoriesRepository: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    static let columns = """
        d.id, d.kind, d.code, d.name, d.parent_id, p.name, d.active, d.sort_order, d.is_priority, d.priority_order,
        d.details::text, d.created_at, d.version
        """

    static func item(_ row: PostgresRow) throws -> DirectoryItem {
        let (
            id, kind, code, name, parentId, parentName, active, sortOrder, isPriority, priorityOrder, details, created,
            version
        ) =
            try row.decode(
                (UUID, String, String, String, UUID?, String?, Bool, Int, Bool, Int?, String, Date, Int).self)
        return DirectoryItem(
            id: id, kind: kind, code: code, name: name, parentId: parentId, parentName: parentName, active: active,
            sortOrder: sortOrder,
            isPriority: isPriority, priorityOrder: priorityOrder, details: JSONValue.parse(details) ?? .object([:]),
            createdAt: created,
            version: version)
    }

    /// Keyset over (sort_order, name, id); the cursor key is "sortOrder␟name".
    static let keyset = ListQuery.Keyset(
        columns: ["d.sort_order", "d.name"], id: "d.id", descending: false,
        key: "d.sort_order || chr(31) || d.name",
        after: "split_part($key, chr(31), 1)::int, substr($key, strpos($key, chr(31)) + 1)",
        validKey: { key in key.split(separator: "\u{1F}", maxSplits: 1).first.flatMap { Int($0) } != nil })

    func filtered(kind: DirectoryKind, _ f: DirectoryFilter) throws -> ListQuery {
        var q = ListQuery(
            from: "directory_items d LEFT JOIN directory_items p ON p.id = d.parent_id", keyset: Self.keyset)
        try q.filter("d.kind = ?", kind.rawValue)
        try q.search(
            f.search, vector: ListQuery.searchVector("d.name"), scope: .directories, text: "d.name || ' ' || d.code")
        try q.filter("d.parent_id = ?", f.parentId)
        try q.filter("d.active = ?", f.active)
        q.filter("d.is_priority", when: f.priorityOnly)
        return q
    }

    public func list(kind: DirectoryKind, _ filter: DirectoryFilter, page: PageRequest) async throws -> Page<
        DirectoryItem
    > {
        let rows = try await db.rows(filtered(kind: kind, filter).rows(Self.columns, page: page)).map(Self.item)
        return page.page(rows, key: { "\($0.sortOrder)\u{1F}\($0.name)" }, id: \.id)
    }

    public func stream(kind: DirectoryKind, _ filter: DirectoryFilter) async throws -> some AsyncSequence<
        DirectoryItem, any Error
    > & Sendable {
        try await db.client.query(filtered(kind: kind, filter).all(Self.columns), logger: db.logger).map(Self.item)
    }

    public func priorityCompetencies() async throws -> [DirectoryItem] {
        try await db.rows(
            """
            SELECT \(unescaped: Self.columns) FROM directory_items d LEFT JOIN directory_items p ON p.id = d.parent_id
            WHERE d.kind = 'competencies' AND d.is_priority AND d.active
            ORDER BY d.priority_order NULLS LAST, d.name
            """
        ).map(Self.item)
    }

    public func item(kind: DirectoryKind, id: UUID) async throws -> DirectoryItem? {
        try await db.rows(
            """
            SELECT \(unescaped: Self.columns) FROM directory_items d LEFT JOIN directory_items p ON p.id = d.parent_id
            WHERE d.kind = \(kind.rawValue) AND d.id = \(id)
            """
        ).first.map(Self.item)
    }

    func item(kind: DirectoryKind, id: UUID, on conn: PostgresConnection) async throws -> DirectoryItem? {
        try await conn.rows(
            """
            SELECT \(unescaped: Self.columns) FROM directory_items d LEFT JOIN directory_items p ON p.id = d.parent_id
            WHERE d.kind = \(kind.rawValue) AND d.id = \(id) FOR UPDATE OF d
            """, logger: db.logger
        ).first.map(Self.item)
    }

    /// The name of an active item of `kind` (what a step records, e.g. the reason of a cancellation); nil if none.
    func activeName(kind: DirectoryKind, id: UUID, on conn: PostgresConnection) async throws -> String? {
        try await conn.rows(
            "SELECT name FROM directory_items WHERE id = \(id) AND kind = \(kind.rawValue) AND active",
            logger: db.logger
        ).first?.decode(String.self)
    }

    /// Which of `ids` are active items of `kind`.
    func activeIds(_ ids: [UUID], kind: DirectoryKind, on conn: PostgresConnection) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        return Set(
            try await conn.rows(
                "SELECT id FROM directory_items WHERE kind = \(kind.rawValue) AND active AND id = ANY(\(ids))",
                logger: db.logger
            ).map { try $0.decode(UUID.self) })
    }

    /// The parent of an item (subkind → kind), if any.
    func parent(of id: UUID, on conn: PostgresConnection) async throws -> UUID? {
        try await conn.rows("SELECT parent_id FROM directory_items WHERE id = \(id)", logger: db.logger).first?.decode(
            UUID?.self)
    }

    /// The kind of an item (to check a parent's kind), nil if there is none.
    func kindOf(_ id: UUID, on conn: PostgresConnection) async throws -> String? {
        try await conn.rows("SELECT kind FROM directory_items WHERE id = \(id)", logger: db.logger).first?.decode(
            String.self)
    }

    /// Which codes of `kind` exist and are active.
    func activeCodes(kind: DirectoryKind, among codes: [String], on conn: PostgresConnection) async throws -> Set<
        String
    > {
        Set(
            try await conn.rows(
                "SELECT code FROM directory_items WHERE kind = \(kind.rawValue) AND active AND code = ANY(\(codes))",
                logger: db.logger
            ).map { try $0.decode(String.self) })
    }

    func insert(kind: DirectoryKind, _ v: DirectoryItemValues, on conn: PostgresConnection) async throws -> UUID {
        try await conn.rows(
            """
            INSERT INTO directory_items (kind, code, name, parent_id, active, sort_order, is_priority, priority_order,
              details)
            VALUES (\(kind.rawValue), \(v.code), \(v.name), \(v.parentId), \(v.active), \(v.sortOrder),
              \(v.isPriority), \(v.priorityOrder), \(v.details)::jsonb)
            RETURNING id
            """, logger: db.logger
        )[0].decode(UUID.self)
    }

    func update(id: UUID, _ v: DirectoryItemValues, on conn: PostgresConnection) async throws {
        try await conn.run(
            """
            UPDATE directory_items SET code = \(v.code), name = \(v.name), parent_id = \(v.parentId),
              active = \(v.active),
                sort_order = \(v.sortOrder), is_priority = \(v.isPriority), priority_order = \(v.priorityOrder),
                  details = \(v.details)::jsonb,
                updated_at = now(), version = version + 1
            WHERE id = \(id)
            """, logger: db.logger)
    }

    func delete(id: UUID, on conn: PostgresConnection) async throws {
        try await conn.run("DELETE FROM directory_items WHERE id = \(id)", logger: db.logger)
    }

    /// Competencies whose lists name this room or equipment type code (a reference no foreign key can guard).
    func competenciesUsing(kind: DirectoryKind, code: String, on conn: PostgresConnection) async throws -> [String] {
        let key = kind == .roomTypes ? "roomTypes" : "equipmentTypes"
        return try await conn.rows(
            """
            SELECT name FROM directory_items WHERE kind = 'competencies' AND details -> \(key) ? \(code) ORDER BY name
              LIMIT 5
            """,
            logger: db.logger
        ).map { try $0.decode(String.self) }
    }

    public func kinds() async throws -> [DirectoryKindSummary] {
        var counts: [String: Int] = [:]
        for row in try await db.rows("SELECT kind, count(*)::int FROM directory_items WHERE active GROUP BY kind") {
            let (kind, count) = try row.decode((String, Int).self)
            counts[kind] = count
        }
        return DirectoryKind.allCases.map {
            DirectoryKindSummary(
                kind: $0.rawValue, title: $0.title, parentKind: $0.parentKind?.rawValue, count: counts[$0.rawValue] ?? 0
            )
        }
    }
}
