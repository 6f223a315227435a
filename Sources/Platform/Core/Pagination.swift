import Foundation

/// A page of a list: `{"items": [...], "nextCursor": "..."|null}`.
public struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
    public var items: [Item]
    public var nextCursor: String?
    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(items, forKey: .items)
        try c.encode(nextCursor, forKey: .nextCursor)  // explicit null, clients test for it
    }
    enum CodingKeys: String, CodingKey { case items, nextCursor }
}

/// Keyset position: the sort key of the last row seen plus its id, opaque to clients (base64url JSON).
public struct Cursor: Codable, Sendable, Equatable {
    public var key: String
    public var id: UUID

    public init(key: String, id: UUID) {
        self.key = key
        self.id = id
    }

    /// base64url without padding, mapped byte by byte (Foundation's replacingOccurrences showed in profiles of list
    /// pages).
    public func encoded() -> String {
        let data = (try? JSONEncoder().encode(self)) ?? Data()
        var out: [UInt8] = []
        out.reserveCapacity(data.count * 4 / 3 + 4)
        for byte in data.base64EncodedData() {
            switch byte {
            case UInt8(ascii: "+"): out.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): continue
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public static func decode(_ s: String?) throws -> Cursor? {
        guard let s, !s.isEmpty else { return nil }
        var b64 = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while b64.count % 4 != 0 { b64 += "=" }
        guard let data = Data(base64Encoded: b64), let cursor = try? JSONDecoder().decode(Cursor.self, from: data)
        else { throw invalid }
        return cursor
    }

    /// A cursor that was not made by this list (edited, or from another list).
    public static var invalid: Problem {
        Problem.validation([FieldError("cursor", "invalid_cursor", "Некорректный курсор страницы")])
    }
}

/// `limit` and `cursor` of a list request, validated.
public struct PageRequest: Sendable {
    public var limit: Int
    public var cursor: Cursor?
    public static let maxLimit = 200

    public init(limit: Int, cursor: Cursor? = nil) {
        self.limit = limit
        self.cursor = cursor
    }

    public init(limit: String?, cursor: String?, defaultLimit: Int = 50) throws {
        var v = Validator()
        var value = defaultLimit
        if let limit {
            if let n = Int(limit), (1...Self.maxLimit).contains(n) {
                value = n
            } else {
                v.add("limit", "out_of_range", "limit — целое число от 1 до \(Self.maxLimit)")
            }
        }
        try v.throwIfInvalid()
        self.limit = value
        self.cursor = try Cursor.decode(cursor)
    }

    /// Builds the page from `limit + 1` fetched rows: the extra row only tells that there is a next page.
    public func page<Item>(_ rows: [Item], key: (Item) -> String, id: (Item) -> UUID) -> Page<Item> {
        guard rows.count > limit else { return Page(items: rows, nextCursor: nil) }
        let items = Array(rows.prefix(limit))
        let last = items[items.count - 1]
        return Page(items: items, nextCursor: Cursor(key: key(last), id: id(last)).encoded())
    }
}

extension PageRequest {
    /// A page from rows whose JSON PostgreSQL already built: `(json, sortKey, id)` for `limit + 1` rows.
    /// `extra` is one more member of the page object (the catalog's facets), already JSON.
    public func jsonPage(_ rows: [(json: String, key: String, id: UUID)], extra: (name: String, json: String)? = nil)
        -> String
    {
        let items = rows.prefix(limit)
        let last = rows.count > limit ? items.last : nil
        return Self.jsonPage(("[" + items.map(\.json).joined(separator: ",") + "]", last?.key, last?.id), extra: extra)
    }
}

extension Date {
    /// Microseconds since 1970 as a cursor key; rounding is exact because PostgreSQL stores microseconds.
    public var cursorKey: String { String(Int64((timeIntervalSince1970 * 1_000_000).rounded())) }
}

extension Cursor {
    /// The cursor's key as microseconds, for `'epoch'::timestamptz + µs * interval '1 microsecond'` in SQL.
    public var micros: Int64? { Int64(key) }
}
