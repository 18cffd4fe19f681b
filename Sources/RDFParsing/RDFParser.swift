public import RDFModel
#if canImport(Glibc)
import Glibc
#endif

/// Reads RDF documents in any supported syntax: RDF/XML through raptor2, the Turtle family through serd.
public enum RDFParser {
    /// Parses a document, calling `handler` for each statement as it is read.
    ///
    /// - Parameters:
    ///   - source: A file, standard input, or text.
    ///   - format: The syntax; `nil` picks it from the file extension, or sniffs the content.
    ///   - baseIRI: The base for relative IRIs; `nil` uses the file's `file://` URL.
    ///   - blankNodeScope: A prefix added to every blank node label of this document.
    ///   - isLenient: RDF/XML only: keep IRIs holding characters IRIs forbid (a space, `{` ...) with a
    ///     warning instead of refusing the document. The Turtle family always refuses them.
    ///   - handler: Called once per statement; throwing stops the parse and rethrows.
    /// - Returns: Warnings the parser reported without failing.
    /// - Throws: `RDFParsingError` with file:line:column when the parser knows them.
    @discardableResult
    public static func parse(_ source: RDFSource, format: RDFFormat? = nil, baseIRI: String? = nil,
                             blankNodeScope: String = "", isLenient: Bool = false,
                             handler: (Quad) throws -> Void) throws -> [String] {
        let resolvedFormat = try format ?? detectFormat(source)
        let base = baseIRI ?? source.defaultBaseIRI
        switch resolvedFormat {
        case .rdfXML:
            var parser = RaptorParser(source: source, baseIRI: base ?? "urn:panet:stdin", blankNodeScope: blankNodeScope)
            parser.isLenient = isLenient
            return try parser.parse(handler: handler)
        case .turtle, .nTriples, .nQuads, .trig:
            try serdParser(source, format: resolvedFormat, baseIRI: baseIRI, blankNodeScope: blankNodeScope)!
                .parse(handler: handler)
            return []
        }
    }

    /// The serd parser for a document in the Turtle family, or `nil` for RDF/XML.
    static func serdParser(_ source: RDFSource, format: RDFFormat, baseIRI: String?,
                           blankNodeScope: String) -> SerdParser? {
        switch format {
        case .rdfXML: return nil
        case .turtle, .nTriples, .nQuads, .trig:
            return SerdParser(source: source, format: format,
                              baseIRI: format == .nTriples || format == .nQuads ? nil : baseIRI ?? source.defaultBaseIRI,
                              blankNodeScope: blankNodeScope)
        }
    }

    /// Parses a whole document into an array of quads.
    public static func quads(_ source: RDFSource, format: RDFFormat? = nil, baseIRI: String? = nil) throws -> [Quad] {
        var result: [Quad] = []
        try parse(source, format: format, baseIRI: baseIRI) { result.append($0) }
        return result
    }

    /// The format of `source` from its extension or, failing that, its first bytes.
    public static func detectFormat(_ source: RDFSource) throws -> RDFFormat {
        switch source {
        case .file(let path) where path != "-":
            if let format = RDFFormat(fileExtensionOf: path) { return format }
            try FileReader.checkRegularFile(path)
            guard let file = fopen(path, "rb") else {
                throw RDFParsingError.io(path: path, message: String(cString: strerror(errno)))
            }
            defer { fclose(file) }
            var buffer = [UInt8](repeating: 0, count: 512)
            let count = fread(&buffer, 1, buffer.count, file)
            return RDFFormat.sniff(buffer.prefix(max(0, count)))
        case .text(let text, _):
            return RDFFormat.sniff(Array(text.utf8.prefix(512)))
        default:
            throw RDFParsingError.rejected(source: source.displayName,
                                           message: "cannot tell the format of standard input; give --input-format")
        }
    }
}
