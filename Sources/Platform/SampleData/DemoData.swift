import Foundation
import PostgresNIO

/// A believable small region: one account per role of SPEC §1, an approved college, an employer and a pending
/// applicant.
public struct DemoData: Sendable {
    public static let password = "Demo2026pass"
    let db: Database
    let passwords: Passwords
    public init(db: Database, passwords: Passwords) {
        self.db = db
        self.passwords = passwords
    }

    public struct Account: Sendable {
        public var email: String, last: String, first: String, middle: String, roles: [Role], org: Int?, level: String
    }

    static let organizations:
        [(
            kind: String, full: String, short: String, innBase: String, ogrnBase: String, kpp: String, status: String,
            address: String
        )] = [
            (
                "contractor",
                "Государственное автономное профессиональное образовательное учреждение Иркутской области "
                    + "«Иркутский техникум машиностроения»",
                "ГАПОУ ИО «ИТМ»", "381101234", "110380100123", "381101001", "approved",
                "664025, г. Иркутск, ул. Ленина, д. 5"
            ),
            (
                "employer", "Акционерное общество «Иркутский авиационный завод»", "АО «ИАЗ»", "381000456",
                "110380004567", "381001001", "approved",
                "664020, г. Иркутск, ул. Новаторов, д. 3"
            ),
            (
                "contractor", "Общество с ограниченной ответственностью «СибТехОбучение»", "ООО «СибТехОбучение»",
                "381200789", "121380007891", "381201001",
                "pending", "665830, г. Ангарск, 7-й микрорайон, д. 12"
            ),
        ]

    public static let accounts: [Account] = [
        Account(
            email: "admin@copp.demo", last: "Соколова", first: "Марина", middle: "Викторовна", roles: [.admin],
            org: nil, level: "member"),
        Account(
            email: "moderator@copp.demo", last: "Петров", first: "Андрей", middle: "Сергеевич", roles: [.moderator],
            org: nil, level: "member"),
        Account(
            email: "staff@copp.demo", last: "Ким", first: "Елена", middle: "Олеговна", roles: [.coppStaff], org: nil,
            level: "member"),
        Account(
            email: "coordinator@copp.demo", last: "Васильев", first: "Игорь", middle: "Павлович", roles: [.coordinator],
            org: nil, level: "member"),
        Account(
            email: "contractor@copp.demo", last: "Орлова", first: "Наталья", middle: "Ивановна", roles: [.contractor],
            org: 0, level: "admin"),
        Account(
            email: "teacher@copp.demo", last: "Смирнов", first: "Дмитрий", middle: "Алексеевич", roles: [.teacher],
            org: 0, level: "member"),
        Account(
            email: "developer@copp.demo", last: "Лебедева", first: "Ольга", middle: "Николаевна", roles: [.developer],
            org: 0, level: "member"),
        Account(
            email: "expert@copp.demo", last: "Никитин", first: "Сергей", middle: "Владимирович", roles: [.expert],
            org: 0, level: "member"),
        Account(
            email: "employer@copp.demo", last: "Кузнецов", first: "Павел", middle: "Андреевич", roles: [.employer],
            org: 1, level: "admin"),
        Account(
            email: "learner@copp.demo", last: "Иванова", first: "Анна", middle: "Сергеевна", roles: [.learner],
            org: nil, level: "member"),
        Account(
            email: "applicant@copp.demo", last: "Фёдоров", first: "Максим", middle: "Юрьевич", roles: [.contractor],
            org: 2, level: "admin"),
    ]

    /// Appends the INN check digit to 9 digits.
    static func inn10(_ base: String) -> String {
        let d = base.compactMap(\.wholeNumberValue)
        let w = [2, 4, 10, 3, 5, 9, 4, 6, 8]
        return base + String(zip(d, w).reduce(0) { $0 + $1.0 * $1.1 } % 11 % 10)
    }

    /// Appends the OGRN check digit to 12 digits.
    static func ogrn13(_ base: String) -> String { base + String((UInt64(base) ?? 0) % 11 % 10) }

    /// `catalog`: also the living region of `DemoCatalog` (programs, groups, applications); tests leave it out, so
    /// their catalogs hold only what they make.
    public func loadIfEmpty(catalog: Bool = false) async throws {
        try await DemoDirectories.loadIfEmpty(db: db)
        let count = try await db.rows("SELECT count(*)::int FROM users WHERE email LIKE '%@copp.demo'")[0].decode(
            Int.self)
        guard count == 0 else { return }
        let hash = try await passwords.hash(Self.password)
        let users = UsersRepository(db: db)
        let orgs = OrganizationsRepository(db: db)
        try await db.transaction { conn in
            var orgIds: [UUID] = []
            for o in Self.organizations {
                let id = try await orgs.insert(
                    NewOrganization(
                        kind: o.kind, fullName: o.full, shortName: o.short, inn: Self.inn10(o.innBase),
                        ogrn: Self.ogrn13(o.ogrnBase),
                        kpp: o.kpp, address: o.address, phone: "+7 (3952) 50-02-87",
                        email: "info@" + o.innBase + ".demo"),
                    on: conn)
                try await conn.run("UPDATE organizations SET status = \(o.status) WHERE id = \(id)", logger: db.logger)
                orgIds.append(id)
            }
            for a in Self.accounts {
                let id = try await users.insert(
                    PersonInput(email: a.email, lastName: a.last, firstName: a.first, middleName: a.middle),
                    passwordHash: hash, roles: a.roles, consent: true, confirmed: true, grantedBy: nil, on: conn)
                if let org = a.org {
                    try await orgs.addMember(userId: id, orgId: orgIds[org], level: a.level, position: nil, on: conn)
                }
            }
            try await DemoProfiles.load(orgIds: orgIds, on: conn, db: db)
            try await DemoEvents.load(orgIds: orgIds, on: conn, db: db)
            try await DemoCareerTests.load(on: conn, db: db)
            try await DemoQuality.load(on: conn, db: db)
            if catalog { try await DemoCatalog.load(college: orgIds[0], hash: hash, on: conn, db: db) }
            try await conn.run(
                """
                INSERT INTO messages (user_id, subject, body, link)
                SELECT id, 'Добро пожаловать на платформу ЦОПП',
                  'Это демонстрационная учётная запись. Здесь появляются уведомления о заявках, модерации и обучении.',
                    '/#/cabinet'
                FROM users WHERE email LIKE '%@copp.demo'
                """, logger: db.logger
            )
        }
        db.logger.info("demo data loaded")
    }
}
