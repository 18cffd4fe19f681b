import CuratorKit
import OntologyKit
import RDFModel
import TestSupport
import Testing

/// Each rule of `OntologyValidator` on a small hand-written ontology.
@Suite("Ontology validator")
struct ValidatorTests {
    static let ns = "http://example.org/onto/"

    static func report(_ fixture: String) throws -> QualityReport {
        let kb = try ClassifiedOntology.load(path: TestPaths.fixture("CuratorKitTests", fixture), useCache: false)
        return OntologyValidator(kb).run()
    }

    @Test("a clean ontology has no findings")
    func cleanOntology() throws {
        let report = try Self.report("clean.ttl")
        #expect(report.findings.isEmpty, "\(report.findings)")
        #expect(!report.hasFindings(atOrAbove: .info))
    }

    @Test("a class without a label is an error in the home namespace, info elsewhere")
    func missingLabel() throws {
        let findings = try Self.report("labels.ttl").findings(.missingLabel)
        #expect(findings.contains { $0.subject == Self.ns + "A" && $0.level == .error })
        #expect(findings.contains { $0.subject == "http://example.org/other/X" && $0.level == .info })
        #expect(findings.count == 2)
    }

    @Test("two labels in one language are an error; one per language is fine")
    func multipleLabels() throws {
        let findings = try Self.report("labels.ttl").findings(.multipleLabels)
        #expect(findings.count == 1)
        #expect(findings.first?.subject == Self.ns + "B")
        #expect(findings.first?.value == "beta | bravo")
        #expect(findings.first?.level == .error)
    }

    @Test("a label shared by two classes, ignoring case, is an error on both")
    func duplicateLabel() throws {
        let findings = try Self.report("labels.ttl").findings(.duplicateLabel)
        #expect(Set(findings.map(\.subject)) == [Self.ns + "C", Self.ns + "D"])
        #expect(findings.allSatisfy { $0.level == .error })
    }

    @Test("a technique and its specifier twin are a warning that names the pair; two techniques are an error")
    func techniqueSpecifierTwins() throws {
        let findings = try Self.report("twins.ttl").findings(.duplicateLabel)
        let panet = "http://purl.org/pan-science/PaNET/"
        let twins = findings.filter { $0.value == "diffraction" }
        #expect(Set(twins.map(\.subject)) == [panet + "PaNET01022", panet + "PaNET2020018"])
        #expect(twins.allSatisfy { $0.level == .warn && ($0.detail ?? "").contains("technique/specifier pair") })
        let technique = twins.first { $0.subject == panet + "PaNET01022" }
        #expect(technique?.detail?.contains("this is the technique; its specifier twin is PaNET2020018") == true)
        let realDuplicates = findings.filter { $0.value == "tomography" }
        #expect(realDuplicates.count == 2)
        #expect(realDuplicates.allSatisfy { $0.level == .error && !($0.detail ?? "").contains("pair") })
    }

    @Test("leading, trailing and repeated whitespace in labels and synonyms is reported")
    func whitespace() throws {
        let findings = try Self.report("labels.ttl").findings(.whitespace)
        #expect(findings.count == 3)
        #expect(findings.contains { $0.value == "epsilon " && $0.detail == "trailing whitespace" && $0.property == RDFS.label })
        #expect(findings.contains { $0.value == " eps" && $0.detail == "leading whitespace" && $0.property == SKOS.altLabel })
        #expect(findings.contains { $0.value == "ep  silon" && $0.detail == "repeated whitespace" })
    }

    @Test("a synonym equal to another class's label is a warning naming that class")
    func synonymIsOtherLabel() throws {
        let findings = try Self.report("labels.ttl").findings(.synonymIsOtherLabel)
        #expect(findings.count == 1)
        #expect(findings.first?.subject == Self.ns + "F")
        #expect(findings.first?.value == "gamma")
        #expect(findings.first?.detail?.contains("C 'gamma'") == true)
    }

    @Test("a class of the home namespace without a definition is a warning")
    func missingDefinition() throws {
        let findings = try Self.report("labels.ttl").findings(.missingDefinition)
        #expect(findings.map(\.subject) == [Self.ns + "G"])
        #expect(findings.first?.level == .warn)
    }

    @Test("a deprecated class used as a parent or inside a definition is an error with the replacement")
    func deprecatedInUse() throws {
        let findings = try Self.report("deprecated.ttl").findings(.deprecatedInUse)
        #expect(Set(findings.map(\.subject)) == [Self.ns + "Child", Self.ns + "Defined"])
        let parent = findings.first { $0.subject == Self.ns + "Child" }
        #expect(parent?.property == RDFS.subClassOf)
        #expect(parent?.detail?.hasPrefix("deprecated class used as a parent; use New 'new'") == true)
        let axiom = findings.first { $0.subject == Self.ns + "Defined" }
        #expect(axiom?.property == OWL.equivalentClass)
        #expect(axiom?.value == Self.ns + "Old")
        #expect(findings.allSatisfy { $0.level == .error })
    }

