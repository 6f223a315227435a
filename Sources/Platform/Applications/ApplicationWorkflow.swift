/// Statuses of an application (SPEC §7, seed 000 «Обработка заявок», seed 002 «закончил»/«отчислен»).
public enum ApplicationStatus: String, Codable, Sendable, CaseIterable {
    case new, postponed, waitlisted, cancelled, confirmed, studying, completed, expelled

    /// Statuses in which the application still holds the person's place for the program (one at a time; SQL:
    /// `application_active(status)`, migration 0027).
    public var isActive: Bool { [.new, .postponed, .waitlisted, .confirmed, .studying].contains(self) }
    /// Holds a place in its group: the group's capacity counts it (SQL: `holds_seat(status)`, migration 0019).
    public var holdsSeat: Bool { [.confirmed, .studying, .completed].contains(self) }
    /// Shown in its group's journal and learner list; an expelled learner has freed the place but stays there
    /// (SQL: `in_group_list(status)`).
    public var inGroupList: Bool { holdsSeat || self == .expelled }
}

public enum ApplicationAction: String, Codable, Sendable, CaseIterable {
    /// put off until a date (comment + date); comes back to `new` by itself when the date passes
    case postpone
    /// back to `new` (the organization, or the background job when the postponement ends)
    case resume
    /// the organization cancels (reason from the directory + comment)
    case cancel
    /// the applicant withdraws, while nothing is decided yet
    case withdraw
    /// accepted into a group (group required, capacity respected); from the waitlist, by the organization or by the
    /// platform when a place frees
    case confirm
    /// the group chosen is full: the application waits for a place in it, in order (SPEC §7)
    case waitlist
    /// enrolled by order (number + date), once the group has a schedule
    case enroll
    /// finished: result and issued document; the learner gets an e-mail
    case complete
    /// expelled by order
    case expel
}

/// Who acts on an application: the person who applied, the organization working it (or ЦОПП staff), the platform
/// itself.
public enum ApplicationActor: Sendable {
    case applicant, organization, system
}

public enum ApplicationWorkflow: Workflow {
    public static func transition(
        _ action: ApplicationAction, from status: ApplicationStatus, by actor: ApplicationActor
    ) -> ApplicationStatus? {
        switch (action, status, actor) {
        case (.postpone, .new, .organization): .postponed
        case (.resume, .postponed, .organization), (.resume, .postponed, .system): .new
        case (.cancel, .new, .organization), (.cancel, .postponed, .organization), (.cancel, .confirmed, .organization),
            (.cancel, .waitlisted, .organization):
            .cancelled
        case (.withdraw, .new, .applicant), (.withdraw, .postponed, .applicant), (.withdraw, .waitlisted, .applicant):
            .cancelled
        case (.confirm, .new, .organization), (.confirm, .postponed, .organization): .confirmed
        case (.confirm, .waitlisted, .organization), (.confirm, .waitlisted, .system): .confirmed
        case (.waitlist, .new, .organization), (.waitlist, .postponed, .organization): .waitlisted
        case (.enroll, .confirmed, .organization): .studying
        case (.complete, .studying, .organization): .completed
        case (.expel, .studying, .organization): .expelled
        default: nil
        }
    }

    public static func title(_ status: ApplicationStatus) -> String {
        switch status {
        case .new: "Новая"
        case .postponed: "Отложена"
        case .waitlisted: "Лист ожидания"
        case .cancelled: "Отменена"
        case .confirmed: "Подтверждена"
        case .studying: "Обучается"
        case .completed: "Завершена"
        case .expelled: "Отчислен"
        }
    }

    public static func title(_ action: ApplicationAction) -> String {
        switch action {
        case .postpone: "Отложить"
        case .resume: "Вернуть в работу"
        case .cancel: "Отменить"
        case .withdraw: "Отозвать заявку"
        case .confirm: "Подтвердить запись"
        case .waitlist: "В лист ожидания"
        case .enroll: "Зачислить"
        case .complete: "Завершить обучение"
        case .expel: "Отчислить"
        }
    }
}
