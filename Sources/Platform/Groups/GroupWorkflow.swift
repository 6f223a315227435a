/// Statuses of a study group (SPEC §8, seed 002 §4.3): the organization forms the group and finishes it; the operator
/// (ЦОПП) confirms the enrollment and the completion.
public enum GroupStatus: String, Codable, Sendable, CaseIterable {
    case notFormed = "not_formed"
    case formed
    case enrollmentConfirmed = "enrollment_confirmed"
    case finished
    case completionConfirmed = "completion_confirmed"
}

public enum GroupAction: String, Codable, Sendable, CaseIterable {
    /// the organization declares the group formed (at least its minimum of confirmed learners)
    case form
    /// back to not formed, while the operator has not confirmed it
    case unform
    /// the operator confirms the enrollment
    case confirmEnrollment = "confirm_enrollment"
    /// the organization reports the end of training (every learner completed or expelled)
    case finish
    /// the operator confirms the completion
    case confirmCompletion = "confirm_completion"
}

public enum GroupActor: Sendable {
    case organization, copp
}

public enum GroupWorkflow: Workflow {
    public static func transition(_ action: GroupAction, from status: GroupStatus, by actor: GroupActor) -> GroupStatus?
    {
        switch (action, status, actor) {
        case (.form, .notFormed, _): .formed
        case (.unform, .formed, _): .notFormed
        case (.confirmEnrollment, .formed, .copp): .enrollmentConfirmed
        case (.finish, .enrollmentConfirmed, _): .finished
        case (.confirmCompletion, .finished, .copp): .completionConfirmed
        default: nil
        }
    }
}
