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
        var firstError: (any Error)?
        var undefinedPrefixToken: String?
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

    private func read(_ context: Context, statementSink: SerdStatementSink) throws {
        do {
            let syntax: SerdSyntax
            switch format {
            case .turtle: syntax = SERD_TURTLE
            case .nTriples: syntax = SERD_NTRIPLES
            case .nQuads: syntax = SERD_NQUADS
            case .trig, .rdfXML: syntax = SERD_TRIG
            }
            let contextPointer = Unmanaged.passUnretained(context).toOpaque()
            guard let reader = serd_reader_new(syntax, contextPointer, nil, serdBaseSink, serdPrefixSink,
                                               statementSink, nil) else {
                throw RDFParsingError.io(path: source.displayName, message: "cannot create the serd reader")
            }
            defer { serd_reader_free(reader) }
            serd_reader_set_strict(reader, true)
            serd_reader_set_error_sink(reader, serdErrorSink, contextPointer)
            blankNodeScope.withCString { serd_reader_add_blank_prefix(reader, UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self)) }

            let status: SerdStatus
            let name = source.displayName
            switch source {
            case .text(let text, _):
                if format == .turtle || format == .trig {
                    var scanner = TurtleNestingScanner()
                    var text = text
                    if let stop = text.withUTF8({ scanner.scan($0) }) {
                        let (line, column) = SourcePosition.of(stop, in: text.utf8)
                        throw Self.tooDeep(name, line: line, column: column)
                    }
                }
                status = text.withCString { serd_reader_read_string(reader, UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self)) }
            case .file, .standardInput:
                let file: UnsafeMutablePointer<FILE>
                var ownsFile = false
                if source.isStandardInput {
                    guard let standardInput = fdopen(dup(0), "rb") else {
                        throw RDFParsingError.io(path: name, message: "cannot read standard input")
                    }
                    file = standardInput
                    ownsFile = true
                } else {
                    guard case .file(let path) = source else { fatalError("unreachable") }
                    try FileReader.checkRegularFile(path)
                    guard let opened = fopen(path, "rb") else {
                        throw RDFParsingError.io(path: path, message: String(cString: strerror(errno)))
                    }
                    file = opened
                    ownsFile = true
                }
                defer { if ownsFile { fclose(file) } }
                if format == .turtle || format == .trig {
                    // Read through the nesting scanner: serd gets only the bytes before a bracket too deep.
                    let guarded = NestingGuardedFile(file)
                    let stream = Unmanaged.passUnretained(guarded).toOpaque()
                    status = withExtendedLifetime(guarded) {
                        name.withCString {
                            serd_reader_read_source(reader, nestingGuardedRead, nestingGuardedError, stream,
                                                    UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self), 4096)
                        }
                    }
                    if let stop = guarded.stoppedAt {
                        var line: Int?, column: Int?
                        if case .file(let path) = source, path != "-" { (line, column) = SourcePosition.of(stop, inFileAt: path) }
                        throw Self.tooDeep(name, line: line, column: column)
                    }
                } else {
                    status = name.withCString { serd_reader_read_file_handle(reader, file, UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self)) }
                }
            }
            if let token = context.undefinedPrefixToken {
                var line: Int?
                var column: Int?
                if case .file(let path) = source, path != "-" {
                    (line, column) = TokenLocator.locate(prefixedName: token, inFileAt: path) ?? (nil, nil)
                } else if case .text(let text, _) = source {
                    (line, column) = TokenLocator.locate(prefixedName: token, in: Array(text.utf8)) ?? (nil, nil)
                }
                let prefix = token.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
                throw RDFParsingError.syntax(source: name, line: line, column: column,
                                             message: "undefined prefix '\(prefix):' in '\(token)'; add @prefix \(prefix): <...> .")
            }
            if let error = context.firstError { throw error }
            if status != SERD_SUCCESS && status != SERD_FAILURE {
                throw RDFParsingError.syntax(source: name, line: nil, column: nil,
                                             message: String(cString: serd_strerror(status)))
            }
        }
    }
}

extension SerdParser {
    static func tooDeep(_ name: String, line: Int?, column: Int?) -> RDFParsingError {
        .syntax(source: name, line: line, column: column,
                message: "blank nodes [ ] and collections ( ) nest deeper than \(TurtleNestingScanner.limit) levels")
    }
}

