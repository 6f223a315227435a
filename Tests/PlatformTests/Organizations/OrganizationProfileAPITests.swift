import Foundation
import HTTPTypes
import Platform
import XCTest

final class OrganizationProfileAPITests: XCTestCase {
    func testMembersEditEveryTabWithCheckedRequisitesAndTheWorldSeesThePublicPart() async throws {
        try await withApp { api, services in
            try await DemoData(db: services.db, passwords: Passwords(cost: 4)).loadIfEmpty()
            let college = try await api.approvedOrganization(
                inn: Ids.inn10("381100021"), ogrn: Ids.ogrn13("102380000021"), email: "head@profile.ru")
            let municipality =
                try await api.get("/api/v1/directories/municipalities?q=Ангарск&limit=1").items.first?["id"] as! String
            let competency =
                try await api.get("/api/v1/directories/competencies?q=сварочные").items.first?["id"] as! String
            let orgType =
                try await api.get("/api/v1/directories/organization_types?q=профессиональная").items.first?["id"]
                as! String
            let page = try await api.get("/api/v1/organizations/\(college.orgId)", token: college.token)
            XCTAssertEqual(page.status, .ok, page.text)
            let good: [String: Any] = [
                "publicName": "Техникум машиностроения", "orgTypeId": orgType, "roles": ["contractor", "customer"],
                "municipalityId": municipality,
                "description": "Готовим токарей и сварщиков с 1944 года.", "headName": "Иванов Иван Иванович",
                "headPosition": "Директор",
                "contacts": [
                    "address": "г. Ангарск, ул. Мира, 1", "phones": ["+7 (3955) 52-00-00"], "emails": ["info@tm.ru"],
                    "website": "https://tm.ru",
                ],
                "okpo": "00032537", "okvedMain": "85.21", "okvedExtra": ["85.42.9"], "bankName": "ПАО Сбербанк",
                "bik": "044525225",
                "correspondentAccount": "30101810400000000225", "settlementAccount": "40702810938000000001",
                "legalStatus": "autonomous",
                "settlementType": "city", "competencyIds": [competency],
            ]
            let saved = try await api.call(
                .patch, "/api/v1/organizations/\(college.orgId)", json: good, token: college.token,
                headers: [.ifMatch: page.headers[.eTag] ?? ""])
            XCTAssertEqual(saved.status, .ok, saved.text)
            XCTAssertEqual((saved["municipality"] as? [String: Any])?["name"] as? String, "г. Ангарск")
            XCTAssertEqual(
                (saved["requisites"] as? [String: Any])?["settlementAccount"] as? String, "40702810938000000001")
            XCTAssertEqual(
                (saved["competencies"] as? [[String: Any]])?.first?["name"] as? String, "Сварочные технологии")
            // a stale version is refused
            try await XCTAssertEqualAsync(
                try await api.call(
                    .patch, "/api/v1/organizations/\(college.orgId)", json: ["description": "x"], token: college.token,
                    headers: [.ifMatch: page.headers[.eTag] ?? ""]
                ).status, .preconditionFailed)

            // every identifier is checked with its check digits, each wrong one named
            let bad = try await api.call(
                .patch, "/api/v1/organizations/\(college.orgId)",
                json: [
                    "okpo": "00032538", "okvedMain": "8", "bik": "123456789",
                    "correspondentAccount": "30101810400000000226",
                    "contacts": ["emails": ["not-mail"], "website": "itm"], "inn": "7707083893",
                ], token: college.token)
            XCTAssertEqual(bad.status, .unprocessableContent)
            XCTAssertEqual(
                Set(bad.errorFields), ["okpo", "okvedMain", "bik", "contacts.emails[0]", "contacts.website", "inn"])
            let badAccount = try await api.call(
                .patch, "/api/v1/organizations/\(college.orgId)", json: ["settlementAccount": "40702810938000000002"],
                token: college.token)
            XCTAssertEqual(badAccount.errorFields, ["settlementAccount"])

            // the public sees contacts and requisites but not bank accounts
            let anonymous = try await api.get("/api/v1/organizations/\(college.orgId)")
            XCTAssertEqual((anonymous["contacts"] as? [String: Any])?["website"] as? String, "https://tm.ru")
            XCTAssertNil((anonymous["requisites"] as? [String: Any])?["settlementAccount"] as? String)
            XCTAssertEqual((anonymous["requisites"] as? [String: Any])?["okpo"] as? String, "00032537")

            // searchable list: by municipality and competency, with CSV
            let list = try await api.get(
                "/api/v1/organizations?municipalityId=\(municipality)&competencyId=\(competency)")
            XCTAssertEqual(list.items.compactMap { ($0["id"] as? String)?.lowercased() }, [college.orgId.lowercased()])
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/organizations?role=customer&q=\(Ids.inn10("381100021"))").items.count, 1)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/organizations?role=employer&q=\(Ids.inn10("381100021"))").items.count, 0)
            let csv = try await api.get("/api/v1/organizations?competencyId=\(competency)&format=csv")
            XCTAssertTrue(csv.text.contains("Сварочные технологии"))

