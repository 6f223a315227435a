import Crypto
import Foundation
import NIOPosix

/// Content-addressed blobs under FILES_DIR: `ab/cd/<sha256>`. Writes go to a temporary name and are renamed into place,
/// so a crash never leaves a half-written file under its final name; equal content is stored once.
public struct FileStore: Sendable {
    public let root: String
    public init(root: String) { self.root = root }

    public static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
    }

    public func path(for sha256: String) -> String {
        "\(root)/\(sha256.prefix(2))/\(sha256.dropFirst(2).prefix(2))/\(sha256)"
    }

    public func save(_ bytes: [UInt8], sha256: String) async throws {
        let final = path(for: sha256)
        let root = self.root
        try await NIOThreadPool.singleton.runIfActive {
            let fm = FileManager.default
            if fm.fileExists(atPath: final) { return }
            try fm.createDirectory(
                atPath: (final as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try fm.createDirectory(atPath: "\(root)/tmp", withIntermediateDirectories: true)
            let temp = "\(root)/tmp/\(UUID().uuidString)"
            guard fm.createFile(atPath: temp, contents: Data(bytes)) else { throw CocoaError(.fileWriteUnknown) }
            if rename(temp, final) != 0 {
                try? fm.removeItem(atPath: temp)
                if !fm.fileExists(atPath: final) { throw CocoaError(.fileWriteUnknown) }
            }
        }
    }
}
