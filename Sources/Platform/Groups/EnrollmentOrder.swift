import Foundation

/// The enrollment order of a group (seed 000 «Документооборот»: «Приказ о зачислении»), made from the training data:
/// the order recorded when the learners were enrolled, and the learners themselves in a repeated table row.
extension GroupsService {
    public func enrollmentOrder(
        _ id: UUID, format: DocumentsService.Format, identity: Identity, documents: DocumentsService
    ) async throws -> DocumentsService.Made {
        _ = try await detail(id, identity: identity)
        guard let f = try await repository.enrollmentOrderFacts(id: id), !f.learners.isEmpty else {
            throw Problem.conflict(
                "В группе ещё никто не зачислен приказом: приказ формируется после зачисления", code: "not_enrolled")
        }
        var data = DocumentData()
        data.values["orderNumber"] = f.orderNumber
        data.values["orderDate"] = DocumentsService.russianDate(f.orderDate)
        data.values["program"] = f.program
        data.values["hours"] = f.hours.rounded() == f.hours ? String(Int(f.hours)) : String(f.hours)
        data.values["group"] = f.group
        data.values["startsOn"] = DocumentsService.russianDate(f.startsOn)
        data.values["endsOn"] = DocumentsService.russianDate(f.endsOn)
        data.values["count"] = RussianPlural.count(f.learners.count, "человек", "человека", "человек")
        data.lists["learners"] = f.learners.enumerated().map { n, l in
            ["n": "\(n + 1)", "name": l.name, "email": l.email]
        }
        return try await documents.make(
            .enrollmentOrder, data, orgId: f.orgId, format: format, name: "Приказ-\(f.orderNumber)", issue: nil)
    }
}
