public import RDFModel
import OntologyKit
import RDFParsing
import RDFStore

/// A note about the build that is not an error, such as a label that names two entities.
public struct TemplateWarning: Sendable, Equatable, CustomStringConvertible {
    /// The file the note is about, when it is not the template (the ontology header).
    public var source: String?
    /// The 1-based line of the template row, when the note is about a row.
    public var row: Int?
    /// The 1-based column, when the note is about a cell.
    public var column: Int?
    /// What happened.
    public var message: String

    /// Creates a warning.
    public init(source: String? = nil, row: Int?, column: Int?, message: String) {
        self.source = source
        self.row = row
        self.column = column
        self.message = message
    }

    /// `row: column: message`.
    public var description: String {
        var location = ""
        if let row { location += "\(row):" }
        if let column { location += " column \(column):" }
        return location.isEmpty ? message : location + " " + message
    }
}

/// The ontology a template build produced.
public struct TemplateBuild: Sendable {
    /// The triples of the ontology, in a stable order.
    public var triples: [Triple]
    /// Notes about the build.
    public var warnings: [TemplateWarning]
    /// Prefixes for writing the result.
    public var prefixes: PrefixMap
    /// With reasoning: the classes found unsatisfiable (their IRIs).
    public var unsatisfiable: [String]
    /// With reasoning: inferred direct `rdfs:subClassOf` axioms added.
    public var inferredSubClassAxioms: Int
    /// With reasoning and `removeRedundantSubClassAxioms`: stated `rdfs:subClassOf` axioms removed.
    public var redundantSubClassAxioms: Int
}

/// Options of a template build.
public struct TemplateBuildOptions: Sendable {
    /// The ontology header to merge (Turtle or any RDF syntax), as ROBOT `merge` does.
    public var metadataPath: String?
    /// An `owl:versionInfo` to add to the ontology header.
    public var versionInfo: String?
    /// Classify and add the inferred direct subclass axioms, as ROBOT `reason` does.
    public var reason: Bool
    /// With `reason`, also remove stated subclass axioms that the inferred direct ones imply (ROBOT's
    /// `--remove-redundant-subclass-axioms`). PaNET's releases keep them.
    public var removeRedundantSubClassAxioms: Bool
    /// Extra `prefix → namespace` pairs for CURIEs.
    public var prefixes: [(String, String)]
    /// Accept a Turtle header whose short strings hold raw line breaks (PaNET 1.0.0 and 1.1.0 have
    /// them; strict Turtle refuses them), reading them as escaped, with a warning naming each line.
    public var lenientHeader: Bool

    /// Creates build options.
    public init(metadataPath: String? = nil, versionInfo: String? = nil, reason: Bool = false,
                removeRedundantSubClassAxioms: Bool = false, prefixes: [(String, String)] = [],
                lenientHeader: Bool = false) {
        self.lenientHeader = lenientHeader
        self.metadataPath = metadataPath
        self.versionInfo = versionInfo
        self.reason = reason
        self.removeRedundantSubClassAxioms = removeRedundantSubClassAxioms
        self.prefixes = prefixes
    }
}

