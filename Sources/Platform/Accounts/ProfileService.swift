import Foundation
import PostgresNIO

/// Edits of a person's profile shared by /me and /admin/users, with If-Match and the audit log.
public struct ProfileService: Sendable {
    let db: Database
    let users: UsersRepository

    public init(db: Database) {
        self.db = db
        self.users = UsersRepository(db: db)
    }

    /// Applies the fields present in `patch` ("" clears an optional field); a stale If-Match is 412.
    public func update(
        userId: UUID, patch: ProfilePatch, ifMatch: String?, actor: Actor,
        afterEmailChange: ((UUID, String, PostgresConnectionType) async throws -> Void)? = nil
    ) async throws -> Profile {
        let expected = try ETag.version(ifMatch)
        try await db.transaction { conn in
            guard let current = try await users.profile(userId: userId, on: conn) else { throw Problem.notFound }
            if let expected, expected != current.version {
                throw ETag.stale
            }
            let before = users.person(of: current)
            var v = Validator()
            let merged = v.person(
                email: patch.email ?? before.email, lastName: patch.lastName ?? before.lastName,
                firstName: patch.firstName ?? before.firstName,
                middleName: patch.middleName ?? before.middleName, phone: patch.phone ?? before.phone,
                birthDate: patch.birthDate ?? before.birthDate, snils: patch.snils ?? before.snils)
            try v.throwIfInvalid()
            let emailChanged = merged.email != before.email
            _ = try await users.update(
                userId: userId, with: merged, emailChanged: emailChanged, expectedVersion: nil, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "update", entity: "user", entityId: userId,
                before: PersonAudit(before), after: PersonAudit(merged), requestId: actor.requestId,
                on: conn, logger: db.logger)
            if emailChanged, let afterEmailChange { try await afterEmailChange(userId, merged.email, conn) }
        }
        guard let profile = try await users.profile(userId: userId, includeDeleted: true) else {
            throw Problem.notFound
        }
        return profile
    }
}

public typealias PostgresConnectionType = PostgresNIO.PostgresConnection

/// `If-Match: "7"` → 7 (weak tags accepted); absent → nil.
public enum ETag {
    public static func version(_ header: String?) throws -> Int? {
        guard let header, header != "*" else { return nil }
        let trimmed = header.replacingOccurrences(of: "W/", with: "").trimmingCharacters(
            in: CharacterSet(charactersIn: "\" "))
        guard let v = Int(trimmed) else {
            throw Problem(
                .preconditionFailed, "Некорректный If-Match", detail: "Ожидается ETag из предыдущего ответа",
                code: "stale_version")
        }
        return v
    }
}