/// A file serd reads through `nestingGuardedRead`: the bytes pass the nesting scanner first.
final class NestingGuardedFile {
    let file: UnsafeMutablePointer<FILE>
    var scanner = TurtleNestingScanner()
    /// The file offset of the bracket that nests too deeply, once met.
    var stoppedAt: Int?

    init(_ file: UnsafeMutablePointer<FILE>) { self.file = file }
}

/// serd's `SerdSource` over a `NestingGuardedFile`: `fread`, then the scanner; at a bracket too deep
/// it returns only the bytes before it and then reports the end of the input.
private func nestingGuardedRead(_ buffer: UnsafeMutableRawPointer, _ size: Int, _ count: Int,
                                _ stream: UnsafeMutableRawPointer) -> Int {
    let guarded = Unmanaged<NestingGuardedFile>.fromOpaque(stream).takeUnretainedValue()
    guard guarded.stoppedAt == nil, size > 0 else { return 0 }
    let read = fread(buffer, size, count, guarded.file)
    let bytes = UnsafeBufferPointer(start: buffer.assumingMemoryBound(to: UInt8.self), count: read * size)
    let before = guarded.scanner.offset
    if let stop = guarded.scanner.scan(bytes) {
        guarded.stoppedAt = before + stop
        return stop / size
    }
    return read
}

private func nestingGuardedError(_ stream: UnsafeMutableRawPointer) -> Int32 {
    ferror(Unmanaged<NestingGuardedFile>.fromOpaque(stream).takeUnretainedValue().file)
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
        throw SerdTermError.invalidUTF8(String(decoding: bytes, as: UTF8.self))
    }
    return text
}

private func serdErrorSink(_ handle: UnsafeMutableRawPointer?, _ error: UnsafePointer<SerdError>) -> SerdStatus {
    let context = context(handle)
    var buffer = [CChar](repeating: 0, count: 1024)
    _ = cserd_format_error(error, &buffer, buffer.count)
    let message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    if context.firstError == nil {
        let line = error.pointee.line > 0 ? Int(error.pointee.line) : nil
        let column = line != nil ? Int(error.pointee.col) : nil
        context.firstError = RDFParsingError.syntax(source: context.sourceName, line: line, column: column,
                                                    message: message.trimmingTrailingNewlines())
    }
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
    switch error {
    case SerdTermError.undefinedPrefix(let token):
        context.undefinedPrefixToken = token
        return SERD_ERR_BAD_CURIE
    case SerdTermError.invalidUTF8(let text):
        if context.firstError == nil {
            context.firstError = RDFParsingError.syntax(source: context.sourceName, line: nil, column: nil,
                                                        message: "invalid UTF-8 or escaped surrogate in '\(text)'")
        }
        return SERD_ERR_BAD_SYNTAX
    case SerdTermError.datatypeNotIRI:
        return SERD_ERR_BAD_SYNTAX
    default:
        if context.firstError == nil { context.firstError = error }
        return SERD_ERR_UNKNOWN
    }
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
private enum SerdTermError: Error {
    case undefinedPrefix(String)
    case invalidUTF8(String)
    case datatypeNotIRI
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
        guard let buffer = node.pointee.buf else { throw SerdTermError.undefinedPrefix("") }
        let bytes = UnsafeBufferPointer(start: buffer, count: node.pointee.n_bytes)
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else {
            throw SerdTermError.undefinedPrefix(try validatedString(node))
        }
        let prefix = String(decoding: UnsafeBufferPointer(rebasing: bytes[..<colon]), as: UTF8.self)
        guard let namespace = context.prefixes[prefix] else { throw SerdTermError.undefinedPrefix(try validatedString(node)) }
        let local = UnsafeBufferPointer(rebasing: bytes[(colon + 1)...])
        if local.contains(where: { $0 >= 0x80 }) {
            guard let text = String(validating: local, as: UTF8.self) else {
                throw SerdTermError.invalidUTF8(String(decoding: local, as: UTF8.self))
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
                let atBoundary = index == 0 || !isNameByte(bytes[index - 1])
                if atBoundary && index + needle.count <= bytes.count && Array(bytes[index..<index + needle.count]) == needle {
                    return (line, column)
                }
                advance(1)
            }
        }
        return nil
    }
}
