import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A DOCX made from a template package: the document, its headers and footers filled (`DocxTemplate`), each image
/// added as a media part with its relationship and content type.
public enum DocxDocument {
    public enum Failure: Error, Equatable {
        case notADocx
    }

    /// The parts with text a template fills: the document, its headers and footers.
    static func textParts(_ path: String) -> Bool {
        path == "word/document.xml"
            || (path.hasPrefix("word/header") || path.hasPrefix("word/footer"))
                && path.hasSuffix(".xml")
    }

    /// Every placeholder of a template (document, headers, footers); throws when the bytes are not a DOCX.
    public static func placeholders(of template: Data) throws -> Set<String> {
        guard let package = OfficePackage(template), package["word/document.xml"] != nil else { throw Failure.notADocx }
        return package.parts.filter { textParts($0.path) }.reduce(into: Set<String>()) { all, part in
            all.formUnion(DocxTemplate.placeholders(in: String(decoding: part.data, as: UTF8.self)))
        }
    }

    /// The first text part that is not well-formed XML, if any (checked before a template is taken: a broken one
    /// would make every document of its kind unreadable).
    public static func malformedPart(of template: Data) -> String? {
        guard let package = OfficePackage(template) else { return "[архив]" }
        for part in package.parts where part.path.hasSuffix(".xml") || part.path.hasSuffix(".rels") {
            // Linux's XMLParser answers true and sets parserError for a document it could not read
            let parser = XMLParser(data: part.data)
            if !parser.parse() || parser.parserError != nil { return part.path }
        }
        return nil
    }

    public static func render(template: Data, with data: DocumentData) throws -> Data {
        guard var package = OfficePackage(template), package["word/document.xml"] != nil else { throw Failure.notADocx }
        var relationships =
            package.text("word/_rels/document.xml.rels")
                ?? """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>
                """
        var embedded: [String: String] = [:]
        var formats = Set<String>()
        // images used by the main document get parts; in headers they would need their own relationships
        let embed = { (name: String) -> String? in embedded[name] }
        for (n, (name, image)) in data.images.sorted(by: { $0.key < $1.key }).enumerated() {
            let id = "rIdCopp\(n + 1)"
            let file = "media/copp-\(n + 1).\(image.format == "jpeg" ? "jpeg" : "png")"
            package["word/" + file] = image.bytes
            relationships = relationships.replacingOccurrences(
                of: "</Relationships>",
                with: "<Relationship Id=\"\(id)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                    + "relationships/image\" Target=\"\(file)\"/></Relationships>")
            embedded[name] = id
            formats.insert(image.format == "jpeg" ? "jpeg" : "png")
        }
        package.setText("word/_rels/document.xml.rels", relationships)
        if var types = package.text("[Content_Types].xml") {
            for ext in formats.sorted() where !types.contains("Extension=\"\(ext)\"") {
                types = types.replacingOccurrences(
                    of: "</Types>", with: "<Default Extension=\"\(ext)\" ContentType=\"image/\(ext)\"/></Types>")
            }
            package.setText("[Content_Types].xml", types)
        }
        for part in package.parts where textParts(part.path) {
            let xml = String(decoding: part.data, as: UTF8.self)
            let useImages = part.path == "word/document.xml"
            package.setText(
                part.path, DocxTemplate.render(xml, data, embed: { useImages ? embed($0) : nil }))
        }
        return try package.zipped()
    }
}
