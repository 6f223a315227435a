import Foundation
import NIOCore

/// A page of the search as the repository computed it: the JSON, the meaning of its text, the programs its facets
/// and total were counted on (all matches when exact, the matches of the sample when approximate), and the sort key of
/// its last card when more follow.
public struct CatalogPage: Sendable {
    public var json: String
    public var text: CatalogText?
    /// the programs of the page's cards, in order
    public var shown: [UUID]
    /// programs the answer rests on: counted by the facets, shown, and the first after the page
    public var counted: [UUID]
    /// the facets counted the matches of buckets below this (50: every match; 0: a later page, which counts nothing)
    public var countedBuckets: Int
    public var lastKey: String?
}

/// A search answer kept in memory (`CatalogCache`), with what it rests on, so that a change of one program drops only
/// the answers it can alter (`touched(by:)`).
public struct CatalogAnswer: Sendable {
    /// the page as sent: bytes once, not a string copied into a buffer for every asker
    public var body: ByteBuffer
    /// `entries` (every answer: dropped when the catalog changes too much to look), `text` when it searched a text
    /// (what a text means rests on the lexicon), `terms` when the question reads programs' terms
    /// (`CatalogFilter.readsTerms`), `p:<program>` of each card shown
    public var scopes: [String]
    var question: CatalogFilter
    /// the tsquery the text was searched with
    var text: String?
    /// the tsquery of the typed words' own forms (a name holding them is of relevance class 1)
    var exactText: String? = nil
    /// programs shown or counted
    var counted: Set<UUID>
    /// the facets counted the matches of buckets below this: a new match there changes them
    var countedBuckets: Int
    /// the sort key of the last card when more follow (`nil`: the page shows every match)
    var lastKey: String?
    var readsTerms: Bool

    /// Whether the change of program `id` can alter this answer. `now` is its entry as it is now (nil: it left the
    /// catalog), `queries` the position of each answer's tsquery in `now.matches`, `onlyTerms` that only its terms
    /// changed (nothing else of the answer then depends on them: the cards notify on their own).
    ///
    /// A program counted or shown: yes. Otherwise the answer did not hold it, and changes only if it holds it now:
    /// it matches the question (filters and text) and either it is in the buckets the facets counted (every bucket
    /// when they are exact), or it may sort before the page's last card. So the broadest answers (the home page, a
    /// common word) stay when a program far down their list changes. An answer whose text is not among `queries` was
    /// stored after the change began and already reflects it. `queries` also holds the exact texts, so that the
    /// entry's relevance class is known (`CatalogEntryState.rank`).
    func touched(by id: UUID, now: CatalogEntryState?, queries: [String: Int], onlyTerms: Bool) -> Bool {
        if onlyTerms && !readsTerms { return false }
        if counted.contains(id) { return true }
        guard let now else { return false }
        var rank: Int?
        if let text {
            guard let position = queries[text], now.matches.contains(position) else { return false }
            rank = now.rank(named: position, exactly: exactText.flatMap { queries[$0] })
        }
        guard question.admits(now) else { return false }
        guard now.bucket >= countedBuckets, let lastKey else { return true }
        return now.mayPrecede(lastKey, sort: question.sort, rank: rank)
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
    /// the nearest start, `YYYY-MM-DD` or `infinity`
    var nextStart: String
    var bucket: Int
    /// publication time in microseconds since 1970 (as in cursor keys)
    var published: Int64
    /// the asked tsqueries its text matches, and those its name matches
    var matches: [Int]
    var titled: [Int] = []

    /// Its relevance class for a text (`CatalogRepository.relevancePage`): 1 when the name holds the typed words, 2
    /// when it holds what they mean, else 3. Where the classes' SQL could place it in either of two, the lower (a
    /// change is then looked at more often, never less).
    func rank(named expanded: Int, exactly exact: Int?) -> Int {
        guard let exact else { return titled.contains(expanded) ? 1 : 3 }
        return titled.contains(exact) ? 1 : titled.contains(expanded) ? 2 : 3
    }

    /// Whether the entry may sort before a card with `key` in `sort` order (keys of `CatalogRepository.order` and of
    /// the relevance classes; `rank` is the entry's class for the answer's text). Where it cannot be told from the
    /// entry (its name), it may.
    func mayPrecede(_ key: String, sort: String, rank: Int? = nil) -> Bool {
        switch sort {
        case "price": return Double(key).map { price <= $0 } ?? true
        // dates and 'infinity' order alike as text
        case "start": return nextStart <= key
        case "name": return true
        case "relevance":
            // without text the key is the publication time; with text the class, then the time
            let parts = key.split(separator: ":")
            if parts.count == 1 { return Int64(key).map { published >= $0 } ?? true }
            guard let keyRank = Int(parts[0]), let time = Int64(parts[1]) else { return true }
            let rank = rank ?? 1
            return rank < keyRank || (rank == keyRank && published >= time)
        default: return Int64(key).map { published >= $0 } ?? true
        }
    }
}

extension CatalogFilter {
    /// The question filters or sorts by a program's terms (price, accessibility, partners, subkind, group starts).
    var readsTerms: Bool {
        priceMin != nil || priceMax != nil || accessibleOnly || organizationId != nil || kindId != nil
            || startFrom != nil || startTo != nil || sort == "price" || sort == "start"
    }

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
        let c = utc.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
