import Foundation

/// «Удостоверение о повышении квалификации» of a learner who completed a program: the document the organization
/// recorded at completion, printed from the template, with a code its public page verifies.
extension ApplicationsService {
    public func completionCertificate(
        _ id: UUID, format: DocumentsService.Format, identity: Identity, documents: DocumentsService
    ) async throws -> DocumentsService.Made {
        _ = try await detail(id, identity: identity)
        guard let f = try await repository.completionFacts(id: id) else {
            throw Problem.conflict(
                "Удостоверение печатается после завершения обучения с выдачей документа", code: "not_completed")
        }
        var data = DocumentData()
        data.values["learner"] = f.learner
        data.values["program"] = f.program
        data.values["hours"] = f.hours.rounded() == f.hours ? String(Int(f.hours)) : String(f.hours)
        data.values["startsOn"] = DocumentsService.russianDate(f.startsOn)
        data.values["endsOn"] = DocumentsService.russianDate(f.endsOn)
        data.values["series"] = f.series
        data.values["number"] = f.number
        data.values["registrationNumber"] = f.registrationNumber
        data.values["issuedOn"] = DocumentsService.russianDate(f.issuedOn)
        data.values["result"] = f.result
        return try await documents.make(
            .completionCertificate, data, orgId: f.orgId, format: format, name: "Удостоверение-\(f.number)",
            issue: IssueRecord(
                kind: .completionCertificate, subjectId: id, orgId: f.orgId, number: f.number, person: f.learner,
                title: "Повышение квалификации по программе «\(f.program)»"))
    }
}
