import Logging
import PostgresNIO
import ServiceLifecycle

/// One connection LISTENing on the channels of in-memory caches (catalog answers, account states). Every subscriber is
/// told when listening starts and stops: a cache serves from memory only while it hears about changes, so a lost
/// connection can never leave stale answers behind.
struct ChangeListener: Service {
    struct Subscription: Sendable {
        var channel: String
        var listening: @Sendable (Bool) -> Void
        /// awaited before the next notice: a subscriber may look at the database to apply one, in order
        var notice: @Sendable (String) async -> Void
    }

    let client: PostgresClient
    let subscriptions: [Subscription]
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await client.withConnection { connection in
                        try await withThrowingTaskGroup(of: Void.self) { group in
                            for subscription in subscriptions {
                                group.addTask {
                                    try await connection.listen(on: subscription.channel) { notices in
                                        subscription.listening(true)
                                        for try await notice in notices { await subscription.notice(notice.payload) }
                                    }
                                }
                            }
                            // one channel ending (connection lost) ends them all: reconnect together
                            try await group.next()
                            group.cancelAll()
                        }
                    }
                } catch {
                    if !Task.isCancelled {
                        logger.warning("change listener stopped", metadata: ["error": "\(String(reflecting: error))"])
                    }
                }
                for subscription in subscriptions { subscription.listening(false) }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
