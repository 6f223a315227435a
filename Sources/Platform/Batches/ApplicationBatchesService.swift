import Foundation
import PostgresNIO

public struct BatchRow: Decodable, Sendable {
    var lastName: String?
    var firstName: String?
    var middleName: String?
    var email: String?
    var snils: String?
    var position: String?
    var phone: String?
    var birthDate: String?
    /// male / female (or М / Ж in a CSV)
    var sex: String?
}

public struct BatchInput: Decodable, Sendable {
    var programId: UUID?
    /// employees (an employer's staff) or teachers (an educational organization's, for upskilling)
    var kind: String?
    var organizationId: UUID?
    var comment: String?
    var rows: [BatchRow]?
}

/// Mass applications (seed 001 §11-12): every row checked (name, e-mail, SNILS check number, position), every error
/// named by row and column, and either all rows become applications or none. Written with a handful of statements
/// whatever the size (arrays unnested by PostgreSQL), so ten thousand rows take a second or two.
public struct ApplicationBatchesService: Sendable {
    let db: Database
    let mailer: Mailer
    public init(db: Database, mailer: Mailer) {
        self.db = db
        self.mailer = mailer
    }

    public static let maxRows = 20_000
    static let maxErrors = 500

    /// CSV columns, by their Russian or API names → the row field.
    static let columns: [String: String] = [
        "фамилия": "lastName", "lastname": "lastName", "имя": "firstName", "firstname": "firstName", "отчество": "middleName", "middlename": "middleName",
        "e-mail": "email", "email": "email", "электронная почта": "email", "снилс": "snils", "snils": "snils", "должность": "position", "position": "position",
        "телефон": "phone", "phone": "phone", "дата рождения": "birthDate", "birthdate": "birthDate", "пол": "sex", "sex": "sex",
    ]
    static let requiredColumns = [("lastName", "Фамилия"), ("firstName", "Имя"), ("email", "E-mail"), ("snils", "СНИЛС"), ("position", "Должность")]

    static func set(_ row: inout BatchRow, _ field: String, _ value: String) {
        switch field {
        case "lastName": row.lastName = value
        case "firstName": row.firstName = value
        case "middleName": row.middleName = value
        case "email": row.email = value
        case "snils": row.snils = value
        case "position": row.position = value
        case "phone": row.phone = value
        case "sex": row.sex = value
        default: row.birthDate = value
        }
    }

