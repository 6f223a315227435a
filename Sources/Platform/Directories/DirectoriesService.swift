import Foundation
import PostgresNIO

/// Admin edits of directories: validation (codes, parents of the right kind, competency lists), audit, safe deletion.
public struct DirectoriesService: Sendable {
    let db: Database
    public let repository: DirectoriesRepository

    public init(db: Database) {
        self.db = db
        self.repository = DirectoriesRepository(db: db)
    }

    /// Merges `input` over `current` (nil for a new item) and validates the result.
    func values(
        kind: DirectoryKind, _ input: DirectoryItemInput, current: DirectoryItem?, itemId: UUID?,
        on conn: PostgresConnection
    ) async throws
        -> DirectoryItemValues
    {
        var v = Validator()
        let code = v.required(input.code ?? current?.code, "code", max: 64)
        if !code.isEmpty && code.range(of: "^[A-Za-z0-9._-]+$", options: .regularExpression) == nil {
            v.add("code", "invalid_code", "Код: латинские буквы, цифры, точка, дефис, подчёркивание")
        }
        let name = v.required(input.name ?? current?.name, "name", max: 500)
        let parentId = input.parentId ?? current?.parentId
        if let parentId {
            if parentId == itemId {
                v.add("parentId", "cycle", "Элемент не может быть родителем самому себе")
            } else if let parentKind = kind.parentKind {
                let actual = try await repository.kindOf(parentId, on: conn)
                v.check(
                    actual == parentKind.rawValue, "parentId", "invalid_parent",
                    "Родитель должен быть из справочника «\(parentKind.title)»")
            } else {
                v.add("parentId", "not_hierarchical", "У элементов справочника «\(kind.title)» нет родителя")
            }
        }
        let isPriority = input.isPriority ?? current?.isPriority ?? false
        if isPriority && kind != .competencies {
            v.add("isPriority", "not_applicable", "Приоритетными бывают только компетенции")
        }
        var details = "{}"
        /// the details sent, or the stored ones when an edit leaves them out
        func sent<Details: Codable>(_ type: Details.Type, empty: Details) -> Details {
            if let json = input.details {
                guard let decoded = try? JSONDecoder().decode(type, from: Data(json.compactText.utf8)) else {
                    v.add("details", "invalid", "Сведения справочника не того вида")
                    return empty
                }
                return decoded
            }
            return current.flatMap { try? JSONDecoder().decode(type, from: Data($0.details.compactText.utf8)) } ?? empty
        }
        if kind == .competencies {
            let d = sent(CompetencyDetails.self, empty: CompetencyDetails())
            d.validate(&v)
            for (field, list, listKind) in [
                ("roomTypes", d.roomTypes, DirectoryKind.roomTypes),
                ("equipmentTypes", d.equipmentTypes, .equipmentTypes),
            ] {
                let codes = list ?? []
                let known = try await repository.activeCodes(kind: listKind, among: codes, on: conn)
                for (i, c) in codes.enumerated() where !known.contains(c) {
                    v.add(
                        "details.\(field)[\(i)]", "unknown_code",
                        "Нет такого элемента в справочнике «\(listKind.title)»: \(c)")
                }
            }
            details = String(decoding: try JSONEncoder.sorted.encode(d), as: UTF8.self)
        } else if kind == .programKinds {
            let d = sent(ProgramKindDetails.self, empty: ProgramKindDetails())
            d.validate(&v)
            details = String(decoding: try JSONEncoder.sorted.encode(d), as: UTF8.self)
        } else if input.details != nil {
            v.add(
                "details", "not_applicable",
                "Сведения есть только у компетенций (знания, умения) и видов программ (часы)")
        }
        let sortOrder = v.integer(input.sortOrder, "sortOrder", Validator.positions)
        let priorityOrder = v.integer(input.priorityOrder, "priorityOrder", Validator.positions)
        try v.throwIfInvalid()
        return DirectoryItemValues(
            code: code, name: name, parentId: parentId, active: input.active ?? current?.active ?? true,
            sortOrder: sortOrder ?? current?.sortOrder ?? 0, isPriority: isPriority,
            priorityOrder: isPriority ? (priorityOrder ?? current?.priorityOrder) : nil, details: details)
    }

