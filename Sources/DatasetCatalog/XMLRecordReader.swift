import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads OAI-PMH records: `oai_datacite` (DataCite kernel 4 `subject` with `subjectScheme`,
/// `schemeURI` and `valueURI`), `oai_dc` (`dc:subject`, `dc:description`) and SciCat's `panosc`
/// (`panosc:technique`). Parsing never resolves external entities.
public enum XMLRecordReader {
    /// Reads every record of an XML document held in memory (an OAI-PMH response or a single record).
    public static func records(in text: String, source: String) -> [RecordResult] {
        var splitter = XMLRecordSplitter(source: source)
        var results: [RecordResult] = []
        _ = try? splitter.scan(Array(text.utf8), isFinal: true) { chunk in
            results.append(record(chunk, source: source))
        }
        return results
    }

    /// Parses one record cut out by the splitter.
    static func record(_ chunk: XMLRecordSplitter.Chunk, source: String) -> RecordResult {
        let position = "line \(chunk.line)"
        let text = String(decoding: chunk.text, as: UTF8.self)
        do {
            let record = try parse(text, namespaces: chunk.namespaces, source: source, position: position,
                                   firstLine: chunk.line, ordinal: chunk.ordinal)
            return .success(record)
        } catch let error as DatasetCatalogError {
            return .failure(RecordFailure(source: source, position: position, error: error))
        } catch {
            return .failure(RecordFailure(source: source, position: position,
                                          error: .malformedXML(source: source, line: chunk.line, column: 1, message: "\(error)")))
        }
    }

    /// Re-reads a stored record (for re-indexing).
    static func parse(stored text: String, source: String, position: String) throws -> DatasetRecord {
        try parse(text, namespaces: "", source: source, position: position, firstLine: 1, ordinal: 1)
    }

    /// Whether the parsers this reader makes would resolve external entities (always false).
    public static var parserResolvesExternalEntities: Bool {
        makeParser(Data()).shouldResolveExternalEntities
    }

    /// Makes the parser used for records: no external entities, no namespace processing (names are
    /// matched by local part, so any prefix works).
    ///
    /// The data is fed through a stream, a chunk at a time: libxml2 (without `XML_PARSE_HUGE`, which
    /// `XMLParser` cannot set) fails a document handed over whole once more than 10 MB of it sits in
    /// its input buffer, while fed in chunks it takes text nodes of any size.
    static func makeParser(_ data: Data) -> XMLParser {
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        parser.shouldReportNamespacePrefixes = false
        return parser
    }

    static func parse(_ text: String, namespaces: String, source: String, position: String, firstLine: Int,
                      ordinal: Int) throws -> DatasetRecord {
        let wrapped = "<panet-record-wrapper \(namespaces)>" + text + "</panet-record-wrapper>"
        let parser = makeParser(Data(wrapped.utf8))
        let collector = RecordCollector()
        parser.delegate = collector
        _ = parser.parse()
        if let failure = collector.failure ?? parser.parserError.map({ XMLFailure($0, line: parser.lineNumber, column: parser.columnNumber) }) {
            throw DatasetCatalogError.malformedXML(source: source, line: firstLine + max(failure.line, 1) - 1,
                                                   column: failure.column, message: failure.message)
        }
        let references = collector.references + collector.texts
        let id = collector.identifier ?? collector.metadataIdentifier ?? "\(source)#\(ordinal)"
        return DatasetRecord(id: id, source: source, position: position, datestamp: collector.datestamp,
                             title: collector.title, sets: collector.sets, format: collector.format,
                             isDeleted: collector.isDeleted, references: references,
                             original: .xml(declaringNamespaces(namespaces, in: text)),
                             isRecognized: collector.identifier != nil || collector.metadataIdentifier != nil
                                || collector.format != .xml || collector.title != nil || !references.isEmpty
                                || collector.isDeleted)
    }
}

/// The record with the namespace declarations it inherits from the response added to its start tag,
/// so the stored text stands alone (declarations it makes itself are kept as they are).
func declaringNamespaces(_ namespaces: String, in text: String) -> String {
    guard !namespaces.isEmpty, text.hasPrefix("<"),
          let nameEnd = text.firstIndex(where: { $0 == " " || $0 == ">" || $0 == "/" || $0 == "\n" || $0 == "\t" || $0 == "\r" }),
          let tagEnd = text.firstIndex(of: ">") else { return text }
    let startTag = text[..<tagEnd]
    var added: [String] = []
    var rest = Substring(namespaces)
    while let equals = rest.firstIndex(of: "=") {
        let name = rest[..<equals].trimmingCharacters()
        guard let quote = rest[rest.index(after: equals)...].first,
              let close = rest[rest.index(equals, offsetBy: 2)...].firstIndex(of: quote) else { break }
        let declaration = rest[rest.startIndex...close].trimmingCharacters()
        if !startTag.contains(" \(name)=") && !startTag.contains("\n\(name)=") { added.append(declaration) }
        rest = rest[rest.index(after: close)...]
    }
    guard !added.isEmpty else { return text }
    return String(text[..<nameEnd]) + " " + added.joined(separator: " ") + String(text[nameEnd...])
}

/// A parse error with its position.
struct XMLFailure {
    var line: Int
    var column: Int
    var message: String

    init(_ error: any Error, line: Int, column: Int) {
        self.line = line
        self.column = column
        let code = (error as NSError).code
        message = XMLFailure.describe(code)
    }

    init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// Names the common libxml2 error codes that `XMLParser` reports only by number.
    static func describe(_ code: Int) -> String {
        switch code {
        case 1: return "a name, attribute value or comment over the XML parser's 10 MB limit, or elements nested too deep"
        case 4: return "document is empty or not XML"
        case 5: return "unexpected end of input (truncated?)"
        case 9: return "invalid character"
        case 23: return "unescaped '<' in an attribute value"
        case 26: return "undefined entity (external and undeclared entities are not loaded)"
        case 38, 39, 40, 41: return "malformed attribute"
        case 64, 65: return "malformed processing instruction or XML declaration"
        case 68: return "'&' must be escaped as &amp;"
        case 73: return "expected '>' to close a tag"
        case 76: return "end tag does not match the open element"
        case 85: return "unexpected end of input inside an element (truncated?)"
        case 111: return "error in an entity"
        default: return "XML error \(code)"
        }
    }
}

/// Collects what the annotator needs from one record while `XMLParser` walks it.
final class RecordCollector: NSObject, XMLParserDelegate {
    var stack: [String] = []
    var identifier: String?
    var metadataIdentifier: String?
    var datestamp: String?
    var sets: [String] = []
    var isDeleted = false
    var title: String?
    var format: RecordFormat = .xml
    var references: [TechniqueReference] = []
    var texts: [TechniqueReference] = []
    var failure: XMLFailure?
    /// How many `header` elements are open (the OAI header's fields are read only inside one).
    private var openHeaders = 0
    private var inMetadata = false
    private var metadataRootSeen = false
    private var capture: Capture?
    private var text = ""
    /// The depth of the element being captured; the capture ends when it closes (nested markup is kept as text).
    private var captureLevel = 0

    private enum Capture {
        case identifier, datestamp, setSpec, title, metadataIdentifier, description
        case subject(attributes: [String: String])
        case technique, keyword
    }

    /// The deepest element nesting read, counting the wrapper element: records nested deeper are
    /// refused at the element that goes too deep.
    static let maximumDepth = 1_001

    static func local(_ name: String) -> String {
        if let colon = name.lastIndex(of: ":") { return String(name[name.index(after: colon)...]) }
        return name
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let name = RecordCollector.local(elementName)
        let parent = stack.last
        guard stack.count < RecordCollector.maximumDepth else {
            if failure == nil {
                failure = XMLFailure(line: parser.lineNumber, column: parser.columnNumber,
                                     message: "elements nested deeper than \(RecordCollector.maximumDepth - 1) levels")
            }
            parser.abortParsing()
            return
        }
        stack.append(name)
        if name == "header" { openHeaders += 1 }
        if name == "header" && parent == "record", attributeDict["status"] == "deleted" { isDeleted = true }
        if name == "metadata" && parent == "record" { inMetadata = true; return }
        let isMetadataRoot = !metadataRootSeen && (inMetadata || (stack.count == 2 && parent == "panet-record-wrapper" && name != "record"))
        if isMetadataRoot {
            metadataRootSeen = true
            switch name {
            case "resource", "oai_datacite", "payload": format = .oaiDatacite
            case "dc": format = .oaiDC
            case "panosctype", "panosc": format = .oaiPanosc
            default: format = .xml
            }
        }
        guard capture == nil else { return }
        let inHeader = openHeaders > 0
        switch name {
        case "identifier" where inHeader: begin(.identifier)
        case "datestamp" where inHeader: begin(.datestamp)
        case "setSpec" where inHeader: begin(.setSpec)
        case "identifier" where !inHeader && metadataIdentifier == nil: begin(.metadataIdentifier)
        case "title" where !inHeader && title == nil: begin(.title)
        case "name" where format == .oaiPanosc && title == nil: begin(.title)
        case "subject": begin(.subject(attributes: attributeDict))
        case "technique": begin(.technique)
        case "keyword", "keywords": begin(.keyword)
        case "description", "abstract": begin(.description)
        default: break
        }
    }

    private func begin(_ kind: Capture) {
        capture = kind
        captureLevel = stack.count
        text = ""
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if capture != nil { text += string }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if capture != nil { text += String(decoding: CDATABlock, as: UTF8.self) }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        let name = RecordCollector.local(elementName)
        let level = stack.count
        _ = stack.popLast()
        if name == "header" { openHeaders -= 1 }
        if name == "metadata" { inMetadata = false }
        guard let kind = capture, level == captureLevel else { return }
        capture = nil
        let value = text.trimmingWhitespace()
        switch kind {
        case .identifier: identifier = value.isEmpty ? nil : value
        case .datestamp: datestamp = value.isEmpty ? nil : value
        case .setSpec: if !value.isEmpty { sets.append(value) }
        case .metadataIdentifier: metadataIdentifier = value.isEmpty ? nil : value
        case .title: title = value.isEmpty ? nil : value
        case .description:
            if !value.isEmpty { texts.append(TechniqueReference([ReferenceCandidate(value, field: name)], strength: .text)) }
        case .subject(let attributes):
            func attribute(_ key: String) -> String? {
                attributes.first { $0.key.caseInsensitiveCompare(key) == .orderedSame || RecordCollector.local($0.key) == key }?.value
            }
            let schemes = [attribute("subjectScheme"), attribute("schemeURI")].compactMap { $0 }
            if let reference = SubjectClassifier.reference(text: value, valueURI: attribute("valueURI"), schemes: schemes,
                                                          classificationCode: attribute("classificationCode"), field: "subject") {
                references.append(reference)
            }
        case .technique:
            if !value.isEmpty { references.append(TechniqueReference([ReferenceCandidate(value, field: name)], strength: .technique)) }
        case .keyword:
            if !value.isEmpty { references.append(TechniqueReference([ReferenceCandidate(value, field: name)], strength: .subject)) }
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if failure == nil { failure = XMLFailure(parseError, line: parser.lineNumber, column: parser.columnNumber) }
    }

    func parser(_ parser: XMLParser, validationErrorOccurred validationError: any Error) {}

    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        nil
    }
}
