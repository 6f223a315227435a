import Foundation
import PostgresNIO

/// A full group's waitlist moves when a place frees (SPEC §7): a confirmed application cancelled, a learner expelled,
/// the group's size raised. The first in the queue are confirmed into the free places, in order of arrival, inside
/// the transaction that freed them (the group row is locked, as confirmations lock it), and told by inbox and e-mail.
struct Waitlist: Sendable {
    let db: Database
    let mailer: Mailer

    func fill(group id: UUID, on conn: PostgresConnection) async throws {
        let groups = GroupsRepository(db: db)
        let applications = ApplicationsRepository(db: db)
        guard let group = try await groups.lock(id: id, on: conn), group.status == .notFormed || group.status == .formed
        else { return }
        let free = group.maxSize - (try await groups.seatsTaken(id, on: conn))
        guard free > 0 else { return }
        let briefing = try await groups.briefing(id, on: conn)
        for waiting in try await applications.firstWaitlisted(group: id, count: free, on: conn) {
            try await applications.place(waiting.id, inGroup: id, on: conn)
            try await applications.setStatus(waiting.id, .confirmed, on: conn)
            try await applications.recordEvent(
                waiting.id, action: ApplicationAction.confirm.rawValue, from: .waitlisted, to: .confirmed, actor: nil,
                comment: "Освободилось место: заявка переведена из листа ожидания в группу «\(group.name)»",
                on: conn)
            try await ApplicationsService.notifyLearner(
                waiting.id, learner: waiting.learner, email: waiting.email,
                subject: "Заявка № \(waiting.number): подтверждена",
                body: "Программа «\(waiting.program)». В группе «\(group.name)» освободилось место: "
                    + "вы записаны в группу из листа ожидания." + (briefing.map { " " + $0.text } ?? ""),
                mailer: mailer, on: conn, logger: db.logger)
        }
    }
}