    public func create(kind: DirectoryKind, _ input: DirectoryItemInput, actor: Actor) async throws -> DirectoryItem {
        let id = try await db.transaction { conn in
            let values = try await values(kind: kind, input, current: nil, itemId: nil, on: conn)
            let id = try await repository.insert(kind: kind, values, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "create", entity: "directory_item", entityId: id,
                before: Optional<DirectoryItemValues>.none, after: values, requestId: actor.requestId, on: conn,
                logger: db.logger)
            return id
        }
        guard let item = try await repository.item(kind: kind, id: id) else { throw Problem.notFound }
        return item
    }

    public func update(kind: DirectoryKind, id: UUID, _ input: DirectoryItemInput, ifMatch: String?, actor: Actor)
        async throws -> DirectoryItem
    {
        let expected = try ETag.version(ifMatch)
        try await db.transaction { conn in
            guard let current = try await repository.item(kind: kind, id: id, on: conn) else { throw Problem.notFound }
            if let expected, expected != current.version { throw ETag.stale }
            let values = try await values(kind: kind, input, current: current, itemId: id, on: conn)
            try await repository.update(id: id, values, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "update", entity: "directory_item", entityId: id,
                before: current, after: values, requestId: actor.requestId, on: conn, logger: db.logger)
        }
        guard let item = try await repository.item(kind: kind, id: id) else { throw Problem.notFound }
        return item
    }

    /// Deletes an unused item; one in use is a 409 naming what uses it (deactivate it instead).
    public func delete(kind: DirectoryKind, id: UUID, actor: Actor) async throws {
        do {
            try await db.transaction { conn in
                guard let current = try await repository.item(kind: kind, id: id, on: conn) else {
                    throw Problem.notFound
                }
                if kind == .roomTypes || kind == .equipmentTypes {
                    let users = try await repository.competenciesUsing(kind: kind, code: current.code, on: conn)
                    if !users.isEmpty {
                        throw Problem.conflict(
                            "Используется в компетенциях: \(users.joined(separator: ", ")). "
                                + "Сделайте элемент неактивным.",
                            code: "in_use", allowed: ["deactivate"])
                    }
                }
                try await repository.delete(id: id, on: conn)
                try await AuditLog.record(
                    actor: actor.userId, action: "delete", entity: "directory_item", entityId: id,
                    before: current, after: Optional<DirectoryItem>.none, requestId: actor.requestId, on: conn,
                    logger: db.logger)
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23503" {
            let table = Self.referencingTable(error.serverInfo?[.detail] ?? "")
            throw Problem.conflict(
                "Элемент используется: \(Self.usageNames[table] ?? table). Удалить нельзя — сделайте его неактивным.",
                code: "in_use", allowed: ["deactivate"])
        }
    }

    /// `Key (id)=(…) is still referenced from table "rooms".` → `rooms`
    static func referencingTable(_ detail: String) -> String {
        guard let start = detail.range(of: "from table \"") else { return "" }
        return String(detail[start.upperBound...].prefix { $0 != "\"" })
    }

    /// Tables that refer to directory items, named for people.
    static let usageNames: [String: String] = [
        "directory_items": "вложенные элементы справочника", "organizations": "организации",
        "organization_competencies": "профили организаций",
        "organization_professions": "профили организаций", "rooms": "помещения", "equipment": "оборудование",
        "staff_resource_competencies": "кадровые ресурсы", "object_groups": "группы объектов",
    ]

    // Reading is public: the lists come as stored.

    public func kinds() async throws -> [DirectoryKindSummary] { try await repository.kinds() }

    public func priorityCompetencies() async throws -> [DirectoryItem] { try await repository.priorityCompetencies() }

    public func list(kind: DirectoryKind, _ filter: DirectoryFilter, page: PageRequest) async throws -> Page<
        DirectoryItem
    > {
        try await repository.list(kind: kind, filter, page: page)
    }

    public func stream(kind: DirectoryKind, _ filter: DirectoryFilter) async throws
        -> some AsyncSequence<DirectoryItem, any Error> & Sendable
    {
        try await repository.stream(kind: kind, filter)
    }

    public func item(kind: DirectoryKind, id: UUID) async throws -> DirectoryItem {
        guard let item = try await repository.item(kind: kind, id: id) else { throw Problem.notFound }
        return item
    }
}

extension ETag {
    static let stale = Problem(
        .preconditionFailed, "Данные изменились", detail: "Запись изменена другим пользователем; обновите страницу",
        code: "stale_version")
}
