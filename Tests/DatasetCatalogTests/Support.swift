import DatasetCatalog
import Foundation
import OntologyKit
import TestSupport

/// Shared loading for the dataset tests.
enum Fixtures {
    static let panet: ClassifiedOntology = {
        do { return try ClassifiedOntology.load(path: TestPaths.bundledOntology) } catch { fatalError("cannot load PaNET: \(error)") }
    }()

    static func path(_ name: String) -> String { TestPaths.fixture("DatasetCatalogTests", name) }

    static func read(_ path: String, format: InputFormat? = nil) throws -> (records: [DatasetRecord], failures: [RecordFailure]) {
        var records: [DatasetRecord] = []
        var failures: [RecordFailure] = []
        try RecordReader.read(path: path, format: format) { result in
            switch result {
            case .success(let record): records.append(record)
            case .failure(let failure): failures.append(failure)
            }
        }
        return (records, failures)
    }

    /// Short ids of the techniques the annotator finds in `record`.
    static func techniqueIDs(_ record: DatasetRecord, annotator: RecordAnnotator) -> [String] {
        annotator.annotate(record).techniques.map { annotator.ontology.ontology[$0.classID].shortID }
    }

    static func json(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw DatasetCatalogError.badQuery("not an object: \(text)")
        }
        return object
    }
}
