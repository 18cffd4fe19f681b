public import RDFModel
public import RDFStore
import RDFParsing
import Synchronization

/// An ontology loaded, classified and indexed for lookups: what every command and the server use.
public struct ClassifiedOntology: Sendable {
    public let ontology: Ontology
    public let classification: Classification
    public let resolver: TermResolver
    private let searchIndex: Deferred<TermSearch>

    /// The ranked search index, built on first use (most commands never search).
    public var search: TermSearch { searchIndex.value }
    private let assertedIndex: Deferred<ClassHierarchy>

    /// The stated hierarchy (`rdfs:subClassOf` between named classes, transitively closed) of the
    /// ontology's own classes, built on first use.
    public var assertedHierarchy: ClassHierarchy { assertedIndex.value }

    /// Classifies and indexes `ontology`.
    public init(ontology: Ontology) {
        self.init(ontology: ontology, classification: ontology.classify())
    }

    /// Indexes `ontology` with a classification computed earlier.
    init(ontology: Ontology, classification: Classification) {
        self.ontology = ontology
        self.classification = classification
        let resolver = TermResolver(ontology: ontology, hierarchy: classification.hierarchy, kinds: classification.kinds)
        self.resolver = resolver
        searchIndex = Deferred { TermSearch(ontology: ontology, resolver: resolver) }
        let kinds = classification.kinds
        assertedIndex = Deferred {
            let asserted = ontology.assertedHierarchy()
            return kinds.contains(.foreign) ? asserted.restricted(to: kinds.map { $0 != .foreign }) : asserted
        }
    }

    /// Loads, classifies and indexes the ontology file at `path`.
    ///
    /// - Throws: `RDFParsingError` when the file cannot be read or parsed, `OntologyError.noClasses`
    ///   when it holds no classes.
    /// - Parameter useCache: Read and write the compiled snapshot cache (see `OntologySnapshot`).
    public static func load(path: String, useCache: Bool = true) throws -> ClassifiedOntology {
        var cachePath: String?
        if useCache, let bytes = OntologySnapshot.readFile(path) {
            cachePath = OntologySnapshot.cachePath(for: bytes)
            if let cachePath, let snapshot = OntologySnapshot.readFile(cachePath),
               let cached = try? OntologySnapshot.decode(snapshot, source: path) {
                return cached
            }
        }
        let store = try TripleStore(loading: .file(path))
        let ontology = Ontology(store: store, source: path)
        guard !ontology.classes.isEmpty else { throw OntologyError.noClasses(source: path) }
        let classified = ClassifiedOntology(ontology: ontology)
        if let cachePath { OntologySnapshot.store(classified, at: cachePath) }
        return classified
    }

    /// The inferred hierarchy of the ontology's own classes, or the asserted one.
    public func hierarchy(asserted: Bool = false) -> ClassHierarchy {
        asserted ? assertedHierarchy : classification.hierarchy
    }

    /// The kind of a class: technique, specifier or foreign.
    public func kind(of id: ClassID) -> TermKind {
        classification.kinds[Int(id)]
    }

    /// The ontology's own classes (techniques and specifiers), in id order.
    public var ownClassIDs: [ClassID] {
        ontology.classIDs.filter { classification.kinds[Int($0)] != .foreign }
    }

    /// Resolves `text` to a class, or throws `OntologyError.unknownTerm` with "did you mean" suggestions.
    public func resolve(_ text: String) throws -> TermMatch {
        guard !text.trimmingWhitespace().isEmpty else { throw OntologyError.emptyTerm }
        if let match = resolver.resolve(text) { return match }
        let suggestions = suggestions(for: text).map { id in
            "\(ontology[id].label ?? ontology[id].shortID) (\(ontology[id].shortID))"
        }
        throw OntologyError.unknownTerm(text, suggestions: suggestions)
    }

    /// Classes close to a name that resolves to none, best first (see `TermSearch`).
    public func suggestions(for text: String, limit: Int = 5) -> [ClassID] {
        search.search(text, limit: limit).map(\.classID)
    }

    /// The own classes of the other kind that share a label with `id`: the specifier twin of a
    /// technique, or the technique twin of a specifier ('diffraction' is both in PaNET).
    public func twins(of id: ClassID) -> [ClassID] {
        let kind = kind(of: id)
        guard kind != .foreign else { return [] }
        var twins: [ClassID] = []
        for label in ontology[id].labels {
            for match in resolver.resolveAll(label.value) where match.kind == .label && match.classID != id
                && self.kind(of: match.classID) != kind && self.kind(of: match.classID) != .foreign && !twins.contains(match.classID) {
                twins.append(match.classID)
            }
        }
        return twins
    }

    /// Inferred axioms as triples: direct `rdfs:subClassOf` between named classes and
    /// `owl:equivalentClass` between equivalent named classes.
    public func inferredAxiomTriples(transitive: Bool = false) -> [Triple] {
        let hierarchy = classification.completeHierarchy
        var triples: [Triple] = []
        for id in ontology.classIDs {
            let sub = Term.iri(ontology[id].iri)
            let parents = transitive ? hierarchy.ancestors(of: id) : hierarchy.parents[Int(id)]
            for parent in parents {
                triples.append(Triple(sub, .iri(RDFS.subClassOf), .iri(ontology[parent].iri)))
            }
            for equivalent in hierarchy.equivalents[Int(id)] where equivalent > id {
                triples.append(Triple(sub, .iri(OWL.equivalentClass), .iri(ontology[equivalent].iri)))
            }
        }
        for id in classification.unsatisfiable {
            triples.append(Triple(.iri(ontology[id].iri), .iri(OWL.equivalentClass), .iri(OWL.Nothing)))
        }
        return triples
    }
}

/// The classifier's conclusions as RDF, for querying with reasoning.
public enum InferredGraph {
    /// Every inferred `rdfs:subClassOf` (transitive, between named classes) and
    /// `owl:equivalentClass` triple for the ontology in `store`.
    public static func triples(for store: TripleStore) throws -> [Triple] {
        ClassifiedOntology(ontology: Ontology(store: store)).inferredAxiomTriples(transitive: true)
    }
}

/// A value given now or computed on first use by a closure given now, from any thread.
final class Deferred<Value: Sendable>: Sendable {
    private let storage: Mutex<Value?>
    private let compute: @Sendable () -> Value

    init(_ value: Value) {
        storage = Mutex(value)
        compute = { value }
    }

    init(computing compute: @escaping @Sendable () -> Value) {
        storage = Mutex(nil)
        self.compute = compute
    }

    var value: Value {
        storage.withLock { stored in
            if let stored { return stored }
            let computed = compute()
            stored = computed
            return computed
        }
    }
}
