import Foundation
import Hummingbird

/// GET /api/v1/me/counters: what the cabinet's menu shows beside its entries.
public struct CabinetController: Sendable {
    let service: CabinetService

    public init(service: CabinetService) { self.service = service }

    @Sendable func counters(_ request: Request, context: AppRequestContext) async throws -> Response {
        let me = try context.requireIdentity()
        // private and short-lived: the badge must follow the person's own reading and answering
        return try JSONResponse.make(
            try await service.counters(identity: me), headers: [.cacheControl: "private, no-store"])
    }
}
