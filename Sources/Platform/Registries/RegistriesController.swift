import Foundation
import Hummingbird

/// /api/v1/registries — enrollment registry, issued documents registry, and the ФИС ФРДО export of issued documents:
/// `GET …/documents/frdo` answers the check (rows and their problems) as JSON, and the file itself with `format=csv`.
public struct RegistriesController: Sendable {
    let repository: RegistriesRepository
    public init(db: Database) { self.repository = RegistriesRepository(db: db) }

    func filter(_ request: Request, _ context: AppRequestContext, kinds: [String]) throws -> (
        RegistriesRepository.Filter, QueryParameters
    ) {
        let me = try context.requireIdentity()
        var q = QueryParameters(request)
        let f = RegistriesRepository.Filter(
            orgIds: TrainingAccess.readableOrgs(me), organizationId: q.uuid("organizationId"),
            groupId: q.uuid("groupId"),
            programId: q.uuid("programId"),
            kind: kinds.isEmpty ? q.string("kind", max: 50) : q.choice("kind", in: kinds),
            from: q.date("from"), to: q.date("to"), search: q.string("q", max: 100))
        return (f, q)
    }

    @Sendable func enrollments(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (f, q) = try filter(request, context, kinds: ["enrolled", "expelled"])
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "enrollments.csv",
                header: [
                    "Дата приказа", "Номер приказа", "Движение", "ФИО", "СНИЛС", "Программа", "Группа", "Организация",
                    "Причина",
                ],
                rows: try await repository.stream(
                    try repository.enrollmentsQuery(f, cursor: nil, limit: nil, csv: true), width: 9)
            ) { $0 }
        }
        let page = try q.page()
        return JSONResponse.raw(
            try await repository.page(
                try repository.enrollmentsQuery(f, cursor: page.cursor, limit: page.limit, csv: false), page))
    }

    @Sendable func documents(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (f, q) = try filter(request, context, kinds: [])
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "documents.csv",
                header: [
                    "Дата выдачи", "Вид документа", "Серия", "Номер", "Рег. номер", "ФИО", "СНИЛС", "Программа",
                    "Группа", "Организация", "Результат",
                ],
                rows: try await repository.stream(
                    try repository.documentsQuery(f, cursor: nil, limit: nil, csv: true), width: 11)
            ) { $0 }
        }
        let page = try q.page()
        return JSONResponse.raw(
            try await repository.page(
                try repository.documentsQuery(f, cursor: page.cursor, limit: page.limit, csv: false), page))
    }

    struct FRDOCheck: Encodable {
        struct Row: Encodable {
            var row: Int
            var applicationId: UUID
            var name: String
            var number: String
            var problems: [String]
        }
        var rows: Int
        var withProblems: Int
        var problems: [Row]
    }

    @Sendable func frdo(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (f, q) = try filter(request, context, kinds: [])
        try q.check()
        if CSVStream.wanted(request) {
            return CSVStream.response(
                filename: "frdo-dpo.csv", header: RegistriesRepository.frdoHeader,
                rows: try await repository.frdoRows(f)
            ) { $0.cells }
        }
        var count = 0
        var problems: [FRDOCheck.Row] = []
        for try await row in try await repository.frdoRows(f) {
            count += 1
            if !row.problems.isEmpty {
                problems.append(
                    FRDOCheck.Row(
                        row: count, applicationId: row.applicationId,
                        name: "\(row.cells[20]) \(row.cells[21]) \(row.cells[22])".trimmingCharacters(in: .whitespaces),
                        number: row.cells[7], problems: row.problems))
            }
        }
        return try JSONResponse.make(FRDOCheck(rows: count, withProblems: problems.count, problems: problems))
    }
}
