import Foundation
import HTTPTypes
import Platform
import XCTest

/// An employer's list of people names them by e-mail; that alone never puts an application into someone's cabinet or
/// stops them applying: the person accepts by the e-mailed link.
final class BatchInvitationAPITests: XCTestCase {
    func testAnApplicationByEmailReachesTheCabinetOnlyWhenThePersonAccepts() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let a = try await TrainingAPITests.college(
                api, services, inn: "381100321", ogrn: "102380000321", email: "college@invite.ru",
                program: "Охрана труда")
            _ = try await api.approvedOrganization(
                kind: "employer", inn: Ids.inn10("381100322"), ogrn: Ids.ogrn13("102380000322"),
                email: "hr@invite.ru")
            let employer = try await api.login("hr@invite.ru")
            let victim = try await api.learner("victim@invite.ru", last: "Жертвова")
            let batch = try await api.post(
                "/api/v1/application-batches",
                [
                    "programId": a.programId, "kind": "employees",
                    "rows": [
                        [
                            "lastName": "Жертвова", "firstName": "Анна", "email": "victim@invite.ru",
                            "snils": Ids.snils(200_100_001),
                            "position": "Инженер",
                        ]
                    ],
                ], token: employer)
            XCTAssertEqual(batch.status, .created, batch.text)
            let token = try await api.linkToken(to: "victim@invite.ru", page: "invitation")
            // nothing in the person's cabinet, and they may still apply themselves
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/me/applications", token: victim.token).items.count, 0)
            let own = try await api.post("/api/v1/programs/\(a.programId)/applications", token: victim.token)
            XCTAssertEqual(own.status, .created, own.text)

            // the link in the e-mail: what it is about, anyone holding it may see
            let lookup = try await api.post("/api/v1/application-invitations/lookup", ["token": token])
            XCTAssertEqual(lookup.status, .ok, lookup.text)
            XCTAssertEqual(
                (lookup["organization"] as? [String: Any])?["shortName"] as? String,
                "ООО «Тест \(Ids.inn10("381100322"))»")
            XCTAssertEqual(lookup["accepted"] as? Bool, false)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/application-invitations/lookup", ["token": "forged"]).errorFields, ["token"]
            )
            // accepting needs a signed-in person without another active application for the program
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/application-invitations/accept", ["token": token]).status, .unauthorized)
            // another account holding the link (a mistyped address, a forwarded mail) cannot take the application
            let stranger = try await api.learner("stranger@invite.ru")
            let taken = try await api.post(
                "/api/v1/application-invitations/accept", ["token": token], token: stranger.token)
            XCTAssertEqual(taken.status, .forbidden, taken.text)
            XCTAssertEqual(taken.code, "email_mismatch")
            let clash = try await api.post(
                "/api/v1/application-invitations/accept", ["token": token], token: victim.token)
            XCTAssertEqual(clash.status, .conflict, clash.text)
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/applications/\(own["id"] as! String)/withdraw", token: victim.token).status,
                .ok)
            let accepted = try await api.post(
                "/api/v1/application-invitations/accept", ["token": token], token: victim.token)
            XCTAssertEqual(accepted.status, .ok, accepted.text)
            let mine = try await api.get("/api/v1/me/applications", token: victim.token)
            XCTAssertEqual(mine.items.compactMap { $0["status"] as? String }.sorted(), ["cancelled", "new"], mine.text)
            // the link is spent
            try await XCTAssertEqualAsync(
                try await api.post("/api/v1/application-invitations/accept", ["token": token], token: victim.token)
                    .status,
                .unprocessableContent)
        }
    }
}
