internal import CRaptor2
import RDFModel
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Parses RDF/XML through libraptor2, streaming the input in chunks.
///
/// Network and file access from inside a document (external entities, `xml:base` fetches) is
/// refused: `RAPTOR_OPTION_NO_NET`, `RAPTOR_OPTION_NO_FILE`, no external entity loading, and a URI
/// filter that rejects every request.
struct RaptorParser {
    let source: RDFSource
    let baseIRI: String
    let blankNodeScope: String
    /// Keep IRIs holding characters IRIs forbid (a space, `<`, `{` ...), with a warning, rather than
    /// refusing the document.
    var isLenient = false

    /// At most this many IRI warnings are listed in lenient mode; the rest are counted.
    static let warningLimit = 20

    /// Context shared with the C callbacks through an unretained pointer.
    final class Context {
        let blankNodeScope: String
        let sourceName: String
        var handler: (Quad) throws -> Void
        var firstError: (any Error)?
        var warnings: [String] = []
        var parser: OpaquePointer?
        var isLenient = false
        var unlistedIRIWarnings = 0
        /// In a locating read: the offset of the last `<` handed to raptor, and that offset when
        /// the first error came.
        var lastTagOffset = 0
        var errorOffset: Int?

        init(blankNodeScope: String, sourceName: String, handler: @escaping (Quad) throws -> Void) {
            self.blankNodeScope = blankNodeScope
            self.sourceName = sourceName
            self.handler = handler
        }

        /// Records the first error and stops the parse.
        func fail(_ error: any Error) {
            if firstError == nil {
                firstError = error
                errorOffset = lastTagOffset
            }
            if let parser { raptor.parser_parse_abort(parser) }
        }

        /// The line raptor is at, when it knows it.
        var line: Int? {
            guard let parser, let locator = raptor.parser_get_locator(parser), locator.pointee.line > 0 else { return nil }
            return Int(locator.pointee.line)
        }
    }

    /// Reads the whole document, calling `handler` for each triple.
    ///
    /// The corresponding C functions are `raptor_new_parser`, `raptor_parser_parse_start`,
    /// `raptor_parser_parse_chunk`.
    func parse(handler: (Quad) throws -> Void) throws -> [String] {
        let document = try DocumentBytes(source)
        return try RaptorLock.serialized {
            do {
                return try withoutActuallyEscaping(handler) { handler in
                    let context = Context(blankNodeScope: blankNodeScope, sourceName: source.displayName, handler: handler)
                    return try parseUnlocked(document, context: context, locating: false)
                }
            } catch RDFParsingError.syntax(let name, let line, nil, let message) {
                // raptor2 gives a line at best: read again tag by tag to find the column.
                let context = Context(blankNodeScope: blankNodeScope, sourceName: name, handler: { _ in })
                _ = try? parseUnlocked(document, context: context, locating: true)
                guard let offset = context.errorOffset else {
                    throw RDFParsingError.syntax(source: name, line: line, column: line == nil ? nil : 1, message: message)
                }
                let position = document.position(ofOffset: offset)
                throw RDFParsingError.syntax(source: name, line: position.line, column: position.column, message: message)
            }
        }
    }

