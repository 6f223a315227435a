import Foundation
import PostgresNIO

/// Mass applications (seed 001 §11-12): every row checked (name, e-mail, SNILS check number, position), every error
/// named by row and column, and either all rows become applications or none. Written with a handful of statements
/// whatever the size (arrays unnested by PostgreSQL), so ten thousand rows take a second or two.
public struct ApplicationBatchesService: Sendable {
    let db: Database
    let mailer: Mailer
    let repository: ApplicationBatchesRepository
    let applications: ApplicationsRepository

    public init(db: Database, mailer: Mailer) {
        self.db = db
        self.mailer = mailer
        self.repository = ApplicationBatchesRepository(db: db)
        self.applications = ApplicationsRepository(db: db)
    }

    public func submit(_ input: BatchInput, identity me: Identity) async throws -> (json: String, id: UUID) {
        var head = Validator()
        let kind = input.kind ?? ""
        if !["employees", "teachers"].contains(kind) {
            head.add("kind", "invalid_choice", "Вид пакета: employees (сотрудники) или teachers (педагоги)")
        }
        if input.programId == nil { head.add("programId", "required", "Выберите программу") }
        let comment = head.optional(input.comment, "comment", max: 2000)
        let rows = input.rows ?? []
        if rows.isEmpty { head.add("rows", "required", "Добавьте хотя бы одного человека") }
        if rows.count > ApplicationBatch.maxRows {
            head.add("rows", "too_many", "Не больше \(ApplicationBatch.maxRows) строк в одном пакете")
        }
        try head.throwIfInvalid()
        // who submits: an employer's representative for employees, an educational organization's for its teachers
        // and only from organizations whose ticked roles fit: ordering training for employees, running it for teachers
        let submitterRoles: Set<Role> = kind == "employees" ? [.employer] : [.contractor]
        let organizationRoles = kind == "employees" ? OrganizationRole.ordersTraining : OrganizationRole.runsTraining
        let candidates = me.organizations(with: organizationRoles).filter {
            me.hasAny(submitterRoles) || me.isOrgAdmin($0)
        }
        let org: UUID
        if let wanted = input.organizationId {
            guard candidates.contains(wanted) || me.hasAny(TrainingAccess.operators) else { throw Problem.forbidden }
            org = wanted
        } else if candidates.count == 1 {
            org = candidates[0]
        } else if candidates.isEmpty {
            throw Problem.forbidden
        } else {
            throw Problem.validation([
                FieldError("organizationId", "required", "Выберите организацию, от имени которой подаётся пакет")
            ])
        }

        let (clean, rowErrors) = ApplicationBatch.validate(rows)
        if !rowErrors.isEmpty { throw ApplicationBatch.rowsProblem(rowErrors) }
        // each person gets a link that attaches the application to their own account, if they accept it
        let tokens = clean.email.map { _ in SecretToken.generate() }
        let hashes = tokens.map(SecretToken.hash)
        let id: UUID = try await db.transaction { conn in
            guard let program = try await applications.openProgram(input.programId!, on: conn) else {
                throw Problem.validation([FieldError("programId", "not_found", "Нет такой опубликованной программы")])
            }
            // people an organization already sent to the program (accepted or not): named by row, nothing is written
            let taken = try await repository.alreadySent(program: input.programId!, emails: clean.email, on: conn)
            if !taken.isEmpty {
                throw ApplicationBatch.rowsProblem(
                    clean.email.enumerated().filter { taken.contains($0.element) }
                        .map {
                            FieldError(
                                "rows[\($0.offset)].email", "duplicate", "Этот человек уже направлен на программу")
                        })
            }
            let batch = try await repository.insert(
                .init(
                    kind: kind, programId: input.programId!, programOrgId: program.orgId, programName: program.name,
                    submitterOrgId: org, submittedBy: me.userId, comment: comment),
                rows: clean, tokens: tokens, hashes: hashes, link: mailer.publicURL + "/#/invitation?token=", on: conn)
            try await mailer.notifyDesk(
                of: program.orgId, subject: "Пакетная заявка № \(batch.number)",
                body: RussianPlural.count(rows.count, "человек", "человека", "человек")
                    + " на программу «\(program.name)».",
                link: "/#/applications?batchId=\(batch.id.uuidString.lowercased())", everyone: true, on: conn,
                logger: db.logger)
            return batch.id
        }
        return (try await detail(id, identity: me), id)
    }

    public func detail(_ id: UUID, identity me: Identity) async throws -> String {
        guard let found = try await repository.detail(id: id),
            TrainingAccess.canRead(me, org: found.submitter) || TrainingAccess.canRead(me, org: found.processor)
        else { throw Problem.notFound }
        return found.json
    }

    /// Batches the caller's organizations submitted or work; all for ЦОПП and the region.
    public func list(identity me: Identity, page: PageRequest) async throws -> String {
        try await repository.list(orgs: TrainingAccess.readableOrgs(me), page: page)
    }
}