/// Builds an ontology from a ROBOT template, with ROBOT's semantics for the template strings PaNET
/// uses: `ID`, `LABEL`, `A`/`AT`/`AL`/`AI` annotations, `TYPE`, `SC %`, `EC %` (several in one row
/// form one intersection), `DC %`, `C %` with `CLASS_TYPE`, `SP %`, `DOMAIN`, `RANGE` and
/// `CHARACTERISTIC`. Names in expressions resolve like ROBOT's: exact labels of the template's rows
/// (when two rows share a label, the later row wins, with a warning), CURIEs and IRIs.
public enum TemplateBuilder {
    /// Builds the ontology of the template file at `path`.
    ///
    /// - Throws: `CuratorError` for unreadable files, malformed templates and unresolvable names;
    ///   `RDFParsingError` when the metadata file does not parse.
    public static func build(templatePath path: String, options: TemplateBuildOptions = TemplateBuildOptions()) throws -> TemplateBuild {
        var metadata: [Triple] = []
        var extraPrefixes = options.prefixes
        var headerWarnings: [TemplateWarning] = []
        if let metadataPath = options.metadataPath {
            var store = TripleStore()
            let report = try loadHeader(metadataPath, into: &store, lenient: options.lenientHeader, warnings: &headerWarnings)
            metadata = store.triples()
            // The header's own prefixes name namespaces in the output (`sdo:`, `vann:` ...).
            for (prefix, namespace) in report.prefixes where !prefix.isEmpty && !extraPrefixes.contains(where: { $0.0 == prefix }) {
                extraPrefixes.append((prefix, namespace))
            }
            // The header's vann:preferredNamespacePrefix/Uri define a prefix too.
            let prefixTriples = metadata.filter { $0.predicate == .iri(Vann.preferredNamespacePrefix) }
            for triple in prefixTriples {
                guard let prefix = triple.object.literalValue?.lexicalForm,
                      let namespace = metadata.first(where: { $0.subject == triple.subject
                          && $0.predicate == .iri(Vann.preferredNamespaceUri) })?.object.iriString else { continue }
                if !extraPrefixes.contains(where: { $0.0 == prefix }) { extraPrefixes.insert((prefix, namespace), at: 0) }
            }
        }
        let expander = CURIEExpander(extra: extraPrefixes)
        let text = try TextFile.read(path)
        let template = try OntologyTemplate(text: text, source: path, prefixes: expander)
        var builder = Builder(template: template, expander: expander)
        try builder.collectNames()
        try builder.processRows()
        builder.finish(metadata: metadata, versionInfo: options.versionInfo)
        var prefixes = expander.prefixes
        prefixes.set("dcterms", "http://purl.org/dc/terms/")
        var result = TemplateBuild(triples: builder.writer.triples, warnings: headerWarnings + builder.warnings, prefixes: prefixes,
                                   unsatisfiable: [], inferredSubClassAxioms: 0, redundantSubClassAxioms: 0)
        if options.reason {
            reason(&result, writer: &builder.writer, removingRedundant: options.removeRedundantSubClassAxioms)
        }
        return result
    }

    /// Classifies the built ontology and adds the inferred direct subclass axioms between named
    /// classes; optionally removes stated subclass axioms the inferred direct ones imply.
    static func reason(_ result: inout TemplateBuild, writer: inout OWLGraphWriter, removingRedundant: Bool) {
        var store = TripleStore()
        var quads: [IDQuad] = []
        quads.reserveCapacity(writer.triples.count)
        for triple in writer.triples {
            quads.append(IDQuad(graph: 0, subject: store.encode(triple.subject), predicate: store.encode(triple.predicate),
                                object: store.encode(triple.object)))
        }
        store.insert(contentsOf: quads)
        let ontology = Ontology(store: store)
        let classification = ontology.classify()
        let hierarchy = classification.completeHierarchy
        let unsatisfiable = Set(classification.unsatisfiable)
        var redundant: Set<Triple> = []
        var inferred: [Triple] = []
        for id in ontology.classIDs where !unsatisfiable.contains(id) {
            let iri = ontology[id].iri
            let direct = hierarchy.parents[Int(id)]
            var implied: Set<String> = []
            for parent in direct {
                for ancestor in hierarchy.ancestors(of: parent) { implied.insert(ontology[ancestor].iri) }
            }
            if !direct.isEmpty { implied.insert(OWL.Thing) }
            for triple in store.triples(subject: .iri(iri), predicate: .iri(RDFS.subClassOf)) {
                if let sup = triple.object.iriString, implied.contains(sup) { redundant.insert(triple) }
            }
            for parent in direct {
                inferred.append(Triple(.iri(iri), .iri(RDFS.subClassOf), .iri(ontology[parent].iri)))
            }
        }
        if !removingRedundant { redundant = [] }
        writer.remove { redundant.contains($0) }
        let before = writer.triples.count
        writer.add(contentsOf: inferred)
        result.triples = writer.triples
        result.unsatisfiable = classification.unsatisfiable.map { ontology[$0].iri }
        result.inferredSubClassAxioms = writer.triples.count - before
        result.redundantSubClassAxioms = redundant.count
        for iri in result.unsatisfiable {
            result.warnings.append(TemplateWarning(row: nil, column: nil, message: "\(iri) is unsatisfiable"))
        }
    }
}

/// The vann vocabulary, for preferred namespace prefixes.
enum Vann {
    static let preferredNamespacePrefix = "http://purl.org/vocab/vann/preferredNamespacePrefix"
    static let preferredNamespaceUri = "http://purl.org/vocab/vann/preferredNamespaceUri"
}
