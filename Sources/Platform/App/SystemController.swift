import Foundation
import Hummingbird
import NIOCore
import Prometheus

/// Operations endpoints: liveness, readiness, metrics (for the holder of METRICS_TOKEN), the OpenAPI document and its
/// viewer.
struct SystemController: Sendable {
    let db: Database
    let migrator: Migrator
    let registry: PrometheusCollectorRegistry
    let openAPIPath: String
    let metricsToken: String?

    @Sendable func health(_ request: Request, context: AppRequestContext) async throws -> Response {
        try JSONResponse.make(["status": "ok"])
    }

    /// Prometheus sends the configured token; without one configured the metrics are not served at all.
    @Sendable func metrics(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let metricsToken, let given = request.headers[.authorization],
            SecretToken.constantTimeEquals(given, "Bearer " + metricsToken)
        else { throw Problem.notFound }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }

    @Sendable func ready(_ request: Request, context: AppRequestContext) async throws -> Response {
        do {
            let pending = try await migrator.run(client: db.client, checkOnly: true)
            guard pending.isEmpty else {
                return try JSONResponse.make(
                    ["status": "migrations pending: " + pending.joined(separator: ", ")], status: .serviceUnavailable)
            }
            return try JSONResponse.make(["status": "ready"])
        } catch {
            context.logger.warning("readiness check failed", metadata: ["error": "\(error)"])
            return try JSONResponse.make(["status": "database unavailable"], status: .serviceUnavailable)
        }
    }

    @Sendable func openAPI(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let data = FileManager.default.contents(atPath: openAPIPath) else { throw Problem.notFound }
        return Response(
            status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(data: data)))
    }

    /// Swagger UI page; its scripts are installed into web/vendor by `make swagger-ui` (not committed).
    @Sendable func docs(_ request: Request, context: AppRequestContext) async throws -> Response {
        let html = """
            <!doctype html><html lang="ru"><head><meta charset="utf-8"><title>API платформы ЦОПП</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="icon" href="/favicon.svg" type="image/svg+xml">
            <link rel="stylesheet" href="/vendor/swagger-ui/swagger-ui.css"></head>
            <body><div id="swagger-ui"><p>Спецификация: <a href="/api/v1/openapi.yaml">/api/v1/openapi.yaml</a>.
            Если интерфейс не загрузился, выполните <code>make swagger-ui</code>.</p></div>
            <script src="/vendor/swagger-ui/swagger-ui-bundle.js"></script>
            <script src="/js/docs.js"></script>
            </body></html>
            """
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
