import Foundation
import Hummingbird

/// /api/v1/application-batches — mass applications as JSON (`rows`) or as an uploaded CSV (`Content-Type: text/csv`,
/// the other fields as query parameters).
public struct ApplicationBatchesController: Sendable {
    let service: ApplicationBatchesService
    public init(service: ApplicationBatchesService) { self.service = service }

    /// Twenty thousand rows of names, e-mails and positions fit well within this.
    static let maxBytes = 16 << 20

    @Sendable func submit(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        let input: BatchInput
        if request.headers[.contentType]?.lowercased().hasPrefix("text/csv") == true {
            var q = QueryParameters(request)
            let programId = q.uuid("programId")
            let organizationId = q.uuid("organizationId")
            let kind = q.string("kind")
            let comment = q.string("comment", max: 2000)
            try q.check()
            let body = try await request.collectBody(limit: Self.maxBytes)
            let text = CSVEncoding.text(body.getBytes(at: body.readerIndex, length: body.readableBytes) ?? [])
            input = BatchInput(
                programId: programId, kind: kind, organizationId: organizationId, comment: comment,
                rows: try ApplicationBatch.rows(csv: text))
        } else {
            input = try await request.decodeLargeJSON(BatchInput.self, context: context, limit: Self.maxBytes)
        }
        let created = try await service.submit(input, identity: me)
        return JSONResponse.raw(
            created.json, status: .created,
            location: "/api/v1/application-batches/\(created.id.uuidString.lowercased())")
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        return JSONResponse.raw(try await service.list(identity: me, page: try QueryParameters(request).page()))
    }

    @Sendable func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        JSONResponse.raw(
            try await service.detail(try context.parameters.uuid("batchId"), identity: try context.requireIdentity()))
    }
}
