import Foundation
import PostgresNIO

/// Rules of the search engine's directory of synonyms (what an abbreviation or a word also means) and of suggestions.
public struct SearchService: Sendable {
    let db: Database
    let repository: SearchRepository

    public init(db: Database) {
        self.db = db
        self.repository = SearchRepository(db: db)
    }

    public struct SynonymInput: Codable, Sendable {
        public var term: String?
        public var expansions: [String]?
    }

    /// A term is one word as people type it (stored folded: lower case, ё as е); each meaning is a word or a phrase.
    static func values(_ input: SynonymInput, current: Synonym?) throws -> (term: String, expansions: [String]) {
        var v = Validator()
        let term = ListQuery.folded(v.required(input.term ?? current?.term, "term", max: 40))
            .trimmingCharacters(in: .whitespaces)
        if !term.isEmpty && !term.allSatisfy({ $0.isLetter || $0.isNumber }) {
            v.add("term", "one_word", "Термин — одно слово из букв и цифр, без пробелов и знаков")
        }
        let expansions = (input.expansions ?? current?.expansions ?? [])
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        if expansions.isEmpty {
            v.add("expansions", "required", "Укажите хотя бы одно значение")
        } else if expansions.count > 20 {
            v.add("expansions", "too_many", "Не больше 20 значений")
        }
        for (i, e) in expansions.enumerated() {
            if e.isEmpty {
                v.add("expansions[\(i)]", "required", "Значение не может быть пустым")
            } else if e.count > 100 {
                v.add("expansions[\(i)]", "too_long", "Не длиннее 100 символов")
            } else if ListQuery.folded(e) == term {
                v.add("expansions[\(i)]", "same_as_term", "Значение совпадает с термином")
            }
        }
        try v.throwIfInvalid()
        return (term, expansions.map(ListQuery.folded))
    }

    static let taken = Problem.conflict("Такой термин уже есть в словаре синонимов", code: "term_taken")

    public func create(_ input: SynonymInput, actor: Actor) async throws -> Synonym {
        let values = try Self.values(input, current: nil)
        return try await db.transaction { conn in
            guard let saved = try await repository.insert(term: values.term, expansions: values.expansions, on: conn)
            else { throw Self.taken }
            try await AuditLog.record(
                actor: actor.userId, action: "create", entity: "search_synonym", entityId: saved.id,
                before: Optional<Synonym>.none, after: saved, requestId: actor.requestId, on: conn, logger: db.logger)
            return saved
        }
    }

    public func update(id: UUID, _ input: SynonymInput, actor: Actor) async throws -> Synonym {
        try await db.transaction { conn in
            guard let current = try await repository.synonym(id: id, on: conn) else { throw Problem.notFound }
            let values = try Self.values(input, current: current)
            guard
                let saved = try await repository.update(
                    id: id, term: values.term, expansions: values.expansions, on: conn)
            else { throw Self.taken }
            try await AuditLog.record(
                actor: actor.userId, action: "update", entity: "search_synonym", entityId: id,
                before: current, after: saved, requestId: actor.requestId, on: conn, logger: db.logger)
            return saved
        }
    }

    public func delete(id: UUID, actor: Actor) async throws {
        try await db.transaction { conn in
            guard let current = try await repository.synonym(id: id, on: conn) else { throw Problem.notFound }
            try await repository.delete(id: id, on: conn)
            try await AuditLog.record(
                actor: actor.userId, action: "delete", entity: "search_synonym", entityId: id,
                before: current, after: Optional<Synonym>.none, requestId: actor.requestId, on: conn,
                logger: db.logger)
        }
    }

    /// Completions of what is being typed (at least two letters).
    public func suggestions(for typed: String?) async throws -> [Suggestion] {
        guard let typed, typed.trimmingCharacters(in: .whitespaces).count >= 2 else { return [] }
        return try await repository.suggestions(for: typed, count: 8)
    }
}
