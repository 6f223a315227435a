import Foundation
import Hummingbird

/// /api/v1/registries — enrollment registry, issued documents registry, and the ФИС ФРДО export of issued documents:
/// `GET …/documents/frdo` answers the check (rows and their problems) as JSON, and the file itself with `format=csv`.
public struct RegistriesController: Sendable {
    let service: RegistriesService
    public init(service: RegistriesService) { self.service = service }

    func filter(_ request: Request, _ context: AppRequestContext, kinds: [String]) throws -> (
        RegistriesRepository.Filter, QueryParameters
    ) {
        var q = QueryParameters(request)
        let f = RegistriesRepository.Filter(
            orgIds: nil, organizationId: q.uuid("organizationId"),
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
                rows: try await service.enrollmentsCSV(f, identity: try context.requireIdentity())
            ) { $0 }
        }
        return JSONResponse.raw(
            try await service.enrollments(f, page: try q.page(), identity: try context.requireIdentity()))
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
                rows: try await service.documentsCSV(f, identity: try context.requireIdentity())
            ) { $0 }
        }
        return JSONResponse.raw(
            try await service.documents(f, page: try q.page(), identity: try context.requireIdentity()))
    }

    @Sendable func frdo(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (f, q) = try filter(request, context, kinds: [])
        try q.check()
        if CSVStream.wanted(request) {
            return CSVStream.response(
                filename: "frdo-dpo.csv", header: RegistriesRepository.frdoHeader,
                rows: try await service.frdoRows(f, identity: try context.requireIdentity())
            ) { $0.cells }
        }
        return try JSONResponse.make(try await service.frdoCheck(f, identity: try context.requireIdentity()))
    }
}
