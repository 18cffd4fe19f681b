internal import CSerd
import RDFModel
import RDFStore
#if canImport(Glibc)
import Glibc
#endif

/// Parses Turtle, N-Triples, N-Quads and TriG through libserd, streaming page by page.
///
/// serd reports prefixed names and relative IRIs as written; this type expands them against the
/// document's `@prefix` and `@base` declarations itself, so an undefined prefix is an error with a
/// position rather than a silent drop.
struct SerdParser {
    let source: RDFSource
    let format: RDFFormat
    let baseIRI: String?
    let blankNodeScope: String

    final class Context {
        var base: String?
        var prefixes: [String: String] = [:]
        /// Every `@prefix` / `PREFIX` declaration, in document order (a redeclared prefix keeps its
        /// first place and takes its last namespace).
        var declaredPrefixes: [(prefix: String, namespace: String)] = []
        let sourceName: String
        var handler: (Quad) throws -> Void
        /// The first error serd reported, with its position, or the first the handler threw.
        var firstError: (any Error)?
        /// The first error in a statement's terms (serd reports no position for these).
        var termError: SerdTermError?
        /// Where serd stood when `termError` was met, in a second, locating read.
        var termErrorOffset: Int?
        /// N-Triples and N-Quads: no prefixed names; `rejectsGraphs` for N-Triples.
        var isLineBased = false
        var rejectsGraphs = false
        /// The bytes serd reads, while it reads them.
        var input: SerdInput?
        var lastSubject = NodeCache<Term>()
        var lastPredicate = NodeCache<Term>()
        /// The declared prefixes as bytes, for expanding prefixed names without building strings.
        var prefixBytes: [(name: [UInt8], namespace: [UInt8])] = []
        // Interning straight into a dictionary (`parse(into:defaultGraph:quads:)`):
        // Only the statement sinks touch these, one call at a time, so accesses are not checked.
        @exclusivity(unchecked) var dictionary = TermDictionary()
        @exclusivity(unchecked) var quads = ContiguousArray<IDQuad>()
        var defaultGraph: TermID = 0
        @exclusivity(unchecked) var lastSubjectID = NodeCache<TermID>()
        @exclusivity(unchecked) var lastPredicateID = NodeCache<TermID>()
        @exclusivity(unchecked) var literalKeys = LiteralKeyCache()
        @exclusivity(unchecked) var expanded: [UInt8] = []

        /// Forgets everything that depends on the base IRI or the prefixes.
        func declarationsChanged() {
            lastSubject = NodeCache()
            lastPredicate = NodeCache()
            lastSubjectID = NodeCache()
            lastPredicateID = NodeCache()
            literalKeys.forgetDatatypes()
        }

        init(base: String?, sourceName: String, handler: @escaping (Quad) throws -> Void) {
            self.base = base
            self.sourceName = sourceName
            self.handler = handler
        }
    }

    /// Remembers the last node seen in one position and what it became (a `Term` or a term id), by
    /// the node's bytes, so runs of the same subject or predicate are not converted again.
    struct NodeCache<Value> {
        var bytes: [UInt8] = []
        var type: UInt32 = 0
        var value: Value?

        func lookup(_ node: UnsafePointer<SerdNode>) -> Value? {
            guard let value, node.pointee.type.rawValue == type, node.pointee.n_bytes == bytes.count,
                  let buffer = node.pointee.buf else { return nil }
            let length = bytes.count
            return bytes.withUnsafeBufferPointer { length == 0 || memcmp($0.baseAddress!, buffer, length) == 0 } ? value : nil
        }

