import Foundation

/// A page of the search as the repository computed it: the JSON, the meaning of its text, and the programs its facets
/// and total were counted on (all matches when exact, the matches of the sample when approximate).
public struct CatalogPage: Sendable {
    public var json: String
    public var text: CatalogText?
    public var counted: [UUID]
}

/// A search answer kept in memory (`CatalogCache`), with what it rests on, so that a change of one program drops only
/// the answers it can alter (`touched(by:)`).
public struct CatalogAnswer: Sendable {
    public var json: String
    /// `entries` (every answer: dropped when the catalog changes too much to look), `starts` when the question sorts
    /// or filters by group starts, `p:<program>` of each card shown
    public var scopes: [String]
    var question: CatalogFilter
    /// the tsquery the text was searched with
    var text: String?
    /// programs shown or counted
    var counted: Set<UUID>
    var startDependent: Bool
    /// the cards could not be read back (never expected): any change drops the answer
    var unknownCards = false

    /// Whether the change of program `id` can alter this answer. `now` is its entry as it is now (nil: it left the
    /// catalog), `queries` the position of each answer's tsquery in `now.matches`, `onlyStarts` that only its group
    /// starts changed.
    ///
    /// A program counted or shown: yes. Otherwise the answer did not hold it, and changes only if it holds it now:
    /// it matches the question (filters and text). An answer whose text is not among `queries` was stored after the
    /// change began and already reflects it.
    func touched(by id: UUID, now: CatalogEntryState?, queries: [String: Int], onlyStarts: Bool) -> Bool {
        if unknownCards { return true }
        if onlyStarts && !startDependent { return false }
        if counted.contains(id) { return true }
        guard let now else { return false }
        if let text {
            guard let position = queries[text], now.matches.contains(position) else { return false }
        }
        return question.admits(now)
    }
}

/// A catalog entry's filter values, and which of the asked tsqueries its text matches (`CatalogRepository.entries`).
public struct CatalogEntryState: Sendable, Decodable {
    var id: UUID
    var kind: UUID?
    var subkind: UUID?
    var studyForm: UUID?
    var municipality: UUID?
    var organizations: [UUID]
    var price: Double
    var funding: String
    var accessible: Bool
    var competencies: [UUID]
    var professions: [UUID]
    var industries: [UUID]
    /// group starts, `YYYY-MM-DD`
    var starts: [String]
    var matches: [Int]
}

extension CatalogFilter {
    /// The filters of `CatalogRepository.filtered` applied to one entry, in memory (`CatalogFilterTests` compares the
    /// two on generated entries).
    func admits(_ e: CatalogEntryState) -> Bool {
        func has(_ list: [UUID], _ wanted: UUID?) -> Bool { wanted.map(list.contains) ?? true }
        func equal(_ value: UUID?, _ wanted: UUID?) -> Bool { wanted.map { $0 == value } ?? true }
        guard has(e.competencies, competencyId), has(e.professions, professionId), has(e.industries, industryId),
            kindId.map({ $0 == e.kind || $0 == e.subkind }) ?? true, equal(e.studyForm, studyFormId),
            equal(e.municipality, municipalityId), has(e.organizations, organizationId),
            priceMin.map({ e.price >= $0 }) ?? true, priceMax.map({ e.price <= $0 }) ?? true,
            !freeOnly || e.funding == "free", funding.map({ $0 == e.funding }) ?? true,
            !accessibleOnly || e.accessible
        else { return false }
        if startFrom != nil || startTo != nil {
            let from = startFrom.map(Self.utcDay)
            let to = startTo.map(Self.utcDay)
            return e.starts.contains { s in from.map { s >= $0 } ?? true && to.map { s <= $0 } ?? true }
        }
        return true
    }

    /// `YYYY-MM-DD` of the UTC day (the SQL compares `(t AT TIME ZONE 'UTC')::date`).
    static func utcDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
}
