import Foundation
import Logging
import PostgresNIO

/// Start-up data: the configured first administrator, and demo data on an empty database when DEMO_DATA=1.
struct Bootstrap: Sendable {
    let services: Services
    let passwords: Passwords
    var db: Database { services.db }
    var users: UsersRepository { UsersRepository(db: db) }

    func run() async throws {
        let config = services.configuration
        if let email = config.adminEmail, let password = config.adminPassword {
            try await ensureAdmin(email: email, password: password)
        }
        if config.demoData {
            try await DemoData(db: db, passwords: passwords).loadIfEmpty(catalog: config.demoCatalog)
        }
    }

    /// Creates the administrator if the address is new; an existing account gets the admin role (its password is kept).
    func ensureAdmin(email: String, password: String) async throws {
        // the configured administrator is authoritative: a deleted or blocked account with that address comes back
        if let existingId = try await users.id(ofEmail: email) {
            try await db.transaction { conn in
                try await users.grant(.admin, to: existingId, by: nil, on: conn)
                try await users.restore(existingId, on: conn)
            }
            return
        }
        let hash = try await passwords.hash(password)
        try await db.transaction { conn in
            let person = PersonInput(email: email, lastName: "Администратор", firstName: "Платформы")
            let id = try await users.insert(
                person, passwordHash: hash, roles: [.admin], consent: false, confirmed: true, grantedBy: nil, on: conn)
            try await AuditLog.record(
                actor: nil, action: "bootstrap_admin", entity: "user", entityId: id, before: Optional<PersonAudit>.none,
                after: PersonAudit(person, roles: ["admin"]), requestId: nil, on: conn, logger: db.logger)
        }
        db.logger.info("administrator account created from ADMIN_EMAIL")
    }
}

extension PersonInput {
    init(email: String, lastName: String, firstName: String, middleName: String? = nil) {
        self.init(
            email: email, lastName: lastName, firstName: firstName, middleName: middleName, phone: nil, birthDate: nil,
            snils: nil)
    }
}
