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

    /// Context shared with the C callbacks through an unretained pointer.
    final class Context {
        let blankNodeScope: String
        let sourceName: String
        var handler: (Quad) throws -> Void
        var firstError: (any Error)?
        var warnings: [String] = []
        var parser: OpaquePointer?

        init(blankNodeScope: String, sourceName: String, handler: @escaping (Quad) throws -> Void) {
            self.blankNodeScope = blankNodeScope
            self.sourceName = sourceName
            self.handler = handler
        }
    }

    /// Reads the whole document, calling `handler` for each triple.
    ///
    /// The corresponding C functions are `raptor_new_parser`, `raptor_parser_parse_start`,
    /// `raptor_parser_parse_chunk`.
    func parse(handler: (Quad) throws -> Void) throws -> [String] {
        try RaptorLock.serialized { try parseUnlocked(handler: handler) }
    }

    private func parseUnlocked(handler: (Quad) throws -> Void) throws -> [String] {
        try withoutActuallyEscaping(handler) { handler in
            let context = Context(blankNodeScope: blankNodeScope, sourceName: source.displayName, handler: handler)
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
                throw RDFParsingError.rejected(source: source.displayName, message: "invalid base IRI <\(baseIRI)>")
            }
            defer { raptor.free_uri(base) }
            guard raptor.parser_parse_start(parser, base) == 0 else {
                throw context.firstError ?? RDFParsingError.io(path: source.displayName, message: "cannot start parsing")
            }
            try feed(parser: parser, context: context)
            if let error = context.firstError { throw error }
            return context.warnings
        }
    }

    private func feed(parser: OpaquePointer, context: Context) throws {
        var scanner = XMLNestingScanner()
        func chunk(_ bytes: UnsafeBufferPointer<UInt8>, isEnd: Bool) throws {
            // raptor2 gets no chunk holding an element nested too deeply (see `XMLNestingScanner`).
            if let stop = scanner.scan(bytes) {
                var position: (line: Int?, column: Int?) = (nil, nil)
                switch source {
                case .text(let text, _): position = SourcePosition.of(stop, in: text.utf8)
                case .file(let path) where path != "-": position = SourcePosition.of(stop, inFileAt: path)
                default: break
                }
                throw RDFParsingError.syntax(source: source.displayName, line: position.line, column: position.column,
                                             message: "XML elements nest deeper than \(XMLNestingScanner.limit) levels")
            }
            let status = raptor.parser_parse_chunk(parser, bytes.baseAddress, bytes.count, isEnd ? 1 : 0)
            if let error = context.firstError { throw error }
            if status != 0 {
                throw RDFParsingError.syntax(source: source.displayName, line: nil, column: nil,
                                             message: "RDF/XML parse failed")
            }
        }
        switch source {
        case .text(let text, _):
            var copy = text
            try copy.withUTF8 { try chunk($0, isEnd: true) }
        case .file, .standardInput:
            let reader = try FileReader(source: source)
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
    // RDF 1.1 removed rdf:aboutEach; raptor2 only warns and skips the element, which hides data loss.
    let isRemovedSyntax = text.contains("aboutEach")
    if level.rawValue >= RAPTOR_LOG_LEVEL_ERROR.rawValue || isRemovedSyntax {
        if context.firstError == nil {
            context.firstError = RDFParsingError.syntax(source: context.sourceName, line: line, column: column,
                                                        message: text.trimmingTrailingNewlines())
        }
        if let parser = context.parser { raptor.parser_parse_abort(parser) }
    } else if level.rawValue >= RAPTOR_LOG_LEVEL_WARN.rawValue {
        var location = context.sourceName
        if let line { location += ":\(line)" }
        context.warnings.append("\(location): warning: \(text.trimmingTrailingNewlines())")
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
    do {
        try context.handler(Quad(subject, predicate, object))
    } catch {
        context.firstError = error
        if let parser = context.parser { raptor.parser_parse_abort(parser) }
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
