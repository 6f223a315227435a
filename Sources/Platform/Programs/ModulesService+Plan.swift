import Foundation
import PostgresNIO

/// The thematic plan: topics and lessons. Hours of topics and of the module are sums of lessons, never typed.
extension ModulesService {
    func plan(
        _ moduleId: UUID, identity: Identity, actor: Actor, action: String,
        _ body: @Sendable (PostgresConnection, _ orgId: UUID) async throws -> Void
    ) async throws -> (json: String, version: Int) {
        try await db.transaction { conn in
            let module = try await requireEditable(moduleId, identity, on: conn)
            let before = try await repository.snapshot(id: moduleId, on: conn)
            try await body(conn, module.orgId)
            try await repository.touch(moduleId: moduleId, on: conn)
            let after = try await repository.snapshot(id: moduleId, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: action, entity: "module", entityId: moduleId,
                before: before.flatMap { JSONValue.parse($0.json) }, after: after.flatMap { JSONValue.parse($0.json) },
                requestId: actor.requestId, on: conn, logger: db.logger)
        }
        return try await detail(moduleId, identity: identity)
    }

    public func addTopic(_ moduleId: UUID, _ input: TopicInput, identity: Identity, actor: Actor) async throws -> (
        json: String, version: Int
    ) {
        var v = Validator()
        let name = v.required(input.name, "name", max: 500)
        let position = v.integer(input.position, "position", Validator.positions)
        try v.throwIfInvalid()
        return try await plan(moduleId, identity: identity, actor: actor, action: "add_topic") { conn, _ in
            _ = try await repository.insertTopic(moduleId: moduleId, name: name, position: position, on: conn)
        }
    }

    public func updateTopic(_ moduleId: UUID, topicId: UUID, _ input: TopicInput, identity: Identity, actor: Actor)
        async throws -> (json: String, version: Int)
    {
        var v = Validator()
        let name = input.name == nil ? nil : v.required(input.name, "name", max: 500)
        let position = v.integer(input.position, "position", Validator.positions)
        try v.throwIfInvalid()
        return try await plan(moduleId, identity: identity, actor: actor, action: "update_topic") { conn, _ in
            guard
                try await repository.updateTopic(
                    id: topicId, moduleId: moduleId, name: name, position: position, on: conn)
            else { throw Problem.notFound }
        }
    }

    public func deleteTopic(_ moduleId: UUID, topicId: UUID, identity: Identity, actor: Actor) async throws {
        _ = try await plan(moduleId, identity: identity, actor: actor, action: "delete_topic") { conn, _ in
            guard try await repository.deleteTopic(id: topicId, moduleId: moduleId, on: conn) else {
                throw Problem.notFound
            }
        }
    }

    static func validateLesson(_ i: LessonInput) throws -> (
        name: String, kind: String, hours: Double, materials: [LessonMaterial]
    ) {
        var v = Validator()
        let name = v.required(i.name, "name", max: 500)
        let kind = v.required(i.kind, "kind", max: 20)
        if !kind.isEmpty && LessonKind(rawValue: kind) == nil {
            v.add("kind", "invalid_choice", "Вид занятия: lecture, practice, lab, self_study или assessment")
        }
        _ = v.integer(i.position, "position", Validator.positions)
        let hours = i.hours ?? 0
        if !(hours > 0 && hours <= 1000) {
            v.add("hours", "out_of_range", "Часы — больше 0 и не больше 1000")
        } else if (hours * 4).rounded() != hours * 4 {
            v.add("hours", "granularity", "Часы кратны 0,25")
        }
        let materials = i.materials ?? []
        for (n, m) in materials.enumerated() {
            _ = v.required(m.title, "materials[\(n)].title", max: 300)
            if m.url == nil && m.fileId == nil { v.add("materials[\(n)]", "required", "Укажите ссылку или файл") }
            if let url = m.url,
                !(url.hasPrefix("https://") || url.hasPrefix("http://")) || URL(string: url)?.host == nil
            {
                v.add("materials[\(n)].url", "invalid_url", "Ссылка в виде https://…")
            }
        }
        try v.throwIfInvalid()
        return (name, kind, hours, materials)
    }

    /// A lesson's material files are the module's organization's own (or the author's of no organization).
    func requireOwnFiles(_ materials: [LessonMaterial], orgId: UUID, identity: Identity) async throws {
        let files = materials.compactMap(\.fileId)
        guard !files.isEmpty else { return }
        let foreign = try await FilesRepository(db: db).notAttachable(files, to: orgId, by: identity.userId)
        var v = Validator()
        for (n, m) in materials.enumerated() where m.fileId.map(foreign.contains) == true {
            v.add("materials[\(n)].fileId", "not_found", "Файл не найден")
        }
        try v.throwIfInvalid()
    }

    public func addLesson(_ moduleId: UUID, topicId: UUID, _ input: LessonInput, identity: Identity, actor: Actor)
        async throws -> (json: String, version: Int)
    {
        let lesson = try Self.validateLesson(input)
        return try await plan(moduleId, identity: identity, actor: actor, action: "add_lesson") { conn, orgId in
            guard try await repository.topicExists(id: topicId, moduleId: moduleId, on: conn) else {
                throw Problem.notFound
            }
            try await requireOwnFiles(lesson.materials, orgId: orgId, identity: identity)
            _ = try await repository.insertLesson(
                topicId: topicId, name: lesson.name, kind: lesson.kind, hours: lesson.hours,
                materials: lesson.materials, position: input.position, on: conn)
        }
    }

    public func updateLesson(
        _ moduleId: UUID, topicId: UUID, lessonId: UUID, _ input: LessonInput, identity: Identity, actor: Actor
    ) async throws
        -> (json: String, version: Int)
    {
        try await plan(moduleId, identity: identity, actor: actor, action: "update_lesson") { conn, orgId in
            guard try await repository.topicExists(id: topicId, moduleId: moduleId, on: conn),
                let current = try await repository.lessonValues(id: lessonId, topicId: topicId, on: conn)
            else { throw Problem.notFound }
            let merged = LessonInput(
                name: input.name ?? current.name, kind: input.kind ?? current.kind, hours: input.hours ?? current.hours,
                materials: input.materials ?? current.materials, position: input.position)
            let lesson = try Self.validateLesson(merged)
            try await requireOwnFiles(lesson.materials, orgId: orgId, identity: identity)
            _ = try await repository.updateLesson(
                id: lessonId, topicId: topicId, name: lesson.name, kind: lesson.kind, hours: lesson.hours,
                materials: lesson.materials, position: input.position, on: conn)
        }
    }

    public func deleteLesson(_ moduleId: UUID, topicId: UUID, lessonId: UUID, identity: Identity, actor: Actor)
        async throws
    {
        _ = try await plan(moduleId, identity: identity, actor: actor, action: "delete_lesson") { conn, _ in
            guard try await repository.topicExists(id: topicId, moduleId: moduleId, on: conn),
                try await repository.deleteLesson(id: lessonId, topicId: topicId, on: conn)
            else { throw Problem.notFound }
        }
    }
}
