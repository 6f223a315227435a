import Foundation
import PostgresNIO

/// The learners' e-monitoring (seed 002 §3.4.12): when a group finishes, each learner who completed it is asked —
/// in «Мои сообщения» and by e-mail — to fill the e-monitoring questionnaire in force within five working days; an
/// answer after the term is refused.
public struct MonitoringService: Sendable {
    let db: Database
    let mailer: Mailer
    let zone: TimeZone
    let repository: MonitoringRepository

    public init(db: Database, mailer: Mailer, zone: TimeZone) {
        self.db = db
        self.mailer = mailer
        self.zone = zone
        self.repository = MonitoringRepository(db: db)
    }

    static let workingDays = 5
    var today: CivilDate { CivilDate(Date(), zone: zone) }

    /// `n` working days (Monday to Friday) after `day`.
    static func adding(workingDays n: Int, to day: CivilDate) -> CivilDate {
        var d = day
        var left = n
        while left > 0 {
            d = d.adding(days: 1)
            if d.weekday <= 5 { left -= 1 }
        }
        return d
    }

    /// Called in the transaction that finishes the group: asks its learners, if an e-monitoring questionnaire is in
    /// force.
    func groupFinished(_ group: UUID, on conn: PostgresConnection) async throws {
        guard let questionnaire = try await QuestionnaireAnswering(db: db).inForce("monitoring", on: conn) else {
            return
        }
        let due = Self.adding(workingDays: Self.workingDays, to: today)
        let sent = try await repository.send(
            group: group, questionnaire: questionnaire, sentOn: today.iso, dueOn: due.iso, on: conn)
        for request in sent {
            try await mailer.notify(
                userId: request.learner, email: request.email, subject: "Анкета электронного мониторинга",
                body: "Обучение в группе завершено. Пожалуйста, заполните анкету электронного мониторинга до "
                    + "\(DocumentsService.russianDate(due.iso)): это займёт несколько минут и поможет "
                    + "улучшить программу.",
                link: "/#/monitoring/\(request.id.uuidString.lowercased())", on: conn, logger: db.logger)
        }
    }

    public func mine(identity me: Identity) async throws -> String {
        "{\"items\":" + (try await repository.mine(me.userId, today: today.iso)) + "}"
    }

    /// The learner's request with the questionnaire to fill (404 for anyone else).
    public func form(_ id: UUID, identity me: Identity) async throws -> String {
        guard let r = try await repository.request(id), r.learner == me.userId else { throw Problem.notFound }
        guard let q = try await QuestionnairesRepository(db: db).detail(r.questionnaire) else { throw Problem.notFound }
        let overdue = !r.answered && CivilDate(r.dueOn)! < today
        return "{\"id\":\"\(id.uuidString.lowercased())\",\"group\":\(r.groupName.jsonLiteral),"
            + "\"program\":\(r.program.jsonLiteral),\"dueOn\":\"\(r.dueOn)\",\"answered\":\(r.answered),"
            + "\"overdue\":\(overdue),\"questionnaire\":\(q.json)}"
    }

    public func answer(_ id: UUID, answers: [String: JSONValue]?, identity me: Identity) async throws {
        try await db.transaction { conn in
            guard let r = try await repository.request(id, lock: conn), r.learner == me.userId else {
                throw Problem.notFound
            }
            if r.answered { throw Problem.conflict("Вы уже заполнили эту анкету", code: "already_answered") }
            if CivilDate(r.dueOn)! < today {
                throw Problem.conflict("Срок заполнения анкеты истёк", code: "overdue")
            }
            guard
                let answered = try await QuestionnaireAnswering(db: db).answer(
                    "monitoring", questionnaire: r.questionnaire, respondent: me.userId, subject: r.group,
                    answers: answers, on: conn)
            else { throw Problem.conflict("Вы уже заполнили эту анкету", code: "already_answered") }
            try await repository.answered(id, response: answered.response, on: conn)
        }
    }

    /// A group's e-monitoring: asked, answered, overdue — for those who read the group.
    public func summary(group: UUID, identity me: Identity) async throws -> String {
        guard let org = try await repository.groupOrg(group), TrainingAccess.canRead(me, org: org) else {
            throw Problem.notFound
        }
        return try await repository.summary(group: group, today: today.iso)
    }
}