    private func parseUnlocked(_ document: DocumentBytes, context: Context, locating: Bool) throws -> [String] {
        context.isLenient = isLenient
        guard let world = craptor_new_world(try RaptorLibrary.load(for: source.displayName)) else {
            throw RDFParsingError.io(path: source.displayName, message: "cannot initialise libraptor2")
        }
        defer { raptor.free_world(world) }
        let contextPointer = Unmanaged.passUnretained(context).toOpaque()
        _ = raptor.world_set_log_handler(world, contextPointer, raptorLogHandler)
        guard raptor.world_open(world) == 0, let parser = raptor.new_parser(world, "rdfxml") else {
            throw RDFParsingError.io(path: source.displayName, message: "cannot create the RDF/XML parser")
        }
        defer { raptor.free_parser(parser) }
        context.parser = parser
        // Never fetch or read anything the document points at; refuse to parse if raptor cannot promise it.
        guard raptor.parser_set_option(parser, RAPTOR_OPTION_NO_NET, nil, 1) == 0,
              raptor.parser_set_option(parser, RAPTOR_OPTION_NO_FILE, nil, 1) == 0,
              raptor.parser_set_option(parser, RAPTOR_OPTION_LOAD_EXTERNAL_ENTITIES, nil, 0) == 0 else {
            throw RDFParsingError.io(path: source.displayName, message: "libraptor2 refused the options that keep parsing off the network and file system")
        }
        raptor.parser_set_uri_filter(parser, { _, _ in 1 }, nil)
        raptor.parser_set_statement_handler(parser, contextPointer, raptorStatementHandler)

        guard let base = baseIRI.withCString({ raptor.new_uri(world, UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self)) }) else {
            throw RDFParsingError.rejected(source: source.displayName, message: "invalid base IRI <\(TextEscaping.clippedForMessage(baseIRI))>")
        }
        defer { raptor.free_uri(base) }
        guard raptor.parser_parse_start(parser, base) == 0 else {
            throw context.firstError ?? RDFParsingError.io(path: source.displayName, message: "cannot start parsing")
        }
        try feed(document, parser: parser, context: context, locating: locating)
        if let error = context.firstError { throw error }
        if context.unlistedIRIWarnings > 0 {
            context.warnings.append("\(source.displayName): warning: \(context.unlistedIRIWarnings) more IRIs "
                                    + "with forbidden characters kept")
        }
        return context.warnings
    }

    /// Hands the document to raptor2: in chunks of 64 KiB, or, to locate an error, in pieces that each
    /// end after a `>`, so that the error comes while the tag it belongs to is the last one handed over.
    private func feed(_ document: DocumentBytes, parser: OpaquePointer, context: Context, locating: Bool) throws {
        var scanner = XMLNestingScanner()
        var hasContent = false
        var position = SourcePosition.Counter()
        var fed = 0
        func chunk(_ bytes: UnsafeBufferPointer<UInt8>, isEnd: Bool) throws {
            if !hasContent {
                // An XML document needs a root element; libxml2 accepts an empty push stream silently.
                let blank = bytes.prefix { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
                for byte in blank { position.add(byte) }
                hasContent = blank.count < bytes.count
                if isEnd && !hasContent {
                    throw RDFParsingError.syntax(source: source.displayName, line: position.line, column: position.column,
                                                 message: "not well-formed XML: the document is empty "
                                                    + "(RDF/XML needs a root element)")
                }
            }
            // raptor2 gets no chunk holding an element nested too deeply or an entity reference
            // past the expansion limit (see `XMLNestingScanner`).
            if let stop = scanner.scan(bytes) {
                let position = document.position(ofOffset: stop)
                throw RDFParsingError.syntax(source: source.displayName, line: position.line, column: position.column,
                                             message: scanner.stopMessage)
            }
            guard locating else {
                try parse(bytes, isEnd: isEnd)
                return
            }
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: ">") {
                    if bytes[end] == UInt8(ascii: "<") { context.lastTagOffset = fed + end }
                    end += 1
                }
                end = min(end + 1, bytes.count)
                try parse(UnsafeBufferPointer(rebasing: bytes[start..<end]), isEnd: false)
                start = end
            }
            fed += bytes.count
            if isEnd {
                // Errors found at the end of the input (an unclosed element) are placed there.
                context.lastTagOffset = fed
                try parse(UnsafeBufferPointer(rebasing: bytes[bytes.count...]), isEnd: true)
            }
        }
        func parse(_ bytes: UnsafeBufferPointer<UInt8>, isEnd: Bool) throws {
            let status = raptor.parser_parse_chunk(parser, bytes.baseAddress, bytes.count, isEnd ? 1 : 0)
            if status != 0 && context.firstError == nil {
                context.fail(RDFParsingError.syntax(source: source.displayName, line: context.line, column: nil,
                                                    message: "RDF/XML parse failed"))
            }
            if let error = context.firstError { throw error }
        }
        switch document {
        case .memory(let bytes):
            try bytes.withUnsafeBufferPointer { try chunk($0, isEnd: true) }
        case .file(let path):
            let reader = try FileReader(source: .file(path))
            defer { reader.close() }
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = try reader.read(into: &buffer)
                if count == 0 {
                    try [UInt8]().withUnsafeBufferPointer { try chunk($0, isEnd: true) }
                    break
                }
                try buffer.withUnsafeBufferPointer { try chunk(UnsafeBufferPointer(rebasing: $0[0..<count]), isEnd: false) }
            }
        }
    }
}

private func raptorLogHandler(_ userData: UnsafeMutableRawPointer?, _ message: UnsafeMutablePointer<raptor_log_message>?) {
    guard let userData, let message else { return }
    let context = Unmanaged<RaptorParser.Context>.fromOpaque(userData).takeUnretainedValue()
    let text = message.pointee.text.map { String(cString: $0) } ?? "unknown error"
    var line: Int?
    var column: Int?
    for locator in [message.pointee.locator, context.parser.flatMap { raptor.parser_get_locator($0) }] {
        guard line == nil, let locator else { continue }
        if locator.pointee.line > 0 { line = Int(locator.pointee.line) }
        if locator.pointee.column > 0 { column = Int(locator.pointee.column) }
    }
    let level = message.pointee.level
    // One line, quoting at most `TextEscaping.messageQuoteLimit` characters.
    let oneLine = TextEscaping.clippedForMessage(text.trimmingTrailingNewlines().replacingLineBreaks())
    // RDF 1.1 removed rdf:aboutEach; raptor2 only warns and skips the element, which hides data loss.
    let isRemovedSyntax = text.contains("aboutEach")
    if level.rawValue >= RAPTOR_LOG_LEVEL_ERROR.rawValue || isRemovedSyntax {
        context.fail(RDFParsingError.syntax(source: context.sourceName, line: line, column: column, message: oneLine))
    } else if level.rawValue >= RAPTOR_LOG_LEVEL_WARN.rawValue {
        var location = context.sourceName
        if let line { location += ":\(line)" }
        context.warnings.append("\(location): warning: \(oneLine)")
    }
}

