import DatasetCatalog
import Foundation
import OntologyKit
import Testing
import TestSupport

@Suite("TextTagger: techniques in free text")
struct TextTaggerTests {
    static let tagger = TextTagger(ontology: Fixtures.panet)

    /// (short id, text, how) of each mention.
    func mentions(_ text: String) -> [(id: String, text: String, how: TextMention.How)] {
        TextTaggerTests.tagger.tag(text).map { (Fixtures.panet.ontology[$0.classID].shortID, $0.text, $0.how) }
    }

    func ids(_ text: String) -> [String] { mentions(text).map(\.id) }

    /// The short id of the class a label names.
    func id(_ label: String) -> String { Fixtures.panet.ontology[Fixtures.panet.resolver.resolve(label)!.classID].shortID }

    @Test("spans count code points and cover the words as written")
    func spans() {
        let text = "Études: ½ Small-Angle X‑ray Scattering"
        let found = TextTaggerTests.tagger.tag(text)
        #expect(found.count == 1)
        let scalars = Array(text.unicodeScalars)
        #expect(found.first?.start == 10)
        #expect(found.first?.end == scalars.count)
        #expect(found.first?.text == "Small-Angle X\u{2011}ray Scattering")
        // Hyphens and case are not variants: this is the label word for word.
        #expect(found.first?.how == .label)
        #expect(ids(text) == ["PaNET01188"])
    }

    @Test("x-ray spellings, plurals and -ic/-y forms reach the same class")
    func normalisation() {
        for text in ["x-ray reflectivity", "X-Ray Reflectometry", "xray reflectivities", "X ray reflectometric"] {
            #expect(ids(text) == ["PaNET01149"], "\(text)")
        }
        #expect(ids("photoelectron spectroscopies") == ["PaNET01202"])
        #expect(mentions("x-ray reflectivity").first?.how == .label)
        #expect(mentions("xray reflectivity").first?.how == .variant)
    }

    @Test("short acronyms match in capitals only and never inside a word")
    func acronymCase() {
        #expect(ids("XAS at the Ni K-edge") == ["PaNET01196"])
        #expect(ids("xas at the Ni K-edge").isEmpty)
        #expect(ids("Texas XASX BXAS").isEmpty)
        #expect(ids("saxs on micelles") == ["PaNET01188"])
        #expect(ids("sans serif fonts").isEmpty)
        #expect(ids("SANS on micelles") == ["PaNET01189"])
        #expect(mentions("SAXS").first?.how == .acronym)
    }

    @Test("the longest match wins and overlapping shorter ones are dropped")
    func longestMatch() {
        #expect(ids("grazing incidence small angle x-ray scattering") == [id("grazing incidence small angle x-ray scattering")])
        #expect(ids("ultra small angle x-ray scattering of cement") == [id("ultra small angle x-ray scattering")])
        #expect(ids("high resolution neutron powder diffraction") == [id("high resolution neutron powder diffraction")])
        // The longer mention starts later: it still wins over the earlier, shorter one.
        #expect(ids("x-ray absorption and phase contrast nanotomography") == [id("absorption and phase contrast nanotomography")])
        #expect(mentions("X-ray reflectivity and small angle scattering").map(\.text) == ["X-ray reflectivity", "small angle scattering"])
    }

    @Test("the probe the text names picks the neutron or x-ray variant")
    func probeContext() {
        let neutron = mentions("grazing incidence small-angle scattering with neutrons")
        #expect(neutron.map(\.id) == ["PaNET01276"])
        #expect(neutron.first?.how == .context)
        #expect(ids("small angle scattering at the synchrotron") == ["PaNET01188"])
        // Both probes named, none near: the general class stays.
        #expect(ids("Neutron and x-ray work. Small angle scattering follows.").last == id("small angle scattering"))
        #expect(ids("X-rays here. Neutron reflectivity and small angle scattering there.") == [id("neutron reflectometry"), id("small angle neutron scattering")])
        #expect(ids("small angle scattering") == [id("small angle scattering")])
    }

    @Test("mentions after a negation or in a 'so far' sentence are dropped")
    func negation() {
        #expect(ids("XRR instead of fluorescence") == ["PaNET01149"])
        #expect(ids("Rather than Raman spectroscopy, we use infrared spectroscopy") == [id("infrared spectroscopy")])
        #expect(ids("This does not need tomography.").isEmpty)
        #expect(ids("So far the main approach has been powder diffraction.").isEmpty)
        #expect(ids("not only SAXS but also WAXS").count == 2)
        #expect(ids("Without doubt, SAXS works.") == ["PaNET01188"])
    }

