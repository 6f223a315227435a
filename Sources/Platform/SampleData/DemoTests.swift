import Foundation
import PostgresNIO

/// The demo college's question bank and a test given to its running groups (learner@copp.demo is in one), so that
/// a teacher and a learner see the tests section with something in it.
enum DemoTests {
    typealias Q = (kind: TestQuestionKind, text: String, points: Int, options: [(String, Bool)])

    static let questions: [Q] = [
        (
            .single, "Какой газ чаще всего защищает сварочную ванну при сварке алюминия?", 2,
            [("Аргон", true), ("Кислород", false), ("Азот", false), ("Воздух", false)]
        ),
        (
            .multiple, "Какие средства индивидуальной защиты обязательны сварщику?", 2,
            [
                ("Маска или щиток со светофильтром", true), ("Краги", true), ("Брезентовый костюм", true),
                ("Солнцезащитные очки", false),
            ]
        ),
        (
            .single, "С какой периодичностью проводится повторный инструктаж по охране труда на рабочем месте?", 1,
            [("Не реже одного раза в шесть месяцев", true), ("Раз в год", false), ("Раз в три года", false)]
        ),
        (
            .text, "Как называется электрод, который не расплавляется при сварке (одно слово)?", 1,
            [("неплавящийся", true), ("вольфрамовый", true)]
        ),
        (
            .single, "Что делать, если пострадавшего ударило током и он касается провода?", 2,
            [
                ("Обесточить установку или отбросить провод сухим предметом", true),
                ("Сразу взять пострадавшего за руку", false), ("Полить водой", false),
            ]
        ),
        (
            .multiple, "Какие факторы относятся к вредным при сварке?", 1,
            [
                ("Сварочный аэрозоль", true), ("Ультрафиолетовое излучение", true), ("Шум", true),
                ("Естественное освещение", false),
            ]
        ),
        (
            .single, "Какой огнетушитель нельзя применять для тушения электроустановок под напряжением?", 1,
            [("Воздушно-пенный", true), ("Углекислотный", false), ("Порошковый", false)]
        ),
        (
            .text, "Какое напряжение (в вольтах) считается безопасным в особо опасных помещениях?", 1,
            [("12", true), ("12 В", true), ("12 вольт", true)]
        ),
    ]

    static func load(college: UUID, on conn: PostgresConnection, db: Database) async throws {
        let author = try await conn.rows(
            "SELECT id FROM users WHERE email = 'teacher@copp.demo'", logger: db.logger
        ).first?.decode(UUID.self)
        guard let author else { return }
        let bank = QuestionBankRepository(db: db)
        var ids: [UUID] = []
        for q in questions {
            let question = TestQuestion(
                kind: q.kind, text: q.text, points: q.points, imageFileId: nil, competencyId: nil,
                options: q.options.map { TestQuestion.Option(text: $0.0, correct: $0.1, imageFileId: nil) })
            ids.append(try await bank.insert(question, org: college, author: author, on: conn))
        }
        let tests = TestsRepository(db: db)
        let test = try await tests.insert(
            TestSettings(
                name: "Охрана труда при сварочных работах",
                description: "Входной контроль: 6 случайных вопросов из 8, 15 минут, три попытки.", lessonId: nil,
                competencyId: nil, timeLimitMinutes: 15, maxAttempts: 3, questionCount: 6, shuffleQuestions: true,
                shuffleOptions: true, passPercent: 60),
            org: college, author: author, on: conn)
        _ = try await tests.add(ids, to: test, org: college, on: conn)
        try await conn.run(
            """
            INSERT INTO test_assignments (test_id, group_id)
            SELECT \(test), g.id FROM study_groups g WHERE g.org_id = \(college)
              AND g.status IN ('enrollment_confirmed', 'formed')
            """, logger: db.logger)
    }
}
