import Foundation

/// The program quality index and the НОКО statistics (seed 000 «Статистика НОКО»): each program's index with its parts
/// for its organization and the region's readers, the region's ranking, and counts of achievements, experts' and
/// learners' ratings per day, week or month.
public struct QualityService: Sendable {
    let repository: QualityRepository
    let zone: TimeZone

    public init(db: Database, zone: TimeZone) {
        self.repository = QualityRepository(db: db)
        self.zone = zone
    }

    static let readers = TrainingAccess.regionReaders
    var today: CivilDate { CivilDate(Date(), zone: zone) }
    var yearStart: String { AcademicYear.start(of: today).iso }

    struct Entry: Encodable {
        var programId: String
        var name: String
        var organization: String
        var index: Int?
        var expert: Int?
        var expertRatings: Int
        var users: Int?
        var userRatings: Int
        var achievements: Int?
        var winners: Int
        var prizes: Int
        var participants: Int
        var learners: Int

        init(_ r: QualityRepository.Row) {
            let q = QualityIndex(r.parts)
            (programId, name, organization) = (r.id.uuidString.lowercased(), r.name, r.organization)
            (index, expert, users, achievements) = (q.index, q.expert, q.users, q.achievements)
            (expertRatings, userRatings, learners) = (r.parts.expertRatings, r.parts.userRatings, r.parts.learners)
            (winners, prizes, participants) = (r.parts.winners, r.parts.prizes, r.parts.participants)
        }

        var csv: [String] {
            [
                name, organization, index.map(String.init) ?? "", expert.map(String.init) ?? "", String(expertRatings),
                users.map(String.init) ?? "", String(userRatings), achievements.map(String.init) ?? "",
                String(winners), String(prizes), String(participants), String(learners),
            ]
        }
    }

    static let csvHeader = [
        "Программа", "Организация", "Показатель качества", "Оценка экспертов", "Оценок экспертов",
        "Оценка обучающихся", "Оценок обучающихся", "Достижения", "Победителей", "Призёров", "Участников",
        "Завершили обучение",
    ]

    struct ProgramQuality: Encodable {
        var quality: Entry
        var formula: String
        var academicYearFrom: String
    }

    /// One program's index, for its organization and the region's readers.
    func program(_ id: UUID, identity me: Identity) async throws -> ProgramQuality {
        guard let row = try await repository.program(id, yearStart: yearStart),
            me.orgIds.contains(row.org) || me.hasAny(Self.readers)
        else { throw Problem.notFound }
        return ProgramQuality(quality: Entry(row), formula: QualityIndex.formula, academicYearFrom: yearStart)
    }

    /// The region's programs with ratings, highest index first.
    func ranking(search: String?, organization: UUID?) async throws -> [Entry] {
        try await repository.rated(search: search, organization: organization, yearStart: yearStart).map(Entry.init)
            .sorted { ($0.index ?? -1, $1.name) > ($1.index ?? -1, $0.name) }
    }

    static let periods = ["day", "week", "month"]

    /// Statistics of `kind` per `period` between two days (the last 30 days, 12 weeks or 12 months by default).
    func statistics(_ kind: QualityRepository.Kind, period: String, from: CivilDate?, to: CivilDate?) async throws
        -> String
    {
        let end = to ?? today
        let back = ["day": 29, "week": 7 * 11, "month": 0][period] ?? 29
        var start = from ?? end.adding(days: -back)
        if from == nil, period == "month" {
            let (y, m, _) = end.components
            start = CivilDate(year: m == 12 ? y : y - 1, month: m == 12 ? 1 : m + 1, day: 1)
        }
        guard start <= end else {
            // a start after today without an end is the start's fault
            throw Problem.validation([
                to == nil
                    ? FieldError("from", "out_of_range", "Начало периода не позже сегодняшнего дня")
                    : FieldError("to", "out_of_range", "Конец периода не раньше начала")
            ])
        }
        guard end.days - start.days <= 3660 else {
            throw Problem.validation([FieldError("from", "out_of_range", "Не больше десяти лет")])
        }
        let points = try await repository.statistics(
            kind, period: period, from: start.iso, to: end.iso, zone: zone.identifier)
        return "{\"kind\":\"\(kind.rawValue)\",\"period\":\"\(period)\",\"from\":\"\(start.iso)\","
            + "\"to\":\"\(end.iso)\",\"points\":\(points)}"
    }
}
