import Foundation

/// A stored file's metadata as the API shows it.
public struct StoredFile: Codable, Sendable {
    public var id: UUID
    public var name: String
    public var mime: String
    public var size: Int
    public var width: Int?
    public var height: Int?
    public var sha256: String
    public var isPublic: Bool
    public var organizationId: UUID?
    public var ownerUserId: UUID?
    public var createdAt: Date
    public var url: String { "/api/v1/files/\(id.uuidString.lowercased())" }

    enum CodingKeys: String, CodingKey {
        case id, name, mime, size, width, height, sha256
        case isPublic = "public"
        case organizationId, ownerUserId, createdAt, url
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(mime, forKey: .mime)
        try c.encode(size, forKey: .size)
        try c.encodeIfPresent(width, forKey: .width)
        try c.encodeIfPresent(height, forKey: .height)
        try c.encode(sha256, forKey: .sha256)
        try c.encode(isPublic, forKey: .isPublic)
        try c.encodeIfPresent(organizationId, forKey: .organizationId)
        try c.encodeIfPresent(ownerUserId, forKey: .ownerUserId)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(url, forKey: .url)
    }

    public init(
        id: UUID, name: String, mime: String, size: Int, width: Int?, height: Int?, sha256: String, isPublic: Bool,
        organizationId: UUID?, ownerUserId: UUID?, createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.mime = mime
        self.size = size
        self.width = width
        self.height = height
        self.sha256 = sha256
        self.isPublic = isPublic
        self.organizationId = organizationId
        self.ownerUserId = ownerUserId
        self.createdAt = createdAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(UUID.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
            mime: try c.decode(String.self, forKey: .mime),
            size: try c.decode(Int.self, forKey: .size), width: try c.decodeIfPresent(Int.self, forKey: .width),
            height: try c.decodeIfPresent(Int.self, forKey: .height),
            sha256: try c.decode(String.self, forKey: .sha256),
            isPublic: try c.decode(Bool.self, forKey: .isPublic),
            organizationId: try c.decodeIfPresent(UUID.self, forKey: .organizationId),
            ownerUserId: try c.decodeIfPresent(UUID.self, forKey: .ownerUserId),
            createdAt: try c.decode(Date.self, forKey: .createdAt))
    }
}