        mutating func store(_ node: UnsafePointer<SerdNode>, _ value: Value) {
            guard let buffer = node.pointee.buf else { return }
            bytes.removeAll(keepingCapacity: true)
            bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: node.pointee.n_bytes))
            type = node.pointee.type.rawValue
            self.value = value
        }
    }

    /// The dictionary keys of recently seen literal datatypes and language tags, by the nodes' bytes.
    struct LiteralKeyCache {
        var datatypes: [(type: UInt32, bytes: [UInt8], key: TermKey)] = []
        var languages: [(bytes: [UInt8], key: TermKey)] = []
        var simple: TermKey?
        static let limit = 16

        func datatype(_ node: UnsafePointer<SerdNode>) -> TermKey? {
            guard let buffer = node.pointee.buf else { return nil }
            let type = node.pointee.type.rawValue, length = node.pointee.n_bytes
            for entry in datatypes where entry.type == type && entry.bytes.count == length
                && entry.bytes.withUnsafeBufferPointer({ length == 0 || memcmp($0.baseAddress!, buffer, length) == 0 }) {
                return entry.key
            }
            return nil
        }

        func language(_ node: UnsafePointer<SerdNode>) -> TermKey? {
            guard let buffer = node.pointee.buf else { return nil }
            let length = node.pointee.n_bytes
            for entry in languages where entry.bytes.count == length
                && entry.bytes.withUnsafeBufferPointer({ length == 0 || memcmp($0.baseAddress!, buffer, length) == 0 }) {
                return entry.key
            }
            return nil
        }

        mutating func storeDatatype(_ node: UnsafePointer<SerdNode>, _ key: TermKey) {
            guard let buffer = node.pointee.buf else { return }
            if datatypes.count >= Self.limit { datatypes.removeFirst() }
            datatypes.append((node.pointee.type.rawValue, Array(UnsafeBufferPointer(start: buffer, count: node.pointee.n_bytes)), key))
        }

        mutating func storeLanguage(_ node: UnsafePointer<SerdNode>, _ key: TermKey) {
            guard let buffer = node.pointee.buf else { return }
            if languages.count >= Self.limit { languages.removeFirst() }
            languages.append((Array(UnsafeBufferPointer(start: buffer, count: node.pointee.n_bytes)), key))
        }

        /// Datatype nodes may be relative IRIs or prefixed names, which depend on the declarations.
        mutating func forgetDatatypes() { datatypes.removeAll() }
    }

    /// Reads the whole document, calling `handler` for each triple or quad.
    ///
    /// The corresponding C functions are `serd_reader_new` and `serd_reader_read_file_handle`.
    func parse(handler: (Quad) throws -> Void) throws {
        try withoutActuallyEscaping(handler) { handler in
            let context = Context(base: baseIRI, sourceName: source.displayName, handler: handler)
            try read(context, statementSink: serdStatementSink)
        }
    }

    /// Reads the whole document, encoding its terms into `dictionary` straight from serd's buffers
    /// and appending its statements to `quads`; statements of the default graph go to `defaultGraph`.
    ///
    /// Terms get the same ids as encoding the quads of `parse(handler:)` in order would give them.
    /// - Returns: The document's prefix declarations, in order.
    @discardableResult
    func parse(into dictionary: inout TermDictionary, defaultGraph: TermID,
               quads: inout ContiguousArray<IDQuad>) throws -> [(prefix: String, namespace: String)] {
        let context = Context(base: baseIRI, sourceName: source.displayName, handler: { _ in })
        context.defaultGraph = defaultGraph
        context.dictionary = dictionary
        dictionary = TermDictionary()
        context.quads = quads
        quads = []
        if case .file(let path) = source, path != "-" {
            // Room for one statement per 48 bytes (dense Turtle) avoids regrowing the array; pages
            // that are never written cost nothing.
            var info = stat()
            if stat(path, &info) == 0 && info.st_size > 0 {
                context.quads.reserveCapacity(context.quads.count + min(Int(info.st_size) / 48, 1 << 28))
            }
        }
        defer {
            dictionary = context.dictionary
            context.dictionary = TermDictionary()
            quads = context.quads
            context.quads = []
        }
        try read(context, statementSink: serdIDStatementSink)
        return context.declaredPrefixes
    }

    /// serd's syntax for `format`. N-Triples is read as N-Quads, whose reader is strict (serd's
    /// N-Triples mode takes Turtle's `;` and `a`); a statement with a graph is then refused.
    private var syntax: SerdSyntax {
        switch format {
        case .turtle: return SERD_TURTLE
        case .nTriples, .nQuads: return SERD_NQUADS
        case .trig, .rdfXML: return SERD_TRIG
        }
    }

    private func read(_ context: Context, statementSink: SerdStatementSink) throws {
        let name = source.displayName
        let document = try DocumentBytes(source)
        let input = try SerdInput(document, scansNesting: format == .turtle || format == .trig)
        defer { input.close() }
        let status = try run(context, input: input, statementSink: statementSink, pageSize: 4096)
        if let stop = input.stoppedAt {
            let (line, column) = document.position(ofOffset: stop)
            throw Self.tooDeep(name, line: line, column: column)
        }
        if let error = context.termError {
            throw try positioned(error, in: document, context: context)
        }
        if let error = context.firstError { throw error }
        // serd's N-Quads reader stops at a line it cannot start (`garbage`, control bytes) with
        // SERD_FAILURE and no error; that status is only an empty document's when nothing was read.
        let silentlyStopped = context.isLineBased && status == SERD_FAILURE && input.delivered > 0
        if silentlyStopped {
            let (line, column) = document.position(ofOffset: try locateFailure(in: document))
            let syntax = format == .nTriples ? "N-Triples" : "N-Quads"
            throw RDFParsingError.syntax(source: name, line: line, column: column,
                                         message: "expected an \(syntax) statement: an IRI in < > or a blank node _:label")
        }
        if status != SERD_SUCCESS && status != SERD_FAILURE {
            let (line, column) = document.position(ofOffset: try locateFailure(in: document))
            throw RDFParsingError.syntax(source: name, line: line, column: column,
                                         message: String(cString: serd_strerror(status)))
        }
    }

    /// Runs serd over `input`, `pageSize` bytes at a time (`serd_reader_new`, `serd_reader_read_source`).
    private func run(_ context: Context, input: SerdInput, statementSink: SerdStatementSink,
                     pageSize: Int) throws -> SerdStatus {
        context.input = input
        context.isLineBased = format == .nTriples || format == .nQuads
        context.rejectsGraphs = format == .nTriples
        let contextPointer = Unmanaged.passUnretained(context).toOpaque()
        guard let reader = serd_reader_new(syntax, contextPointer, nil, serdBaseSink, serdPrefixSink,
                                           statementSink, nil) else {
            throw RDFParsingError.io(path: source.displayName, message: "cannot create the serd reader")
        }
        defer { serd_reader_free(reader) }
        serd_reader_set_strict(reader, true)
        serd_reader_set_error_sink(reader, serdErrorSink, contextPointer)
        blankNodeScope.withCString { serd_reader_add_blank_prefix(reader, UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self)) }
        let stream = Unmanaged.passUnretained(input).toOpaque()
        return withExtendedLifetime(input) {
            source.displayName.withCString {
                serd_reader_read_source(reader, serdInputRead, serdInputError, stream,
                                        UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), pageSize)
            }
        }
    }

    /// The byte offset where serd stops on this document, found by reading it again one byte at a
    /// time (only after an error that serd gives no position for).
    private func locateFailure(in document: DocumentBytes) throws -> Int {
        let context = Context(base: baseIRI, sourceName: source.displayName, handler: { _ in })
        let input = try SerdInput(document, scansNesting: format == .turtle || format == .trig)
        defer { input.close() }
        input.isLocating = true
        _ = try run(context, input: input, statementSink: serdStatementSink, pageSize: 1)
        return context.termErrorOffset ?? max(0, input.delivered - 1)
    }

    /// The error for a term serd read but panet refuses, at the term (prefixed names) or where its
    /// statement ends.
    private func positioned(_ error: SerdTermError, in document: DocumentBytes,
                            context: Context) throws -> RDFParsingError {
        let message: String
        var token: String?
        switch error {
        case .undefinedPrefix(let name):
            token = name
            let prefix = TextEscaping.clippedForMessage(name.prefix { $0 != ":" })
            let quoted = TextEscaping.clippedForMessage(name)
            if context.isLineBased {
                let syntax = format == .nTriples ? "N-Triples" : "N-Quads"
                message = "prefixed name '\(quoted)' in \(syntax); write the full IRI in < >"
            } else {
                message = "undefined prefix '\(prefix):' in '\(quoted)'; add @prefix \(prefix): <...> ."
            }
        case .invalidUTF8(let text):
            message = "invalid UTF-8 or escaped surrogate in '\(TextEscaping.clippedForMessage(text))'"
        case .datatypeNotIRI:
            message = "a literal's datatype must be an IRI"
        case .graphInTriples:
            message = "a fourth term (a graph name) in N-Triples; N-Triples statements have three terms "
                + "(use N-Quads, .nq)"
        }
        var line: Int?, column: Int?
        if let token {
            switch document {
            case .file(let path):
                (line, column) = TokenLocator.locate(prefixedName: token, inFileAt: path) ?? (nil, nil)
            case .memory(let bytes):
                (line, column) = TokenLocator.locate(prefixedName: token, in: bytes) ?? (nil, nil)
            }
        }
        if line == nil {
            (line, column) = document.position(ofOffset: try locateFailure(in: document))
        }
        return .syntax(source: source.displayName, line: line, column: column, message: message)
    }
}

