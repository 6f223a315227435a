import Foundation
import PostgresNIO

/// What the expertise documents read: an expert's sheet with the questionnaire version it answered, the expert's
/// facsimile, the expert's own ratings, and the protocol of programs that passed.
extension ExpertiseRepository {
    /// One rating as its sheet prints it.
    struct SheetRecord: Sendable {
        var programId: UUID
        var orgId: UUID
        var expertId: UUID
        var program: String
        var organization: String
        var hours: Int
        var expert: String
        var questionnaire: String
        var questionnaireVersion: Int
        var content: QuestionnaireContent
        var answers: [String: JSONValue]
        var score: Int?
        var comment: String?
        var ratedAt: Date
        var facsimileFileId: UUID?
    }

    func sheetRecord(program: UUID, response: UUID) async throws -> SheetRecord? {
        guard
            let row = try await db.rows(
                """
                SELECT p.id, p.org_id, e.expert_id, p.full_name,
                  (SELECT coalesce(o.short_name, o.full_name) FROM organizations o WHERE o.id = p.org_id),
                  \(unescaped: ProgramsRepository.hours)::int,
                  concat_ws(' ', u.last_name, u.first_name, u.middle_name), q.title, r.version_number,
                  v.content::text, r.answers::text, e.score, e.comment, e.rated_at, u.facsimile_file_id
                FROM expert_ratings e
                JOIN programs p ON p.id = e.program_id
                JOIN users u ON u.id = e.expert_id
                JOIN questionnaire_responses r ON r.id = e.response_id
                JOIN questionnaires q ON q.id = r.questionnaire_id
                JOIN questionnaire_versions v ON v.questionnaire_id = r.questionnaire_id AND v.number = r.version_number
                WHERE e.program_id = \(program) AND e.response_id = \(response)
                """
            ).first
        else { return nil }
        let c = try row.decode(
            (
                UUID, UUID, UUID, String, String?, Int, String, String, Int, String, String, Int?, String?, Date,
                UUID?
            ).self)
        let decoder = JSONDecoder()
        return SheetRecord(
            programId: c.0, orgId: c.1, expertId: c.2, program: c.3, organization: c.4 ?? "", hours: c.5, expert: c.6,
            questionnaire: c.7, questionnaireVersion: c.8,
            content: try decoder.decode(QuestionnaireContent.self, from: Data(c.9.utf8)),
            answers: try decoder.decode([String: JSONValue].self, from: Data(c.10.utf8)), score: c.11, comment: c.12,
            ratedAt: c.13, facsimileFileId: c.14)
    }

    func facsimile(of user: UUID) async throws -> UUID? {
        try await db.rows("SELECT facsimile_file_id FROM users WHERE id = \(user)").first?.decode(UUID?.self)
    }

    func setFacsimile(of user: UUID, file: UUID?) async throws {
        try await db.execute("UPDATE users SET facsimile_file_id = \(file) WHERE id = \(user)")
    }

    // MARK: the expert's own ratings

    func rated(by expert: UUID) throws -> ListQuery {
        var l = ListQuery(
            from: "expert_ratings r JOIN programs p ON p.id = r.program_id",
            keyset: .time("r.rated_at", id: "r.response_id"))
        try l.filter("r.expert_id = ?", expert)
        return l
    }

    func ratings(by expert: UUID, page: PageRequest) async throws -> String {
        try await db.page(
            try rated(by: expert).page(
                """
                json_build_object('programId', r.program_id, 'responseId', r.response_id, 'name', p.full_name,
                  'organization', (SELECT coalesce(o.short_name, o.full_name) FROM organizations o
                    WHERE o.id = p.org_id),
                  'score', r.score, 'comment', r.comment, 'ratedAt', r.rated_at,
                  'passed', (SELECT x.status = 'passed' FROM program_expertise x WHERE x.program_id = r.program_id))
                """, page: page))
    }

    func ratingsStream(by expert: UUID, zone: String) async throws
        -> some AsyncSequence<[String], any Error> & Sendable
    {
        var l = try rated(by: expert)
        let columns = """
            p.full_name, (SELECT coalesce(o.short_name, o.full_name) FROM organizations o WHERE o.id = p.org_id),
            r.score, r.comment, to_char(r.rated_at AT TIME ZONE \(try l.bind(zone)), 'DD.MM.YYYY')
            """
        return try await db.client.query(l.all(columns), logger: db.logger).map {
            let c = try $0.decode((String, String?, Int?, String?, String).self)
            return [c.0, c.1 ?? "", c.2.map(String.init) ?? "", c.3 ?? "", c.4]
        }
    }

    // MARK: every expert sheet (seed 000 «Экспертные листы»)

    struct SheetsFilter: Sendable {
        var search: String?
        var from: String?
        var to: String?
        var zone: String
    }

