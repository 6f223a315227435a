import Foundation

/// A one-sheet XLSX of a table (tabular reports): a bold header row, text cells as inline strings, numbers as numbers,
/// column widths from the longest value, the header frozen. Excel and LibreOffice open it without a shared-strings
/// part.
public enum XlsxWriter {
    public static let mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    public static func workbook(sheet name: String, header: [String], rows: [[String]]) throws -> Data {
        var p = OfficePackage(types: [
            ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
            ("xl/worksheets/sheet1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"),
            ("xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"),
        ])
        p.setText(
            "xl/_rels/workbook.xml.rels",
            OfficePackage.relationships([("worksheet", "worksheets/sheet1.xml"), ("styles", "styles.xml")]))
        // a sheet's name: at most 31 characters, none of []:*?/\
        let title = String(name.filter { !"[]:*?/\\".contains($0) }.prefix(31))
        p.setText(
            "xl/workbook.xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\
            <sheet name="\(title.xmlEscaped)" sheetId="1" r:id="rId1"/></sheets></workbook>
            """)
        p.setText(
            "xl/styles.xml",
            """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
            <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/>\
            <name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill>\
            <fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders>\
            <cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf fontId="0"/>\
            <xf fontId="1" applyFont="1"/></cellXfs></styleSheet>
            """)
        p.setText("xl/worksheets/sheet1.xml", sheet(header: header, rows: rows))
        return try p.zipped()
    }

    static func column(_ n: Int) -> String {
        var n = n + 1
        var name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(65 + r)!) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// A number as a spreadsheet stores it: digits with an optional point, no leading zero (codes like «0012» and
    /// SNILS stay text).
    static func isNumber(_ s: String) -> Bool {
        guard !s.isEmpty, s.count < 16, Double(s) != nil, s.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" })
        else { return false }
        return !(s.hasPrefix("0") && s.count > 1 && !s.hasPrefix("0."))
    }

    static func sheet(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { c in
            min(60, max(8, all.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 8) + 2)
        }
        var xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews>\
            <sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
            </sheetView></sheetViews><cols>
            """
        for (i, w) in widths.enumerated() { xml += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(w)\"/>" }
        xml += "</cols><sheetData>"
        for (r, row) in all.enumerated() {
            xml += "<row r=\"\(r + 1)\">"
            for (c, value) in row.enumerated() {
                let ref = column(c) + String(r + 1)
                let style = r == 0 ? " s=\"1\"" : ""
                if r > 0 && isNumber(value) {
                    xml += "<c r=\"\(ref)\"><v>\(value)</v></c>"
                } else {
                    xml +=
                        "<c r=\"\(ref)\" t=\"inlineStr\"\(style)><is><t xml:space=\"preserve\">"
                        + value.xmlEscaped + "</t></is></c>"
                }
            }
            xml += "</row>"
        }
        return xml + "</sheetData></worksheet>"
    }
}