extension SerdParser {
    static func tooDeep(_ name: String, line: Int?, column: Int?) -> RDFParsingError {
        .syntax(source: name, line: line, column: column,
                message: "blank nodes [ ] and collections ( ) nest deeper than \(TurtleNestingScanner.limit) levels")
    }
}

/// The bytes serd reads through `serdInputRead`, from a file or from memory. For Turtle
/// and TriG they pass the nesting scanner first; the count handed over tells where serd stands.
final class SerdInput {
    private var file: UnsafeMutablePointer<FILE>?
    private let text: [UInt8]
    private var textOffset = 0
    private var scanner: TurtleNestingScanner?
    /// The offset of the bracket that nests too deeply, once met.
    private(set) var stoppedAt: Int?
    /// Bytes handed to serd so far.
    private(set) var delivered = 0
    /// True once the input has no more bytes.
    private(set) var reachedEnd = false
    /// Set for the second read that finds where an error without a position happened.
    var isLocating = false

    init(_ document: DocumentBytes, scansNesting: Bool) throws {
        scanner = scansNesting ? TurtleNestingScanner() : nil
        switch document {
        case .memory(let bytes):
            text = bytes
        case .file(let path):
            text = []
            guard let opened = fopen(path, "rb") else {
                throw RDFParsingError.io(path: path, message: String(cString: strerror(errno)))
            }
            file = opened
        }
    }

