import Logging
import PostgresNIO
import ServiceLifecycle

/// Holds one connection LISTENing on `catalog_changed` (sent by the triggers of migration 0011) and drops the catalog
/// cache on every notice. While the connection is down the cache is off, so a missed notice can never leave a stale page.
struct CatalogChangeListener: Service {
    let client: PostgresClient
    let cache: CatalogCache
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await client.withConnection { connection in
                        try await connection.listen(on: "catalog_changed") { notices in
                            cache.setListening(true)
                            for try await _ in notices { cache.invalidate() }
                        }
                    }
                } catch {
                    if !Task.isCancelled { logger.warning("catalog change listener stopped", metadata: ["error": "\(String(reflecting: error))"]) }
                }
                cache.setListening(false)
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
