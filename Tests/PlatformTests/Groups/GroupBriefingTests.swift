import XCTest

@testable import Platform

/// The sentences of a confirmation: the period always; the first lesson with its room when the schedule has one (else
/// that it is being made); the organization with the address of the lesson's building or its own.
final class GroupBriefingTests: XCTestCase {
    func testAScheduledGroupTellsWhenAndWhere() {
        let b = GroupBriefing(
            startsOn: "01.02.2027", endsOn: "28.02.2027", firstLesson: "01.02.2027 в 10:00",
            room: "Сварочная мастерская", address: "г. Иркутск, ул. Ленина, 1", organization: "ГАПОУ ИО «ИТМ»")
        XCTAssertEqual(
            b.text,
            "Обучение: с 01.02.2027 по 28.02.2027. Первое занятие: 01.02.2027 в 10:00, "
                + "помещение «Сварочная мастерская». "
                + "Организация: ГАПОУ ИО «ИТМ», адрес: г. Иркутск, ул. Ленина, 1.")
    }

    func testAGroupWithoutLessonsSaysTheScheduleIsComing() {
        let b = GroupBriefing(
            startsOn: "01.02.2027", endsOn: "28.02.2027", firstLesson: nil, room: nil, address: nil,
            organization: "Колледж")
        XCTAssertTrue(b.text.contains("Расписание занятий ещё составляется"), b.text)
        XCTAssertTrue(b.text.hasSuffix("Организация: Колледж."), b.text)
    }
}
