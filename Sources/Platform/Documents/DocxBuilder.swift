import Foundation

/// A minimal DOCX package around a body, for the default templates the platform ships (an administrator replaces
/// them with the region's own, made in Word or LibreOffice): A4, Liberation Serif / Times New Roman 12 pt.
public struct DocxBuilder {
    var body = ""

    public init() {}

    public enum Align: String { case left, center, right, both }

    /// A paragraph of one run.
    public mutating func paragraph(
        _ text: String, bold: Bool = false, size: Int = 12, align: Align = .left, spaceAfter: Int = 120
    ) {
        body += """
            <w:p><w:pPr><w:jc w:val="\(align.rawValue)"/><w:spacing w:after="\(spaceAfter)"/></w:pPr>\
            <w:r><w:rPr>\(bold ? "<w:b/>" : "")<w:sz w:val="\(size * 2)"/></w:rPr>\
            <w:t xml:space="preserve">\(text.xmlEscaped)</w:t></w:r></w:p>
            """
    }

    /// A bordered table: a header row, then rows (a row of `{{list.field}}` repeats per item).
    public mutating func table(widths: [Int], header: [String], rows: [[String]]) {
        func cell(_ text: String, width: Int, bold: Bool) -> String {
            """
            <w:tc><w:tcPr><w:tcW w:w="\(width)" w:type="dxa"/></w:tcPr><w:p><w:r>\
            <w:rPr>\(bold ? "<w:b/>" : "")<w:sz w:val="22"/></w:rPr>\
            <w:t xml:space="preserve">\(text.xmlEscaped)</w:t></w:r></w:p></w:tc>
            """
        }
        let border = ["top", "left", "bottom", "right", "insideH", "insideV"].map {
            "<w:\($0) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
        }.joined()
        body += "<w:tbl><w:tblPr><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/><w:tblBorders>\(border)"
        body += "</w:tblBorders></w:tblPr><w:tblGrid>"
        body += widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
        for (n, r) in ([header] + rows).enumerated() {
            body += "<w:tr>" + zip(r, widths).map { cell($0, width: $1, bold: n == 0) }.joined() + "</w:tr>"
        }
        body += "</w:tbl>"
    }

    /// The package's bytes.
    public func docx() throws -> Data {
        var p = OfficePackage(types: [
            ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
            ("word/styles.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"),
        ])
        p.setText("word/_rels/document.xml.rels", OfficePackage.relationships([("styles", "styles.xml")]))
        p.setText(
            "word/styles.xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults>\
            <w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Serif" w:hAnsi="Liberation Serif" \
            w:cs="Liberation Serif" w:eastAsia="Liberation Serif"/><w:sz w:val="24"/><w:lang w:val="ru-RU"/></w:rPr>\
            </w:rPrDefault></w:docDefaults></w:styles>
            """)
        p.setText(
            "word/document.xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>\(body)\
            <w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" \
            w:left="1701" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr></w:body></w:document>
            """)
        return try p.zipped()
    }
}
