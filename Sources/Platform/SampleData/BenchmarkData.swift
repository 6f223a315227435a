import Foundation
import PostgresNIO

/// Benchmark data (`platform-server gen-data`): many approved colleges with modules, and tens of thousands of published
/// programs with realistic Russian names and descriptions, generated in SQL so that 50,000 take seconds.
public struct BenchmarkData: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    /// Title patterns by program kind code, `%P` a profession, `%T` a topic, `%S` a skill, `%A` an audience: the shapes
    /// of real catalog names (seed 001 §6), so that a word's frequency in titles is what it would be in a region.
    static let titles: [(kind: String, pattern: String)] = [
        ("po", "Профессиональное обучение по профессии «%P»"), ("po", "%P"), ("po", "%P %A"),
        ("po", "Подготовка по профессии «%P»"), ("po", "%P: %S"),
        ("pk", "%T"), ("pk", "%T %A"), ("pk", "Повышение квалификации «%T»"), ("pk", "%T: %S"),
        ("pk", "Практикум «%S»"), ("pk", "%S для профессии «%P»"), ("pk", "Курс «%T»"),
        ("pp", "Профессиональная переподготовка «%T»"), ("pp", "Переподготовка по профессии «%P»"),
        ("dop", "%T %A"), ("dop", "Профпробы: %P %A"),
    ]

    static let bulkTables = ["programs", "program_modules", "program_competencies", "study_groups"]

    static let colleges = [
        "Политехнический", "Индустриальный", "Технологический", "Педагогический", "Медицинский", "Аграрный",
        "Строительный", "Энергетический", "Транспортный", "Горнотехнический", "Авиационный", "Многопрофильный",
    ]

    public func generate(programs: Int, organizations: Int) async throws {
        try await DemoDirectories.loadIfEmpty(db: db)
        try await db.transaction { conn in
            for n in 0..<organizations {
                let base9 = String(format: "39%07d", n)
                let base12 = String(format: "10239%07d", n)
                let inn = DemoData.inn10(base9)
                let ogrn = DemoData.ogrn13(base12)
                try await conn.run(
                    """
                    INSERT INTO organizations (kind, full_name, short_name, inn, ogrn, kpp, address, phone, email,
                      status, roles, municipality_id)
                    SELECT 'contractor', 'ГАПОУ ИО «' || \(Self.colleges[n % Self.colleges.count]) || ' колледж № '
                             || \(n + 1) || '»', 'Колледж № ' || \(n + 1), \(inn), \(ogrn), '390101001',
                           m.name, '+7 (3952) 00-00-00', \("bench\(n)@bench.example"), 'approved',
                           ARRAY['contractor'], m.id
                    FROM (SELECT id, name FROM directory_items WHERE kind = 'municipalities' ORDER BY code
                          OFFSET \(n % 25) LIMIT 1) m
                    ON CONFLICT DO NOTHING
                    """, logger: db.logger)
            }
            // one module per organization with a small plan, so that programs have hours
            try await conn.run(
                """
                INSERT INTO modules (org_id, name) SELECT id, 'Базовый модуль ' || short_name FROM organizations
                WHERE email LIKE 'bench%@bench.example' AND NOT EXISTS (SELECT 1 FROM modules m
                  WHERE m.org_id = organizations.id)
                """, logger: db.logger)
            try await conn.run(
                """
                INSERT INTO module_topics (module_id, name, position) SELECT m.id, 'Введение в профессию',
                  1 FROM modules m
                JOIN organizations o ON o.id = m.org_id WHERE o.email LIKE 'bench%@bench.example'
                  AND NOT EXISTS (SELECT 1 FROM module_topics t WHERE t.module_id = m.id)
                """, logger: db.logger)
            try await conn.run(
                """
                INSERT INTO module_lessons (topic_id, name, kind, hours, position)
                SELECT t.id, k.name, k.kind, k.hours, k.pos FROM module_topics t JOIN modules m ON m.id = t.module_id
                  JOIN organizations o ON o.id = m.org_id
                CROSS JOIN (VALUES ('Лекция', 'lecture', 8, 1), ('Практика', 'practice', 24, 2), ('Зачёт',
                  'assessment', 4, 3)) AS k(name, kind, hours, pos)
                WHERE o.email LIKE 'bench%@bench.example' AND NOT EXISTS (SELECT 1 FROM module_lessons l
                  WHERE l.topic_id = t.id)
                """, logger: db.logger)
            // the catalog keeps itself and tells the servers by triggers, row by row; 50,000 new programs with their
            // links and groups are entered into the catalog once, at the end (row by row it took hours)
            for table in Self.bulkTables {
                try await conn.run("ALTER TABLE \(unescaped: table) DISABLE TRIGGER USER", logger: db.logger)
            }
            let v = BenchmarkVocabulary.self
            try await conn.run(
                """
                WITH orgs AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n,
                  count(*) OVER () AS total FROM organizations WHERE email LIKE 'bench%@bench.example'),
                kinds AS (SELECT code, id FROM directory_items WHERE kind = 'program_kinds' AND parent_id IS NULL),
                forms AS (SELECT id, row_number() OVER (ORDER BY sort_order) - 1 AS n,
                  count(*) OVER () AS total FROM directory_items WHERE kind = 'study_forms'),
                words AS (SELECT \(v.professions.map(\.name))::text[] AS professions,
                  \(v.professions.map(\.code))::text[] AS codes, \(v.topics)::text[] AS topics,
                  \(v.skills)::text[] AS skills, \(v.audiences)::text[] AS audiences,
                  \(v.sentences)::text[] AS sentences, \(Self.titles.map(\.pattern))::text[] AS patterns,
                  \(Self.titles.map(\.kind))::text[] AS pattern_kinds),
                gen AS (SELECT g, abs(hashint4(g)::bigint) AS h, abs(hashint4(g + 7919)::bigint) AS h2
                        FROM generate_series(1, \(programs)::int) g),
                -- a skewed pick: popular professions and topics appear far more often, as in a real catalog
                picked AS (
                  SELECT gen.*, w.*,
                    1 + (power((gen.h % 10007) / 10007.0, 2.2) * cardinality(w.professions))::int
                      % cardinality(w.professions) AS pi,
                    1 + (power((gen.h2 % 10009) / 10009.0, 1.8) * cardinality(w.topics))::int
                      % cardinality(w.topics) AS ti,
                    1 + (gen.h / 13) % cardinality(w.skills) AS si, 1 + (gen.h2 / 17) % cardinality(w.audiences) AS ai,
                    1 + (gen.h / 19) % cardinality(w.patterns) AS pat
                  FROM gen, words w)
                INSERT INTO programs (org_id, status, full_name, description, kind_id, study_form_id, funding, price,
                  accessible, published_at, qualification)
                SELECT o.id, 'published',
                       -- a skill opens some names: a name starts with a capital
                       (SELECT upper(left(t, 1)) || substr(t, 2)
                        FROM left(replace(replace(replace(replace(x.patterns[x.pat], '%P', x.professions[x.pi]),
                          '%T', x.topics[x.ti]), '%S', x.skills[x.si]), '%A', x.audiences[x.ai]), 500) t),
                       -- three to six sentences: 250–900 characters
                       (SELECT string_agg(x.sentences[1 + (x.h * (k + 3) + x.h2 * k) % cardinality(x.sentences)], ' ')
                        FROM generate_series(1, 3 + (x.h2 / 23) % 4) k)
                         || CASE WHEN x.pattern_kinds[x.pat] IN ('po', 'pp') OR position('%P' in x.patterns[x.pat]) > 0
                                 THEN ' Профессия: ' || x.professions[x.pi] || '.' ELSE '' END,
                       k.id, f.id,
                       CASE WHEN x.h % 5 = 0 THEN 'free' WHEN x.h % 7 = 0 THEN 'certificate' ELSE 'paid' END,
                       CASE WHEN x.h % 5 = 0 THEN NULL
                            WHEN x.pattern_kinds[x.pat] = 'pp' THEN 25000 + (x.h2 % 60) * 1000
                            ELSE 2500 + (x.h2 % 90) * 500 END,
                       x.h % 9 = 0, now() - make_interval(mins => (x.h2 % 500000)::int),
                       CASE WHEN x.pattern_kinds[x.pat] IN ('po', 'pp') THEN x.professions[x.pi]
                         || CASE WHEN x.codes[x.pi] <> '' THEN ' (код ' || x.codes[x.pi] || ')' ELSE '' END END
                FROM picked x
                JOIN orgs o ON o.n = x.g % o.total
                JOIN kinds k ON k.code = x.pattern_kinds[x.pat]
                JOIN forms f ON f.n = (x.h / 29) % f.total
                """, logger: db.logger)
            try await conn.run(
                """
                INSERT INTO program_modules (program_id, module_id, position)
                SELECT p.id, m.id, 1 FROM programs p JOIN modules m ON m.org_id = p.org_id JOIN organizations o
                  ON o.id = p.org_id
                WHERE o.email LIKE 'bench%@bench.example' AND NOT EXISTS (SELECT 1 FROM program_modules x
                  WHERE x.program_id = p.id)
                """, logger: db.logger)
            try await conn.run(
                """
                INSERT INTO program_competencies (program_id, competency_id)
                SELECT p.id, c.id FROM programs p JOIN organizations o ON o.id = p.org_id
                JOIN LATERAL (SELECT id FROM directory_items WHERE kind = 'competencies'
                  ORDER BY code OFFSET abs(hashtext(p.id::text)) % 31 LIMIT 1) c ON true
                WHERE o.email LIKE 'bench%@bench.example' AND NOT EXISTS (SELECT 1 FROM program_competencies x
                  WHERE x.program_id = p.id)
                """, logger: db.logger)
            // a third of the programs have a group taking learners, starting within the next four months
            try await conn.run(
                """
                INSERT INTO study_groups (program_id, org_id, name, min_size, max_size, starts_on, ends_on, status)
                SELECT p.id, p.org_id, 'Набор ' || to_char(current_date + d, 'DD.MM'), 5,
                       12 + abs(hashtext(p.id::text)) % 14,
                       current_date + d, current_date + d + 30, 'not_formed'
                FROM programs p JOIN organizations o ON o.id = p.org_id,
                     LATERAL (SELECT 1 + abs(hashtext(p.id::text || 'start')) % 120 AS d) s
                WHERE o.email LIKE 'bench%@bench.example' AND abs(hashtext(p.id::text)) % 3 = 0
                  AND NOT EXISTS (SELECT 1 FROM study_groups g WHERE g.program_id = p.id)
                """, logger: db.logger)
            for table in Self.bulkTables {
                try await conn.run("ALTER TABLE \(unescaped: table) ENABLE TRIGGER USER", logger: db.logger)
            }
            try await conn.run(
                """
                SELECT catalog_refresh(array_agg(p.id)) FROM programs p JOIN organizations o ON o.id = p.org_id
                WHERE o.email LIKE 'bench%@bench.example' AND p.status = 'published'
                """, logger: db.logger)
        }
        try await SearchRepository(db: db).maintain()
        try await db.execute("ANALYZE")
    }
}
