import Foundation
import NIOCore
import PostgresNIO

/// Who may see and change an organization's profile, and the validation of every tab.
public struct OrganizationProfileService: Sendable {
    let db: Database
    public let repository: OrganizationProfileRepository
    let files: FilesRepository

    public init(db: Database) {
        self.db = db
        self.repository = OrganizationProfileRepository(db: db)
        self.files = FilesRepository(db: db)
    }

    static let regionWide: Set<Role> = [.admin, .moderator, .coppStaff, .coordinator]

    /// Members and ЦОПП roles see everything, including bank details and organizations not yet approved.
    public static func seesFull(_ orgId: UUID, _ identity: Identity?) -> Bool {
        guard let identity else { return false }
        return identity.orgIds.contains(orgId) || identity.hasAny(regionWide)
    }

    /// Members, moderators and admins edit; anyone else is told the organization does not exist.
    public static func requireEditor(_ orgId: UUID, _ identity: Identity) throws {
        guard identity.orgIds.contains(orgId) || identity.hasAny([.admin, .moderator]) else { throw Problem.notFound }
    }

    public func profile(id: UUID, identity: Identity?) async throws -> (json: String, version: Int) {
        let full = Self.seesFull(id, identity)
        guard let found = try await repository.profile(id: id, full: full, anyStatus: full) else {
            throw Problem.notFound
        }
        return found
    }

    public func update(id: UUID, patch: OrganizationPatch, ifMatch: String?, identity: Identity, actor: Actor)
        async throws -> (json: String, version: Int)
    {
        try Self.requireEditor(id, identity)
        let expected = try ETag.version(ifMatch)
        let canChangeIdentity = identity.hasAny([.admin, .moderator])
        try await db.transaction { conn in
            guard let (current, version) = try await repository.columns(id: id, on: conn) else {
                throw Problem.notFound
            }
            if let expected, expected != version { throw ETag.stale }
            var v = Validator()
            let merged = try await merge(
                patch, into: current, orgId: id, canChangeIdentity: canChangeIdentity, identity: identity, v: &v,
                on: conn)
            try v.throwIfInvalid()
            try await repository.write(id: id, merged, on: conn)
            // a role newly ticked gives the organization's admins its representative role, as registration gives the
            // first one (roles unticked stay with people: the organization's checks stop what it no longer does)
            let added = OrganizationRole.parse(merged.roles).subtracting(OrganizationRole.parse(current.roles))
            let representatives = OrganizationRole.representativeRoles(added)
            if !representatives.isEmpty {
                try await repository.grantAdmins(representatives.map(\.rawValue), orgId: id, by: actor.userId, on: conn)
            }
            if let logo = merged.logoFileId, logo != current.logoFileId {
                try await repository.publish(fileId: logo, orgId: id, on: conn)
            }
            try await AuditLog.record(
                actor: actor.userId, action: "update_profile", entity: "organization", entityId: id, before: current,
                after: merged, requestId: actor.requestId, on: conn, logger: db.logger)
        }
        return try await profile(id: id, identity: identity)
    }

