import Foundation

/// A status machine as a pure function: which action, from which status, by whom, leads where. Program, application
/// and group workflows conform; `next` turns a refused step into the 409 that lists what the caller may do instead.
public protocol Workflow {
    associatedtype Status: RawRepresentable & Sendable where Status.RawValue == String
    associatedtype Action: RawRepresentable & CaseIterable & Sendable where Action.RawValue == String
    associatedtype Actor
    static func transition(_ action: Action, from status: Status, by actor: Actor) -> Status?
    /// Names people read in messages (a workflow without them shows the codes).
    static func title(_ status: Status) -> String
    static func title(_ action: Action) -> String
}

extension Workflow {
    public static func title(_ status: Status) -> String { status.rawValue }
    public static func title(_ action: Action) -> String { action.rawValue }

    public static func allowed(from status: Status, by actor: Actor) -> [Action] {
        Action.allCases.filter { transition($0, from: status, by: actor) != nil }
    }

    /// The next status, or a 409 problem naming the allowed actions (`what` names the object in Russian for the
    /// message).
    public static func next(_ action: Action, from status: Status, by actor: Actor, what: String) throws -> Status {
        if let next = transition(action, from: status, by: actor) { return next }
        throw Problem.conflict(
            "Действие «\(title(action))» недоступно: \(what) в статусе «\(title(status))»",
            code: "illegal_transition", allowed: allowed(from: status, by: actor).map(\.rawValue))
    }
}

extension Workflow where Status: CaseIterable {
    /// Every status's allowed actions for one actor, as JSON (`{"new": ["confirm", …], …}`): a query picks the entry of
    /// the row's status, so a card carries its buttons without a second round trip or edits of its JSON text.
    public static func allowedJSON(by actor: Actor) -> String {
        let table = Dictionary(
            uniqueKeysWithValues: Status.allCases.map { status in
                (status.rawValue, allowed(from: status, by: actor).map(\.rawValue))
            })
        return String(decoding: (try? JSONEncoder.sorted.encode(table)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