    /// Copies up to `count` bytes into `buffer`; at a bracket nested too deeply, only those before it.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        guard stoppedAt == nil else { return 0 }
        var read: Int
        if let file {
            read = fread(buffer, 1, count, file)
        } else {
            read = min(count, text.count - textOffset)
            text.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + textOffset, byteCount: read) }
            textOffset += read
        }
        if read < count { reachedEnd = true }
        if scanner != nil {
            let bytes = UnsafeBufferPointer(start: buffer.assumingMemoryBound(to: UInt8.self), count: read)
            if let stop = scanner?.scan(bytes) {
                stoppedAt = delivered + stop
                read = stop
            }
        }
        delivered += read
        return read
    }

    var hasFailed: Bool { file.map { ferror($0) != 0 } ?? false }

    func close() {
        if let file { fclose(file) }
        file = nil
    }
}

private func serdInputRead(_ buffer: UnsafeMutableRawPointer, _ size: Int, _ count: Int,
                           _ stream: UnsafeMutableRawPointer) -> Int {
    guard size > 0 else { return 0 }
    return Unmanaged<SerdInput>.fromOpaque(stream).takeUnretainedValue().read(into: buffer, count: size * count) / size
}

private func serdInputError(_ stream: UnsafeMutableRawPointer) -> Int32 {
    Unmanaged<SerdInput>.fromOpaque(stream).takeUnretainedValue().hasFailed ? 1 : 0
}

