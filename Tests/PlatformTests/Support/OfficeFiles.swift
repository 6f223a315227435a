import Foundation
import Platform
import XCTest

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Opens what the documents service made, as a person's Word or Excel would have to: the ZIP, every XML part
/// well-formed, the relationships pointing at parts that exist; the text as a reader sees it; PDF through pdftotext.
enum OfficeFiles {
    final class TextCollector: NSObject, XMLParserDelegate {
        var text = ""
        var inText = false
        let element: String
        init(element: String) { self.element = element }
        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if name == element { inText = true }
            if name == "w:p" || name == "w:br" || name == "row" { text += "\n" }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == element { inText = false }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { text += string } }
    }

    /// Parses an XML part; fails the test when it is not well-formed.
    static func parse(_ data: Data, element: String = "w:t", part: String) -> String {
        let parser = XMLParser(data: data)
        let collector = TextCollector(element: element)
        parser.delegate = collector
        // Linux's XMLParser may answer true for a broken document and only set parserError
        XCTAssertTrue(
            parser.parse() && parser.parserError == nil,
            "\(part) is not well-formed XML: \(String(describing: parser.parserError))")
        return collector.text
    }

    /// Checks the package and answers the text of its main part (`word/document.xml` or the first sheet).
    static func text(_ bytes: [UInt8], main: String = "word/document.xml", element: String = "w:t") throws -> String {
        let package = try XCTUnwrap(OfficePackage(Data(bytes)), "not a ZIP package")
        let types = try XCTUnwrap(package.text("[Content_Types].xml"), "no [Content_Types].xml")
        XCTAssertTrue(types.contains("PartName=\"/\(main)\""), "content types do not name /\(main)")
        var text = ""
        for part in package.parts where part.path.hasSuffix(".xml") || part.path.hasSuffix(".rels") {
            let t = parse(part.data, element: element, part: part.path)
            if part.path == main { text = t }
            if part.path.hasSuffix(".rels") {
                let base = part.path.replacingOccurrences(of: "_rels/", with: "").replacingOccurrences(
                    of: ".rels", with: "")
                let folder = (base as NSString).deletingLastPathComponent
                let xml = String(decoding: part.data, as: UTF8.self)
                for target in matches(#"Target="([^"]+)""#, xml) where !xml.contains("TargetMode=\"External\"") {
                    let path =
                        target.hasPrefix("/")
                        ? String(target.dropFirst())
                        : (folder.isEmpty ? target : folder + "/" + target)
                    XCTAssertNotNil(package[path], "\(part.path) points at a missing part \(path)")
                }
            }
        }
        XCTAssertNotNil(package[main], "no \(main)")
        return text
    }

    static func matches(_ pattern: String, _ text: String) -> [String] {
        let re = try! NSRegularExpression(pattern: pattern)
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map {
            ns.substring(with: $0.range(at: 1))
        }
    }

    /// The text of a PDF by pdftotext (poppler-utils, installed by the Makefile); nil when it is not installed.
    static func pdfText(_ bytes: [UInt8]) throws -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") else { return nil }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("copp-\(UUID().uuidString).pdf")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
        process.arguments = [file.path, "-"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: out, as: UTF8.self)
    }
}
