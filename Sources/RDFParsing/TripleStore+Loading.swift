public import RDFModel
public import RDFStore

/// What a load added.
public struct LoadReport: Sendable {
    /// Statements read from the document (duplicates included).
    public var statements: Int
    /// Warnings the parser reported.
    public var warnings: [String]
    /// The document's prefix declarations, in order (Turtle, TriG; empty for other syntaxes).
    public var prefixes: [(prefix: String, namespace: String)] = []
}

extension TripleStore {
    /// Parses a document into the store, encoding terms as they arrive and indexing once at the end.
    ///
    /// Blank nodes are scoped to the document. On error the store is left unchanged.
    ///
    /// - Parameters:
    ///   - source: The document.
    ///   - format: Its syntax; `nil` picks it from the extension or content.
    ///   - baseIRI: Base for relative IRIs; `nil` uses the file's URL.
    ///   - graph: Puts the default-graph statements into this named graph (`nil`: default graph).
    ///   - isLenient: RDF/XML only: keep IRIs holding forbidden characters, with warnings.
    @discardableResult
    public mutating func load(_ source: RDFSource, format: RDFFormat? = nil, baseIRI: String? = nil,
                              graph: Term? = nil, isLenient: Bool = false) throws -> LoadReport {
        var staged = self
        let scope = staged.nextDocumentScope()
        let targetGraph = graph.map { staged.encode($0) } ?? 0
        let resolvedFormat = try format ?? RDFParser.detectFormat(source)
        if let parser = RDFParser.serdParser(source, format: resolvedFormat, baseIRI: baseIRI, blankNodeScope: scope) {
            // Terms are interned straight from serd's buffers; `Term`s are built only for new ones.
            var quads = ContiguousArray<IDQuad>()
            var prefixes: [(prefix: String, namespace: String)] = []
            try staged.withDictionary { dictionary in
                prefixes = try parser.parse(into: &dictionary, defaultGraph: targetGraph, quads: &quads)
            }
            staged.insert(contentsOf: quads)
            self = staged
            return LoadReport(statements: quads.count, warnings: [], prefixes: prefixes)
        }
        var batch = ContiguousArray<IDQuad>()
        var lastGraph: (Term, TermID)?
        // Consecutive statements usually share a subject and often a predicate: skip their lookups.
        var lastSubject: (Term, TermID)?
        var lastPredicate: (Term, TermID)?
        let warnings = try RDFParser.parse(source, format: resolvedFormat, baseIRI: baseIRI, blankNodeScope: scope,
                                           isLenient: isLenient) { quad in
            var g = targetGraph
            if let name = quad.graph {
                if let (term, id) = lastGraph, term == name {
                    g = id
                } else {
                    g = staged.encode(name)
                    lastGraph = (name, g)
                }
            }
            let subject: TermID
            if let (term, id) = lastSubject, term == quad.subject {
                subject = id
            } else {
                subject = staged.encode(quad.subject)
                lastSubject = (quad.subject, subject)
            }
            let predicate: TermID
            if let (term, id) = lastPredicate, term == quad.predicate {
                predicate = id
            } else {
                predicate = staged.encode(quad.predicate)
                lastPredicate = (quad.predicate, predicate)
            }
            batch.append(IDQuad(graph: g, subject: subject, predicate: predicate, object: staged.encode(quad.object)))
        }
        staged.insert(contentsOf: batch)
        self = staged
        return LoadReport(statements: batch.count, warnings: warnings)
    }

    /// A store holding one document.
    public init(loading source: RDFSource, format: RDFFormat? = nil, baseIRI: String? = nil) throws {
        self.init()
        try load(source, format: format, baseIRI: baseIRI)
    }
}
