/// How serious a finding is, in the manner of ROBOT `report`.
public enum FindingLevel: String, Sendable, CaseIterable, Comparable, Codable {
    /// A problem to fix before release.
    case error = "ERROR"
    /// A problem to look at.
    case warn = "WARN"
    /// Worth knowing; not a problem.
    case info = "INFO"

    /// Errors rank highest.
    public var severity: Int {
        switch self {
        case .error: return 2
        case .warn: return 1
        case .info: return 0
        }
    }

    /// Orders by severity: info < warn < error.
    public static func < (lhs: FindingLevel, rhs: FindingLevel) -> Bool {
        lhs.severity < rhs.severity
    }
}

/// The checks `OntologyValidator` runs, named as in reports (`missing_label` ...); `summary` explains each.
public enum QualityRule: String, Sendable, CaseIterable, Codable {
    case missingLabel = "missing_label"
    case multipleLabels = "multiple_labels"
    case duplicateLabel = "duplicate_label"
    case whitespace = "whitespace"
    case synonymIsOtherLabel = "synonym_is_other_label"
    case missingDefinition = "missing_definition"
    case deprecatedInUse = "deprecated_in_use"
    case subclassCycle = "subclass_cycle"
    case undeclaredReference = "undeclared_reference"
    case unexpandedCURIE = "unexpanded_curie"
    case unsatisfiableClass = "unsatisfiable_class"
    case equivalentClasses = "equivalent_classes"
    case missingOntologyHeader = "missing_ontology_header"
    case missingVersionIRI = "missing_version_iri"
    case wrongDatatype = "wrong_datatype"
    case invalidLiteral = "invalid_literal"

    /// What the rule looks for.
    public var summary: String {
        switch self {
        case .missingLabel: return "a class or property without rdfs:label"
        case .multipleLabels: return "more than one rdfs:label in one language"
        case .duplicateLabel: return "two classes with the same label"
        case .whitespace: return "leading, trailing or repeated whitespace in a label or synonym"
        case .synonymIsOtherLabel: return "a synonym that is another class's label"
        case .missingDefinition: return "a class of the ontology's namespace without a definition"
        case .deprecatedInUse: return "a deprecated class used as a parent or in an axiom"
        case .subclassCycle: return "a cycle of asserted rdfs:subClassOf between named classes"
        case .undeclaredReference: return "an IRI used as a class or property but never declared"
        case .unexpandedCURIE: return "an IRI that is really a CURIE whose prefix was never expanded"
        case .unsatisfiableClass: return "a class equivalent to owl:Nothing"
        case .equivalentClasses: return "named classes that are equivalent"
        case .missingOntologyHeader: return "no owl:Ontology header"
        case .missingVersionIRI: return "the ontology header has no owl:versionIRI"
        case .wrongDatatype: return "an annotation value of the wrong kind or datatype"
        case .invalidLiteral: return "a literal whose text is not valid for its datatype"
        }
    }
}

/// One problem found in an ontology.
public struct Finding: Sendable, Equatable {
    /// How serious it is.
    public var level: FindingLevel
    /// The check that found it.
    public var rule: QualityRule
    /// The IRI of the entity concerned (the ontology IRI for header findings).
    public var subject: String
    /// The label of the subject, when it has one.
    public var subjectLabel: String?
    /// The property involved, as an IRI, when there is one.
    public var property: String?
    /// The offending value: a label, a literal, an IRI.
    public var value: String?
    /// A human explanation or the next step.
    public var detail: String?

    /// Creates a finding.
    public init(level: FindingLevel, rule: QualityRule, subject: String, subjectLabel: String? = nil,
                property: String? = nil, value: String? = nil, detail: String? = nil) {
        self.level = level
        self.rule = rule
        self.subject = subject
        self.subjectLabel = subjectLabel
        self.property = property
        self.value = value
        self.detail = detail
    }
}

/// The findings of a validation run, most serious first.
public struct QualityReport: Sendable {
    /// Every finding, ordered by level (errors first), rule, then subject.
    public var findings: [Finding]

    /// Creates a report, sorting `findings`.
    public init(findings: [Finding]) {
        self.findings = findings.sorted { lhs, rhs in
            if lhs.level != rhs.level { return lhs.level > rhs.level }
            if lhs.rule != rhs.rule { return lhs.rule.rawValue < rhs.rule.rawValue }
            if lhs.subject != rhs.subject { return lhs.subject < rhs.subject }
            return (lhs.value ?? "") < (rhs.value ?? "")
        }
    }

    /// The number of findings at `level`.
    public func count(_ level: FindingLevel) -> Int {
        findings.filter { $0.level == level }.count
    }

    /// The findings of one rule.
    public func findings(_ rule: QualityRule) -> [Finding] {
        findings.filter { $0.rule == rule }
    }

    /// True when some finding is at `level` or more serious.
    public func hasFindings(atOrAbove level: FindingLevel) -> Bool {
        findings.contains { $0.level >= level }
    }
}