private func context(_ handle: UnsafeMutableRawPointer?) -> SerdParser.Context {
    Unmanaged<SerdParser.Context>.fromOpaque(handle!).takeUnretainedValue()
}

private func nodeString(_ node: UnsafePointer<SerdNode>) -> String {
    guard let buffer = node.pointee.buf, node.pointee.n_bytes > 0 else { return "" }
    return String(decoding: UnsafeBufferPointer(start: buffer, count: node.pointee.n_bytes), as: UTF8.self)
}

/// The node's text, refusing bytes that are not valid UTF-8 (serd lets escaped surrogates such as
/// `\ud800` through as ill-formed UTF-8).
private func validatedString(_ node: UnsafePointer<SerdNode>) throws -> String {
    guard let buffer = node.pointee.buf, node.pointee.n_bytes > 0 else { return "" }
    let bytes = UnsafeBufferPointer(start: buffer, count: node.pointee.n_bytes)
    if !bytes.contains(where: { $0 >= 0x80 }) {
        return String(decoding: bytes, as: UTF8.self)
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
        throw SerdTermError.invalidUTF8(TextEscaping.showingInvalidUTF8(bytes))
    }
    return text
}

private func serdErrorSink(_ handle: UnsafeMutableRawPointer?, _ error: UnsafePointer<SerdError>) -> SerdStatus {
    let context = context(handle)
    guard context.firstError == nil, context.termError == nil else { return SERD_SUCCESS }
    var buffer = [CChar](repeating: 0, count: 1024)
    _ = cserd_format_error(error, &buffer, buffer.count)
    var message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        .trimmingTrailingNewlines()
    // serd formats the end of input as the character 0xFF (`%c` of EOF).
    if context.input?.reachedEnd == true && (message.hasSuffix("%FFFFFFFF)") || message.contains("`\u{FFFD}'")) {
        message = "unexpected end of file"
    } else if context.isLineBased && (message.hasSuffix("not `;'") || message.hasSuffix("not `,'")) {
        message += "; N-Triples and N-Quads have no Turtle abbreviations (write each statement in full)"
    }
    // serd counts columns from 1 on the first line and from 0 after each line break.
    let line = error.pointee.line > 0 ? Int(error.pointee.line) : nil
    let column = line.map { Int(error.pointee.col) + ($0 > 1 ? 1 : 0) }
    context.firstError = RDFParsingError.syntax(source: context.sourceName, line: line, column: column,
                                                message: TextEscaping.clippedForMessage(message))
    return SERD_SUCCESS
}

private func serdBaseSink(_ handle: UnsafeMutableRawPointer?, _ uri: UnsafePointer<SerdNode>) -> SerdStatus {
    let context = context(handle)
    context.base = IRI.resolve(nodeString(uri), against: context.base)
    context.declarationsChanged()
    return SERD_SUCCESS
}

private func serdPrefixSink(_ handle: UnsafeMutableRawPointer?, _ name: UnsafePointer<SerdNode>,
                            _ uri: UnsafePointer<SerdNode>) -> SerdStatus {
    let context = context(handle)
    let prefix = nodeString(name)
    let namespace = IRI.resolve(nodeString(uri), against: context.base)
    context.prefixes[prefix] = namespace
    if let index = context.declaredPrefixes.firstIndex(where: { $0.prefix == prefix }) {
        context.declaredPrefixes[index].namespace = namespace
    } else {
        context.declaredPrefixes.append((prefix, namespace))
    }
    // Names equal to this one as strings (`prefixes` is keyed by String) now expand to `namespace`.
    let nameBytes = Array(prefix.utf8), namespaceBytes = Array(namespace.utf8)
    for index in context.prefixBytes.indices
    where String(decoding: context.prefixBytes[index].name, as: UTF8.self) == prefix {
        context.prefixBytes[index].namespace = namespaceBytes
    }
    if !context.prefixBytes.contains(where: { $0.name == nameBytes }) {
        context.prefixBytes.append((nameBytes, namespaceBytes))
    }
    context.declarationsChanged()
    return SERD_SUCCESS
}

