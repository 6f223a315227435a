import Foundation

/// A learner's program composed of published modules, or an employer's request to develop a new program (SPEC §5).
public struct ProgramRequestInput: Codable, Sendable {
    public var kind: String?
    public var title: String?
    public var description: String?
    public var moduleIds: [UUID]?
    public var organizationId: UUID?
    public var learnersCount: Int?
}

/// `new → in_work → done | rejected` (rejection also straight from `new`), decided by ЦОПП staff.
public enum ProgramRequestWorkflow {
    public static let actions = ["take": ("new", "in_work"), "complete": ("in_work", "done")]

    /// The next status, or nil when `action` is not allowed from `status`.
    public static func next(_ action: String, from status: String) -> String? {
        if action == "reject" { return status == "new" || status == "in_work" ? "rejected" : nil }
        guard let (from, to) = actions[action], from == status else { return nil }
        return to
    }

    public static func allowed(from status: String) -> [String] {
        ["take", "complete", "reject"].filter { next($0, from: status) != nil }
    }
}
