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

public enum ProgramRequestStatus: String, Codable, Sendable, CaseIterable {
    case new
    case inWork = "in_work"
    case done, rejected

    /// What the requester reads in the notice of a change.
    var told: String {
        switch self {
        case .new: "подана"
        case .inWork: "взята в работу"
        case .done: "выполнена"
        case .rejected: "отклонена"
        }
    }
}

public enum ProgramRequestAction: String, Codable, Sendable, CaseIterable {
    case take, complete, reject
}

/// ЦОПП staff decide every step of a request.
public enum ProgramRequestActor: Sendable {
    case copp
}

/// `new → in_work → done | rejected` (rejection also straight from `new`), decided by ЦОПП staff.
public enum ProgramRequestWorkflow: Workflow {
    public static func transition(
        _ action: ProgramRequestAction, from status: ProgramRequestStatus, by actor: ProgramRequestActor
    ) -> ProgramRequestStatus? {
        switch (action, status) {
        case (.take, .new): .inWork
        case (.complete, .inWork): .done
        case (.reject, .new), (.reject, .inWork): .rejected
        default: nil
        }
    }
}