private func raptorStatementHandler(_ userData: UnsafeMutableRawPointer?, _ statement: UnsafeMutablePointer<raptor_statement>?) {
    guard let userData, let statement else { return }
    let context = Unmanaged<RaptorParser.Context>.fromOpaque(userData).takeUnretainedValue()
    guard context.firstError == nil else { return }
    let value = statement.pointee
    guard let subject = value.subject.flatMap({ raptorTerm($0, scope: context.blankNodeScope) }),
          let predicate = value.predicate.flatMap({ raptorTerm($0, scope: context.blankNodeScope) }),
          let object = value.object.flatMap({ raptorTerm($0, scope: context.blankNodeScope) }) else {
        return
    }
    for term in [subject, predicate, object] {
        let iri: String
        switch term {
        case .iri(let text): iri = text
        case .literal(let literal) where literal.language == nil: iri = literal.datatype
        default: continue
        }
        guard let character = RDFModelIRI.firstForbiddenCharacter(in: iri) else { continue }
        let quoted = "IRI <\(TextEscaping.clippedForMessage(iri))> holds \(describe(character))"
        if !context.isLenient {
            context.fail(RDFParsingError.syntax(source: context.sourceName, line: context.line, column: nil,
                                                message: quoted + ", which IRIs forbid; percent-encode it or give --lenient"))
            return
        }
        if context.warnings.count < RaptorParser.warningLimit {
            let location = context.sourceName + (context.line.map { ":\($0)" } ?? "")
            context.warnings.append("\(location): warning: \(quoted); kept as written (--lenient)")
        } else {
            context.unlistedIRIWarnings += 1
        }
    }
    do {
        try context.handler(Quad(subject, predicate, object))
    } catch {
        context.fail(error)
    }
}

/// "a space", "a line feed", "the character '{'" ...
private func describe(_ character: Character) -> String {
    switch character {
    case " ": return "a space"
    case "\n": return "a line feed"
    case "\t": return "a tab"
    default:
        guard let scalar = character.unicodeScalars.first, scalar.value >= 0x20 else {
            let code = character.unicodeScalars.first?.value ?? 0
            return "the control character U+" + String(code, radix: 16, uppercase: true)
        }
        return "the character '\(character)'"
    }
}

private func raptorTerm(_ term: UnsafeMutablePointer<raptor_term>, scope: String) -> Term? {
    switch term.pointee.type {
    case RAPTOR_TERM_TYPE_URI:
        return term.pointee.value.uri.map { .iri(raptorURIString($0)) }
    case RAPTOR_TERM_TYPE_BLANK:
        let blank = term.pointee.value.blank
        return .blankNode(scope + string(blank.string, count: Int(blank.string_len)))
    case RAPTOR_TERM_TYPE_LITERAL:
        let literal = term.pointee.value.literal
        let lexical = string(literal.string, count: Int(literal.string_len))
        if let language = literal.language, literal.language_len > 0 {
            return .literal(lexical, language: string(language, count: Int(literal.language_len)))
        }
        if let datatype = literal.datatype {
            return .literal(Literal(lexical, datatype: raptorURIString(datatype)))
        }
        return .literal(lexical)
    default:
        return nil
    }
}

private func raptorURIString(_ uri: OpaquePointer) -> String {
    var length = 0
    let bytes = raptor.uri_as_counted_string(uri, &length)
    return string(bytes, count: length)
}

private func string(_ bytes: UnsafeMutablePointer<UInt8>?, count: Int) -> String {
    guard let bytes, count > 0 else { return "" }
    return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
}

extension String {
    /// The text with line breaks replaced by spaces, so that a message fits on one line.
    func replacingLineBreaks() -> String {
        guard contains(where: \.isNewline) else { return self }
        return String(map { $0.isNewline ? " " : $0 })
    }

    func trimmingTrailingNewlines() -> String {
        var result = self
        while let last = result.last, last.isNewline || last == " " { result.removeLast() }
        return result
    }
}

/// libraptor2 and the libxml2 beneath it keep process-wide state (parser initialisation, error
/// handlers), so every raptor call in this process runs under this one lock.
enum RaptorLock {
    private static let mutex = Mutex<Void>(())

    static func serialized<T>(_ body: () throws -> T) throws -> T {
        try mutex.withLock { _ in try body() }
    }
}