private func serdStatementSink(
    _ handle: UnsafeMutableRawPointer?, _ flags: SerdStatementFlags, _ graph: UnsafePointer<SerdNode>?,
    _ subject: UnsafePointer<SerdNode>, _ predicate: UnsafePointer<SerdNode>, _ object: UnsafePointer<SerdNode>,
    _ datatype: UnsafePointer<SerdNode>?, _ language: UnsafePointer<SerdNode>?
) -> SerdStatus {
    let context = context(handle)
    do {
        let s: Term
        if let cached = context.lastSubject.lookup(subject) {
            s = cached
        } else {
            s = try resource(subject, context)
            context.lastSubject.store(subject, s)
        }
        let p: Term
        if let cached = context.lastPredicate.lookup(predicate) {
            p = cached
        } else {
            p = try resource(predicate, context)
            context.lastPredicate.store(predicate, p)
        }
        let o: Term
        if object.pointee.type == SERD_LITERAL {
            o = try literal(object, datatype, language, context)
        } else {
            o = try resource(object, context)
        }
        var g: Term?
        if let graph, graph.pointee.type != SERD_NOTHING {
            if context.rejectsGraphs { throw SerdTermError.graphInTriples }
            g = try resource(graph, context)
        }
        try context.handler(Quad(s, p, o, graph: g))
        return SERD_SUCCESS
    } catch {
        return report(error, context)
    }
}

/// Like `serdStatementSink`, but encodes the terms into `context.dictionary` and appends id quads.
private func serdIDStatementSink(
    _ handle: UnsafeMutableRawPointer?, _ flags: SerdStatementFlags, _ graph: UnsafePointer<SerdNode>?,
    _ subject: UnsafePointer<SerdNode>, _ predicate: UnsafePointer<SerdNode>, _ object: UnsafePointer<SerdNode>,
    _ datatype: UnsafePointer<SerdNode>?, _ language: UnsafePointer<SerdNode>?
) -> SerdStatus {
    let context = context(handle)
    do {
        // The graph first, as `TripleStore.load` encoded it, so that new terms get the same ids.
        var g = context.defaultGraph
        if let graph, graph.pointee.type != SERD_NOTHING {
            if context.rejectsGraphs { throw SerdTermError.graphInTriples }
            g = try resourceID(graph, context)
        }
        let s: TermID
        if let cached = context.lastSubjectID.lookup(subject) {
            s = cached
        } else {
            s = try resourceID(subject, context)
            context.lastSubjectID.store(subject, s)
        }
        let p: TermID
        if let cached = context.lastPredicateID.lookup(predicate) {
            p = cached
        } else {
            p = try resourceID(predicate, context)
            context.lastPredicateID.store(predicate, p)
        }
        let o: TermID
        if object.pointee.type == SERD_LITERAL {
            o = try literalID(object, datatype, language, context)
        } else {
            o = try resourceID(object, context)
        }
        context.quads.append(IDQuad(graph: g, subject: s, predicate: p, object: o))
        return SERD_SUCCESS
    } catch {
        return report(error, context)
    }
}

/// Records a statement sink's error in the context and returns the status for serd.
private func report(_ error: any Error, _ context: SerdParser.Context) -> SerdStatus {
    guard context.firstError == nil, context.termError == nil else { return SERD_ERR_UNKNOWN }
    guard let termError = error as? SerdTermError else {
        context.firstError = error
        return SERD_ERR_UNKNOWN
    }
    context.termError = termError
    if let input = context.input, input.isLocating {
        context.termErrorOffset = max(0, input.delivered - 1)
    }
    return SERD_ERR_BAD_SYNTAX
}

