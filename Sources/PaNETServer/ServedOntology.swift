import DatasetCatalog
import Foundation
import NIOCore
import OntologyKit
import RDFModel
import RDFStore
import Synchronization

/// One loaded release of the ontology with everything the routes derive from it, built once and
/// never changed: a reload builds a new one and swaps it in whole.
public final class ServedOntology: Sendable {
    /// The classified ontology.
    public let classified: ClassifiedOntology
    /// The triples `/sparql` queries: the ontology plus its inferred `rdfs:subClassOf` (transitive)
    /// and `owl:equivalentClass` triples.
    public let sparqlStore: TripleStore
    /// Query expansion and LoopBack `where` rewriting.
    public let expansion: QueryExpansion
    /// `owl:versionIRI`, else `owl:versionInfo`, else the ontology IRI.
    public let version: String
    /// When this release was loaded.
    public let loadedAt: Date
    /// `loadedAt` as ISO 8601 text, formatted once (a formatter per request is costly).
    public let loadedAtText: String
    /// Modification time and size of the file when it was read, to notice changes.
    let fileStamp: FileStamp?
    /// The ontology's own classes (techniques and specifiers, not foreign ones) sorted by short id,
    /// for stable listings.
    let sortedIDs: [ClassID]
    private let annotators = AnnotatorPool()
    /// Each class's record (inferred hierarchy) as the bytes `GET /api/techniques/{id}` sends,
    /// serialised once per release; empty for ontologies above `recordBodyLimit` classes.
    private let recordBodies: [ByteBuffer]
    /// Above this many classes, records are serialised per request instead (memory, load time).
    static let recordBodyLimit = 50_000
    /// Each class's `/api/expand` answer, serialised once per release when all expansions together
    /// list at most `expansionBodyLimit` classes (PaNET: about 4,200); empty otherwise.
    private let expansionBodies: [ByteBuffer]
    static let expansionBodyLimit = 250_000

    /// Indexes `classified` for serving.
    public init(classified: ClassifiedOntology, fileStamp: FileStamp? = nil) {
        self.classified = classified
        var store = classified.ontology.store
        let inferred = classified.inferredAxiomTriples(transitive: true)
        var quads: [IDQuad] = []
        quads.reserveCapacity(inferred.count)
        for triple in inferred {
            quads.append(IDQuad(subject: store.encode(triple.subject), predicate: store.encode(triple.predicate),
                                object: store.encode(triple.object)))
        }
        store.insert(contentsOf: quads)
        sparqlStore = store
        expansion = QueryExpansion(ontology: classified, precomputed: true)
        let view = classified.ontology
        version = view.versionIRI ?? view.versionInfo ?? view.ontologyIRI ?? "unknown"
        loadedAt = Date()
        loadedAtText = ISO8601DateFormatter().string(from: loadedAt)
        self.fileStamp = fileStamp
        sortedIDs = classified.ownClassIDs.sorted { view[$0].shortID < view[$1].shortID }
        recordBodies = view.classes.count > Self.recordBodyLimit ? [] : view.classIDs.map {
            classified.termRecord($0).responseBody
        }
        let expansion = self.expansion
        let listed = view.classIDs.reduce(0) { $0 + expansion.expansionCount($1) }
        expansionBodies = listed > Self.expansionBodyLimit ? [] : view.classIDs.map {
            classified.expansionJSON($0, expanded: expansion.expand($0)).responseBody
        }
        _ = classified.search
    }

    /// The serialised `/api/expand` answer for `id`, when kept (see `expansionBodies`).
    func expansionBody(_ id: ClassID) -> ByteBuffer? {
        Int(id) < expansionBodies.count ? expansionBodies[Int(id)] : nil
    }

    /// The serialised record of `id` in the inferred hierarchy, when kept (see `recordBodies`).
    func recordBody(_ id: ClassID) -> ByteBuffer? {
        Int(id) < recordBodies.count ? recordBodies[Int(id)] : nil
    }

    /// Loads, classifies and indexes the ontology file at `path`.
    ///
    /// - Throws: `RDFParsingError` or `OntologyError` when the file cannot be read, parsed or holds no classes.
    public static func load(path: String) throws -> ServedOntology {
        let stamp = FileStamp(path: path)
        return ServedOntology(classified: try ClassifiedOntology.load(path: path), fileStamp: stamp)
    }

    /// Runs `body` with an annotator of this release; annotators are pooled (they are not thread-safe).
    func withAnnotator<T>(_ body: (RecordAnnotator) throws -> T) rethrows -> T {
        let annotator = annotators.take() ?? RecordAnnotator(ontology: classified)
        defer { annotators.give(annotator) }
        return try body(annotator)
    }
}

/// The modification time and size of a file, compared to notice that it changed.
public struct FileStamp: Sendable, Equatable {
    var modified: Date
    var size: UInt64

    /// The stamp of the file at `path`, or nil when it cannot be read.
    public init?(path: String) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let modified = attributes[.modificationDate] as? Date,
              let size = (attributes[.size] as? NSNumber)?.uint64Value else { return nil }
        self.modified = modified
        self.size = size
    }
}

/// Idle annotators for reuse. Each annotator is used by one request at a time (taken out of the pool
/// while in use), which is what `RecordAnnotator` requires; the lock guards the list.
final class AnnotatorPool: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [RecordAnnotator] = []

    func take() -> RecordAnnotator? {
        lock.lock()
        defer { lock.unlock() }
        return idle.popLast()
    }

    func give(_ annotator: RecordAnnotator) {
        lock.lock()
        defer { lock.unlock() }
        if idle.count < 8 { idle.append(annotator) }
    }
}
