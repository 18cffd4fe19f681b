import ArgumentParser
import OntologyKit
import RDFModel
import RDFParsing
import RDFStore

struct Reason: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reason",
        
        abstract: "Classifies the ontology and writes it with the inferred hierarchy added.",
        discussion: """
            Prints a report (classes, inferred subsumptions, equivalences, unsatisfiable classes, ignored \
            constructs, time). With -o, writes the ontology plus the inferred direct rdfs:subClassOf and \
            owl:equivalentClass axioms in the format the extension names (.nt, .ttl, .owl/.rdf), atomically. \
            Exit 1 when some class is unsatisfiable.
            """
    )

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the reasoned ontology here (.nt, .ttl, .owl, .rdf).", valueName: "file"))
    var output: String?

    @OptionGroup var options: TermOptions

    func validate() throws {
        if let output, RDFFormat(fileExtensionOf: output).map({ [.nTriples, .turtle, .rdfXML].contains($0) }) != true {
            throw ValidationError("cannot tell the output format of '\(output)'; use .nt, .ttl, .owl or .rdf")
        }
    }

    func run() throws {
        let kb = try options.load()
        let classification = kb.classification
        let hierarchy = classification.completeHierarchy
        let equivalencePairs = classification.equivalenceSets.reduce(0) { $0 + $1.count * ($1.count - 1) }
        if let output {
            var store = kb.ontology.store
            for triple in kb.inferredAxiomTriples() { store.insert(triple) }
            let triples = store.triples()
            let text: String
            switch RDFFormat(fileExtensionOf: output) {
            case .nTriples: text = NTriplesWriter.string(triples)
            case .turtle: text = TurtleWriter(prefixes: kb.ontology.prefixes).string(triples)
            default: text = try reportingErrors { try RDFXMLWriter.string(triples, prefixes: kb.ontology.prefixes) }
            }
            try emit(text, to: output)
        }
        let ignored = classification.ignored.sorted { $0.key < $1.key }
        switch options.format {
        case .json:
            print(JSON.render(.object([
                ("classes", .int(kb.ontology.classes.count)),
                ("subsumptions", .int(classification.subsumptionCount - equivalencePairs)),
                ("direct_subsumptions", .int(hierarchy.parents.reduce(0) { $0 + $1.count })),
                ("equivalence_sets", .array(classification.equivalenceSets.map { .array($0.map { kb.summary($0) }) })),
                ("unsatisfiable", .array(classification.unsatisfiable.map { kb.summary($0) })),
                ("ignored", .object(ignored.map { ($0.key, .int($0.value)) })),
                ("undeclared_classes", .array(classification.undeclaredClasses.map(JSON.Value.string))),
                ("consistent", .bool(!classification.isInconsistent)),
                ("inconsistencies", .array(classification.inconsistencies.map(JSON.Value.string))),
                ("milliseconds", .double((classification.duration * 1e5).rounded() / 100)),
                ("output", output.map(JSON.Value.string) ?? .null),
            ])))
        case .tsv, .table:
            var rows: [[String]] = [
                ["classes", String(kb.ontology.classes.count)],
                ["inferred subsumptions", String(classification.subsumptionCount - equivalencePairs)],
                ["direct subsumptions", String(hierarchy.parents.reduce(0) { $0 + $1.count })],
                ["equivalence sets", String(classification.equivalenceSets.count)],
                ["unsatisfiable classes", String(classification.unsatisfiable.count)],
                ["ignored constructs", ignored.isEmpty ? "none" : ignored.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ")],
                ["classification time", String(format1(classification.duration * 1000)) + " ms"],
            ]
            // Name the first few; --format json lists them all.
            let shown = 20
            for set in classification.equivalenceSets.prefix(shown) {
                rows.append(["equivalent", set.map { kb.display($0) }.joined(separator: " ≡ ")])
            }
            if classification.equivalenceSets.count > shown {
                rows.append(["equivalent", "… \(classification.equivalenceSets.count - shown) more (see --format json)"])
            }
            for id in classification.unsatisfiable.prefix(shown) { rows.append(["unsatisfiable", kb.display(id)]) }
            if classification.unsatisfiable.count > shown {
                rows.append(["unsatisfiable", "… \(classification.unsatisfiable.count - shown) more (see --format json)"])
            }
            rows.append(["consistent", classification.isInconsistent ? "NO" : "yes"])
            for reason in classification.inconsistencies { rows.append(["inconsistent", reason]) }
            if let output { rows.append(["written", output]) }
            if options.format == .tsv {
                print(renderTSV(header: ["key", "value"], rows: rows), terminator: "")
            } else {
                let width = rows.map(\.[0].count).max() ?? 0
                for row in rows { print(row[0] + String(repeating: " ", count: width - row[0].count) + "  " + row[1]) }
            }
        }
        if classification.isInconsistent {
            printError("panet: the ontology is inconsistent: " + classification.inconsistencies.prefix(3).joined(separator: "; "))
        }
        if !classification.unsatisfiable.isEmpty || classification.isInconsistent { throw ExitCode(1) }
    }
}
