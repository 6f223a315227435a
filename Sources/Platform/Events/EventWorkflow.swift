/// Moderation of an event (SPEC §9 «Moderated like programs»): the program's moderation, without new versions — an
/// event is changed by taking it out of the catalog, editing the draft and sending it again. The steps are the
/// program workflow's own (`ProgramWorkflow.transition`), so the two cannot drift apart.
public enum EventAction: String, Codable, Sendable, CaseIterable {
    case submit, publish
    case returnForRevision = "return"
    case archive, restore

    var programAction: ProgramAction {
        switch self {
        case .submit: .submit
        case .publish: .publish
        case .returnForRevision: .returnForRevision
        case .archive: .archive
        case .restore: .restore
        }
    }
}

public enum EventWorkflow: Workflow {
    public static func transition(_ action: EventAction, from status: ProgramStatus, by actor: ProgramActor)
        -> ProgramStatus?
    {
        ProgramWorkflow.transition(action.programAction, from: status, by: actor)
    }

    /// An event never published may be deleted by its organization.
    public static let deletable = ProgramWorkflow.deletable

    public static func title(_ status: ProgramStatus) -> String {
        switch status {
        case .draft: "Черновик"
        case .moderation: "На модерации"
        case .revision: "На доработке"
        case .published: "Опубликовано"
        case .archived: "В архиве"
        }
    }

    public static func title(_ action: EventAction) -> String {
        action == .archive ? "Снять с публикации" : ProgramWorkflow.title(action.programAction)
    }
}