/// Converts a literal node with its datatype or language tag.
private func literal(_ object: UnsafePointer<SerdNode>, _ datatype: UnsafePointer<SerdNode>?,
                     _ language: UnsafePointer<SerdNode>?, _ context: SerdParser.Context) throws -> Term {
    let lexical = try validatedString(object)
    if let language, language.pointee.n_bytes > 0 {
        return .literal(lexical, language: nodeString(language))
    } else if let datatype, datatype.pointee.type != SERD_NOTHING {
        guard case .iri(let datatypeIRI) = try resource(datatype, context) else { throw SerdTermError.datatypeNotIRI }
        return .literal(Literal(lexical, datatype: datatypeIRI))
    }
    return .literal(lexical)
}

/// The id of an IRI, prefixed name or blank node, found by the node's bytes when they are the
/// term's text (absolute IRIs, expanded prefixed names, blank node labels).
private func resourceID(_ node: UnsafePointer<SerdNode>, _ context: SerdParser.Context) throws -> TermID {
    let bytes = UnsafeRawBufferPointer(start: node.pointee.buf, count: node.pointee.buf == nil ? 0 : node.pointee.n_bytes)
    switch node.pointee.type {
    case SERD_URI where context.base == nil || IRI.isAbsolute(utf8: bytes):
        return try context.dictionary.encode(key: .iri, utf8: bytes) { try resource(node, context) }
    case SERD_BLANK:
        return try context.dictionary.encode(key: .blankNode, utf8: bytes) { try resource(node, context) }
    case SERD_CURIE:
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { break }
        let name = UnsafeRawBufferPointer(rebasing: bytes[..<colon])
        guard let entry = context.prefixBytes.first(where: { $0.name.elementsEqual(name) }) else { break }
        context.expanded.removeAll(keepingCapacity: true)
        context.expanded.append(contentsOf: entry.namespace)
        context.expanded.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[(colon + 1)...]))
        return try context.expanded.withUnsafeBytes { expanded in
            try context.dictionary.encode(key: .iri, utf8: expanded) { try resource(node, context) }
        }
    default:
        break
    }
    let term = try resource(node, context)
    return context.dictionary.encode(term)
}

/// The id of a literal, found by its lexical form's bytes and its datatype or language key.
private func literalID(_ object: UnsafePointer<SerdNode>, _ datatype: UnsafePointer<SerdNode>?,
                       _ language: UnsafePointer<SerdNode>?, _ context: SerdParser.Context) throws -> TermID {
    let key: TermKey
    if let language, language.pointee.n_bytes > 0 {
        if let cached = context.literalKeys.language(language) {
            key = cached
        } else {
            key = context.dictionary.literalKey(datatype: RDF.langString, language: nodeString(language))
            context.literalKeys.storeLanguage(language, key)
        }
    } else if let datatype, datatype.pointee.type != SERD_NOTHING {
        if let cached = context.literalKeys.datatype(datatype) {
            key = cached
        } else {
            guard case .iri(let datatypeIRI) = try resource(datatype, context) else { throw SerdTermError.datatypeNotIRI }
            key = context.dictionary.literalKey(datatype: datatypeIRI, language: nil)
            context.literalKeys.storeDatatype(datatype, key)
        }
    } else if let simple = context.literalKeys.simple {
        key = simple
    } else {
        key = context.dictionary.literalKey(datatype: XSD.string, language: nil)
        context.literalKeys.simple = key
    }
    let bytes = UnsafeRawBufferPointer(start: object.pointee.buf, count: object.pointee.buf == nil ? 0 : object.pointee.n_bytes)
    return try context.dictionary.encode(key: key, utf8: bytes) { try literal(object, datatype, language, context) }
}

/// `IRI.isAbsolute` over bytes: a scheme (a letter, then letters, digits, `+`, `-`, `.`) and a colon.
/// A term serd read but panet refuses; serd gives these no position.
enum SerdTermError: Error {
    case undefinedPrefix(String)
    case invalidUTF8(String)
    case datatypeNotIRI
    case graphInTriples
}

