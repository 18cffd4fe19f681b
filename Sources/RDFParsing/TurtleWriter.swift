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
        var bySubject: [Term: [Triple]] = [:]
        var objectUses: [Term: Int] = [:]
        for triple in triples {
            bySubject[triple.subject, default: []].append(triple)
            if triple.object.isBlankNode { objectUses[triple.object, default: 0] += 1 }
            if triple.predicate.isBlankNode || triple.subject == triple.object { objectUses[triple.subject, default: 0] += 2 }
        }
        // Blank nodes that appear exactly once as an object (and never as predicate) are inlined.
        var inlinable = Set(objectUses.filter { $0.value == 1 }.map(\.key))
        // Guard against cycles among inlinable nodes: a node reachable from itself stays named.
        for node in inlinable where reaches(node, node, bySubject: bySubject, inlinable: inlinable) {
            inlinable.remove(node)
        }
        var state = State(bySubject: bySubject, inlinable: inlinable, writer: self)
        var body = ""
        let roots = bySubject.keys.filter { !inlinable.contains($0) }.sorted()
        for subject in roots {
            state.writeSubject(subject, to: &body)
        }
        var header = ""
        if let baseIRI { header += "@base <\(NTriplesWriter.escapeIRI(baseIRI))> .\n" }
        for (prefix, namespace) in prefixes.entries where state.usedPrefixes.contains(prefix) {
            header += "@prefix \(prefix): <\(NTriplesWriter.escapeIRI(namespace))> .\n"
        }
        if !header.isEmpty && !body.isEmpty { header += "\n" }
        return header + body
    }

    private func reaches(_ start: Term, _ target: Term, bySubject: [Term: [Triple]], inlinable: Set<Term>) -> Bool {
        var stack = [start]
        var seen: Set<Term> = []
        while let node = stack.popLast() {
            for triple in bySubject[node] ?? [] where triple.object.isBlankNode && inlinable.contains(triple.object) {
                if triple.object == target { return true }
                if seen.insert(triple.object).inserted { stack.append(triple.object) }
            }
        }
        return false
    }

    struct State {
        let bySubject: [Term: [Triple]]
        let inlinable: Set<Term>
        let writer: TurtleWriter
        var usedPrefixes: Set<String> = []

        mutating func writeSubject(_ subject: Term, to out: inout String) {
            out += term(subject)
            writePredicateObjects(bySubject[subject] ?? [], indent: 1, to: &out)
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
            if inlinable.contains(object) {
                if let items = isListHead(object) {
                    out += "("
                    for item in items {
                        out += " "
                        writeObject(item, indent: indent + 1, to: &out)
                    }
                    out += " )"
                    return
                }
                let triples = bySubject[object] ?? []
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

        /// The items of a well-formed list whose nodes are all inlinable blank nodes.
        func isListHead(_ node: Term) -> [Term]? {
            var items: [Term] = []
            var current = node
            var seen: Set<Term> = []
            while current != .iri(RDF.nil) {
                guard current.isBlankNode, inlinable.contains(current), seen.insert(current).inserted,
                      let triples = bySubject[current], triples.count == 2,
                      let first = triples.first(where: { $0.predicate == .iri(RDF.first) }),
                      let rest = triples.first(where: { $0.predicate == .iri(RDF.rest) }) else {
                    return nil
                }
                items.append(first.object)
                current = rest.object
            }
            return items
        }

        mutating func term(_ term: Term) -> String {
            switch term {
            case .iri(let iri):
                if let (prefix, local) = writer.prefixes.abbreviate(iri) {
                    usedPrefixes.insert(prefix)
                    return prefix + ":" + local
                }
                return "<" + NTriplesWriter.escapeIRI(iri) + ">"
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
