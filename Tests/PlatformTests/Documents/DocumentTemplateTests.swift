import Foundation
import Platform
import XCTest

/// Templates filled without a database: placeholders Word cut into runs, repeated table rows, images, escaping; the
/// default templates; the spreadsheet writer.
final class DocumentTemplateTests: XCTestCase {
    static let paragraphCut = """
        <w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>Выдано {{parti</w:t></w:r>\
        <w:r><w:t>cipant</w:t></w:r><w:r><w:t>}}</w:t></w:r></w:p>
        """

    func testAPlaceholderWordCutIntoRunsIsReadWhole() {
        XCTAssertEqual(DocxTemplate.placeholders(in: Self.paragraphCut), ["participant"])
        var data = DocumentData()
        data.values["participant"] = "Иванова <Анна> & Ко"
        let out = DocxTemplate.render(Self.paragraphCut, data, embed: { _ in nil })
        XCTAssertTrue(out.contains("Выдано Иванова &lt;Анна&gt; &amp; Ко"), out)
        XCTAssertTrue(out.contains("<w:jc w:val=\"center\"/>"), "paragraph properties stay: \(out)")
        XCTAssertFalse(out.contains("{{"))
    }

    func testATableRowRepeatsPerItemAndLineBreaksBecomeBreaks() {
        let xml = """
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>№</w:t></w:r></w:p></w:tc></w:tr>\
            <w:tr><w:tc><w:p><w:r><w:t>{{learners.n}}</w:t></w:r></w:p></w:tc>\
            <w:tc><w:p><w:r><w:t>{{learners.name}}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
            <w:p><w:r><w:t>{{note}}</w:t></w:r></w:p>
            """
        var data = DocumentData()
        data.lists["learners"] = [
            ["n": "1", "name": "Смирнова"], ["n": "2", "name": "Волков"], ["n": "3", "name": "Ли"],
        ]
        data.values["note"] = "строка 1\nстрока 2"
        let out = DocxTemplate.render(xml, data, embed: { _ in nil })
        XCTAssertEqual(out.components(separatedBy: "<w:tr>").count - 1, 4, out)  // header + 3 items
        XCTAssertTrue(out.contains("Смирнова") && out.contains("Волков") && out.contains(">3<"), out)
        XCTAssertTrue(out.contains("строка 1</w:t><w:br/><w:t xml:space=\"preserve\">строка 2"), out)
    }

    func testAnImageParagraphBecomesADrawingAndAMissingImageLeavesNothing() throws {
        let template = try DocumentKind.participationCertificate.defaultTemplate()
        var data = DocumentData()
        data.values["participant"] = "Иванова Анна"
        // 2×1 PNG header is enough: the size comes from the data, the bytes are embedded as they are
        data.images["signature"] = DocumentImage(
            bytes: Data([0x89, 0x50, 0x4E, 0x47]), format: "png", width: 300,
            height: 100)
        let docx = try DocxDocument.render(template: template, with: data)
        let package = try XCTUnwrap(OfficePackage(docx))
        let xml = try XCTUnwrap(package.text("word/document.xml"))
        XCTAssertEqual(xml.components(separatedBy: "<w:drawing>").count - 1, 1, "the signature only; no logo given")
        XCTAssertTrue(xml.contains("r:embed=\"rIdCopp1\""))
        XCTAssertFalse(xml.contains("{{"), "every placeholder filled or emptied")
        XCTAssertNotNil(package["word/media/copp-1.png"])
        XCTAssertTrue(package.text("word/_rels/document.xml.rels")?.contains("media/copp-1.png") == true)
        XCTAssertTrue(package.text("[Content_Types].xml")?.contains("Extension=\"png\"") == true)
        let text = try OfficeFiles.text(Array(docx))
        XCTAssertTrue(text.contains("Иванова Анна"), text)
    }

