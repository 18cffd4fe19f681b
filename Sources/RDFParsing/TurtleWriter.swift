public import RDFModel

/// Writes Turtle: `@prefix` lines, statements grouped by subject, `a` for `rdf:type`, blank nodes
/// used once inlined as `[ ... ]`, well-formed RDF lists as `( ... )`, and number/boolean shorthands.
public struct TurtleWriter {
    public var prefixes: PrefixMap
    public var baseIRI: String?

    /// A writer using `prefixes` (only those actually used are written).
    public init(prefixes: PrefixMap = .standard, baseIRI: String? = nil) {
        self.prefixes = prefixes
        self.baseIRI = baseIRI
    }

    /// The Turtle document for `triples`. Subjects are written in sorted order, so the output is stable.
    public func string(_ triples: [Triple]) -> String {
        let groups = SubjectGroups(triples)
        var state = State(groups: groups, writer: self)
        var body = ""
        for subject in groups.roots {
            state.writeSubject(subject, to: &body)
        }
        var next = 0
        while next < state.deferred.count {
            state.writeSubject(state.deferred[next], to: &body)
            next += 1
        }
        var header = ""
        if let baseIRI { header += "@base <\(NTriplesWriter.escapeIRI(baseIRI))> .\n" }
        for (prefix, namespace) in prefixes.entries where state.usedPrefixes.contains(prefix) {
            header += "@prefix \(prefix): <\(NTriplesWriter.escapeIRI(namespace))> .\n"
        }
        if !header.isEmpty && !body.isEmpty { header += "\n" }
        return header + body
    }

    struct State {
        let groups: SubjectGroups
        let writer: TurtleWriter
        var usedPrefixes: Set<String> = []
        var writtenIRIs: [String: String] = [:]
        /// Blank nodes met deeper than `SubjectGroups.maximumNesting`: written by label where they
        /// are used, and as statements of their own after the others.
        var deferred: [Term] = []

        mutating func writeSubject(_ subject: Term, to out: inout String) {
            out += term(subject)
            writePredicateObjects(groups.triples(of: subject), indent: 1, to: &out)
            out += " .\n"
        }

        mutating func writePredicateObjects(_ triples: [Triple], indent: Int, to out: inout String) {
            let byPredicate = Dictionary(grouping: triples, by: \.predicate)
            let predicates = byPredicate.keys.sorted { lhs, rhs in
                if lhs == .iri(RDF.type) { return rhs != .iri(RDF.type) }
                if rhs == .iri(RDF.type) { return false }
                return lhs < rhs
            }
            let pad = String(repeating: "    ", count: indent)
            for (index, predicate) in predicates.enumerated() {
                out += index == 0 ? " " : " ;\n" + pad
                out += predicate == .iri(RDF.type) ? "a" : term(predicate)
                let objects = byPredicate[predicate]!.map(\.object).sorted()
                for (objectIndex, object) in objects.enumerated() {
                    out += objectIndex == 0 ? " " : ", "
                    writeObject(object, indent: indent, to: &out)
                }
            }
        }

        mutating func writeObject(_ object: Term, indent: Int, to out: inout String) {
            if groups.inlinable.contains(object) && indent > SubjectGroups.maximumNesting {
                deferred.append(object)
                out += term(object)
                return
            }
            if groups.inlinable.contains(object) {
                if let items = groups.listItems(startingAt: object) {
                    out += "("
                    for item in items {
                        out += " "
                        writeObject(item, indent: indent + 1, to: &out)
                    }
                    out += " )"
                    return
                }
                let triples = groups.triples(of: object)
                if triples.isEmpty {
                    out += "[]"
                    return
                }
                out += "["
                writePredicateObjects(triples, indent: indent + 1, to: &out)
                out += "\n" + String(repeating: "    ", count: indent) + "]"
                return
            }
            out += term(object)
        }

        mutating func term(_ term: Term) -> String {
            switch term {
            case .iri(let iri):
                // The same IRIs recur (predicates, classes): abbreviate each once.
                if let known = writtenIRIs[iri] { return known }
                let written: String
                if let (prefix, local) = writer.prefixes.abbreviate(iri) {
                    usedPrefixes.insert(prefix)
                    written = prefix + ":" + local
                } else {
                    written = "<" + NTriplesWriter.escapeIRI(iri) + ">"
                }
                writtenIRIs[iri] = written
                return written
            case .blankNode(let label):
                return "_:" + NTriplesWriter.blankLabel(label)
            case .literal(let literal):
                if literal.language == nil {
                    switch literal.datatype {
                    case XSD.integer where TurtleWriter.matches(literal.lexicalForm, integer: true): return literal.lexicalForm
                    case XSD.decimal where TurtleWriter.isDecimal(literal.lexicalForm): return literal.lexicalForm
                    case XSD.boolean where literal.lexicalForm == "true" || literal.lexicalForm == "false":
                        return literal.lexicalForm
                    default: break
                    }
                }
                var result = TurtleWriter.quote(literal.lexicalForm)
                if let language = literal.language {
                    result += "@" + language
                } else if literal.datatype != XSD.string {
                    result += "^^" + self.term(.iri(literal.datatype))
                }
                return result
            }
        }
    }

    static func quote(_ text: String) -> String {
        if text.contains("\n") && !text.contains("\"\"\"") && !text.hasSuffix("\"") && !text.contains("\\")
            && !text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) {
            return "\"\"\"" + text + "\"\"\""
        }
        return "\"" + NTriplesWriter.escapeString(text) + "\""
    }

    static func matches(_ text: String, integer: Bool) -> Bool {
        var scalars = Substring(text)
        if scalars.first == "+" || scalars.first == "-" { scalars = scalars.dropFirst() }
        return !scalars.isEmpty && scalars.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func isDecimal(_ text: String) -> Bool {
        var body = Substring(text)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[1].isEmpty else { return false }
        return parts.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }
}
