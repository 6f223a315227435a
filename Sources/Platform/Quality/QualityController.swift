import Foundation
import Hummingbird

/// /api/v1/programs/{programId}/quality — a program's quality index; /api/v1/quality/programs — the region's ranking;
/// /api/v1/quality/statistics — «Статистика НОКО».
public struct QualityController: Sendable {
    let service: QualityService
    public init(service: QualityService) { self.service = service }

    @Sendable func program(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(
            try await service.program(try context.parameters.uuid("programId"), identity: try context.requireIdentity())
        )
    }

    @Sendable func ranking(_ request: Request, context: AppRequestContext) async throws -> Response {
        var q = QueryParameters(request)
        let search = q.string("q")
        let organization = q.uuid("organizationId")
        let limit = q.int("limit", 1...500) ?? 50
        try q.check()
        let entries = try await service.ranking(search: search, organization: organization)
        if CSVStream.wanted(request) {
            let rows = AsyncStream<[String]> { c in
                for e in entries { c.yield(e.csv) }
                c.finish()
            }
            return CSVStream.response(filename: "quality-index.csv", header: QualityService.csvHeader, rows: rows) {
                $0
            }
        }
        struct Page: Encodable {
            var items: [QualityService.Entry]
            var total: Int
            var formula: String
        }
        return try JSONResponse.make(
            Page(items: Array(entries.prefix(limit)), total: entries.count, formula: QualityIndex.formula))
    }

    @Sendable func statistics(_ request: Request, context: AppRequestContext) async throws -> Response {
        var q = QueryParameters(request)
        let kind = q.choice("kind", in: QualityRepository.Kind.allCases.map(\.rawValue)) ?? "achievements"
        let period = q.choice("period", in: QualityService.periods) ?? "day"
        let from = q.civilDay("from")
        let to = q.civilDay("to")
        try q.check()
        return JSONResponse.raw(
            try await service.statistics(
                QualityRepository.Kind(rawValue: kind)!, period: period, from: from, to: to))
    }
}
