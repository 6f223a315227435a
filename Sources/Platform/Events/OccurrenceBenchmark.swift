import Foundation

/// How long the occurrences of a region's recurring events take for a calendar month (issue 15: 1,000 events in
/// ≤ 5 ms). The events mix every kind of repeat, start up to three years back, some end after N occurrences, some are
/// split into sessions, some have cancelled and moved occurrences; each round asks another month. Rules are prepared
/// once (`PreparedRecurrence`, as an event stores them); a round is one month's calendar for all of them.
/// Run: `platform-server bench-occurrences` (release build: `make bench-events`).
public enum OccurrenceBenchmark {
    public struct Result: Sendable {
        public var events: Int
        public var rounds: Int
        public var occurrencesPerMonth: Int
        public var p50: Double
        public var p99: Double
        public var max: Double
    }

    /// Deterministic rules (a linear congruential generator), so every run measures the same calendar.
    static func rules(count: Int) -> [Recurrence] {
        var seed: UInt64 = 20_261_129
        func next(_ n: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(n))
        }
        let kinds = Recurrence.Repeat.allCases
        let origin = CivilDate("2024-01-01")!
        return (0..<count).map { _ in
            let first = origin.adding(days: next(3 * 365))
            var rule = Recurrence(
                startsOn: first.iso, startTime: String(format: "%02d:%02d", 8 + next(12), next(4) * 15),
                durationMinutes: 30 + next(8) * 30, repeat: kinds[next(kinds.count)])
            switch rule.repeat {
            case .daysOfWeek: rule.weekdays = Array(Set((0...next(3)).map { _ in 1 + next(7) })).sorted()
            case .everyNDays: rule.everyDays = 1 + next(14)
            case .daysOfMonth: rule.monthDays = Array(Set((0...next(3)).map { _ in 1 + next(31) })).sorted()
            default: break
            }
            switch next(4) {
            case 0: rule.endsAfter = 1 + next(200)
            case 1: rule.endsOn = first.adding(days: 30 + next(1500)).iso
            default: break
            }
            if next(5) == 0 { rule.sessionMinutes = 30 }
            if next(4) == 0 {
                let day = first.adding(days: next(900))
                rule.exceptions = [
                    .init(date: day.iso, cancelled: true),
                    .init(date: day.adding(days: 1).iso, movedTo: day.adding(days: 3).iso, startTime: "16:00"),
                ]
            }
            return rule
        }
    }

    public static func run(events: Int = 1000, rounds: Int = 200, zone: TimeZone) -> Result {
        // prepared once, as an event stores its rule with its last day
        let rules = Self.rules(count: events).compactMap(PreparedRecurrence.init)
        var times: [Double] = []
        var total = 0
        let clock = ContinuousClock()
        for round in 0..<rounds {
            // months from January 2026 on, one per round
            let year = 2026 + round / 12
            let month = round % 12 + 1
            let from = String(format: "%04d-%02d-01", year, month)
            let through = String(format: "%04d-%02d-%02d", year, month, CivilDate.daysIn(year: year, month: month))
            var count = 0
            let elapsed = clock.measure {
                let calendar = OccurrenceCalendar(zone: zone, from: from, through: through)!
                for rule in rules { count += calendar.occurrences(of: rule).count }
            }
            total += count
            times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        }
        times.sort()
        return Result(
            events: events, rounds: rounds, occurrencesPerMonth: total / max(1, rounds),
            p50: times[times.count / 2], p99: times[min(times.count - 1, times.count * 99 / 100)],
            max: times.last ?? 0)
    }
}
