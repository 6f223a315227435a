import Foundation
import PostgresNIO

public struct GroupInput: Decodable, Sendable {
    var programId: UUID?
    var organizationId: UUID?
    var name: String?
    var minSize: Int?
    var maxSize: Int?
    var startsOn: String?
    var endsOn: String?
    var applicationsFrom: String?
    var applicationsUntil: String?
    var comment: String?
    var lecturerIds: [UUID]?
}

public struct GroupActionInput: Decodable, Sendable {
    var comment: String?
}

/// A group's own values, checked: sizes 1–1000, periods in order (PATCH checks the sent ones over the current).
struct GroupValues: Sendable {
    var name: String
    var minSize: Int
    var maxSize: Int
    var startsOn: String
    var endsOn: String
    var applicationsFrom: String?
    var applicationsUntil: String?
    var comment: String?

    /// Validates a full set of values (creation) or the sent ones over the current (PATCH).
    static func validated(_ i: GroupInput, keys: Set<String>, current: GroupValues?) throws -> GroupValues {
        var v = Validator()
        func has(_ k: String) -> Bool { current == nil || keys.contains(k) }
        let name = has("name") ? v.required(i.name, "name") : current!.name
        let minSize = has("minSize") ? (i.minSize ?? 1) : current!.minSize
        var maxSize = current?.maxSize ?? 0
        if has("maxSize") {
            if let m = i.maxSize {
                maxSize = m
            } else {
                v.add("maxSize", "required", "Укажите наибольший размер группы")
            }
        }
        v.check(minSize >= 1 && minSize <= 1000, "minSize", "out_of_range", "Наименьший размер группы — от 1 до 1000")
        if i.maxSize != nil || current != nil {
            v.check(
                maxSize >= minSize && maxSize <= 1000, "maxSize", "out_of_range",
                "Наибольший размер — не меньше наименьшего и не больше 1000")
        }
        let startsOn = has("startsOn") ? v.date(i.startsOn, "startsOn", required: true) : current!.startsOn
        let endsOn = has("endsOn") ? v.date(i.endsOn, "endsOn", required: true) : current!.endsOn
        if let s = startsOn, let e = endsOn {
            v.check(e >= s, "endsOn", "before_start", "Окончание обучения раньше начала")
        }
        let from = has("applicationsFrom") ? v.date(i.applicationsFrom, "applicationsFrom") : current!.applicationsFrom
        let until =
            has("applicationsUntil") ? v.date(i.applicationsUntil, "applicationsUntil") : current!.applicationsUntil
        if let f = from, let u = until {
            v.check(u >= f, "applicationsUntil", "before_start", "Конец приёма заявок раньше начала")
        }
        let comment = has("comment") ? v.optional(i.comment, "comment", max: 2000) : current!.comment
        try v.throwIfInvalid()
        return GroupValues(
            name: name, minSize: minSize, maxSize: maxSize, startsOn: startsOn!, endsOn: endsOn!,
            applicationsFrom: from, applicationsUntil: until, comment: comment)
    }
}
