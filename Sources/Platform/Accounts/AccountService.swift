import Foundation
import Logging
import PostgresNIO

/// Registration, login, tokens and passwords: the rules of SPEC §2 over the accounts repositories.
public struct AccountService: Sendable {
    let db: Database
    let users: UsersRepository
    let orgs: OrganizationsRepository
    let tokens: TokensRepository
    let limiter: RateLimiter
    let passwords: Passwords
    let accessTokens: AccessTokens
    let mailer: Mailer
    /// The session check's memory of account states: this server forgets a user the moment it revoked their sessions
    /// (other servers hear of it by NOTIFY account_changed).
    public let accountStates: AccountStates

    public init(
        db: Database, passwords: Passwords, accessTokens: AccessTokens, mailer: Mailer,
        accountStates: AccountStates = AccountStates()
    ) {
        self.db = db
        self.users = UsersRepository(db: db)
        self.orgs = OrganizationsRepository(db: db)
        self.tokens = TokensRepository(db: db)
        self.limiter = RateLimiter(db: db)
        self.passwords = passwords
        self.accessTokens = accessTokens
        self.mailer = mailer
        self.accountStates = accountStates
    }

    /// 20 registrations an hour per client address: each costs a bcrypt hash and sends mail (moderators' too).
    func limitRegistrations(ip: String) async throws {
        if case .wait(let seconds) = try await limiter.take([.registrations(ip)]) {
            throw RateLimiter.problem("Слишком много регистраций с вашего адреса", seconds: seconds)
        }
    }

    public func registerLearner(_ r: LearnerRegistration, actor: Actor, ip: String) async throws -> Profile {
        var v = Validator()
        let person = v.person(
            email: r.email, lastName: r.lastName, firstName: r.firstName, middleName: r.middleName,
            phone: r.phone, birthDate: r.birthDate, snils: r.snils)
        v.password(r.password, "password", email: person.email)
        v.check(
            r.personalDataConsent == true, "personalDataConsent", "consent_required",
            "Необходимо согласие на обработку персональных данных")
        try v.throwIfInvalid()
        try await limitRegistrations(ip: ip)
        let hash = try await passwords.hash(r.password ?? "")
        let id = try await db.transaction { conn in
            let id = try await users.insert(
                person, passwordHash: hash, roles: [.learner], consent: true, grantedBy: nil, on: conn)
            try await sendConfirmation(userId: id, email: person.email, on: conn)
            try await AuditLog.record(
                actor: id, action: "register", entity: "user", entityId: id, before: Optional<PersonAudit>.none,
                after: PersonAudit(person, roles: ["learner"]), requestId: actor.requestId, on: conn, logger: db.logger)
            return id
        }
        guard let profile = try await users.profile(userId: id) else { throw Problem.notFound }
        return profile
    }

    public func registerOrganization(_ r: OrganizationRegistration, actor: Actor, ip: String) async throws -> (
        Profile, UUID
    ) {
        var v = Validator()
        let org = v.organization(r.organization)
        let a = r.account ?? AccountInput()
        let person = v.person(
            email: a.email, lastName: a.lastName, firstName: a.firstName, middleName: a.middleName, prefix: "account.")
        v.password(a.password, "account.password", email: person.email)
        try v.throwIfInvalid()
        try await limitRegistrations(ip: ip)
        let hash = try await passwords.hash(a.password ?? "")
        let role: Role = org.kind == "employer" ? .employer : .contractor
        let (userId, orgId) = try await db.transaction { conn in
            let orgId = try await orgs.insert(org, on: conn)
            let userId = try await users.insert(
                person, passwordHash: hash, roles: [role], consent: r.personalDataConsent ?? true,
                grantedBy: nil, on: conn)
            try await orgs.addMember(userId: userId, orgId: orgId, level: "admin", position: nil, on: conn)
            try await sendConfirmation(userId: userId, email: person.email, on: conn)
            try await AuditLog.record(
                actor: userId, action: "register", entity: "organization", entityId: orgId,
                before: Optional<NewOrganization>.none, after: org, requestId: actor.requestId, on: conn,
                logger: db.logger)
            try await notifyModerators(org: org, on: conn)
            return (userId, orgId)
        }
        guard let profile = try await users.profile(userId: userId) else { throw Problem.notFound }
        return (profile, orgId)
    }

    func notifyModerators(org: NewOrganization, on conn: PostgresConnection) async throws {
        let moderators = try await users.moderators(on: conn)
        for (id, email) in moderators {
            try await mailer.notify(
                userId: id, email: email, subject: "Новая организация ожидает проверки",
                body: "Организация «\(org.shortName)» (ИНН \(org.inn)) зарегистрировалась на платформе "
                    + "и ожидает одобрения.",
                link: "/#/admin/organizations", on: conn, logger: db.logger)
        }
    }

