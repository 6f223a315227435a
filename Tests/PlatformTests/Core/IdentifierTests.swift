import Platform
import XCTest

final class IdentifierTests: XCTestCase {
    func testINN() {
        XCTAssertTrue(RussianIdentifiers.isValidINN("7707083893"))  // ПАО Сбербанк
        XCTAssertFalse(RussianIdentifiers.isValidINN("7707083894"))
        XCTAssertTrue(RussianIdentifiers.isValidINN("500100732259"))  // 12-digit (individual)
        XCTAssertFalse(RussianIdentifiers.isValidINN("500100732258"))
        XCTAssertFalse(RussianIdentifiers.isValidINN("77070838"))
        XCTAssertFalse(RussianIdentifiers.isValidINN("77070838a3"))
        XCTAssertFalse(RussianIdentifiers.isValidINN("７７０７０８３８９３"))  // full-width digits are not digits here
    }

    func testOGRN() {
        XCTAssertTrue(RussianIdentifiers.isValidOGRN("1027700132195"))  // ПАО Сбербанк
        XCTAssertFalse(RussianIdentifiers.isValidOGRN("1027700132196"))
        XCTAssertTrue(RussianIdentifiers.isValidOGRNIP("304500116000157"))
        XCTAssertFalse(RussianIdentifiers.isValidOGRNIP("304500116000158"))
        XCTAssertFalse(RussianIdentifiers.isValidOGRN("102770013219"))
    }

    func testKPP() {
        XCTAssertTrue(RussianIdentifiers.isValidKPP("773601001"))
        XCTAssertTrue(RussianIdentifiers.isValidKPP("7736AB001"))
        XCTAssertFalse(RussianIdentifiers.isValidKPP("77360100"))
        XCTAssertFalse(RussianIdentifiers.isValidKPP("7736ab001"))
    }

    func testSNILS() {
        XCTAssertTrue(RussianIdentifiers.isValidSNILS("112-233-445 95"))
        XCTAssertTrue(RussianIdentifiers.isValidSNILS("11223344595"))
        XCTAssertFalse(RussianIdentifiers.isValidSNILS("112-233-445 96"))
        XCTAssertFalse(RussianIdentifiers.isValidSNILS("001-001-998 00"))  // below the checked range
        XCTAssertEqual(RussianIdentifiers.formatSNILS("11223344595"), "112-233-445 95")
    }
}
