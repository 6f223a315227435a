import Foundation

// Identifiers leave the API in lowercase (RFC 4122's canonical form), the same whether Swift or PostgreSQL built the
// JSON. These overloads are picked by the Codable conformances synthesized in this module.
extension KeyedEncodingContainer {
    mutating func encode(_ value: UUID, forKey key: Key) throws {
        try encode(value.uuidString.lowercased(), forKey: key)
    }

    mutating func encodeIfPresent(_ value: UUID?, forKey key: Key) throws {
        if let value { try encode(value.uuidString.lowercased(), forKey: key) }
    }

    mutating func encode(_ value: [UUID], forKey key: Key) throws {
        try encode(value.map { $0.uuidString.lowercased() }, forKey: key)
    }
}