/// Converts an IRI, prefixed name or blank node, resolving relative IRIs and expanding prefixes.
private func resource(_ node: UnsafePointer<SerdNode>, _ context: SerdParser.Context) throws -> Term {
    switch node.pointee.type {
    case SERD_URI:
        let text = try validatedString(node)
        if let base = context.base, !IRI.isAbsolute(text) {
            return .iri(IRI.resolve(text, against: base))
        }
        return .iri(text)
    case SERD_CURIE:
        guard let buffer = node.pointee.buf, !context.isLineBased else {
            throw SerdTermError.undefinedPrefix(nodeString(node))
        }
        let bytes = UnsafeBufferPointer(start: buffer, count: node.pointee.n_bytes)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else {
            throw SerdTermError.undefinedPrefix(try validatedString(node))
        }
        let prefix = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<colon]), as: UTF8.self)
        guard let namespace = context.prefixes[prefix] else { throw SerdTermError.undefinedPrefix(try validatedString(node)) }
        let local = UnsafeBufferPointer(rebasing: bytes[(colon + 1)...])
        if local.contains(where: { $0 >= 0x80 }) {
            guard let text = String(validating: local, as: UTF8.self) else {
                throw SerdTermError.invalidUTF8(TextEscaping.showingInvalidUTF8(local))
            }
            return .iri(namespace + text)
        }
        var iri = namespace
        iri.append(String(decoding: local, as: UTF8.self))
        return .iri(iri)
    case SERD_BLANK:
        return .blankNode(try validatedString(node))
    default:
        return .literal(try validatedString(node))
    }
}

/// Finds where a prefixed name first appears in Turtle text, skipping comments, IRIs and strings.
/// Used only to position "undefined prefix" errors, which serd reports without a location.
///
/// - Complexity: O(*n*) for a text of *n* bytes: each run of name characters is compared once.
enum TokenLocator {
    static func locate(prefixedName token: String, inFileAt path: String) -> (Int, Int)? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
        }
        return locate(prefixedName: token, in: bytes)
    }

    static func locate(prefixedName token: String, in bytes: [UInt8]) -> (Int, Int)? {
        let needle = Array(token.utf8)
        var line = 1, column = 1
        var index = 0
        func isNameByte(_ byte: UInt8) -> Bool {
            byte >= 0x80 || (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
                || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x2D || byte == 0x3A || byte == 0x2E
        }
        func advance(_ count: Int) {
            for _ in 0..<count where index < bytes.count {
                if bytes[index] == 0x0A { line += 1; column = 1 } else if bytes[index] & 0xC0 != 0x80 { column += 1 }
                index += 1
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "#"):
                while index < bytes.count && bytes[index] != 0x0A { advance(1) }
            case UInt8(ascii: "<"):
                advance(1)
                while index < bytes.count && bytes[index] != UInt8(ascii: ">") && bytes[index] != 0x0A { advance(1) }
                advance(1)
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let isLong = index + 2 < bytes.count && bytes[index + 1] == byte && bytes[index + 2] == byte
                advance(isLong ? 3 : 1)
                while index < bytes.count {
                    if bytes[index] == UInt8(ascii: "\\") { advance(2); continue }
                    if bytes[index] == byte {
                        if !isLong { advance(1); break }
                        if index + 2 < bytes.count && bytes[index + 1] == byte && bytes[index + 2] == byte {
                            advance(3); break
                        }
                    }
                    if !isLong && bytes[index] == 0x0A { break }
                    advance(1)
                }
            default:
                guard isNameByte(byte) else {
                    advance(1)
                    continue
                }
                // A run of name bytes: the token, maybe followed by the statement's full stop.
                var end = index
                while end < bytes.count && isNameByte(bytes[end]) { end += 1 }
                if end - index >= needle.count && bytes[index..<index + needle.count].elementsEqual(needle)
                    && bytes[(index + needle.count)..<end].allSatisfy({ $0 == UInt8(ascii: ".") }) {
                    return (line, column)
                }
                advance(end - index)
            }
        }
        return nil
    }
}
