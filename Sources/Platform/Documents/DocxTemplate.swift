import Foundation

/// What a document is filled with: `{{name}}` texts, lists whose items repeat a table row (`{{learners.name}}`), and
/// images (`{{image:signature}}` alone in a paragraph).
public struct DocumentData: Sendable {
    public var values: [String: String] = [:]
    public var lists: [String: [[String: String]]] = [:]
    public var images: [String: DocumentImage] = [:]
    public init() {}
}

public struct DocumentImage: Sendable {
    public var bytes: Data
    /// `png` or `jpeg`
    public var format: String
    public var width: Int
    public var height: Int
    public init(bytes: Data, format: String, width: Int, height: Int) {
        self.bytes = bytes
        self.format = format
        self.width = width
        self.height = height
    }
}

/// The text of a WordprocessingML part with placeholders, pure string work: Word splits what a person typed into runs
/// as it likes (`{{na` + `me}}`), so a paragraph holding a placeholder gets its text into its first run first; then
/// table rows repeat per list item, image paragraphs become drawings, and the rest are replaced by escaped values.
public enum DocxTemplate {
    static let placeholder = try! NSRegularExpression(pattern: "\\{\\{\\s*([A-Za-z0-9_.:]+)\\s*\\}\\}")
    static let paragraph = try! NSRegularExpression(pattern: "<w:p[ >].*?</w:p>", options: .dotMatchesLineSeparators)
    static let textRun = try! NSRegularExpression(pattern: "<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:t/>")
    static let row = try! NSRegularExpression(pattern: "<w:tr[ >].*?</w:tr>", options: .dotMatchesLineSeparators)

    /// Every placeholder name the part uses (`name`, `learners.name`, `image:logo`).
    public static func placeholders(in xml: String) -> Set<String> {
        let text = normalized(xml)
        return Set(matches(placeholder, in: text).map { $0[1] })
    }

    /// The part filled with `data`; `embed` names the relationship id an image gets (the package adds its part).
    public static func render(_ xml: String, _ data: DocumentData, embed: (String) -> String?) -> String {
        var text = normalized(xml)
        text = replacing(row, in: text) { tr in
            guard let list = listName(in: tr), let items = data.lists[list] else { return tr }
            return items.map { item in
                replacing(placeholder, in: tr) { p in
                    let name = capture(placeholder, p)
                    guard name.hasPrefix(list + ".") else { return p }
                    return runText(item[String(name.dropFirst(list.count + 1))] ?? "")
                }
            }.joined()
        }
        text = replacing(paragraph, in: text) { p in
            guard let name = imageName(in: p) else { return p }
            guard let image = data.images[name], let id = embed(name) else { return emptied(p) }
            return drawing(image, id: id, paragraph: p)
        }
        return replacing(placeholder, in: text) { p in
            let name = capture(placeholder, p)
            if name.hasPrefix("image:") { return "" }
            return runText(data.values[name] ?? "")
        }
    }

    /// Paragraphs holding `{{` get their whole text into the first run (other runs emptied): the placeholders then
    /// read whole, whatever runs Word cut them into.
    static func normalized(_ xml: String) -> String {
        replacing(paragraph, in: xml) { p in
            let texts = matches(textRun, in: p).map { $0.count > 1 ? $0[1] : "" }
            // a placeholder cut across runs leaves a run with braces that do not pair up
            guard texts.count > 1, texts.joined().contains("{{"),
                texts.contains(where: { $0.filter { $0 == "{" }.count != $0.filter { $0 == "}" }.count })
            else { return p }
            var first = true
            return replacing(textRun, in: p) { _ in
                defer { first = false }
                return first ? "<w:t xml:space=\"preserve\">\(texts.joined())</w:t>" : "<w:t/>"
            }
        }
    }

    /// The list a table row repeats: the part before the dot of its first `{{list.field}}`.
    static func listName(in row: String) -> String? {
        for m in matches(placeholder, in: row) where m[1].contains(".") && !m[1].hasPrefix("image:") {
            return String(m[1].split(separator: ".")[0])
        }
        return nil
    }

    /// `name` of a paragraph whose placeholder is `{{image:name}}`.
    static func imageName(in paragraph: String) -> String? {
        matches(placeholder, in: paragraph).first { $0[1].hasPrefix("image:") }.map { String($0[1].dropFirst(6)) }
    }

    static func emptied(_ p: String) -> String {
        replacing(placeholder, in: p) { _ in "" }
    }

    /// Text for inside `<w:t>`: escaped, a line break as Word's `<w:br/>`.
    static func runText(_ value: String) -> String {
        value.xmlEscaped.replacingOccurrences(of: "\n", with: "</w:t><w:br/><w:t xml:space=\"preserve\">")
    }

    /// The image paragraph as a drawing of at most 4.5 cm × 2.5 cm (a signature or a logo), keeping its proportions;
    /// the paragraph's properties (alignment) stay.
    static func drawing(_ image: DocumentImage, id: String, paragraph: String) -> String {
        let maxWidth = 1_620_000.0
        let maxHeight = 900_000.0
        let w = Double(max(image.width, 1)) * 9525
        let h = Double(max(image.height, 1)) * 9525
        let scale = min(1, maxWidth / w, maxHeight / h)
        let cx = Int(w * scale)
        let cy = Int(h * scale)
        let properties =
            paragraph.range(of: "<w:pPr>.*?</w:pPr>", options: .regularExpression).map { String(paragraph[$0]) } ?? ""
        let docPr = 1000 + (Int(id.filter(\.isNumber)) ?? 0)
        return """
            <w:p>\(properties)<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" \
            xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">\
            <wp:extent cx="\(cx)" cy="\(cy)"/><wp:docPr id="\(docPr)" name="\(id)"/>\
            <a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">\
            <a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">\
            <pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">\
            <pic:nvPicPr><pic:cNvPr id="\(docPr)" name="\(id)"/><pic:cNvPicPr/></pic:nvPicPr>\
            <pic:blipFill><a:blip r:embed="\(id)" \
            xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/>\
            <a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
            <pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="\(cx)" cy="\(cy)"/></a:xfrm>\
            <a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>\
            </wp:inline></w:drawing></w:r></w:p>
            """
    }

    // MARK: regular expressions over Swift strings

    static func matches(_ re: NSRegularExpression, in text: String) -> [[String]] {
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            (0..<m.numberOfRanges).map { i in
                m.range(at: i).location == NSNotFound ? "" : ns.substring(with: m.range(at: i))
            }
        }
    }

    static func capture(_ re: NSRegularExpression, _ text: String) -> String {
        matches(re, in: text).first?[1] ?? ""
    }

    /// `text` with every match of `re` replaced by `transform(match)`.
    static func replacing(_ re: NSRegularExpression, in text: String, _ transform: (String) -> String) -> String {
        let ns = text as NSString
        var out = ""
        var last = 0
        for m in re.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
            out += transform(ns.substring(with: m.range))
            last = m.range.location + m.range.length
        }
        return out + ns.substring(from: last)
    }
}
