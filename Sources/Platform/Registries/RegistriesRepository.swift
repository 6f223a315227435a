import Foundation
import PostgresNIO

/// The registries of seed 000 «Документооборот»: enrollments/expulsions with their orders, and issued training
/// documents — lists with filters, keyset pages and CSV; plus the issued documents in the column layout of ФИС ФРДО
/// (ДПО).
public struct RegistriesRepository: Sendable {
    let db: Database
    public init(db: Database) { self.db = db }

    struct Filter: Sendable {
        var orgIds: [UUID]?
        var organizationId: UUID?
        var groupId: UUID?
        var programId: UUID?
        var kind: String?
        var from: Date?
        var to: Date?
        var search: String?
    }

    static let person = GroupsRepository.person("a")

    /// The filters both registries share; `row` is the registry's alias, `day` its date column, `kind` its kind column.
    func conditions(_ f: Filter, row: String, day: String, kind: String, cursorKey: String, cursor: Cursor?) throws
        -> SQLConditions
    {
        var c = SQLConditions()
        try c.add("\(row).org_id = ANY(?)", f.orgIds)
        try c.add("\(row).org_id = ?", f.organizationId)
        try c.add("\(row).group_id = ?", f.groupId)
        try c.add("a.program_id = ?", f.programId)
        try c.add("\(kind) = ?", f.kind)
        try c.add("\(day) >= (?::timestamptz AT TIME ZONE 'UTC')::date", f.from)
        try c.add("\(day) <= (?::timestamptz AT TIME ZONE 'UTC')::date", f.to)
        try c.add("\(cursorKey) < ?", cursor?.key)
        return c
    }

    static let enrollmentKey = "to_char(e.order_date, 'YYYYMMDD') || lpad(e.id::text, 12, '0')"
    static let enrollmentFrom = """
        FROM enrollment_records e JOIN applications a ON a.id = e.application_id
        JOIN programs p ON p.id = a.program_id JOIN study_groups g ON g.id = e.group_id JOIN organizations o
          ON o.id = e.org_id
        """

    func enrollmentsQuery(_ f: Filter, cursor: Cursor?, limit: Int?, csv: Bool) throws -> PostgresQuery {
        let select =
            csv
            ? """
            to_char(e.order_date, 'DD.MM.YYYY'), e.order_number,
              CASE e.kind WHEN 'enrolled' THEN 'Зачислен' ELSE 'Отчислен' END, \(Self.person), coalesce(a.snils,
                ''), p.full_name, g.name, o.short_name, coalesce(e.reason, '')
            """
            : """
            json_build_object('id', e.id, 'kind', e.kind, 'orderNumber', e.order_number, 'orderDate', e.order_date,
              'reason', e.reason,
              'applicationId', a.id, 'name', \(Self.person), 'program', json_build_object('id', p.id, 'fullName',
                p.full_name),
              'group', json_build_object('id', g.id, 'name', g.name), 'organization', json_build_object('id', o.id,
                'shortName', o.short_name))::text,
            \(Self.enrollmentKey), a.id
            """
        var c = try conditions(
            f, row: "e", day: "e.order_date", kind: "e.kind", cursorKey: Self.enrollmentKey, cursor: cursor)
        try c.add("lower(\(Self.person)) LIKE ?", f.search.map { "%" + $0.lowercased() + "%" })
        return c.query(
            "SELECT \(select) \(Self.enrollmentFrom)",
            "ORDER BY e.order_date DESC, e.id DESC" + (limit.map { " LIMIT \($0 + 1)" } ?? ""))
    }

    static let documentKey = "to_char(d.issued_on, 'YYYYMMDD') || lpad(d.id::text, 12, '0')"
    static let documentFrom = """
        FROM issued_documents d JOIN applications a ON a.id = d.application_id JOIN directory_items t
          ON t.id = d.document_type_id
        JOIN programs p ON p.id = a.program_id JOIN study_groups g ON g.id = d.group_id JOIN organizations o
          ON o.id = d.org_id
        """

    /// `select` replaces the list's columns (the ФРДО file reads the same documents with its own columns).
    func documentsQuery(_ f: Filter, cursor: Cursor?, limit: Int?, csv: Bool, select custom: String? = nil) throws
        -> PostgresQuery
    {
        let select =
            custom
            ?? (csv
                ? """
                to_char(d.issued_on, 'DD.MM.YYYY'), t.name, coalesce(d.series, ''), d.number,
                  coalesce(d.registration_number, ''), \(Self.person), coalesce(a.snils, ''), p.full_name, g.name,
                    o.short_name, d.result
                """
                : """
                json_build_object('id', d.id, 'type', json_build_object('id', t.id, 'name', t.name), 'series',
                  d.series, 'number', d.number,
                  'registrationNumber', d.registration_number, 'issuedOn', d.issued_on, 'result', d.result,
                    'applicationId', a.id, 'name', \(Self.person),
                  'program', json_build_object('id', p.id, 'fullName', p.full_name), 'group', json_build_object('id',
                    g.id, 'name', g.name),
                  'organization', json_build_object('id', o.id, 'shortName', o.short_name))::text,
                \(Self.documentKey), a.id
                """)
        var c = try conditions(
            f, row: "d", day: "d.issued_on", kind: "t.code", cursorKey: Self.documentKey, cursor: cursor)
        if let search = f.search {
            try c.add("(lower(\(Self.person)) LIKE ? OR d.number = ?)", "%" + search.lowercased() + "%", search)
        }
        return c.query(
            "SELECT \(select) \(Self.documentFrom)",
            "ORDER BY d.issued_on DESC, d.id DESC" + (limit.map { " LIMIT \($0 + 1)" } ?? ""))
    }