    // swiftlint:disable:next function_body_length
    func merge(
        _ p: OrganizationPatch, into c: ProfileColumns, orgId: UUID, canChangeIdentity: Bool, identity: Identity,
        v: inout Validator,
        on conn: PostgresConnection
    ) async throws -> ProfileColumns {
        var m = c
        func has(_ key: OrganizationPatch.CodingKeys) -> Bool { p.present.contains(key.rawValue) }
        if has(.publicName) { m.publicName = v.optional(p.publicName, "publicName", max: 255) }
        if has(.fullName) { m.fullName = v.required(p.fullName, "fullName", max: 500) }
        if has(.shortName) { m.shortName = v.required(p.shortName, "shortName", max: 255) }
        if has(.description) { m.description = v.optional(p.description, "description", max: 20000) }
        if has(.headName) { m.headName = v.optional(p.headName, "headName", max: 255) }
        if has(.headPosition) { m.headPosition = v.optional(p.headPosition, "headPosition", max: 255) }
        if has(.roles) {
            let roles = p.roles ?? []
            if roles.isEmpty {
                v.add("roles", "required", "Выберите хотя бы одну роль: заказчик, подрядчик, работодатель")
            }
            for (i, r) in roles.enumerated() where !["customer", "contractor", "employer"].contains(r) {
                v.add("roles[\(i)]", "invalid_choice", "Роль организации: customer, contractor или employer")
            }
            m.roles = Array(Set(roles)).sorted()
        }
        // main: type, municipality, legal form are directory items of their kind
        for (key, kind, value, apply) in [
            (
                OrganizationPatch.CodingKeys.orgTypeId, DirectoryKind.organizationTypes, p.orgTypeId,
                { (x: UUID?) in m.orgTypeId = x }
            ),
            (.municipalityId, .municipalities, p.municipalityId, { m.municipalityId = $0 }),
            (.legalFormId, .legalForms, p.legalFormId, { m.legalFormId = $0 }),
        ] as [(OrganizationPatch.CodingKeys, DirectoryKind, UUID?, (UUID?) -> Void)] where has(key) {
            apply(try await DirectoryReferences(db: db).check(value, kind: kind, field: key.rawValue, &v, on: conn))
        }
        if has(.isBranch) { m.isBranch = p.isBranch ?? false }
        if has(.parentOrganizationId) { m.parentOrganizationId = p.parentOrganizationId }
        if !m.isBranch { m.parentOrganizationId = nil }
        if m.isBranch {
            if let parent = m.parentOrganizationId {
                if parent == orgId {
                    v.add("parentOrganizationId", "cycle", "Организация не может быть филиалом самой себя")
                } else if try await !repository.approvedOrganizationExists(parent, on: conn) {
                    v.add("parentOrganizationId", "not_found", "Головная организация не найдена")
                }
            } else {
                v.add("parentOrganizationId", "required", "Для филиала выберите головную организацию")
            }
        }
        if has(.contacts) { m.contacts = validate(p.contacts ?? Contacts(), &v) }
        // requisites: the legal identity (INN, KPP, OGRN) is changed by ЦОПП moderators only
        for (key, value) in [(OrganizationPatch.CodingKeys.inn, p.inn), (.kpp, p.kpp), (.ogrn, p.ogrn)]
        where has(key) && !canChangeIdentity {
            let currentValue = key == .inn ? c.inn : key == .ogrn ? c.ogrn : (c.kpp ?? "")
            if (value ?? "") != currentValue {
                v.add(key.rawValue, "read_only", "ИНН, КПП и ОГРН меняет модератор ЦОПП по заявке организации")
            }
        }
        if canChangeIdentity {
            if has(.inn) {
                m.inn = v.required(p.inn, "inn", max: 12)
                if !m.inn.isEmpty && !RussianIdentifiers.isValidINN(m.inn) {
                    v.add("inn", "invalid_inn", "ИНН указан неверно: не сходятся контрольные разряды")
                }
            }
            if has(.ogrn) {
                m.ogrn = v.required(p.ogrn, "ogrn", max: 15)
                if !m.ogrn.isEmpty
                    && !(RussianIdentifiers.isValidOGRN(m.ogrn) || RussianIdentifiers.isValidOGRNIP(m.ogrn))
                {
                    v.add("ogrn", "invalid_ogrn", "ОГРН или ОГРНИП указан неверно: не сходится контрольная цифра")
                }
            }
            if has(.kpp) {
                m.kpp = v.optional(p.kpp, "kpp", max: 9)?.uppercased()
                if let kpp = m.kpp, !RussianIdentifiers.isValidKPP(kpp) {
                    v.add("kpp", "invalid_kpp", "КПП — 9 символов: 4 цифры, 2 цифры или латинские буквы, 3 цифры")
                }
            }
        }
        if has(.okpo) {
            m.okpo = v.optional(p.okpo, "okpo", max: 10)
            if let okpo = m.okpo, !RussianIdentifiers.isValidOKPO(okpo) {
                v.add("okpo", "invalid_okpo", "ОКПО указан неверно: 8 или 10 цифр с контрольной цифрой")
            }
        }
        if has(.okvedMain) {
            m.okvedMain = v.optional(p.okvedMain, "okvedMain", max: 8)
            if let code = m.okvedMain, !RussianIdentifiers.isValidOKVED(code) {
                v.add("okvedMain", "invalid_okved", "Код ОКВЭД в виде 85.42 или 85.42.9")
            }
        }
        if has(.okvedExtra) {
            m.okvedExtra = (p.okvedExtra ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
            for (i, code) in m.okvedExtra.enumerated() where !RussianIdentifiers.isValidOKVED(code) {
                v.add("okvedExtra[\(i)]", "invalid_okved", "Код ОКВЭД в виде 85.42 или 85.42.9")
            }
        }
        if has(.bankName) { m.bankName = v.optional(p.bankName, "bankName", max: 255) }
        if has(.bik) {
            m.bik = v.optional(p.bik, "bik", max: 9)
            if let bik = m.bik, !RussianIdentifiers.isValidBIK(bik) {
                v.add("bik", "invalid_bik", "БИК — 9 цифр, начинается с 04")
            }
        }
        if has(.correspondentAccount) {
            m.correspondentAccount = v.optional(p.correspondentAccount, "correspondentAccount", max: 20)
        }
        if has(.settlementAccount) {
            m.settlementAccount = v.optional(p.settlementAccount, "settlementAccount", max: 20)
        }
        if let bik = m.bik, RussianIdentifiers.isValidBIK(bik) {
            if let account = m.correspondentAccount, !RussianIdentifiers.isValidCorrespondentAccount(account, bik: bik)
            {
                v.add(
                    "correspondentAccount", "invalid_account",
                    "Корреспондентский счёт не соответствует БИК (не сходится контрольный ключ)")
            }
            if let account = m.settlementAccount, !RussianIdentifiers.isValidSettlementAccount(account, bik: bik) {
                v.add(
                    "settlementAccount", "invalid_account",
                    "Расчётный счёт не соответствует БИК (не сходится контрольный ключ)")
            }
        } else if m.correspondentAccount != nil || m.settlementAccount != nil, m.bik == nil {
            v.add("bik", "required", "Укажите БИК банка, чтобы проверить счета")
        }
        if has(.legalStatus) {
            m.legalStatus = v.optional(p.legalStatus, "legalStatus", max: 20)
            if let s = m.legalStatus, !["autonomous", "budget", "state_owned"].contains(s) {
                v.add("legalStatus", "invalid_choice", "Правовое положение: autonomous, budget или state_owned")
            }
        }
        if has(.settlementType) {
            m.settlementType = v.optional(p.settlementType, "settlementType", max: 10)
            if let s = m.settlementType, !["city", "village"].contains(s) {
                v.add("settlementType", "invalid_choice", "Тип населённого пункта: city или village")
            }
        }
        let references = DirectoryReferences(db: db)
        if has(.competencyIds) {
            m.competencyIds = try await references.check(
                p.competencyIds, kind: .competencies, field: "competencyIds", &v, on: conn)
        }
        if has(.professionIds) {
            m.professionIds = try await references.check(
                p.professionIds, kind: .professions, field: "professionIds", &v, on: conn)
        }
        if has(.logoFileId) {
            if let fileId = p.logoFileId {
                let file = try await files.attachable(id: fileId, to: orgId, by: identity.userId)
                if file == nil {
                    v.add("logoFileId", "not_found", "Файл не найден")
                } else if file?.mime.hasPrefix("image/") != true {
                    v.add("logoFileId", "not_image", "Логотип должен быть изображением")
                }
            }
            m.logoFileId = p.logoFileId
        }
        if has(.signatureFileId) {
            if let fileId = p.signatureFileId {
                let file = try await files.attachable(id: fileId, to: orgId, by: identity.userId)
                if file == nil {
                    v.add("signatureFileId", "not_found", "Файл не найден")
                } else if !["image/png", "image/jpeg"].contains(file?.mime ?? "") {
                    v.add("signatureFileId", "not_image", "Факсимиле — изображение PNG или JPEG")
                }
            }
            m.signatureFileId = p.signatureFileId
        }
        return m
    }

    func validate(_ c: Contacts, _ v: inout Validator) -> Contacts {
        var out = Contacts()
        out.address = v.optional(c.address, "contacts.address", max: 500)
        out.phones = (c.phones ?? []).enumerated().compactMap { v.phone($1, "contacts.phones[\($0)]") }
        out.emails = (c.emails ?? []).enumerated().map { v.email($1, "contacts.emails[\($0)]") }
        out.website = v.optional(c.website, "contacts.website", max: 255)
        if let site = out.website,
            !(site.hasPrefix("http://") || site.hasPrefix("https://")) || URL(string: site)?.host == nil
        {
            v.add("contacts.website", "invalid_url", "Адрес сайта в виде https://example.ru")
        }
        out.workingHours = v.optional(c.workingHours, "contacts.workingHours", max: 200)
        return out
    }

    /// Approved organizations for everyone; ЦОПП staff and the region may also list pending or rejected ones.
    public func list(_ filter: OrganizationFilter, page: PageRequest, identity: Identity?) async throws -> String {
        try await repository.list(Self.visible(filter, identity), page: page)
    }

    public func stream(_ filter: OrganizationFilter, identity: Identity?) async throws
        -> some AsyncSequence<OrganizationProfileRepository.CSVRow, any Error> & Sendable
    {
        try await repository.stream(Self.visible(filter, identity))
    }

    static func visible(_ filter: OrganizationFilter, _ identity: Identity?) -> OrganizationFilter {
        var f = filter
        if f.status != "approved" && !(identity?.hasAny(regionWide) ?? false) { f.status = "approved" }
        return f
    }
}
