/// Moderation of a program (seed 000 «Общий порядок работы», SPEC §5):
/// `draft → moderation → published | revision → moderation …`, `published → archived`.
public enum ProgramStatus: String, Codable, Sendable, CaseIterable {
    case draft, moderation, revision, published, archived
}

public enum ProgramAction: String, Codable, Sendable, CaseIterable {
    /// the organization sends the program to moderators
    case submit
    /// a moderator publishes it (possibly after fixing small things)
    case publish
    /// a moderator returns it for revision with a comment
    case returnForRevision = "return"
    /// the organization or a moderator takes a published program out of the catalog
    case archive
}

/// Who acts on a program: its organization's developer/contractor, or a ЦОПП moderator/admin.
public enum ProgramActor: Sendable {
    case owner, moderator
}

public struct WorkflowError: Error, Equatable, Sendable {
    public var from: ProgramStatus
    public var action: ProgramAction
    /// the actions this actor may take from `from`
    public var allowed: [ProgramAction]

    public init(from: ProgramStatus, action: ProgramAction, allowed: [ProgramAction]) {
        self.from = from
        self.action = action
        self.allowed = allowed
    }
}

public enum ProgramWorkflow {
    /// The new status, or the error listing what this actor may do instead.
    public static func apply(_ action: ProgramAction, to status: ProgramStatus, by actor: ProgramActor) -> Result<ProgramStatus, WorkflowError> {
        if let next = transition(action, status, actor) { return .success(next) }
        return .failure(WorkflowError(from: status, action: action, allowed: allowed(from: status, by: actor)))
    }

    public static func allowed(from status: ProgramStatus, by actor: ProgramActor) -> [ProgramAction] {
        ProgramAction.allCases.filter { transition($0, status, actor) != nil }
    }

    static func transition(_ action: ProgramAction, _ status: ProgramStatus, _ actor: ProgramActor) -> ProgramStatus? {
        switch (action, status, actor) {
        case (.submit, .draft, .owner), (.submit, .revision, .owner): .moderation
        case (.publish, .moderation, .moderator): .published
        case (.returnForRevision, .moderation, .moderator): .revision
        case (.archive, .published, _): .archived
        default: nil
        }
    }
}
