import Foundation
import Platform
import XCTest

/// The route table and openapi.yaml must describe the same API: a route missing from either side fails, and so does
/// an operation whose documented access (`x-access`) differs from the route's policy.
final class ContractTests: XCTestCase {
    /// "METHOD /path" of every operation in openapi.yaml (paths at two-space indent, methods at four) with its
    /// `x-access` (six spaces).
    static func specAccess() throws -> [String: String] {
        let text = try String(contentsOfFile: repositoryRoot + "/openapi.yaml", encoding: .utf8)
        var ops: [String: String] = [:]
        var inPaths = false
        var current: String?
        var operation: String?
        let methods: Set<String> = ["get", "post", "put", "patch", "delete"]
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("paths:") {
                inPaths = true
                continue
            }
            if inPaths && !line.isEmpty && !line.hasPrefix(" ") && !line.hasPrefix("#") { inPaths = false }
            guard inPaths else { continue }
            if line.hasPrefix("  /") && line.hasSuffix(":") {
                current = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    ") && !line.hasPrefix("     "), let current {
                let key = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ":", with: "")
                operation = methods.contains(key) ? "\(key.uppercased()) \(current)" : nil
                if let operation { ops[operation] = "" }
            } else if line.hasPrefix("      x-access: "), let op = operation {
                ops[op] = line.dropFirst("      x-access: ".count).trimmingCharacters(
                    in: CharacterSet(charactersIn: "\""))
            }
        }
        return ops
    }

    static func specOperations() throws -> Set<String> { Set(try specAccess().keys) }

    static func normalize(_ route: String) -> String {
        // Hummingbird prints captures as {name} or :name; the spec uses {name}
        let parts = route.split(separator: " ", maxSplits: 1)
        let path = parts[1].split(separator: "/", omittingEmptySubsequences: false).map { s -> String in
            s.hasPrefix(":") ? "{\(s.dropFirst())}" : String(s)
        }.joined(separator: "/")
        return "\(parts[0]) \(path.hasPrefix("/") ? path : "/" + path)"
    }

    func testEveryRouteIsInTheSpecAndBack() async throws {
        let config = testConfiguration(database: "unused")
        let table = await routeTable(config)
        let routes = Set(table.map { Self.normalize("\($0.method.rawValue) \($0.path)") })
        let spec = try Self.specOperations()
        XCTAssertGreaterThan(routes.count, 20)
        XCTAssertEqual(routes.subtracting(spec).sorted(), [], "routes missing from openapi.yaml")
        XCTAssertEqual(spec.subtracting(routes).sorted(), [], "openapi.yaml operations with no route")
        XCTAssertEqual(routes.count, table.count, "a route registered twice")
        let documented = try Self.specAccess()
        for route in table {
            let key = Self.normalize("\(route.method.rawValue) \(route.path)")
            XCTAssertEqual(documented[key], route.policy.documented, "x-access of \(key) in openapi.yaml")
        }
    }
}