    func sendConfirmation(userId: UUID, email: String, on conn: PostgresConnection) async throws {
        let token = try await tokens.issueLink(userId: userId, purpose: .confirmEmail, on: conn)
        try await mailer.email(confirmationMail(to: email, token: token), on: conn, logger: db.logger)
    }

    func confirmationMail(to email: String, token: String) -> OutgoingMail {
        OutgoingMail(
            to: email, subject: "Подтвердите адрес электронной почты",
            body: """
                Здравствуйте!

                Вы зарегистрировались на платформе ЦОПП. Чтобы подтвердить адрес электронной почты, откройте ссылку:
                \(mailer.link("/confirm-email", token: token))

                Ссылка действует 72 часа. Если вы не регистрировались, просто удалите это письмо.
                """)
    }

    /// Sends a set-password link to an account created by someone else (admin, organization admin).
    func sendSetPassword(userId: UUID, email: String, invitedTo place: String, on conn: PostgresConnection) async throws
    {
        let token = try await tokens.issueLink(userId: userId, purpose: .setPassword, on: conn)
        try await mailer.email(
            OutgoingMail(
                to: email, subject: "Доступ к платформе ЦОПП",
                body: """
                    Здравствуйте!

                    Для вас создана учётная запись на платформе ЦОПП (\(place)). Логин: \(email).
                    Чтобы задать пароль и войти, откройте ссылку:
                    \(mailer.link("/set-password", token: token))

                    Ссылка действует 7 дней.
                    """), on: conn, logger: db.logger)
    }

    public func confirmEmail(token: String?) async throws {
        guard let token, !token.isEmpty else {
            throw Problem.validation([FieldError("token", "required", "Нет токена подтверждения")])
        }
        try await db.transaction { conn in
            guard let (userId, _) = try await tokens.consumeLink(token, purposes: [.confirmEmail], on: conn) else {
                throw Problem.validation([
                    FieldError("token", "invalid_token", "Ссылка недействительна или устарела. Запросите новую.")
                ])
            }
            try await users.confirmEmail(userId: userId, on: conn)
        }
    }

    /// Sends the confirmation link again to an unconfirmed account; the same answer and work for any address.
    public func resendConfirmation(email: String?, ip: String) async throws {
        let email = try await mailLimited("confirm_email", email: email, ip: ip)
        let token = SecretToken.generate()
        try await tokens.issueLink(
            toEmail: email, purpose: .confirmEmail, token: token, unconfirmedOnly: true,
            mail: confirmationMail(to: email, token: token))
    }

    /// The checked address, after the limits on e-mails a stranger can make us send (per address and per client).
    func mailLimited(_ purpose: String, email: String?, ip: String) async throws -> String {
        var v = Validator()
        let email = v.email(email, "email")
        try v.throwIfInvalid()
        if case .wait(let seconds) = try await limiter.take([.mailTo(purpose, email), .mailFrom(purpose, ip)]) {
            throw RateLimiter.problem("Слишком много писем", seconds: seconds)
        }
        return email
    }

    public func login(_ r: LoginRequest, ip: String) async throws -> TokenPair {
        var v = Validator()
        let email = v.required(r.email, "email", max: 254).lowercased()
        if (r.password ?? "").isEmpty { v.add("password", "required", "Введите пароль") }
        try v.throwIfInvalid()
        // the attempt counts as a failure from the start; a correct password takes it back
        let account = RateLimit.loginAccount(email)
        let recorded: [Int64]
        switch try await limiter.take([account, .loginAddress(ip)]) {
        case .wait(let seconds): throw RateLimiter.problem("Слишком много попыток входа", seconds: seconds)
        case .allowed(let ids): recorded = ids
        }
        let password = r.password ?? ""
        let creds = try await users.credentials(email: email)
        var valid = false
        if let hash = creds?.passwordHash {
            valid = try await passwords.verify(password, hash: hash)
        } else {
            // same work as a real check: timing does not reveal which e-mails exist
            _ = try await passwords.hash(password)
        }
        guard let creds, valid else {
            throw Problem(.unauthorized, "Неверный e-mail или пароль", code: "invalid_credentials")
        }
        try await limiter.succeeded(account, recorded: recorded)
        if creds.blocked {
            throw Problem(
                .forbidden, "Учётная запись заблокирована", detail: "Обратитесь к администратору платформы",
                code: "account_blocked")
        }
        if !creds.confirmed {
            throw Problem(
                .forbidden, "Адрес электронной почты не подтверждён",
                detail: "Откройте ссылку из письма или запросите новое письмо", code: "email_not_confirmed")
        }
        return try await issueTokens(userId: creds.id, family: UUID())
    }

