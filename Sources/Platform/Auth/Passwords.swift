import HummingbirdBcrypt
import NIOPosix

/// bcrypt hashing off the event loops (a cost-12 hash takes ~250 ms of CPU).
public struct Passwords: Sendable {
    public let cost: UInt8
    public init(cost: UInt8) { self.cost = cost }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

}
