import Foundation
import PostgresNIO

/// Training benchmark data (`platform-server gen-data --applications N`): over the benchmark organizations' published
/// programs, groups of 25 with a 10-lesson schedule, N applications in a realistic mix of statuses, a journal full of
/// marks for the first organization's groups, and one contractor account per organization (`bench-org1@bench.example`,
/// password as in DemoData) to call the API with. All in SQL: a million applications take about a minute.
public struct TrainingBenchmarkData: Sendable {
    let db: Database
    let passwords: Passwords
    public init(db: Database, passwords: Passwords) {
        self.db = db
        self.passwords = passwords
    }

    static let lastNames = [
        "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков", "Фёдоров",
        "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев",
    ]
    static let firstNames = [
        "Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл", "Михаил",
        "Анна", "Мария", "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Юлия", "Екатерина",
    ]
    /// The women's names of `firstNames`: their surnames take the feminine «-а» (Иванов → Иванова; every surname
    /// above ends in -ов/-ев/-ин), or the demo reads «Козлов Екатерина».
    static let femaleFirstNames = Array(firstNames[10...])

    static let positions = [
        "Сварщик", "Слесарь-ремонтник", "Электромонтажник", "Оператор станков с ЧПУ", "Мастер участка", "Преподаватель",
        "Инженер-технолог",
    ]

    public func generate(applications: Int) async throws {
        let hash = try await passwords.hash(DemoData.password)
        try await db.transaction { conn in
            // an account per benchmark organization: contractor, organization admin
            try await conn.run(
                """
                WITH orgs AS (SELECT id, row_number() OVER (ORDER BY email) AS n FROM organizations
                  WHERE email LIKE 'bench%@bench.example'),
                users_in AS (INSERT INTO users (email, password_hash, last_name, first_name, email_confirmed_at,
                  personal_data_consent_at)
                    SELECT 'bench-org' || n || '@bench.example', \(hash), 'Оператор', 'Организации ' || n, now(),
                      now() FROM orgs
                    ON CONFLICT (email) DO NOTHING RETURNING id, email),
                roles AS (INSERT INTO user_roles (user_id, role) SELECT id, 'contractor' FROM users_in)
                INSERT INTO memberships (user_id, org_id, level)
                SELECT u.id, o.id, 'admin' FROM users_in u JOIN orgs o
                  ON u.email = 'bench-org' || o.n || '@bench.example'
                """, logger: db.logger)
            try await conn.run(
                """
                INSERT INTO users (email, password_hash, last_name, first_name, email_confirmed_at,
                  personal_data_consent_at)
                VALUES ('bench-copp@bench.example', \(hash), 'Сотрудник', 'ЦОПП', now(),
                  now()) ON CONFLICT (email) DO NOTHING
                """, logger: db.logger)
            try await conn.run(
                """
                INSERT INTO user_roles (user_id, role) SELECT id, 'copp_staff' FROM users
                  WHERE email = 'bench-copp@bench.example' ON CONFLICT DO NOTHING
                """,
                logger: db.logger)
            // groups of 25: one per 25 placed applications, spread over each organization's first programs
            let groups = max(1, applications * 3 / 4 / 25)
            try await conn.run(
                """
                WITH orgs AS (SELECT id, row_number() OVER (ORDER BY email) - 1 AS n,
                  count(*) OVER () AS total FROM organizations WHERE email LIKE 'bench%@bench.example'),
                progs AS (SELECT p.id, p.org_id, row_number() OVER (PARTITION BY p.org_id ORDER BY p.id) - 1 AS k
                  FROM programs p
                          JOIN orgs o ON o.id = p.org_id WHERE p.status = 'published')
                INSERT INTO study_groups (program_id, org_id, name, min_size, max_size, starts_on, ends_on, status)
                SELECT pr.id, o.id, 'Группа ' || g, 5, 25, date '2026-01-12' + (g % 300),
                  date '2026-01-12' + (g % 300) + 30,
                       (ARRAY['not_formed', 'formed', 'enrollment_confirmed', 'finished'])[1 + g % 4]
                FROM generate_series(0, \(groups - 1)::int) g
                JOIN orgs o ON o.n = g % o.total
                JOIN progs pr ON pr.org_id = o.id AND pr.k = (g / o.total) % 20
                """, logger: db.logger)
            // ten lessons per group, every other day at 10:00
            try await conn.run(
                """
                INSERT INTO schedule_lessons (group_id, org_id, starts_at, ends_at, academic_hours)
                SELECT g.id, g.org_id, g.starts_on + (i * 2) + time '10:00', g.starts_on + (i * 2) + time '11:30', 2
                FROM study_groups g CROSS JOIN generate_series(0, 9) i
                JOIN organizations o ON o.id = g.org_id WHERE o.email LIKE 'bench%@bench.example'
                """, logger: db.logger)
            // applications: placed ones fill the groups, the rest wait in new/postponed/cancelled
            try await conn.run(
                """
                WITH grp AS (SELECT id, program_id, org_id, row_number() OVER (ORDER BY id) - 1 AS n FROM study_groups),
                total AS (SELECT count(*) AS c FROM grp),
                hashed AS (SELECT a, hashint4(a)::bigint AS h FROM generate_series(0, \(applications - 1)::int) a),
                gen AS (SELECT a, h, (\(Self.lastNames))[1 + abs(h) % \(Self.lastNames.count)] AS last,
                               (\(Self.firstNames))[1 + abs(h / 23) % \(Self.firstNames.count)] AS first FROM hashed)
                INSERT INTO applications (program_id, org_id, last_name, first_name, email, snils, position, status,
                  group_id, postponed_until,
                                          final_grade, created_at)
                SELECT g.program_id, g.org_id,
                       gen.last || CASE WHEN gen.first = ANY(\(Self.femaleFirstNames)) THEN 'а' ELSE '' END, gen.first,
                         'learner' || gen.a || '@bench.example',
                       NULL, (\(Self.positions))[1 + abs(gen.h / 7) % \(Self.positions.count)],
                       s.status, CASE WHEN in_group_list(s.status) THEN g.id END,
                       CASE WHEN s.status = 'postponed' THEN date '2030-01-01' END,
                       CASE WHEN s.status = 'completed' THEN (ARRAY['3', '4', '5'])[1 + abs(gen.h) % 3] END,
                       timestamptz '2025-01-01' + make_interval(secs => (abs(gen.h) % 57000000)::double precision)
                FROM gen CROSS JOIN total
                JOIN grp g ON g.n = (gen.a / 25) % total.c
                CROSS JOIN LATERAL (SELECT CASE WHEN gen.a < total.c * 25 THEN (ARRAY['completed', 'completed',
                  'studying', 'confirmed', 'expelled'])[1 + abs(gen.h / 3) % 5]
                                                ELSE (ARRAY['new', 'new', 'postponed',
                                                  'cancelled'])[1 + abs(gen.h / 3) % 4] END AS status) s
                """, logger: db.logger)
            // a full journal for the first organization's groups
            try await conn.run(
                """
                INSERT INTO gradebook_marks (schedule_lesson_id, application_id, mark)
                SELECT l.id, a.id, (ARRAY['5', '4', '3', '5', '4', 'Н', 'Б', 'О', '5',
                  '4'])[1 + abs(hashint4(hashtext(a.id::text || l.id::text))) % 10]
                FROM applications a JOIN schedule_lessons l ON l.group_id = a.group_id
                WHERE a.org_id = (SELECT o.id FROM organizations o WHERE o.email = 'bench0@bench.example')
                  AND in_group_list(a.status)
                """, logger: db.logger)
        }
        try await db.execute("ANALYZE")
    }
}
