/// Moderation of a program (seed 000 «Общий порядок работы», SPEC §5):
/// `draft → moderation → published | revision → moderation …`, `published → archived → draft`. A published program is
/// changed through a new version (`revise`): a draft of its own that is moderated and then published over it.
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
    /// the organization opens a new version of a published program; the program itself stays published
    case revise
    /// the organization or a moderator brings an archived program back as a draft
    case restore
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
        case (.revise, .published, .owner): .published
        case (.restore, .archived, _): .draft
        default: nil
        }
    }

    /// Statuses in which the authors may delete a program (seed 000 §5 «Удалить программу») — if it was never
    /// published (a program brought back from the archive keeps its past).
    public static let deletable: Set<ProgramStatus> = [.draft, .revision]

    public static func title(_ status: ProgramStatus) -> String {
        switch status {
        case .draft: "Черновик"
        case .moderation: "На модерации"
        case .revision: "На доработке"
        case .published: "Опубликована"
        case .archived: "В архиве"
        }
    }

    public static func title(_ action: ProgramAction) -> String {
        switch action {
        case .submit: "Отправить на модерацию"
        case .publish: "Опубликовать"
        case .returnForRevision: "Вернуть на доработку"
        case .archive: "Снять с публикации"
        case .revise: "Создать новую версию"
        case .restore: "Вернуть в черновики"
        }
    }
}
