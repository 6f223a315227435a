import Foundation
import HTTPTypes
import Platform
import XCTest

final class PasswordPolicyTests: XCTestCase {
    func testTheListIsShippedAndRunsAreRecognised() throws {
        XCTAssertNoThrow(try PasswordPolicy.requireList())
        XCTAssertNil(PasswordPolicy.problem("Сварщик-2026"))
        XCTAssertEqual(PasswordPolicy.problem("Password1")?.code, "common_password")
        XCTAssertEqual(PasswordPolicy.problem("87654321x")?.code, nil)
        XCTAssertEqual(PasswordPolicy.problem("абвгдежзи")?.code, "weak_password")
        XCTAssertEqual(PasswordPolicy.problem("abcdefghij")?.code, "weak_password")
        XCTAssertEqual(PasswordPolicy.problem("petrov-na-angare", email: "petrov@mail.ru")?.code, "weak_password")
    }
}