    @Test("a cycle of subClassOf is one error listing its members")
    func subclassCycle() throws {
        let findings = try Self.report("cycle.ttl").findings(.subclassCycle)
        #expect(findings.count == 1)
        #expect(findings.first?.value == "A ↔ B ↔ C")
        #expect(findings.first?.level == .error)
    }

    @Test("an undeclared class and an undeclared property are errors")
    func undeclaredReferences() throws {
        let findings = try Self.report("references.ttl").findings(.undeclaredReference)
        #expect(Set(findings.map(\.subject)) == [Self.ns + "Undeclared", Self.ns + "undeclaredProperty"])
    }

    @Test("an IRI that is an unexpanded CURIE is an error; mailto IRIs are not")
    func unexpandedCURIE() throws {
        let findings = try Self.report("references.ttl").findings(.unexpandedCURIE)
        #expect(findings.map(\.subject) == ["ex:thing"])
        #expect(findings.first?.level == .error)
    }

    @Test("an unsatisfiable class is an error")
    func unsatisfiable() throws {
        let findings = try Self.report("reasoning.ttl").findings(.unsatisfiableClass)
        #expect(findings.map(\.subject) == [Self.ns + "Both"])
        #expect(findings.first?.level == .error)
    }

    @Test("classes inferred equivalent are a warning; stated equivalences are info")
    func equivalentClasses() throws {
        let findings = try Self.report("reasoning.ttl").findings(.equivalentClasses)
        let inferred = findings.first { $0.subject == Self.ns + "X" }
        #expect(inferred?.level == .warn)
        #expect(inferred?.value == Self.ns + "Y")
        let stated = findings.first { $0.subject == Self.ns + "S" }
        #expect(stated?.level == .info)
        #expect(findings.count == 2)
    }

    @Test("a header without owl:versionIRI is a warning")
    func missingVersionIRI() throws {
        let findings = try Self.report("reasoning.ttl").findings(.missingVersionIRI)
        #expect(findings.map(\.subject) == ["http://example.org/onto.owl"])
        #expect(findings.first?.level == .warn)
        #expect(try Self.report("clean.ttl").findings(.missingVersionIRI).isEmpty)
    }

    @Test("annotation values of the wrong kind or datatype are reported")
    func wrongDatatype() throws {
        let findings = try Self.report("datatypes.ttl").findings(.wrongDatatype)
        #expect(findings.contains { $0.subject == Self.ns + "A" && $0.property == RDFS.label && $0.level == .error })
        #expect(findings.contains { $0.subject == Self.ns + "B" && $0.property == OBO.iaoDefinition && $0.detail == "expected a string, found an IRI" })
        #expect(findings.contains { $0.subject == Self.ns + "C" && $0.property == OWL.deprecated && $0.level == .warn })
        #expect(findings.contains { $0.subject == "http://example.org/onto.owl" && $0.property == OWL.versionIRI && $0.level == .error })
        #expect(!findings.contains { $0.subject == Self.ns + "F" })
        #expect(findings.count == 4)
    }

    @Test("literals that are invalid for their datatype are errors")
    func invalidLiterals() throws {
        let findings = try Self.report("datatypes.ttl").findings(.invalidLiteral)
        #expect(Set(findings.map(\.value)) == ["twelve", "2024-13-40"])
        #expect(findings.allSatisfy { $0.level == .error })
    }

    @Test("PaNET 1.3.0: two trailing spaces and one double space, twins are warnings, no errors")
    func panetRelease() throws {
        try #require(TestPaths.hasShared, "../shared is missing")
        let report = OntologyValidator(try ClassifiedOntology.load(path: TestPaths.shared("ontology/PaNET.owl"))).run()
        let whitespace = report.findings(.whitespace)
        #expect(Set(whitespace.compactMap(\.value)) == ["x-ray birefringence imaging ", "high-resolution neutron imaging ",
                                                         "spin echo  scattering"])
        let twins = report.findings(.duplicateLabel)
        #expect(twins.allSatisfy { $0.level == .warn && ($0.detail ?? "").contains("technique/specifier pair") })
        #expect(twins.contains { $0.subject.hasSuffix("PaNET2014007") && $0.value == "characterize excitations" })
        #expect(report.count(.error) == 0)
        #expect(report.findings(.missingVersionIRI).count == 1)
    }

    @Test("PaNET 1.1.1: the unexpanded CURIE PaNET:dataset is an error")
    func panetPreviousRelease() throws {
        try #require(TestPaths.hasShared, "../shared is missing")
        let report = OntologyValidator(try ClassifiedOntology.load(path: TestPaths.shared("ontology/previous/PaNET-v1.1.1.owl"))).run()
        let curie = report.findings(.unexpandedCURIE).first { $0.subject == "PaNET:dataset" }
        #expect(curie?.level == .error)
        #expect(curie?.detail?.contains("http://purl.org/pan-science/PaNET/dataset") == true)
        #expect(report.hasFindings(atOrAbove: .error))
    }
}
