import Foundation
import PostgresNIO

/// Admin actions on accounts and organizations (seed 001 §29); each one writes the audit log in its transaction.
public struct AdminService: Sendable {
    let db: Database
    let users: UsersRepository
    let adminUsers: AdminUsersRepository
    let orgs: OrganizationsRepository
    let tokens: TokensRepository
    let accounts: AccountService
    let mailer: Mailer

    public init(db: Database, accounts: AccountService, mailer: Mailer) {
        self.db = db
        self.users = UsersRepository(db: db)
        self.adminUsers = AdminUsersRepository(db: db)
        self.orgs = OrganizationsRepository(db: db)
        self.tokens = TokensRepository(db: db)
        self.accounts = accounts
        self.mailer = mailer
    }

    /// Creates an account with roles (optionally in an organization); the person gets a set-password link.
    public func createUser(_ input: StaffInput, actor: Actor) async throws -> Profile {
        var v = Validator()
        let person = v.person(
            email: input.email, lastName: input.lastName, firstName: input.firstName, middleName: input.middleName,
            phone: input.phone)
        let roles = Self.roles(input.roles, allowed: Set(Role.allCases), v: &v)
        let level = input.level ?? "member"
        v.check(["admin", "member"].contains(level), "level", "invalid_choice", "Уровень: admin или member")
        try v.throwIfInvalid()
        let id = try await db.transaction { conn in
            if let orgId = input.organizationId {
                guard try await orgs.summary(id: orgId, on: conn) != nil else {
                    throw Problem.validation([FieldError("organizationId", "not_found", "Организация не найдена")])
                }
            }
            let id = try await users.insert(
                person, passwordHash: nil, roles: roles, consent: false, grantedBy: actor.userId, on: conn)
            if let orgId = input.organizationId {
                try await orgs.addMember(userId: id, orgId: orgId, level: level, position: input.position, on: conn)
            }
            try await accounts.sendSetPassword(
                userId: id, email: person.email, invitedTo: "роли: " + roles.map(\.rawValue).joined(separator: ", "),
                on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "create", entity: "user", entityId: id, before: Optional<PersonAudit>.none,
                after: PersonAudit(person, roles: roles.map(\.rawValue)), requestId: actor.requestId, on: conn,
                logger: db.logger)
            return id
        }
        guard let profile = try await users.profile(userId: id) else { throw Problem.notFound }
        return profile
    }

    static func roles(_ names: [String]?, allowed: Set<Role>, v: inout Validator) -> [Role] {
        var result: [Role] = []
        if (names ?? []).isEmpty { v.add("roles", "required", "Выберите хотя бы одну роль") }
        for (i, name) in (names ?? []).enumerated() {
            if let role = Role(rawValue: name), allowed.contains(role) {
                result.append(role)
            } else {
                v.add("roles[\(i)]", "invalid_choice", "Недопустимая роль «\(name)»")
            }
        }
        return result
    }

    /// Roles a moderator may not block: the people who administer and moderate the platform themselves.
    static let protectedFromModerators: Set<Role> = [.admin, .moderator]

    public func changeState(
        _ change: AdminUsersRepository.StateChange, userId: UUID, reason: String?, actor: Actor, by me: Identity
    ) async throws -> Profile {
        if userId == actor.userId && (change == .block || change == .delete) {
            throw Problem.conflict("Нельзя заблокировать или удалить собственную учётную запись", code: "self_action")
        }
        try await db.transaction { conn in
            guard let before = try await users.profile(userId: userId, on: conn) else { throw Problem.notFound }
            // a moderator blocks learners and organizations' people, not administrators or other moderators
            let roles = Set(before.roles.compactMap(Role.init(rawValue:)))
            if !me.has(.admin), !roles.isDisjoint(with: Self.protectedFromModerators) { throw Problem.forbidden }
            guard try await adminUsers.change(change, userId: userId, reason: reason, on: conn) else {
                let allowed =
                    before.deleted ? ["restore"] : (before.blocked ? ["unblock", "delete"] : ["block", "delete"])
                throw Problem.conflict(
                    "Действие «\(change.rawValue)» недоступно в текущем состоянии учётной записи",
                    code: "illegal_transition", allowed: allowed)
            }
            if change == .block || change == .delete { try await tokens.revokeAll(userId: userId, on: conn) }
            try await AuditLog.record(
                actor: actor.userId, action: change.rawValue, entity: "user", entityId: userId,
                before: StateAudit(blocked: before.blocked, deleted: before.deleted),
                after: StateAudit(
                    blocked: change == .block || (before.blocked && change != .unblock),
                    deleted: change == .delete || (before.deleted && change != .restore), reason: reason),
                requestId: actor.requestId, on: conn, logger: db.logger)
        }
        accounts.accountStates.changed([userId])
        guard let profile = try await users.profile(userId: userId, includeDeleted: true) else {
            throw Problem.notFound
        }
        return profile
    }

