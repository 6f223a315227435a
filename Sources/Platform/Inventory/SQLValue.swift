import Foundation
import PostgresNIO

/// A typed value for statements whose column list is built at run time (generic inventory writes).
enum SQLValue: Sendable {
    case text(String?)
    case int(Int?)
    case decimal(Double?)
    case bool(Bool)
    case uuid(UUID?)

    func bind(into binds: inout PostgresBindings) {
        switch self {
        case .text(let v): if let v { binds.append(v) } else { binds.appendNull() }
        case .int(let v): if let v { binds.append(v) } else { binds.appendNull() }
        case .decimal(let v): if let v { binds.append(v) } else { binds.appendNull() }
        case .bool(let v): binds.append(v)
        case .uuid(let v): if let v { binds.append(v) } else { binds.appendNull() }
        }
    }

    /// The cast that makes PostgreSQL accept the bound value for any column type.
    var cast: String {
        switch self {
        case .text: "::text"
        case .int: "::int"
        case .decimal: "::numeric"
        case .bool: "::bool"
        case .uuid: "::uuid"
        }
    }
}