    /// Rows of an uploaded CSV; unknown or missing columns are errors naming them.
    public static func rows(csv text: String) throws -> [BatchRow] {
        let table = CSVReader.rows(text)
        guard let header = table.first else { throw Problem.validation([FieldError("file", "empty", "Файл пуст")]) }
        let fields = header.map { columns[$0.trimmingCharacters(in: .whitespaces).lowercased()] }
        var errors: [FieldError] = []
        for (name, field) in zip(header, fields) where field == nil && !name.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.append(FieldError("file", "unknown_column", "Неизвестный столбец «\(name)»"))
        }
        for (field, title) in requiredColumns where !fields.contains(field) {
            errors.append(FieldError("file", "missing_column", "Нет столбца «\(title)»"))
        }
        if !errors.isEmpty {
            var problem = Problem.validation(Array(errors.prefix(20)))
            if errors.count > 20 { problem.detail = "Ошибок в заголовке: \(errors.count) (показаны первые 20). Ничего не сохранено." }
            throw problem
        }
        return table.dropFirst().map { cells in
            var row = BatchRow()
            for (i, field) in fields.enumerated() where i < cells.count { if let field { set(&row, field, cells[i]) } }
            return row
        }
    }

    struct Clean {
        // optional values are "" here and NULL in the table (arrays of optionals do not bind)
        var last: [String] = [], first: [String] = [], middle: [String] = [], email: [String] = [], snils: [String] = []
        var position: [String] = [], phone: [String] = [], birth: [String] = [], sex: [String] = []
    }

    /// Checks every row; errors are `rows[i].field`.
    static func validate(_ rows: [BatchRow]) -> (Clean, [FieldError]) {
        var clean = Clean()
        var errors: [FieldError] = []
        var seenEmail: [String: Int] = [:], seenSNILS: [String: Int] = [:]
        for (i, r) in rows.enumerated() {
            var v = Validator()
            let p = "rows[\(i)]."
            let last = v.required(r.lastName, p + "lastName", max: 100)
            let first = v.required(r.firstName, p + "firstName", max: 100)
            let middle = v.optional(r.middleName, p + "middleName", max: 100)
            let email = v.email(r.email, p + "email")
            let snilsRaw = v.required(r.snils, p + "snils", max: 20)
            let snils = snilsRaw.filter(\.isNumber)
            if !snilsRaw.isEmpty && !RussianIdentifiers.isValidSNILS(snilsRaw) { v.add(p + "snils", "invalid_snils", "СНИЛС указан неверно (контрольное число)") }
            let position = v.required(r.position, p + "position", max: 200)
            let phone = v.phone(r.phone, p + "phone")
            let birth = v.date(r.birthDate, p + "birthDate")
            let sex: String
            switch r.sex?.trimmingCharacters(in: .whitespaces).lowercased() ?? "" {
            case "": sex = ""
            case "м", "муж", "мужской", "male": sex = "male"
            case "ж", "жен", "женский", "female": sex = "female"
            default: sex = ""; v.add(p + "sex", "invalid_choice", "Пол: М или Ж")
            }
            if !email.isEmpty, let other = seenEmail[email] { v.add(p + "email", "duplicate", "Этот адрес уже в строке \(other + 1)") }
            if !snils.isEmpty, let other = seenSNILS[snils] { v.add(p + "snils", "duplicate", "Этот СНИЛС уже в строке \(other + 1)") }
            seenEmail[email] = seenEmail[email] ?? i
            seenSNILS[snils] = seenSNILS[snils] ?? i
            errors += v.errors
            clean.last.append(last); clean.first.append(first); clean.middle.append(middle ?? ""); clean.email.append(email); clean.snils.append(snils)
            clean.position.append(position); clean.phone.append(phone ?? ""); clean.birth.append(birth ?? ""); clean.sex.append(sex)
        }
        return (clean, errors)
    }

    public func submit(_ input: BatchInput, identity me: Identity) async throws -> (json: String, id: UUID) {
        var head = Validator()
        let kind = input.kind ?? ""
        if !["employees", "teachers"].contains(kind) { head.add("kind", "invalid_choice", "Вид пакета: employees (сотрудники) или teachers (педагоги)") }
        if input.programId == nil { head.add("programId", "required", "Выберите программу") }
        let comment = head.optional(input.comment, "comment", max: 2000)
        let rows = input.rows ?? []
        if rows.isEmpty { head.add("rows", "required", "Добавьте хотя бы одного человека") }
        if rows.count > Self.maxRows { head.add("rows", "too_many", "Не больше \(Self.maxRows) строк в одном пакете") }
        try head.throwIfInvalid()
        // who submits: an employer's representative for employees, an educational organization's for its teachers
        let submitterRoles: Set<Role> = kind == "employees" ? [.employer] : [.contractor]
        let candidates = me.orgs.filter { claim in
            guard let id = UUID(uuidString: claim.id) else { return false }
            return me.hasAny(submitterRoles) || me.isOrgAdmin(id)
        }.compactMap { UUID(uuidString: $0.id) }
        let org: UUID
        if let wanted = input.organizationId {
            guard candidates.contains(wanted) || me.hasAny(TrainingAccess.operators) else { throw Problem.forbidden }
            org = wanted
        } else if candidates.count == 1 {
            org = candidates[0]
        } else if candidates.isEmpty {
            throw Problem.forbidden
        } else {
            throw Problem.validation([FieldError("organizationId", "required", "Выберите организацию, от имени которой подаётся пакет")])
        }

        let (clean, rowErrors) = Self.validate(rows)
        if !rowErrors.isEmpty { throw Self.rowsProblem(rowErrors) }
        // each person gets a link that attaches the application to their own account, if they accept it
        let tokens = clean.email.map { _ in SecretToken.generate() }
        let hashes = tokens.map(SecretToken.hash)
        let id: UUID = try await db.transaction { conn in
            guard let program = try await conn.rows(
                """
                SELECT p.org_id, p.full_name FROM programs p JOIN organizations o ON o.id = p.org_id
                WHERE p.id = \(input.programId!) AND p.status = 'published' AND o.status = 'approved'
                """, logger: db.logger).first?.decode((UUID, String).self)
            else { throw Problem.validation([FieldError("programId", "not_found", "Нет такой опубликованной программы")]) }
            // people an organization already sent to the program (accepted or not): named by row, nothing is written.
            // A person's own application does not count and is not revealed.
            let taken = try await conn.rows(
                """
                SELECT email FROM applications WHERE program_id = \(input.programId!) AND email = ANY(\(clean.email))
                  AND batch_id IS NOT NULL AND status IN ('new', 'postponed', 'confirmed', 'studying')
                """, logger: db.logger).map { try $0.decode(String.self) }
            if !taken.isEmpty {
                let set = Set(taken)
                throw Self.rowsProblem(clean.email.enumerated().filter { set.contains($0.element) }
                    .map { FieldError("rows[\($0.offset)].email", "duplicate", "Этот человек уже направлен на программу") })
            }
            let batch = try await conn.rows(
                """
                INSERT INTO application_batches (kind, program_id, submitter_org_id, submitted_by, comment, size)
                VALUES (\(kind), \(input.programId!), \(org), \(me.userId), \(comment), \(rows.count)) RETURNING id, number
                """, logger: db.logger)[0].decode((UUID, Int).self)
            let link = mailer.publicURL + "/#/invitation?token="
            try await conn.run(
                """
                WITH r AS (SELECT * FROM unnest(\(clean.last)::text[], \(clean.first)::text[], \(clean.middle)::text[], \(clean.email)::text[],
                                                \(clean.snils)::text[], \(clean.position)::text[], \(clean.phone)::text[], \(clean.birth)::text[],
                                                \(clean.sex)::text[], \(tokens)::text[], \(hashes)::text[])
                           AS r(last_name, first_name, middle_name, email, snils, position, phone, birth_date, sex, token, token_hash)),
                ins AS (INSERT INTO applications (program_id, org_id, batch_id, last_name, first_name, middle_name, email, snils, position, phone, birth_date, sex)
                        SELECT \(input.programId!), \(program.0), \(batch.0), r.last_name, r.first_name, nullif(r.middle_name, ''), r.email, r.snils,
                               r.position, nullif(r.phone, ''), nullif(r.birth_date, '')::date, nullif(r.sex, '') FROM r
                        RETURNING id, email),
                inv AS (INSERT INTO application_invitations (application_id, token_hash, expires_at)
                        SELECT ins.id, r.token_hash, now() + make_interval(days => \(ApplicationInvitationsService.lifetimeDays)::int)
                        FROM ins JOIN r ON r.email = ins.email),
                ev AS (INSERT INTO application_events (application_id, action, to_status, actor_id, details)
                       SELECT id, 'apply', 'new', \(me.userId), jsonb_build_object('batch', \(batch.1)) FROM ins)
                INSERT INTO jobs (kind, payload)
                SELECT 'email', jsonb_build_object('to', r.email, 'subject', 'Заявка на обучение',
                         'body', 'Здравствуйте! Организация «' || o.short_name || '» подала заявку на ваше обучение '
                                 || 'по программе «' || \(program.1) || '». О решении сообщим письмом.' || E'\n\n'
                                 || 'Чтобы следить за заявкой в личном кабинете платформы ЦОПП, откройте ссылку и войдите '
                                 || '(или зарегистрируйтесь): ' || \(link) || r.token || E'\n' || 'Ссылка действует '
                                 || \(ApplicationInvitationsService.lifetimeDays) || ' дней. Если вы не знаете об этой заявке, '
                                 || 'просто не открывайте её: без вашего согласия заявка не появится в вашем кабинете.')
                FROM ins JOIN r ON r.email = ins.email JOIN organizations o ON o.id = \(org)
                """, logger: db.logger)
            try await InboxRepository.addForDesk(of: program.0, subject: "Пакетная заявка № \(batch.1)",
                                                                 body: "\(rows.count) человек на программу «\(program.1)».",
                                                                 link: "/#/applications?batchId=\(batch.0.uuidString.lowercased())", on: conn, logger: db.logger)
            return batch.0
        }
        return (try await detail(id, identity: me), id)
    }

    static func rowsProblem(_ errors: [FieldError]) -> Problem {
        var problem = Problem.validation(Array(errors.prefix(maxErrors)))
        let rows = Set(errors.compactMap { $0.field.split(separator: "]").first }).count
        problem.detail = "Строк с ошибками: \(rows), ошибок: \(errors.count)" + (errors.count > maxErrors ? " (показаны первые \(maxErrors))" : "") + ". Ничего не сохранено."
        return problem
    }

    static let detailSQL = """
        json_build_object('id', b.id, 'number', b.number, 'kind', b.kind, 'size', b.size, 'comment', b.comment,
          'createdAt', \(OrganizationProfileRepository.utc("b.created_at")),
          'program', json_build_object('id', p.id, 'fullName', p.full_name),
          'organization', json_build_object('id', o.id, 'shortName', o.short_name),
          'counts', (SELECT coalesce(json_object_agg(status, n), '{}') FROM (SELECT status, count(*) AS n FROM applications WHERE batch_id = b.id GROUP BY status) c),
          'status', (SELECT CASE WHEN bool_and(status = 'new') THEN 'submitted'
                                 WHEN bool_or(status IN ('new', 'postponed')) THEN 'in_progress' ELSE 'processed' END
                     FROM applications WHERE batch_id = b.id))
        """

    public func detail(_ id: UUID, identity me: Identity) async throws -> String {
        guard let row = try await db.rows(
            """
            SELECT \(unescaped: Self.detailSQL)::text, b.submitter_org_id, p.org_id FROM application_batches b
            JOIN programs p ON p.id = b.program_id JOIN organizations o ON o.id = b.submitter_org_id WHERE b.id = \(id)
            """).first else { throw Problem.notFound }
        let (json, submitter, processor) = try row.decode((String, UUID, UUID).self)
        guard TrainingAccess.canRead(me, org: submitter) || TrainingAccess.canRead(me, org: processor) else { throw Problem.notFound }
        return json
    }

    /// Whether the caller's organization submitted the batch (an employer follows its employees' applications through it).
    public func submittedByCaller(_ id: UUID, identity me: Identity) async throws -> Bool {
        guard let org = try await db.rows("SELECT submitter_org_id FROM application_batches WHERE id = \(id)").first?.decode(UUID.self) else { return false }
        return me.orgIds.contains(org)
    }

    /// Batches the caller's organizations submitted or work; all for ЦОПП and the region.
    public func list(identity me: Identity, page: PageRequest) async throws -> String {
        let orgs = TrainingAccess.readableOrgs(me)
        let rows = try await db.rows(
            """
            SELECT \(unescaped: Self.detailSQL)::text, b.created_at, b.id FROM application_batches b
            JOIN programs p ON p.id = b.program_id JOIN organizations o ON o.id = b.submitter_org_id
            WHERE (\(orgs)::uuid[] IS NULL OR b.submitter_org_id = ANY(\(orgs)) OR p.org_id = ANY(\(orgs)))
              AND (\(page.cursor?.micros)::bigint IS NULL
                   OR (b.created_at, b.id) < ('epoch'::timestamptz + \(page.cursor?.micros) * interval '1 microsecond', \(page.cursor?.id)))
            ORDER BY b.created_at DESC, b.id DESC LIMIT \(page.limit + 1)
            """)
        return page.jsonPage(try rows.map { let c = try $0.decode((String, Date, UUID).self); return (c.0, c.1.cursorKey, c.2) })
    }
}