    public func setRole(_ roleName: String, userId: UUID, granted: Bool, actor: Actor) async throws -> Profile {
        guard let role = Role(rawValue: roleName) else {
            throw Problem.validation([FieldError("role", "invalid_choice", "Неизвестная роль «\(roleName)»")])
        }
        if !granted && role == .admin && userId == actor.userId {
            throw Problem.conflict("Нельзя снять с себя роль администратора", code: "self_action")
        }
        try await db.transaction { conn in
            guard let before = try await users.profile(userId: userId, on: conn), !before.deleted else {
                throw Problem.notFound
            }
            if granted {
                try await users.grant(role, to: userId, by: actor.userId, on: conn)
            } else {
                _ = try await users.revoke(role, from: userId, on: conn)
            }
            let after =
                granted
                ? Array(Set(before.roles + [role.rawValue])).sorted() : before.roles.filter { $0 != role.rawValue }
            try await AuditLog.record(
                actor: actor.userId, action: granted ? "grant_role" : "revoke_role", entity: "user", entityId: userId,
                before: ["roles": before.roles], after: ["roles": after], requestId: actor.requestId, on: conn,
                logger: db.logger)
        }
        accounts.accountStates.changed([userId])
        guard let profile = try await users.profile(userId: userId) else { throw Problem.notFound }
        return profile
    }

    /// Approves or rejects a pending organization and tells its applicant by e-mail and inbox.
    public func moderate(orgId: UUID, approve: Bool, comment: String?, actor: Actor) async throws -> OrganizationSummary
    {
        let comment = comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        if !approve && (comment ?? "").isEmpty {
            throw Problem.validation([FieldError("comment", "required", "Укажите причину отклонения")])
        }
        // its members' rights change with the status: this server forgets them now, the others by NOTIFY
        defer { accounts.accountStates.changed("organization moderated") }
        return try await db.transaction { conn in
            guard let before = try await orgs.summary(id: orgId, on: conn) else { throw Problem.notFound }
            let status = approve ? "approved" : "rejected"
            guard try await orgs.moderate(id: orgId, to: status, comment: comment, on: conn) else {
                throw Problem.conflict(
                    "Организация уже рассмотрена (статус \(before.status))", code: "illegal_transition", allowed: [])
            }
            for (id, email) in try await orgs.admins(orgId: orgId, on: conn) {
                let body =
                    approve
                    ? "Организация «\(before.shortName)» одобрена. Войдите в личный кабинет, "
                        + "чтобы заполнить профиль и добавить сотрудников."
                    : "Заявка на регистрацию организации «\(before.shortName)» отклонена.\nПричина: \(comment ?? "")"
                try await mailer.notify(
                    userId: id, email: email,
                    subject: approve ? "Организация одобрена" : "Регистрация организации отклонена",
                    body: body, link: "/#/cabinet", on: conn, logger: db.logger)
            }
            try await AuditLog.record(
                actor: actor.userId, action: approve ? "approve" : "reject", entity: "organization", entityId: orgId,
                before: ["status": before.status], after: ["status": status, "comment": comment ?? ""],
                requestId: actor.requestId, on: conn, logger: db.logger)
            var after = before
            after.status = status
            after.moderationComment = comment
            return after
        }
    }
}

struct StateAudit: Codable, Sendable {
    var blocked: Bool
    var deleted: Bool
    var reason: String?
}