            // the moderator may fix the INN; another organization may not touch anything
            let moderator = try await api.admin(roles: ["moderator"])
            let wrongIds = try await api.call(
                .patch, "/api/v1/organizations/\(college.orgId)",
                json: ["inn": "7707083894", "ogrn": "1027700132196", "kpp": "12"],
                token: moderator.token)
            XCTAssertEqual(Set(wrongIds.errorFields), ["inn", "ogrn", "kpp"])
            try await XCTAssertEqualAsync(
                try await api.call(
                    .patch, "/api/v1/organizations/\(college.orgId)", json: ["inn": "7707083893"],
                    token: moderator.token
                ).status, .ok)
            let other = try await api.approvedOrganization(
                kind: "employer", inn: Ids.inn10("381100022"), ogrn: Ids.ogrn13("102380000022"), email: "hr@other.ru")
            try await XCTAssertEqualAsync(
                try await api.call(
                    .patch, "/api/v1/organizations/\(college.orgId)", json: ["description": "взлом"], token: other.token
                ).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.call(.patch, "/api/v1/organizations/\(college.orgId)", json: ["description": "x"]).status,
                .unauthorized)
        }
    }

    func testDocumentsLogoAndGallery() async throws {
        try await withApp { api, _ in
            let college = try await api.approvedOrganization(
                inn: Ids.inn10("381100031"), ogrn: Ids.ogrn13("102380000031"), email: "docs@college.ru")
            let other = try await api.approvedOrganization(
                kind: "employer", inn: Ids.inn10("381100032"), ogrn: Ids.ogrn13("102380000032"), email: "docs@other.ru")
            let pdf = try await api.upload(
                bytes: Samples.pdf, filename: "Лицензия.pdf", fields: ["organizationId": college.orgId],
                token: college.token)
            let license = try await api.post(
                "/api/v1/organizations/\(college.orgId)/documents",
                [
                    "kind": "license", "title": "Лицензия на образовательную деятельность", "number": "38Л01 № 0003791",
                    "issuedAt": "2016-03-01",
                    "issuer": "Служба по контролю и надзору в сфере образования Иркутской области",
                    "fileId": pdf["id"] as! String,
                ], token: college.token)
            XCTAssertEqual(license.status, .created, license.text)
            let wrongDates = try await api.post(
                "/api/v1/organizations/\(college.orgId)/documents",
                [
                    "kind": "accreditation", "title": "Аккредитация", "issuedAt": "2020-01-01",
                    "validUntil": "2019-01-01",
                ], token: college.token)
            XCTAssertEqual(wrongDates.errorFields, ["validUntil"])
            // another organization's file cannot be attached; another organization cannot add documents at all
            let foreignFile = try await api.upload(
                bytes: Samples.pdf, filename: "x.pdf", fields: ["organizationId": other.orgId], token: other.token)
            let stolen = try await api.post(
                "/api/v1/organizations/\(college.orgId)/documents",
                [
                    "kind": "document", "title": "Чужой", "fileId": foreignFile["id"] as! String,
                ], token: college.token)
            XCTAssertEqual(stolen.errorFields, ["fileId"])
            try await XCTAssertEqualAsync(
                try await api.post(
                    "/api/v1/organizations/\(college.orgId)/documents", ["kind": "license", "title": "x"],
                    token: other.token
                ).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/organizations/\(college.orgId)/documents?kind=license").items.count, 1)

            // logo and gallery become public images
            let image = try await api.upload(bytes: Samples.png, filename: "logo.png", token: college.token)
            let logo = try await api.call(
                .patch, "/api/v1/organizations/\(college.orgId)", json: ["logoFileId": image["id"] as! String],
                token: college.token)
            XCTAssertEqual(logo.status, .ok, logo.text)
            try await XCTAssertEqualAsync(
                try await api.download((logo["logo"] as! [String: Any])["url"] as! String).status, .ok)
            let notImage = try await api.post(
                "/api/v1/organizations/\(college.orgId)/gallery", ["fileId": pdf["id"] as! String], token: college.token
            )
            XCTAssertEqual(notImage.errorFields, ["fileId"])
            let photo = try await api.upload(bytes: Samples.jpeg, filename: "workshop.jpg", token: college.token)
            let added = try await api.post(
                "/api/v1/organizations/\(college.orgId)/gallery",
                ["fileId": photo["id"] as! String, "caption": "Мастерская"], token: college.token)
            XCTAssertEqual(added.status, .created, added.text)
            try await XCTAssertEqualAsync(
                try await api.get("/api/v1/organizations/\(college.orgId)/gallery").items.count, 1)
            try await XCTAssertEqualAsync(
                try await api.call(
                    .delete, "/api/v1/organizations/\(college.orgId)/gallery/\(added["id"] as! String)",
                    token: other.token
                ).status, .notFound)
            try await XCTAssertEqualAsync(
                try await api.call(
                    .delete, "/api/v1/organizations/\(college.orgId)/gallery/\(added["id"] as! String)",
                    token: college.token
                ).status, .noContent)
        }
    }
}
