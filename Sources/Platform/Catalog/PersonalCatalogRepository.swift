import Foundation
import PostgresNIO

/// A logged-in user's favorites and the last 50 catalog searches.
public struct PersonalCatalogRepository: Sendable {
    let db: Database
    public static let historyLength = 50
    public init(db: Database) { self.db = db }

    /// Adds a published program to favorites; false when there is no such published program.
    public func addFavorite(userId: UUID, programId: UUID) async throws -> Bool {
        try await db.execute(
            """
            INSERT INTO favorites (user_id, program_id)
            SELECT \(userId), p.id FROM programs p WHERE p.id = \(programId) AND p.status = 'published'
            ON CONFLICT DO NOTHING
            """)
        return try await db.rows("SELECT 1 FROM favorites WHERE user_id = \(userId) AND program_id = \(programId)")
            .count == 1
    }

    public func removeFavorite(userId: UUID, programId: UUID) async throws -> Bool {
        try await db.rows(
            "DELETE FROM favorites WHERE user_id = \(userId) AND program_id = \(programId) RETURNING program_id"
        ).count == 1
    }

    /// Favorites newest first, as catalog items; programs taken out of the catalog stay listed with their status.
    public func favorites(userId: UUID) async throws -> String {
        try await db.rows(
            """
            SELECT json_build_object('items', coalesce(json_agg(catalog_card(p.id)::jsonb ||
              jsonb_build_object('status', p.status,
                     'addedAt', \(unescaped: OrganizationProfileRepository.utc("f.created_at")))
                       ORDER BY f.created_at DESC), '[]'), 'nextCursor', NULL)::text
            FROM favorites f JOIN programs p ON p.id = f.program_id
            WHERE f.user_id = \(userId)
            """
        )[0].decode(String.self)
    }

    public func record(userId: UUID, query: String, filters: String) async throws {
        try await db.execute(
            "INSERT INTO search_history (user_id, query, filters) VALUES (\(userId), \(query), \(filters)::jsonb)")
        try await db.execute(
            """
            DELETE FROM search_history WHERE user_id = \(userId) AND id NOT IN
              (SELECT id FROM search_history WHERE user_id = \(userId) ORDER BY created_at DESC
                LIMIT \(Self.historyLength))
            """)
    }

    public func history(userId: UUID) async throws -> String {
        try await db.rows(
            """
            SELECT json_build_object('items', coalesce(json_agg(json_build_object('id', id, 'query', query, 'filters',
              filters,
                     'at', \(unescaped: OrganizationProfileRepository.utc("created_at"))) ORDER BY created_at DESC),
                       '[]'), 'nextCursor', NULL)::text
            FROM search_history WHERE user_id = \(userId)
            """
        )[0].decode(String.self)
    }

    public func clearHistory(userId: UUID) async throws {
        try await db.execute("DELETE FROM search_history WHERE user_id = \(userId)")
    }
}
