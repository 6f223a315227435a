/// A sign-up for an event (seed 000 «Обработка заявок на мероприятие»): `new → postponed | cancelled | confirmed`;
/// a postponed one is confirmed or cancelled later; the participant withdraws until the event starts.
public enum EventSignupStatus: String, Codable, Sendable, CaseIterable {
    case new, postponed, cancelled, confirmed

    /// Holds a place at its start (SQL: every status but `cancelled` counts in `event_slots.taken`).
    public var holdsPlace: Bool { self != .cancelled }
}

public enum EventSignupAction: String, Codable, Sendable, CaseIterable {
    /// the organizer puts off the decision
    case postpone
    /// the organizer confirms the participation
    case confirm
    /// the organizer cancels it (a comment says why)
    case cancel
    /// the participant cancels their own sign-up
    case withdraw
}

public enum EventSignupActor: Sendable {
    case participant, organizer
}

public enum EventSignupWorkflow: Workflow {
    public static func transition(
        _ action: EventSignupAction, from status: EventSignupStatus, by actor: EventSignupActor
    ) -> EventSignupStatus? {
        switch (action, status, actor) {
        case (.postpone, .new, .organizer): .postponed
        case (.confirm, .new, .organizer), (.confirm, .postponed, .organizer): .confirmed
        case (.cancel, .new, .organizer), (.cancel, .postponed, .organizer), (.cancel, .confirmed, .organizer):
            .cancelled
        case (.withdraw, .new, .participant), (.withdraw, .postponed, .participant),
            (.withdraw, .confirmed, .participant):
            .cancelled
        default: nil
        }
    }

    public static func title(_ status: EventSignupStatus) -> String {
        switch status {
        case .new: "Новая"
        case .postponed: "Отложена"
        case .cancelled: "Отменена"
        case .confirmed: "Подтверждена"
        }
    }

    public static func title(_ action: EventSignupAction) -> String {
        switch action {
        case .postpone: "Отложить"
        case .confirm: "Подтвердить"
        case .cancel: "Отменить"
        case .withdraw: "Отменить запись"
        }
    }
}
