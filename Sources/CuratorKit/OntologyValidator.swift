public import OntologyKit
import RDFModel
import RDFStore

/// Runs quality checks on an ontology, in the manner of ROBOT `report`: each finding has a level,
/// a rule, a subject and the offending value.
///
/// Works on any OWL ontology. PaNET conventions are used only where they help the reader: the
/// technique root (`PaNET00001`) tells a technique/specifier label twin from a real duplicate.
public struct OntologyValidator: Sendable {
    /// The ontology to check.
    public let ontology: Ontology
    /// Its classification (unsatisfiable classes, equivalences, the inferred hierarchy).
    public let classification: Classification
    /// The root whose descendants are techniques; a duplicate label shared by one technique and one
    /// class outside it is reported as a technique/specifier pair.
    public let techniqueRoot: String?

    let techniques: Set<ClassID>
    let homeNamespace: String?

    /// Prepares the checks.
    ///
    /// - Parameters:
    ///   - ontology: The ontology view.
    ///   - classification: Its classification, from `ontology.classify()`.
    ///   - techniqueRoot: The technique root IRI; `nil` turns the twin detection off.
    public init(ontology: Ontology, classification: Classification,
                techniqueRoot: String? = TermResolver.panetTechniqueRoot) {
        self.ontology = ontology
        self.classification = classification
        self.techniqueRoot = techniqueRoot
        if let techniqueRoot, let root = ontology.classID(of: techniqueRoot) {
            techniques = Set(classification.hierarchy.descendants(of: root) + [root])
        } else {
            techniques = []
        }
        homeNamespace = OntologyValidator.dominantNamespace(ontology.classes.map(\.iri))
    }

    /// Prepares the checks for a loaded, classified ontology.
    public init(_ classified: ClassifiedOntology, techniqueRoot: String? = TermResolver.panetTechniqueRoot) {
        self.init(ontology: classified.ontology, classification: classified.classification, techniqueRoot: techniqueRoot)
    }

    /// Runs every rule.
    public func run() -> QualityReport {
        var findings: [Finding] = []
        findings += labelFindings()
        findings += duplicateLabelFindings()
        findings += whitespaceFindings()
        findings += synonymFindings()
        findings += definitionFindings()
        findings += deprecatedUseFindings()
        findings += cycleFindings()
        findings += undeclaredFindings()
        findings += unexpandedCURIEFindings()
        findings += reasoningFindings()
        findings += headerFindings()
        findings += datatypeFindings()
        return QualityReport(findings: findings)
    }

    // MARK: Helpers

    /// The label of `iri` when it names a class of the ontology.
    func label(_ iri: String) -> String? {
        ontology.classID(of: iri).flatMap { ontology[$0].label }
    }

    /// `label (id)` or the id alone.
    func display(_ id: ClassID) -> String {
        let item = ontology[id]
        return item.label.map { "\(item.shortID) '\($0)'" } ?? item.shortID
    }

    /// True when `iri` lies in the namespace most of the ontology's classes share.
    func isHome(_ iri: String) -> Bool {
        guard let homeNamespace else { return true }
        return iri.hasPrefix(homeNamespace)
    }

    /// Lower case with runs of whitespace collapsed and the ends trimmed: how labels are compared.
    static func labelKey(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The namespace (IRI minus local name) most of `iris` share.
    static func dominantNamespace(_ iris: [String]) -> String? {
        var counts: [String: Int] = [:]
        for iri in iris {
            let local = Ontology.shortID(of: iri)
            counts[String(iri.dropLast(local.count)), default: 0] += 1
        }
        return counts.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }
}
