import Foundation

/// The registries (seed 000 «Документооборот»): an organization reads its own rows, ЦОПП and the region every
/// organization's; the ФИС ФРДО check lists the documents whose fields the registry would refuse.
public struct RegistriesService: Sendable {
    let repository: RegistriesRepository

    public init(db: Database) { self.repository = RegistriesRepository(db: db) }

    /// The filter as the caller may ask it: rows of the organizations they read.
    func scoped(_ filter: RegistriesRepository.Filter, _ me: Identity) -> RegistriesRepository.Filter {
        var f = filter
        f.orgIds = TrainingAccess.readableOrgs(me)
        return f
    }

    func enrollments(_ filter: RegistriesRepository.Filter, page: PageRequest, identity me: Identity) async throws
        -> String
    {
        try await repository.enrollmentsPage(scoped(filter, me), page: page)
    }

    func enrollmentsCSV(_ filter: RegistriesRepository.Filter, identity me: Identity) async throws
        -> some AsyncSequence<[String], any Error> & Sendable
    {
        try await repository.enrollmentsCSV(scoped(filter, me))
    }

    func documents(_ filter: RegistriesRepository.Filter, page: PageRequest, identity me: Identity) async throws
        -> String
    {
        try await repository.documentsPage(scoped(filter, me), page: page)
    }

    func documentsCSV(_ filter: RegistriesRepository.Filter, identity me: Identity) async throws
        -> some AsyncSequence<[String], any Error> & Sendable
    {
        try await repository.documentsCSV(scoped(filter, me))
    }

    /// The ФИС ФРДО rows, in the registry's column order.
    func frdoRows(_ filter: RegistriesRepository.Filter, identity me: Identity) async throws
        -> some AsyncSequence<RegistriesRepository.FRDORow, any Error> & Sendable
    {
        try await repository.frdoRows(scoped(filter, me))
    }

    struct FRDOCheck: Encodable {
        struct Row: Encodable {
            var row: Int
            var applicationId: UUID
            var name: String
            var number: String
            var problems: [String]
        }
        var rows: Int
        var withProblems: Int
        var problems: [Row]
    }

    /// How many rows the export would have, and which of them the registry would refuse and why.
    func frdoCheck(_ filter: RegistriesRepository.Filter, identity me: Identity) async throws -> FRDOCheck {
        var count = 0
        var problems: [FRDOCheck.Row] = []
        for try await row in try await frdoRows(filter, identity: me) {
            count += 1
            if !row.problems.isEmpty {
                problems.append(
                    FRDOCheck.Row(
                        row: count, applicationId: row.applicationId,
                        name: "\(row.cells[20]) \(row.cells[21]) \(row.cells[22])".trimmingCharacters(in: .whitespaces),
                        number: row.cells[7], problems: row.problems))
            }
        }
        return FRDOCheck(rows: count, withProblems: problems.count, problems: problems)
    }
}
