import Foundation
import PostgresNIO

/// What a test, a check task or a material refers to, checked in one place: a lesson of the organization's modules, a
/// competency of the directory, and files the author may attach (`materials[n].fileId`); and the attached files,
/// which become the organization's.
enum LearningReferences {
    static func check(
        lesson: UUID?, competency: UUID?, materials: [LessonMaterial] = [], org: UUID, me: Identity, db: Database
    ) async throws {
        var errors: [FieldError] = []
        if let lesson, try await !TestsRepository(db: db).lessonOf(lesson, org: org) {
            errors.append(FieldError("lessonId", "not_found", "Занятие не найдено в модулях организации"))
        }
        if let competency, try await !QuestionBankRepository(db: db).isCompetency(competency) {
            errors.append(FieldError("competencyId", "not_found", "Компетенция не найдена в справочнике"))
        }
        let files = materials.compactMap(\.fileId)
        if !files.isEmpty {
            let foreign = try await FilesRepository(db: db).notAttachable(files, to: org, by: me.userId)
            for (n, m) in materials.enumerated() where m.fileId.map(foreign.contains) == true {
                errors.append(FieldError("materials[\(n)].fileId", "not_found", "Файл не найден"))
            }
        }
        if !errors.isEmpty { throw Problem.validation(errors) }
    }

    /// The author's own uploads among the files become the organization's (its quota, its readers), in one statement.
    static func adopt(_ materials: [LessonMaterial], org: UUID, db: Database, on conn: PostgresConnection)
        async throws
    {
        let files = materials.compactMap(\.fileId)
        guard !files.isEmpty else { return }
        try await FilesRepository(db: db).adopt(files, by: org, on: conn)
    }
}