    func sheets(_ f: SheetsFilter) throws -> ListQuery {
        var l = ListQuery(
            from: "expert_ratings r JOIN programs p ON p.id = r.program_id JOIN users u ON u.id = r.expert_id",
            keyset: .time("r.rated_at", id: "r.response_id"))
        let zone = try l.bind(f.zone)
        try l.filter("r.rated_at >= (?::date)::timestamp AT TIME ZONE \(zone)", f.from)
        try l.filter("r.rated_at < (?::date + 1)::timestamp AT TIME ZONE \(zone)", f.to)
        try l.contains(anyOf: ["p.full_name", "concat_ws(' ', u.last_name, u.first_name, u.middle_name)"], f.search)
        return l
    }

    func sheetsPage(_ f: SheetsFilter, page: PageRequest) async throws -> String {
        try await db.page(
            try sheets(f).page(
                """
                json_build_object('programId', r.program_id, 'responseId', r.response_id, 'name', p.full_name,
                  'organization', (SELECT coalesce(o.short_name, o.full_name) FROM organizations o
                    WHERE o.id = p.org_id),
                  'expert', concat_ws(' ', u.last_name, u.first_name, u.middle_name), 'score', r.score,
                  'comment', r.comment, 'ratedAt', r.rated_at,
                  'passed', (SELECT x.status = 'passed' FROM program_expertise x WHERE x.program_id = r.program_id))
                """, page: page))
    }

    func sheetsStream(_ f: SheetsFilter) async throws -> some AsyncSequence<[String], any Error> & Sendable {
        var l = try sheets(f)
        let zone = try l.bind(f.zone)
        let columns = """
            p.full_name, coalesce((SELECT coalesce(o.short_name, o.full_name) FROM organizations o
              WHERE o.id = p.org_id), ''),
            concat_ws(' ', u.last_name, u.first_name, u.middle_name), coalesce(r.score::text, ''),
            coalesce(r.comment, ''), to_char(r.rated_at AT TIME ZONE \(zone), 'DD.MM.YYYY HH24:MI')
            """
        return try await db.client.query(l.all(columns), logger: db.logger).map {
            let c = try $0.decode((String, String, String, String, String, String).self)
            return [c.0, c.1, c.2, c.3, c.4, c.5]
        }
    }

    // MARK: the protocol

    struct ProtocolFilter: Sendable {
        var search: String?
        var from: String?
        var to: String?
        var zone: String
    }

    func passed(_ f: ProtocolFilter) throws -> ListQuery {
        var l = ListQuery(
            from: "program_expertise x JOIN programs p ON p.id = x.program_id",
            keyset: .time("x.passed_at", id: "x.program_id"))
        l.filter("x.status = 'passed'")
        let zone = try l.bind(f.zone)
        try l.filter("x.passed_at >= (?::date)::timestamp AT TIME ZONE \(zone)", f.from)
        try l.filter("x.passed_at < (?::date + 1)::timestamp AT TIME ZONE \(zone)", f.to)
        try l.contains("p.full_name", f.search)
        return l
    }

    static let protocolColumns = """
        (SELECT coalesce(o.short_name, o.full_name) FROM organizations o WHERE o.id = p.org_id) AS organization,
        (SELECT count(*) FROM expert_ratings r WHERE r.program_id = x.program_id)::int AS ratings,
        (SELECT round(avg(r.score))::int FROM expert_ratings r WHERE r.program_id = x.program_id) AS score,
        (SELECT string_agg(concat_ws(' ', u.last_name, u.first_name, u.middle_name)
           || coalesce(' (' || r.score || ')', ''), '; ' ORDER BY r.rated_at)
         FROM expert_ratings r JOIN users u ON u.id = r.expert_id WHERE r.program_id = x.program_id) AS experts
        """

    func protocolPage(_ f: ProtocolFilter, page: PageRequest) async throws -> String {
        try await db.page(
            try passed(f).page(
                """
                (SELECT json_build_object('programId', x.program_id, 'name', p.full_name,
                   'organization', t.organization, 'hours', \(ProgramsRepository.hours), 'sentAt', x.sent_at,
                   'passedAt', x.passed_at, 'ratings', t.ratings, 'score', t.score, 'experts', t.experts)
                 FROM (SELECT \(Self.protocolColumns)) t)
                """, page: page))
    }

    /// The protocol's rows: №, program, organization, hours, sent, passed, ratings, mean score, experts.
    func protocolRows(_ f: ProtocolFilter) async throws -> [[String]] {
        var l = try passed(f)
        let zone = try l.bind(f.zone)
        let columns = """
            p.full_name, \(Self.protocolColumns), \(ProgramsRepository.hours)::int,
            to_char(x.sent_at AT TIME ZONE \(zone), 'DD.MM.YYYY'),
            to_char(x.passed_at AT TIME ZONE \(zone), 'DD.MM.YYYY')
            """
        var out: [[String]] = []
        for try await row in try await db.client.query(l.all(columns), logger: db.logger) {
            let c = try row.decode((String, String?, Int, Int?, String?, Int, String, String).self)
            out.append([
                String(out.count + 1), c.0, c.1 ?? "", String(c.5), c.6, c.7, String(c.2), c.3.map(String.init) ?? "",
                c.4 ?? "",
            ])
        }
        return out
    }
}