    @Test("only techniques: no specifiers, purposes or foreign classes")
    func techniquesOnly() {
        for mention in TextTaggerTests.tagger.tag("obtain atomic structure versus sample temperature with x-ray diffraction") {
            #expect(Fixtures.panet.kind(of: mention.classID) == .technique)
        }
        #expect(ids("obtain atomic structure versus sample temperature") == [])
    }

    @Test("texts that name no technique give no match")
    func noTechnique() throws {
        let gold = try TextTaggerTests.tagger.readLabelled(try TextTagger.readText(path: Fixtures.path("tag_gold.jsonl")), source: "gold")
        let empty = gold.filter { $0.expected.isEmpty }
        #expect(empty.count >= 20)
        for item in empty {
            #expect(TextTaggerTests.tagger.tag(item.text).isEmpty, "\(item.source): \(item.text)")
        }
    }

    @Test("evaluation counts ancestors as correct and needs an alternative for recall")
    func evaluationRules() {
        let kb = Fixtures.panet
        let saxs = kb.resolver.resolve("small angle x-ray scattering")!.classID
        let sas = kb.resolver.resolve("small angle scattering")!.classID
        let xrd = kb.resolver.resolve("x-ray diffraction")!.classID
        let texts = [
            LabelledText(source: "a", text: "small angle scattering with x-rays", expected: [[saxs]]),
            LabelledText(source: "b", text: "small angle scattering, SAXS", expected: [[saxs]]),
            LabelledText(source: "c", text: "XRD and SAXS", expected: [[xrd], [sas]]),
        ]
        let result = TextTaggerTests.tagger.evaluate(texts)
        // a: SAXS by context, right; b: SAS (an ancestor) and SAXS, both right;
        // c: XRD right, SAXS wrong (not SAS nor an ancestor of it) and SAS missed.
        #expect(result.predicted == 5)
        #expect(result.correct == 4)
        #expect(result.expected == 4)
        #expect(result.found == 3)
        #expect(result.misses.map { $0.source } == ["c"])
    }

    @Test("panet tag --evaluate reports the figures of the shipped gold set")
    func evaluateCommand() throws {
        let result = try PanetProcess.run(["tag", "--evaluate", Fixtures.path("tag_gold.jsonl"), "--format", "json"])
        #expect(result.status == 0)
        let report = try Fixtures.json(result.standardOutput)
        #expect(report["texts"] as? Int == 115)
        #expect(report["predicted"] as? Int == 106)
        #expect(report["correct"] as? Int == 102)
        #expect(report["expected"] as? Int == 103)
        #expect(report["found"] as? Int == 99)
        #expect((report["precision"] as? Double ?? 0) >= 0.9)
        #expect((report["recall"] as? Double ?? 0) >= 0.85)
    }

    @Test("panet tag reads lines from stdin and rejects bad gold files with their line")
    func commandLine() throws {
        let lines = try PanetProcess.run(["tag", "-", "--lines", "--format", "tsv"], input: "SAXS of gels\nno technique here\nXRR\n")
        #expect(lines.status == 0)
        let rows = lines.standardOutput.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(rows.count == 3)
        #expect(rows[1].first == "1" && rows[1][5] == "PaNET01188")
        #expect(rows[2].first == "3" && rows[2][3] == "XRR")

        let directory = try TestPaths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gold = directory.appendingPathComponent("gold.jsonl").path
        try "{\"text\": \"SAXS\", \"expected\": [[\"SAXS\"]]}\n\n{\"text\": \"x\", \"expected\": [[\"no such thing\"]]}\n"
            .write(toFile: gold, atomically: true, encoding: .utf8)
        let unknown = try PanetProcess.run(["tag", "--evaluate", gold])
        #expect(unknown.status == 2)
        #expect(unknown.standardError.contains("gold.jsonl:3: unknown term 'no such thing'"))
        try "{\"text\": \"SAXS\",\n".write(toFile: gold, atomically: true, encoding: .utf8)
        let broken = try PanetProcess.run(["tag", "--evaluate", gold])
        #expect(broken.status == 2)
        #expect(broken.standardError.contains("gold.jsonl:1:"))
        let usage = try PanetProcess.run(["tag"])
        #expect(usage.status == 64)
    }
}
