import Foundation
import PostgresNIO

/// Benchmark data (`platform-server gen-data`): many approved colleges with modules, and tens of thousands of published
/// programs with realistic Russian names and descriptions, generated in SQL so that 50,000 take seconds.
public struct BenchmarkData: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    static let prefixes = [
        "Повышение квалификации", "Профессиональная переподготовка", "Профессиональное обучение по профессии",
        "Курс", "Интенсив", "Практикум", "Мастер-класс", "Стажировка",
    ]
    static let suffixes = [
        "для начинающих", "с нуля", "на современном оборудовании", "для работающих специалистов",
        "по стандартам «Профессионалов»",
        "в дистанционном формате", "с практикой на предприятии", "для людей предпенсионного возраста", "для школьников",
        "продвинутый уровень",
    ]
    static let phrases = [
        "Программа знакомит с современными технологиями и оборудованием отрасли.",
        "Занятия ведут мастера производственного обучения и эксперты чемпионата «Профессионалы».",
        "Практика проходит в мастерских и на площадках партнёров-работодателей.",
        "По итогам обучения выдаётся документ установленного образца.",
        "Подходит для тех, кто хочет сменить профессию или повысить квалификацию.",
        "Учебный план включает лекции, практические и лабораторные занятия.",
        "Слушатели выполняют итоговую практическую работу под руководством наставника.",
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
                    SELECT 'contractor', 'Образовательная организация № ' || \(n + 1), 'ОО № ' || \(n + 1), \(inn),
                      \(ogrn), '390101001',
                           'г. Иркутск', '+7 (3952) 00-00-00', \("bench\(n)@bench.example"), 'approved',
                             ARRAY['contractor'],
                           (SELECT id FROM directory_items WHERE kind = 'municipalities' ORDER BY code OFFSET \(n % 25)
                             LIMIT 1)
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
            try await conn.run(
                """
                WITH orgs AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS n,
                  count(*) OVER () AS total FROM organizations WHERE email LIKE 'bench%@bench.example'),
                professions AS (SELECT name, row_number() OVER (ORDER BY code) - 1 AS n,
                  count(*) OVER () AS total FROM directory_items WHERE kind = 'professions'),
                kinds AS (SELECT id, row_number() OVER (ORDER BY sort_order, code) - 1 AS n,
                  count(*) OVER () AS total FROM directory_items WHERE kind = 'program_kinds' AND parent_id IS NULL),
                forms AS (SELECT id, row_number() OVER (ORDER BY sort_order) - 1 AS n,
                  count(*) OVER () AS total FROM directory_items WHERE kind = 'study_forms'),
                gen AS (SELECT g, hashint4(g::int)::bigint AS h FROM generate_series(1, \(programs)::int) g)
                INSERT INTO programs (org_id, status, full_name, description, kind_id, study_form_id, funding, price,
                  accessible, published_at, qualification)
                SELECT o.id, 'published',
                       (\(Self.prefixes))[1 + abs(gen.h) % \(Self.prefixes.count)] || ' «' || p.name || '» ' ||
                         (\(Self.suffixes))[1 + abs(gen.h / 7) % \(Self.suffixes.count)],
                       (\(Self.phrases))[1 + abs(gen.h / 3) % \(Self.phrases.count)] || ' ' || (\(Self.phrases))[1 +
                         abs(gen.h / 11) % \(Self.phrases.count)] ||
                         ' Профессия: ' || p.name || '.',
                       k.id, f.id,
                       CASE WHEN abs(gen.h) % 5 = 0 THEN 'free' WHEN abs(gen.h) % 7 = 0 THEN 'certificate'
                         ELSE 'paid' END,
                       CASE WHEN abs(gen.h) % 5 = 0 THEN NULL ELSE 3000 + (abs(gen.h) % 120) * 500 END,
                       abs(gen.h) % 9 = 0, now() - make_interval(mins => (abs(gen.h) % 500000)::int), p.name
                FROM gen
                JOIN orgs o ON o.n = gen.g % o.total
                JOIN professions p ON p.n = abs(gen.h / 13) % p.total
                JOIN kinds k ON k.n = abs(gen.h / 17) % k.total
                JOIN forms f ON f.n = abs(gen.h / 19) % f.total
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
        }
        try await db.execute("ANALYZE")
    }
}