    func testDefaultTemplatesUseOnlyWhatTheirKindFills() throws {
        for kind in DocumentKind.allCases {
            let used = try DocxDocument.placeholders(of: try kind.defaultTemplate())
            XCTAssertTrue(used.isSubset(of: Set(kind.placeholders.keys)), "\(kind): \(used)")
            // the expert sheet is signed by its expert; the others by the organization's head
            if kind == .expertSheet {
                XCTAssertTrue(used.contains("image:facsimile") && used.contains("expert"), "\(kind)")
            } else {
                XCTAssertTrue(used.contains("image:signature") && used.contains("headName"), "\(kind)")
            }
            XCTAssertEqual(DocumentsService.problems(of: try kind.defaultTemplate(), kind: kind), [])
        }
    }

    func testATemplateWithAnUnknownPlaceholderOrNotADocxIsRefusedNamingIt() throws {
        var b = DocxBuilder()
        b.paragraph("{{participant}} — {{passport}} — {{learners.name}}")
        let problems = DocumentsService.problems(of: try b.docx(), kind: .participationCertificate)
        XCTAssertEqual(problems.map(\.code), ["unknown_placeholder", "unknown_placeholder"])
        XCTAssertTrue(problems[0].message.contains("{{learners.name}}") && problems[1].message.contains("{{passport}}"))
        XCTAssertEqual(
            DocumentsService.problems(of: Data("PK not really".utf8), kind: .enrollmentOrder).map(\.code), ["not_docx"])
    }

    func testTheSpreadsheetHasHeaderTextAndNumbers() throws {
        let bytes = try XlsxWriter.workbook(
            sheet: "Заявки: декабрь", header: ["№", "ФИО", "СНИЛС"],
            rows: [["1", "Смирнова & Co", "01234567890"], ["2", "Волков", "12345678901"]])
        let text = try OfficeFiles.text(Array(bytes), main: "xl/worksheets/sheet1.xml", element: "t")
        XCTAssertTrue(text.contains("Смирнова & Co") && text.contains("01234567890"), text)
        let sheet = try XCTUnwrap(OfficePackage(bytes)?.text("xl/worksheets/sheet1.xml"))
        XCTAssertTrue(sheet.contains("<c r=\"A2\"><v>1</v></c>"), "a number is a number")
        XCTAssertTrue(sheet.contains("<c r=\"C2\" t=\"inlineStr\">"), "a leading zero keeps SNILS text")
        XCTAssertTrue(OfficePackage(bytes)?.text("xl/workbook.xml")?.contains("name=\"Заявки декабрь\"") == true)
    }

    func testControlCharactersNeverReachTheXMLAndBrokenOrHugePackagesAreRefused() throws {
        let bytes = try XlsxWriter.workbook(
            sheet: "Лист", header: ["Комментарий"], rows: [["Прошу \u{1}\u{1B} учесть"]])
        let text = try OfficeFiles.text(Array(bytes), main: "xl/worksheets/sheet1.xml", element: "t")
        XCTAssertTrue(text.contains("Прошу  учесть"), text)
        var broken = try XCTUnwrap(OfficePackage(try DocumentKind.participationCertificate.defaultTemplate()))
        broken.setText("word/document.xml", "<w:document><w:body><w:p>{{participant}}</w:body>")
        XCTAssertEqual(
            DocumentsService.problems(of: try broken.zipped(), kind: .participationCertificate).map(\.code),
            ["not_docx"])
        var bomb = OfficePackage()
        bomb["word/document.xml"] = Data(repeating: 0x20, count: OfficePackage.maxUnpacked + 1)
        XCTAssertNil(OfficePackage(try bomb.zipped()), "a package over the unpacked limit is not read")
    }

    func testRussianDates() {
        XCTAssertEqual(DocumentsService.russianDate("2026-12-05"), "5 декабря 2026 г.")
        XCTAssertEqual(DocumentsService.russianDate("nonsense"), "nonsense")
    }
}
