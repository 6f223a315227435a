import Foundation

/// What a person confirmed into a group needs to come to the first lesson (issue 14: the confirmation e-mail had no
/// dates, time or address): the period, the first lesson's day, time and room, and where the organization is.
struct GroupBriefing: Sendable, Equatable {
    var startsOn: String
    var endsOn: String
    /// «ДД.ММ.ГГГГ в ЧЧ:ММ» of the first lesson, when the schedule has one
    var firstLesson: String?
    var room: String?
    /// the building of the first lesson's room, else the organization's address
    var address: String?
    var organization: String

    /// The sentences added to the confirmation, in Russian, each only when its facts are known.
    var text: String {
        var parts = ["Обучение: с \(startsOn) по \(endsOn)."]
        if let firstLesson {
            parts.append("Первое занятие: \(firstLesson)" + (room.map { ", помещение «\($0)»" } ?? "") + ".")
        } else {
            parts.append("Расписание занятий ещё составляется: когда оно появится, его будет видно в личном кабинете.")
        }
        parts.append("Организация: \(organization)" + (address.map { ", адрес: \($0)" } ?? "") + ".")
        return parts.joined(separator: " ")
    }
}
