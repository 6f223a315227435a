import Foundation

/// A desk page or a group's journal as JSON, with the organization the journal belongs to (its readers are checked
/// against it on every request, cached or not).
public struct TrainingAnswer: Sendable {
    var json: String
    var org: UUID?
}

/// The training reads asked over and over — an organization's applications desk and a group's journal — kept in memory
/// until a `training_changed` notice (migration 0015) names their scope: `o:<organization>`, `g:<group>`, `region`;
/// `names` (migration 0033) drops the desk's name searches when a name new to the region arrives.
public typealias TrainingCache = AnswerCache<TrainingAnswer>

extension AnswerCache where Value == TrainingAnswer {
    public static var channel: String { "training_changed" }
    /// Every table a desk page or a journal reads: each has a trigger sending `training_changed` (migration 0015).
    /// `CacheNoticeTests` compares this with the plans of the queries and with `pg_trigger`.
    public static var tables: Set<String> {
        [
            "applications", "gradebook_marks", "schedule_lessons", "study_groups", "programs", "organizations",
            "module_lessons", "tests", "test_assignments", "test_attempts", "check_tasks", "check_task_assignments",
            "check_task_submissions",
        ]
    }
}
