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

    /// A registry's order: newest date first, then the record's number; the cursor key is "YYYYMMDD" and the number
    /// padded to 12 digits, and the pair identifies a record (the application id rides along in the cursor).
    static func keyset(day: String, number: String) -> ListQuery.Keyset {
        ListQuery.Keyset(
            columns: [day, number], id: "a.id", descending: true,
            key: "to_char(\(day), 'YYYYMMDD') || lpad(\(number)::text, 12, '0')",
            after: "to_date(left($key, 8), 'YYYYMMDD'), substr($key, 9)::bigint", unique: true,
            validKey: { $0.count == 20 && $0.allSatisfy(\.isASCII) && Int64($0) != nil })
    }

    /// The filters both registries share; `row` is the registry's alias, `day` its date column, `kind` its kind column.
    func filtered(_ f: Filter, from: String, row: String, day: String, kind: String) throws -> ListQuery {
        var q = ListQuery(from: from, keyset: Self.keyset(day: day, number: "\(row).id"))
        try q.filter("\(row).org_id = ANY(?)", f.orgIds)
        try q.filter("\(row).org_id = ?", f.organizationId)
        try q.filter("\(row).group_id = ?", f.groupId)
        try q.filter("a.program_id = ?", f.programId)
        try q.filter("\(kind) = ?", f.kind)
        try q.filter("\(day) >= (?::timestamptz AT TIME ZONE 'UTC')::date", f.from)
        try q.filter("\(day) <= (?::timestamptz AT TIME ZONE 'UTC')::date", f.to)
        return q
    }

    static let enrollmentFrom = """
        enrollment_records e JOIN applications a ON a.id = e.application_id
        JOIN programs p ON p.id = a.program_id JOIN study_groups g ON g.id = e.group_id JOIN organizations o
          ON o.id = e.org_id
        """

    static let enrollmentJSON = """
        json_build_object('id', e.id, 'kind', e.kind, 'orderNumber', e.order_number, 'orderDate', e.order_date,
          'reason', e.reason,
          'applicationId', a.id, 'name', \(person), 'program', json_build_object('id', p.id, 'fullName',
            p.full_name),
          'group', json_build_object('id', g.id, 'name', g.name), 'organization', json_build_object('id', o.id,
            'shortName', o.short_name))
        """

    static let enrollmentCSV = """
        to_char(e.order_date, 'DD.MM.YYYY'), e.order_number,
          CASE e.kind WHEN 'enrolled' THEN 'Зачислен' ELSE 'Отчислен' END, \(person), coalesce(a.snils,
            ''), p.full_name, g.name, o.short_name, coalesce(e.reason, '')
        """

    func enrollments(_ f: Filter) throws -> ListQuery {
        var q = try filtered(f, from: Self.enrollmentFrom, row: "e", day: "e.order_date", kind: "e.kind")
        try q.filter("lower(\(Self.person)) LIKE ?", f.search.map { "%" + $0.lowercased() + "%" })
        return q
    }

    static let documentFrom = """
        issued_documents d JOIN applications a ON a.id = d.application_id JOIN directory_items t
          ON t.id = d.document_type_id
        JOIN programs p ON p.id = a.program_id JOIN study_groups g ON g.id = d.group_id JOIN organizations o
          ON o.id = d.org_id
        """

    static let documentJSON = """
        json_build_object('id', d.id, 'type', json_build_object('id', t.id, 'name', t.name), 'series',
          d.series, 'number', d.number,
          'registrationNumber', d.registration_number, 'issuedOn', d.issued_on, 'result', d.result,
            'applicationId', a.id, 'name', \(person),
          'program', json_build_object('id', p.id, 'fullName', p.full_name), 'group', json_build_object('id',
            g.id, 'name', g.name),
          'organization', json_build_object('id', o.id, 'shortName', o.short_name))
        """

    static let documentCSV = """
        to_char(d.issued_on, 'DD.MM.YYYY'), t.name, coalesce(d.series, ''), d.number,
          coalesce(d.registration_number, ''), \(person), coalesce(a.snils, ''), p.full_name, g.name,
            o.short_name, d.result
        """

    func documents(_ f: Filter) throws -> ListQuery {
        var q = try filtered(f, from: Self.documentFrom, row: "d", day: "d.issued_on", kind: "t.code")
        if let search = f.search {
            let number = try q.bind(search)
            try q.filter("(lower(\(Self.person)) LIKE ? OR d.number = \(number))", "%" + search.lowercased() + "%")
        }
        return q
    }

    func enrollmentsPage(_ f: Filter, page: PageRequest) async throws -> String {
        try await db.page(enrollments(f).page(Self.enrollmentJSON, page: page))
    }

    func enrollmentsCSV(_ f: Filter) async throws -> some AsyncSequence<[String], any Error> & Sendable {
        try await strings(enrollments(f).all(Self.enrollmentCSV), width: 9)
    }

    func documentsPage(_ f: Filter, page: PageRequest) async throws -> String {
        try await db.page(documents(f).page(Self.documentJSON, page: page))
    }

    func documentsCSV(_ f: Filter) async throws -> some AsyncSequence<[String], any Error> & Sendable {
        try await strings(documents(f).all(Self.documentCSV), width: 11)
    }

    func strings(_ q: PostgresQuery, width: Int) async throws -> some AsyncSequence<[String], any Error> & Sendable {
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
          coalesce((SELECT name FROM directory_items WHERE id = p.study_form_id), ''), '643')::text, a.id
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
        try await db.client.query(try documents(f).all(Self.frdoSelect), logger: db.logger).map { row in
            let (json, application) = try row.decode((String, UUID).self)
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
