import Foundation
import PostgresNIO

/// A program's materials and its moderation thread.
extension ProgramsService {
    /// Adds a material (a file of the organization, or a link). The file is not made public: the public reads it while
    /// the program is published (`FilesRepository.shownPublicly`), after moderation has seen it.
    public func addMaterial(_ id: UUID, _ input: ProgramMaterialInput, identity: Identity, actor: Actor) async throws
        -> (json: String, version: Int)
    {
        var v = Validator()
        let title = v.required(input.title, "title", max: 255)
        let url = v.optional(input.url, "url", max: 2000)
        if let url, !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
            v.add("url", "invalid_url", "Ссылка должна начинаться с http:// или https://")
        }
        if (url == nil) == (input.fileId == nil) {
            v.add("fileId", "file_or_link", "Приложите файл или укажите ссылку (одно из двух)")
        }
        try v.throwIfInvalid()
        try await db.transaction { conn in
            let (program, who) = try await requireActor(id, identity, on: conn)
            try Self.requireEditable(program.status, by: who)
            if let file = input.fileId {
                guard
                    try await FilesRepository(db: db).attachable(id: file, to: program.orgId, by: identity.userId)
                        != nil
                else {
                    throw Problem.validation([FieldError("fileId", "not_found", "Файл не найден")])
                }
                try await FilesRepository(db: db).adopt(file, by: program.orgId, on: conn)
            }
            try await repository.addMaterial(id, title: title, fileId: input.fileId, url: url, on: conn)
            try await repository.touch(id, on: conn)
        }
        return try await detail(id, identity: identity)
    }

    public func removeMaterial(_ id: UUID, material: UUID, identity: Identity, actor: Actor) async throws -> (
        json: String, version: Int
    ) {
        try await db.transaction { conn in
            let (program, who) = try await requireActor(id, identity, on: conn)
            try Self.requireEditable(program.status, by: who)
            guard try await repository.removeMaterial(id, material: material, on: conn) else { throw Problem.notFound }
            try await repository.touch(id, on: conn)
        }
        return try await detail(id, identity: identity)
    }

    public func comment(_ id: UUID, _ input: CommentInput, identity: Identity, actor: Actor) async throws -> String {
        var v = Validator()
        let body = v.required(input.body, "body", max: 10000)
        try v.throwIfInvalid()
        try await db.transaction { conn in
            let (program, actor) = try await requireActor(id, identity, on: conn)
            try await repository.addComment(id: id, author: identity.userId, body: body, on: conn)
            // the other side reads it: a moderator's question reaches the authors; an author's answer reaches the
            // moderators while the program waits for them
            let recipients =
                actor == .moderator
                ? try await repository.owners(author: program.authorId, org: program.orgId, on: conn)
                : program.status == .moderation ? try await UsersRepository(db: db).moderators(on: conn) : []
            let others = recipients.filter { $0.0 != identity.userId }
            guard !others.isEmpty else { return }
            let name = try await repository.name(id: id, on: conn)
            for (userId, email) in others {
                try await mailer.notify(
                    userId: userId, email: email, subject: "Сообщение по программе «\(name)»",
                    body: String(body.prefix(2000)), link: "/#/programs/\(id.uuidString.lowercased())/moderation",
                    on: conn, logger: db.logger)
            }
        }
        return try await repository.thread(id: id)
    }

    public func thread(_ id: UUID, identity: Identity) async throws -> String {
        _ = try await detail(id, identity: identity)
        return try await repository.thread(id: id)
    }
}
