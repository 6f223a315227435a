import Foundation
import PostgresNIO

/// File metadata; reading is allowed to the uploader, members of the owning organization, ЦОПП roles, or anyone if
/// public.
public struct FilesRepository: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    static func file(_ row: PostgresRow) throws -> StoredFile {
        let (id, name, mime, size, width, height, sha, isPublic, org, owner, created) = try row.decode(
            (UUID, String, String, Int, Int?, Int?, String, Bool, UUID?, UUID?, Date).self)
        return StoredFile(
            id: id, name: name, mime: mime, size: size, width: width, height: height, sha256: sha, isPublic: isPublic,
            organizationId: org, ownerUserId: owner, createdAt: created)
    }

    static let columns =
        "id, original_name, mime, size, width, height, sha256, is_public, org_id, owner_user_id, created_at"

    /// Whose quota an upload counts against: its organization's, or the uploader's for a personal file.
    struct QuotaOwner {
        var orgId: UUID?
        var userId: UUID
    }

    /// Stores the metadata unless it would take `owner` over `quota` bytes (nil then, and nothing is saved); `save`
    /// writes the bytes before the row commits. Parallel uploads of one owner are counted one after another under an
    /// advisory lock, so together they cannot pass the quota either.
    func insert(
        name: String, kind: ContentSniffer.Kind, size: Int, sha256: String, isPublic: Bool, owner: QuotaOwner,
        quota: Int,
        save: @Sendable () async throws -> Void
    ) async throws -> StoredFile? {
        try await db.transaction { conn in
            let lockKey = (owner.orgId ?? owner.userId).uuidString
            try await conn.run(
                "SELECT pg_advisory_xact_lock(hashtextextended(\("files_quota:" + lockKey), 17))", logger: db.logger)
            let stored = try await conn.rows(
                """
                INSERT INTO files (original_name, mime, size, width, height, sha256, is_public, org_id, owner_user_id)
                SELECT \(name), \(kind.mime), \(size), \(kind.width), \(kind.height), \(sha256), \(isPublic),
                  \(owner.orgId), \(owner.userId)
                WHERE (SELECT coalesce(sum(size), 0) FROM files
                       WHERE org_id = \(owner.orgId)
                          OR (\(owner.orgId)::uuid IS NULL AND org_id IS NULL
                            AND owner_user_id = \(owner.userId))) + \(size) <= \(quota)
                RETURNING \(unescaped: Self.columns)
                """, logger: db.logger
            ).first.map(Self.file)
            if stored != nil { try await save() }
            return stored
        }
    }

    /// Files the public sees without being marked public: the cover and materials of a published program, the cover
    /// and gallery of a published event (they show on its public page, and stop showing when it is archived or sent
    /// back to revision).
    static let shownPublicly = """
        EXISTS (SELECT 1 FROM programs p WHERE p.cover_file_id = files.id AND p.status = 'published')
        OR EXISTS (SELECT 1 FROM program_materials pm JOIN programs p ON p.id = pm.program_id
                   WHERE pm.file_id = files.id AND p.status = 'published')
        OR EXISTS (SELECT 1 FROM events e WHERE (e.cover_file_id = files.id OR e.gallery_file_ids @> ARRAY[files.id])
                   AND e.status = 'published')
        OR EXISTS (SELECT 1 FROM check_tasks ct WHERE ct.file_ids @> ARRAY[files.id] AND ct.visibility = 'public')
        OR EXISTS (SELECT 1 FROM learning_materials m WHERE m.file_ids @> ARRAY[files.id] AND m.visibility = 'public')
        """

    /// Files of learning materials the caller reads (the condition goes on with whether they are signed in): an open
    /// material's for anyone signed in, a pending one's for experts (what they judge), a closed one's for the learners
    /// of its topics' groups.
    static let inMaterialsOf = """
        SELECT 1 FROM learning_materials m WHERE m.file_ids @> ARRAY[files.id] AND
        """

    /// Files of learners' answers to the tasks of the caller's organizations (the condition ends with their ids).
    static let inAnswersTo = """
        SELECT 1 FROM check_task_submissions s JOIN check_tasks ct ON ct.id = s.task_id
        WHERE s.file_ids @> ARRAY[files.id] AND ct.org_id = ANY(
        """

    /// Files of check tasks the caller reads (the condition goes on with whether they are signed in): a closed task's
    /// for the learners of the groups it is given to, an open one's for anyone signed in.
    static let inTasksOf = """
        SELECT 1 FROM check_tasks ct LEFT JOIN check_task_assignments ca ON ca.task_id = ct.id
        LEFT JOIN applications p ON p.group_id = ca.group_id AND holds_seat(p.status)
        WHERE ct.file_ids @> ARRAY[files.id] AND
        """

    /// Pictures of the questions drawn into a learner's attempts (the condition ends with the learner's id).
    static let inAttemptsOf = """
        SELECT 1 FROM test_questions q JOIN test_attempt_answers aa ON aa.question_id = q.id
        JOIN test_attempts a ON a.id = aa.attempt_id
        WHERE (q.image_file_id = files.id OR EXISTS (SELECT 1 FROM test_question_options o
          WHERE o.question_id = q.id AND o.image_file_id = files.id)) AND
        """

    /// The file if `identity` may read it (nil → 404, never revealing that it exists); public if marked so or shown
    /// with a published program (its downloads may then be cached by anyone).
    public func readable(id: UUID, by identity: Identity?) async throws -> StoredFile? {
        let privileged = identity?.hasAny([.admin, .moderator, .coppStaff, .coordinator]) ?? false
        return try await db.rows(
            """
            SELECT id, original_name, mime, size, width, height, sha256, v.public, org_id, owner_user_id, created_at
            FROM files CROSS JOIN LATERAL (SELECT is_public OR \(unescaped: Self.shownPublicly) AS public) v
            WHERE id = \(id) AND (v.public OR \(privileged) OR owner_user_id = \(identity?.userId)
              OR org_id = ANY(\(identity?.orgIds ?? []))
              OR EXISTS (\(unescaped: Self.inAttemptsOf) a.learner_id = \(identity?.userId))
              OR EXISTS (\(unescaped: Self.inAnswersTo) \(identity?.orgIds ?? [])))
              OR EXISTS (\(unescaped: Self.inMaterialsOf) \(identity != nil) AND (m.visibility = 'open'
                OR (m.expertise = 'pending' AND \(identity?.hasAny(MaterialExperts.roles) ?? false))
                OR EXISTS (\(unescaped: MaterialsRepository.learnerOf) \(identity?.userId))))
              OR EXISTS (\(unescaped: Self.inTasksOf) \(identity != nil)
                AND (ct.visibility = 'open' OR p.learner_id = \(identity?.userId))))
            """
        ).first.map(Self.file)
    }

    /// A file by its id, for what the platform itself puts into documents (a logo, a facsimile): the caller decided
    /// it may be used.
    public func stored(id: UUID) async throws -> StoredFile? {
        try await db.rows("SELECT \(unescaped: Self.columns) FROM files WHERE id = \(id)").first.map(Self.file)
    }

    func organizationExists(_ id: UUID) async throws -> Bool {
        try await db.rows("SELECT 1 FROM organizations WHERE id = \(id)").count == 1
    }

    /// Which of `ids` the caller may not attach to an object of `orgId` (see `attachable`), in one query.
    func notAttachable(_ ids: [UUID], to orgId: UUID, by userId: UUID) async throws -> Set<UUID> {
        let found = try await db.rows(
            """
            SELECT id FROM files WHERE id = ANY(\(ids)) AND (org_id = \(orgId) OR (org_id IS NULL
              AND owner_user_id = \(userId)))
              AND NOT EXISTS (SELECT 1 FROM check_task_submissions s WHERE s.file_ids @> ARRAY[files.id])
            """
        ).map { try $0.decode(UUID.self) }
        return Set(ids).subtracting(found)
    }

    /// A file the caller may attach to an object of `orgId`: one of that organization's, or the caller's own upload
    /// that belongs to no organization yet (never a file of another organization the caller also works for).
    public func attachable(id: UUID, to orgId: UUID, by userId: UUID) async throws -> StoredFile? {
        try await db.rows(
            """
            SELECT \(unescaped: Self.columns) FROM files
            WHERE id = \(id) AND (org_id = \(orgId) OR (org_id IS NULL AND owner_user_id = \(userId)))
            """
        ).first.map(Self.file)
    }

    /// A personal upload attached to an organization's card becomes the organization's file (its quota, its readers).
    func adopt(_ id: UUID, by org: UUID, on conn: PostgresConnection) async throws {
        try await adopt([id], by: org, on: conn)
    }

    func adopt(_ ids: [UUID], by org: UUID, on conn: PostgresConnection) async throws {
        try await conn.run(
            "UPDATE files SET org_id = coalesce(org_id, \(org)) WHERE id = ANY(\(ids))", logger: db.logger)
    }
}
