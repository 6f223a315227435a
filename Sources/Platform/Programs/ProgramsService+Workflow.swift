import Foundation
import PostgresNIO

/// The program's workflow: moderation steps, new versions, restoring, deleting, and who is told.
extension ProgramsService {
    /// A step of the program's workflow (submit, publish, return, archive, revise, restore); an illegal one is 409
    /// listing the allowed actions.
    public func act(_ id: UUID, _ action: ProgramAction, comment: String?, identity: Identity, actor: Actor)
        async throws -> (json: String, version: Int)
    {
        let comment = comment?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty
        if action == .returnForRevision && comment == nil {
            throw Problem.validation([FieldError("comment", "required", "Напишите, что нужно исправить")])
        }
        // the card answered: the new version after `revise`, the published program after a new version is published
        let shown = try await db.transaction { conn -> UUID in
            let (program, who) = try await requireActor(id, identity, on: conn)
            let next = try ProgramWorkflow.next(action, from: program.status, by: who, what: "программа")
            if action == .submit { try await checkComplete(id, on: conn) }
            guard
                try await repository.changeStatus(
                    id: id, from: program.status, to: next, action: action, actor: identity.userId, comment: comment,
                    on: conn)
            else { throw Problem.conflict("Статус программы уже изменён", code: "illegal_transition", allowed: []) }
            // a step's comment lives in its history entry (the thread shows it there); stored as a comment too, it
            // showed twice
            var shown = id
            if action == .revise {
                shown = try await repository.copyAsNewVersion(id, author: identity.userId, on: conn)
            } else if action == .publish, let published = try await repository.revisionOf(id, on: conn) {
                // the new version replaces the published program's content; links, groups and applications keep
                // the published program's id, and its history gains the new version's steps
                try await repository.publishNewVersion(id, over: published, on: conn)
                shown = published
            }
            try await notify(
                shown, action: action, orgId: program.orgId, authorId: program.authorId, comment: comment, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: action.rawValue, entity: "program", entityId: id,
                before: ["status": program.status.rawValue],
                after: ["status": next.rawValue, "program": shown.uuidString.lowercased()], requestId: actor.requestId,
                on: conn, logger: db.logger)
            return shown
        }
        return try await detail(shown, identity: identity)
    }

    /// Deletes a program never published, after the author confirmed it (seed 000 §5 «Удалить программу»); a program
    /// with groups or applications is kept (409).
    public func delete(_ id: UUID, identity: Identity, actor: Actor) async throws {
        try await db.transaction { conn in
            let (program, who) = try await requireActor(id, identity, on: conn)
            guard who == .owner, ProgramWorkflow.deletable.contains(program.status) else {
                throw Problem.conflict(
                    "Удалить можно только черновик или программу на доработке своей организации", code: "not_deletable",
                    allowed: ProgramWorkflow.allowed(from: program.status, by: who).map(\.rawValue))
            }
            guard try await !repository.everPublished(id, on: conn) else {
                throw Problem.conflict(
                    "Программа уже публиковалась: её можно снять с публикации, но не удалить", code: "not_deletable",
                    allowed: ProgramWorkflow.allowed(from: program.status, by: who).map(\.rawValue))
            }
            guard try await !repository.inUse(id, on: conn) else {
                throw Problem.conflict("У программы есть группы или заявки: её нельзя удалить", code: "in_use")
            }
            let values = try await repository.values(id: id, on: conn)
            try await repository.delete(id, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "delete", entity: "program", entityId: id, before: values,
                after: Optional<String>.none, requestId: actor.requestId, on: conn, logger: db.logger)
        }
    }

    /// What a program needs before moderators see it; every gap is named.
    func checkComplete(_ id: UUID, on conn: PostgresConnection) async throws {
        guard let p = try await repository.values(id: id, on: conn) else { throw Problem.notFound }
        var v = Validator()
        if p.kindId == nil { v.add("kindId", "required", "Укажите вид программы") }
        if p.studyFormId == nil { v.add("studyFormId", "required", "Укажите форму обучения") }
        if (p.description ?? "").count < 100 {
            v.add("description", "too_short", "Опишите программу (не менее 100 символов)")
        }
        if p.funding != "free" && p.price == nil {
            v.add("price", "required", "Укажите стоимость или выберите бесплатное обучение")
        }
        if try await repository.moduleCount(id: id, on: conn) == 0 {
            v.add("moduleIds", "required", "Добавьте в программу хотя бы один модуль")
        } else {
            let hours = try await repository.hours(id: id, on: conn)
            if hours <= 0 {
                v.add("moduleIds", "no_hours", "В модулях программы нет занятий: заполните учебно-тематический план")
            }
            // the legal length of the kind and subkind (directory data, migration 0024)
            for (kind, details) in try await repository.kindLimits(id: id, on: conn) where hours > 0 {
                if let broken = details.violation(hours: hours, kind: kind) {
                    v.add("moduleIds", "hours_out_of_range", "Часы не соответствуют виду программы: " + broken)
                }
            }
        }
        try v.throwIfInvalid()
    }

    func notify(
        _ id: UUID, action: ProgramAction, orgId: UUID, authorId: UUID?, comment: String?, on conn: PostgresConnection
    ) async throws {
        let name = try await repository.name(id: id, on: conn)
        // the «Модерация» tab: the decision, the comment and the thread are there
        let link = "/#/programs/\(id.uuidString.lowercased())/moderation"
        let recipients: [(UUID, String)]
        let subject: String
        let body: String
        switch action {
        case .submit:
            recipients = try await UsersRepository(db: db).moderators(on: conn)
            subject = "Программа на модерации"
            body = "Программа «\(name)» отправлена на модерацию."
        case .revise, .restore:
            return
        case .publish, .returnForRevision, .archive:
            recipients = try await repository.owners(author: authorId, org: orgId, on: conn)
            subject =
                action == .publish
                ? "Программа опубликована"
                : action == .archive ? "Программа снята с публикации" : "Программа возвращена на доработку"
            body =
                action == .publish
                ? "Программа «\(name)» опубликована в каталоге."
                : action == .archive
                    ? "Программа «\(name)» перенесена в архив."
                    : "Программа «\(name)» возвращена на доработку.\nКомментарий модератора: \(comment ?? "")"
        }
        for (userId, email) in recipients {
            try await mailer.notify(
                userId: userId, email: email, subject: subject, body: body, link: link, on: conn, logger: db.logger)
        }
    }
}
