import Foundation
import NIOCore
import NIOPosix

/// A plain-SMTP client (RFC 5321) sufficient for a relay or sink on a trusted network; one connection per message.
public struct SMTPClient: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let host: String
    public let port: Int
    public let timeout: TimeAmount

    public init(host: String, port: Int, timeout: TimeAmount = .seconds(20)) {
        self.host = host
        self.port = port
        self.timeout = timeout
    }

    public func send(from: String, to: String, data: String) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(timeout)
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        try await channel.executeThenClose { inbound, outbound in
            var replies = ReplyReader(iterator: inbound.makeAsyncIterator())
            func command(_ line: String?, expect code: Int) async throws {
                if let line { try await outbound.write(ByteBuffer(string: line + "\r\n")) }
                let reply = try await replies.next()
                guard reply.code == code else {
                    throw Failure(
                        description: "SMTP \(line?.split(separator: " ").first ?? "greeting"): "
                            + "expected \(code), got \(reply.code) \(reply.text)"
                    )
                }
            }
            try await command(nil, expect: 220)
            try await command("EHLO copp-platform", expect: 250)
            try await command("MAIL FROM:<\(from)>", expect: 250)
            try await command("RCPT TO:<\(to)>", expect: 250)
            try await command("DATA", expect: 354)
            try await command(data + "\r\n.", expect: 250)
            try? await outbound.write(ByteBuffer(string: "QUIT\r\n"))
        }
    }

    /// Reads (possibly multi-line) SMTP replies: `250-…` lines continue, `250 …` ends the reply.
    struct ReplyReader {
        var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        var pending = ""

        mutating func next() async throws -> (code: Int, text: String) {
            var text = ""
            while true {
                while let range = pending.range(of: "\r\n") ?? pending.range(of: "\n") {
                    let line = String(pending[..<range.lowerBound])
                    pending.removeSubrange(..<range.upperBound)
                    guard line.count >= 3, let code = Int(line.prefix(3)) else {
                        throw Failure(description: "SMTP: bad reply '\(line)'")
                    }
                    text += line.dropFirst(4) + " "
                    if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return (code, text) }
                }
                guard let buffer = try await iterator.next() else {
                    throw Failure(description: "SMTP: connection closed")
                }
                pending += String(buffer: buffer)
            }
        }
    }
}
