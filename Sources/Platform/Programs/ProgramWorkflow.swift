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

public enum ProgramWorkflow: Workflow {
    public static func transition(_ action: ProgramAction, from status: ProgramStatus, by actor: ProgramActor)
        -> ProgramStatus?
    {
        switch (action, status, actor) {
        case (.submit, .draft, .owner), (.submit, .revision, .owner): .moderation
        case (.publish, .moderation, .moderator): .published
        case (.returnForRevision, .moderation, .moderator): .revision
        case (.archive, .published, _): .archived
        default: nil
        }
    }
}
