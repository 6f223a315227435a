import XCTest

// XCTest's assertions take synchronous autoclosures; these let a test assert on an awaited API call in one line.
// Named like the XCTest assertions they wrap.

// swift-format-ignore: AlwaysUseLowerCamelCase
func XCTAssertEqualAsync<T: Equatable>(
    _ a: @autoclosure () async throws -> T, _ b: @autoclosure () async throws -> T, _ message: String = "",
    file: StaticString = #filePath, line: UInt = #line
) async throws {
    let (x, y) = (try await a(), try await b())
    XCTAssertEqual(x, y, message, file: file, line: line)
}

// swift-format-ignore: AlwaysUseLowerCamelCase
func XCTAssertNilAsync<T>(
    _ a: @autoclosure () async throws -> T?, _ message: String = "", file: StaticString = #filePath, line: UInt = #line
) async throws {
    let x = try await a()
    XCTAssertNil(x, message, file: file, line: line)
}

// swift-format-ignore: AlwaysUseLowerCamelCase
func XCTAssertNotNilAsync<T>(
    _ a: @autoclosure () async throws -> T?, _ message: String = "", file: StaticString = #filePath, line: UInt = #line
) async throws {
    let x = try await a()
    XCTAssertNotNil(x, message, file: file, line: line)
}
