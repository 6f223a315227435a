import Foundation
import Hummingbird

/// The expertise documents: `/api/v1/programs/{programId}/expertise/sheets/{responseId}` (a rating's sheet, DOCX or
/// PDF), `/api/v1/expertise/facsimile`, `/api/v1/expertise/ratings` (the expert's own), `/api/v1/expertise/protocol`
/// (programs that passed: JSON, CSV or XLSX).
public struct ExpertiseDocumentsController: Sendable {
    let service: ExpertiseDocumentsService
    public init(service: ExpertiseDocumentsService) { self.service = service }

    @Sendable func sheet(_ request: Request, context: AppRequestContext) async throws -> Response {
        let q = DocumentsService.query(request)
        try q.check()
        return try await service.sheet(
            program: try context.parameters.uuid("programId"), response: try context.parameters.uuid("responseId"),
            identity: try context.requireIdentity(), format: DocumentsService.format(q)
        ).response
    }

    @Sendable func facsimile(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(try await service.facsimile(identity: try context.requireIdentity()))
    }

    @Sendable func setFacsimile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let input = try await request.decodeJSON(ExpertiseDocumentsService.FacsimileInput.self, context: context)
        return JSONResponse.raw(try await service.setFacsimile(input, identity: try context.requireIdentity()))
    }

    static let ratingsHeader = ["Программа", "Организация", "Оценка", "Комментарий", "Дата"]

    @Sendable func ratings(_ request: Request, context: AppRequestContext) async throws -> Response {
        let q = QueryParameters(request)
        let me = try context.requireIdentity()
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "expert-ratings.csv", header: Self.ratingsHeader,
                rows: try await service.ratingsStream(identity: me)
            ) { $0 }
        }
        return JSONResponse.raw(try await service.ratings(identity: me, page: try q.page()))
    }

    @Sendable func protocolList(_ request: Request, context: AppRequestContext) async throws -> Response {
        var q = QueryParameters(request, formats: ["csv", "xlsx"])
        let search = q.string("q")
        let from = q.civilDay("from")?.iso
        let to = q.civilDay("to")?.iso
        let format = request.uri.queryParameters["format"]
        guard format == "xlsx" || CSVStream.wanted(request) else {
            return JSONResponse.raw(try await service.protocolPage(search: search, from: from, to: to, page: q.page()))
        }
        try q.check()
        let rows = try await service.protocolRows(search: search, from: from, to: to)
        let day = CivilDate(Date(), zone: service.zone).iso
        if format == "xlsx" {
            return DocumentsService.Made(
                bytes: try XlsxWriter.workbook(
                    sheet: "Протокол экспертизы", header: ExpertiseDocumentsService.protocolHeader, rows: rows),
                mime: XlsxWriter.mime, fileName: "Протокол экспертизы \(day).xlsx"
            ).response
        }
        let stream = AsyncStream<[String]> { c in
            for row in rows { c.yield(row) }
            c.finish()
        }
        return CSVStream.response(
            filename: "expertise-protocol-\(day).csv", header: ExpertiseDocumentsService.protocolHeader, rows: stream
        ) { $0 }
    }

    @Sendable func sheets(_ request: Request, context: AppRequestContext) async throws -> Response {
        var q = QueryParameters(request)
        let search = q.string("q")
        let from = q.civilDay("from")?.iso
        let to = q.civilDay("to")?.iso
        if CSVStream.wanted(request) {
            try q.check()
            return CSVStream.response(
                filename: "expert-sheets.csv", header: ExpertiseDocumentsService.sheetsHeader,
                rows: try await service.sheetsStream(search: search, from: from, to: to)
            ) { $0 }
        }
        return JSONResponse.raw(try await service.sheets(search: search, from: from, to: to, page: try q.page()))
    }
}