    func issueTokens(userId: UUID, family: UUID) async throws -> TokenPair {
        guard let identity = try await users.identity(userId: userId) else { throw Problem.unauthorized }
        let access = try await accessTokens.issue(for: identity)
        let refresh = try await tokens.issueRefresh(userId: userId, family: family)
        return TokenPair(accessToken: access, refreshToken: refresh, expiresIn: AccessTokens.lifetimeSeconds)
    }

    public func refresh(_ token: String?) async throws -> TokenPair {
        guard let token, !token.isEmpty, let (userId, family) = try await tokens.rotate(token) else {
            throw Problem(.unauthorized, "Сессия истекла", detail: "Войдите снова", code: "invalid_refresh_token")
        }
        return try await issueTokens(userId: userId, family: family)
    }

    /// Ends the refresh token's session and every access token of the account issued so far (the caller's included):
    /// other devices of the same person keep their refresh tokens and simply get a new access token on their next call.
    public func logout(_ token: String?, caller: Identity?) async throws {
        let refresh = token.flatMap { $0.isEmpty ? nil : $0 }
        if let user = try await tokens.logout(refreshToken: refresh, caller: caller?.userId) {
            accountStates.changed([user])
        }
    }

    /// Sends a reset link if the address has an account; the same answer and work for any address.
    public func requestPasswordReset(email: String?, ip: String) async throws {
        let email = try await mailLimited("password_reset", email: email, ip: ip)
        let token = SecretToken.generate()
        let mail = OutgoingMail(
            to: email, subject: "Восстановление пароля",
            body: """
                Здравствуйте!

                Кто-то (возможно, вы) запросил восстановление пароля на платформе ЦОПП. Чтобы задать новый пароль,\
                 откройте ссылку:
                \(mailer.link("/reset-password", token: token))

                Ссылка действует 2 часа. Если вы не запрашивали восстановление, ничего не делайте — пароль останется\
                 прежним.
                """)
        try await tokens.issueLink(
            toEmail: email, purpose: .resetPassword, token: token, unconfirmedOnly: false, mail: mail)
    }

    /// Sets a password from an e-mailed reset or set-password link; the link also proves the mailbox.
    public func confirmPasswordReset(_ r: PasswordResetConfirm, actor: Actor) async throws {
        var v = Validator()
        if (r.token ?? "").isEmpty { v.add("token", "required", "Нет токена из ссылки") }
        v.password(r.newPassword, "newPassword")
        try v.throwIfInvalid()
        let hash = try await passwords.hash(r.newPassword ?? "")
        let userId: UUID = try await db.transaction { conn in
            guard
                let (userId, _) = try await tokens.consumeLink(
                    r.token ?? "", purposes: [.resetPassword, .setPassword], on: conn)
            else {
                throw Problem.validation([
                    FieldError("token", "invalid_token", "Ссылка недействительна или устарела. Запросите новую.")
                ])
            }
            try await users.setPassword(userId: userId, hash: hash, confirmEmail: true, on: conn)
            try await tokens.revokeAll(userId: userId, on: conn)
            try await AuditLog.record(
                actor: userId, action: "password_reset", entity: "user", entityId: userId,
                before: Optional<String>.none, after: Optional<String>.none, requestId: actor.requestId,
                on: conn, logger: db.logger)
            return userId
        }
        accountStates.changed(userId.uuidString)
    }

    public func changePassword(userId: UUID, _ r: PasswordChange, actor: Actor) async throws {
        var v = Validator()
        if (r.currentPassword ?? "").isEmpty { v.add("currentPassword", "required", "Введите текущий пароль") }
        v.password(r.newPassword, "newPassword")
        try v.throwIfInvalid()
        guard let hash = try await users.passwordHash(userId: userId),
            try await passwords.verify(r.currentPassword ?? "", hash: hash)
        else {
            throw Problem.validation([FieldError("currentPassword", "wrong_password", "Текущий пароль указан неверно")])
        }
        let newHash = try await passwords.hash(r.newPassword ?? "")
        try await db.transaction { conn in
            try await users.setPassword(userId: userId, hash: newHash, confirmEmail: false, on: conn)
            try await tokens.revokeAll(userId: userId, on: conn)
            try await AuditLog.record(
                actor: userId, action: "password_change", entity: "user", entityId: userId,
                before: Optional<String>.none, after: Optional<String>.none, requestId: actor.requestId,
                on: conn, logger: db.logger)
        }
        accountStates.changed(userId.uuidString)
    }
}

/// What the audit log keeps of a person (never the password hash).
public struct PersonAudit: Codable, Sendable {
    public var email: String
    public var lastName: String
    public var firstName: String
    public var middleName: String?
    public var phone: String?
    public var birthDate: String?
    public var snils: String?
    public var roles: [String]?

    public init(_ p: PersonInput, roles: [String]? = nil) {
        email = p.email
        lastName = p.lastName
        firstName = p.firstName
        middleName = p.middleName
        phone = p.phone
        birthDate = p.birthDate
        snils = p.snils
        self.roles = roles
    }
}