    func page(_ q: PostgresQuery, _ page: PageRequest) async throws -> String {
        let rows = try await db.rows(q)
        return page.jsonPage(
            try rows.map {
                let c = try $0.decode((String, String, UUID).self)
                return (c.0, c.1, c.2)
            })
    }

    func stream(_ q: PostgresQuery, width: Int) async throws -> some AsyncSequence<[String], any Error> & Sendable {
        try await db.client.query(q, logger: db.logger).map { row in
            let cells = Array(row)
            return try (0..<width).map { try cells[$0].decode(String.self) }
        }
    }

    /// ФИС ФРДO (ДПО) columns as we fill them; README lists them. Originals' columns are for duplicates and stay empty.
    static let frdoHeader = [
        "Название документа", "Вид документа", "Статус документа", "Подтверждение утраты", "Подтверждение обмена",
        "Подтверждение уничтожения",
        "Серия документа", "Номер документа", "Дата выдачи", "Регистрационный номер",
        "Наименование дополнительной профессиональной программы",
        "Наименование области профессиональной деятельности", "Наименование присвоенной квалификации",
        "Уровень образования ВО/СПО",
        "Фамилия, указанная в дипломе о ВО или СПО", "Серия документа о ВО/СПО", "Номер документа о ВО/СПО",
        "Год начала обучения",
        "Год окончания обучения", "Срок обучения, часов", "Фамилия получателя", "Имя получателя", "Отчество получателя",
        "Дата рождения получателя",
        "Пол получателя", "СНИЛС", "Форма обучения", "Источник финансирования обучения",
        "Форма получения образования на момент прекращения образовательных отношений",
        "Гражданство получателя (код страны по ОКСМ)",
        "Наименование документа об образовании (оригинала)", "Серия (оригинала)", "Номер (оригинала)",
        "Регистрационный N (оригинала)",
        "Дата выдачи (оригинала)", "Фамилия получателя (оригинала)", "Имя получателя (оригинала)",
        "Отчество получателя (оригинала)",
    ]

    /// FRDO values of a document, in `frdoHeader` order (the originals' columns are added empty), then the application
    /// id.
    static let frdoSelect = """
        json_build_array(t.name, t.name, 'Оригинал', 'Нет', 'Нет', 'Нет', coalesce(d.series, ''), d.number,
          to_char(d.issued_on, 'DD.MM.YYYY'),
          coalesce(d.registration_number, ''), p.full_name, coalesce(p.direction, ''), coalesce(p.qualification, ''),
            '', '', '', '',
          to_char(g.starts_on, 'YYYY'), to_char(g.ends_on, 'YYYY'), (\(ProgramsRepository.hours))::text,
          a.last_name, a.first_name, coalesce(a.middle_name, ''), coalesce(to_char(a.birth_date, 'DD.MM.YYYY'), ''),
          CASE a.sex WHEN 'male' THEN 'Муж' WHEN 'female' THEN 'Жен' ELSE '' END,
          coalesce(a.snils, ''), coalesce((SELECT name FROM directory_items WHERE id = p.study_form_id), ''),
          CASE p.funding WHEN 'paid' THEN 'По договорам об оказании платных образовательных услуг'
               ELSE 'За счет бюджетных ассигнований бюджета субъекта Российской Федерации' END,
          coalesce((SELECT name FROM directory_items WHERE id = p.study_form_id), ''), '643')::text,
        to_char(d.issued_on, 'YYYYMMDD'), a.id
        """

    struct FRDORow: Sendable {
        var cells: [String]
        var problems: [String]
        var applicationId: UUID
    }

    /// One line per issued document with the problems that would make ФИС ФРДО refuse it (a row with problems is listed
    /// all the same, so it can be fixed and exported again). Streamed: the file of a whole region is never held in
    /// memory.
    func frdoRows(_ f: Filter) async throws -> some AsyncSequence<FRDORow, any Error> & Sendable {
        try await db.client.query(
            try documentsQuery(f, cursor: nil, limit: nil, csv: false, select: Self.frdoSelect), logger: db.logger
        ).map { row in
            let (json, _, application) = try row.decode((String, String, UUID).self)
            var cells = (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
            cells += Array(repeating: "", count: max(0, Self.frdoHeader.count - cells.count))
            var problems: [String] = []
            let snils = cells[25]
            if snils.isEmpty {
                problems.append("не указан СНИЛС")
            } else if RussianIdentifiers.isValidSNILS(snils) {
                cells[25] = RussianIdentifiers.formatSNILS(snils)
            } else {
                problems.append("СНИЛС с неверным контрольным числом")
            }
            if cells[23].isEmpty { problems.append("не указана дата рождения") }
            if cells[24].isEmpty { problems.append("не указан пол (укажите при завершении обучения)") }
            return FRDORow(cells: cells, problems: problems, applicationId: application)
        }
    }
}
