import Foundation

/// «Свидетельство об участии в мероприятии» (seed 000 §9): for a confirmed sign-up, downloaded by the participant or
/// the organizer, with a code its public page verifies.
extension EventSignupsService {
    public func certificate(
        _ id: UUID, format: DocumentsService.Format, identity: Identity, documents: DocumentsService
    )
        async throws -> DocumentsService.Made
    {
        _ = try await detail(id, identity: identity)  // 404 for whoever may not read the sign-up
        guard let f = try await repository.certificateFacts(id: id) else { throw Problem.notFound }
        guard f.status == .confirmed else {
            throw Problem.conflict(
                "Свидетельство выдаётся по подтверждённой заявке: эта заявка «\(EventSignupWorkflow.title(f.status))»",
                code: "not_confirmed")
        }
        var data = DocumentData()
        data.values["number"] = "\(f.number)"
        data.values["participant"] = f.participant
        data.values["event"] = f.event
        let day = DocumentsService.russianDate(CivilDate(f.startsAt, zone: zone).iso)
        let time = { (d: Date) in String(calendar.local(d).suffix(5)) }
        data.values["date"] = "\(day), \(time(f.startsAt))–\(time(f.endsAt))"
        data.values["place"] = f.place
        return try await documents.make(
            .participationCertificate, data, orgId: f.orgId, format: format, name: "Свидетельство-\(f.number)",
            issue: IssueRecord(
                kind: .participationCertificate, subjectId: id, orgId: f.orgId, number: "\(f.number)",
                person: f.participant, title: "Участие в мероприятии «\(f.event)», \(day)"))
    }
}
