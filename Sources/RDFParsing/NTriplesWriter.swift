public import RDFModel

/// Writes N-Triples and N-Quads: one statement per line, UTF-8, escapes as in RDF 1.1 N-Triples §7.
public enum NTriplesWriter {
    /// Appends one N-Triples line for `triple` to `output`.
    public static func write(_ triple: Triple, to output: inout some TextOutputStream) {
        write(triple.subject, to: &output)
        output.write(" ")
        write(triple.predicate, to: &output)
        output.write(" ")
        write(triple.object, to: &output)
        output.write(" .\n")
    }

    /// Appends one N-Quads line for `quad` to `output`.
    public static func write(_ quad: Quad, to output: inout some TextOutputStream) {
        write(quad.subject, to: &output)
        output.write(" ")
        write(quad.predicate, to: &output)
        output.write(" ")
        write(quad.object, to: &output)
        if let graph = quad.graph {
            output.write(" ")
            write(graph, to: &output)
        }
        output.write(" .\n")
    }

    /// The N-Triples form of a list of triples.
    public static func string(_ triples: some Sequence<Triple>) -> String {
        var output = ""
        for triple in triples { write(triple, to: &output) }
        return output
    }

    /// Appends the N-Triples form of one term.
    public static func write(_ term: Term, to output: inout some TextOutputStream) {
        switch term {
        case .iri(let iri):
            output.write("<")
            output.write(escapeIRI(iri))
            output.write(">")
        case .blankNode(let label):
            output.write("_:")
            output.write(blankLabel(label))
        case .literal(let literal):
            output.write("\"")
            output.write(escapeString(literal.lexicalForm))
            output.write("\"")
            if let language = literal.language {
                output.write("@")
                output.write(language)
            } else if literal.datatype != XSD.string {
                output.write("^^<")
                output.write(escapeIRI(literal.datatype))
                output.write(">")
            }
        }
    }

    /// The N-Triples form of one term.
    public static func string(_ term: Term) -> String {
        var output = ""
        write(term, to: &output)
        return output
    }

    /// Escapes a string literal body: `"` `\` and line breaks, other controls as `\uXXXX`.
    public static func escapeString(_ text: String) -> String {
        TextEscaping.nTriplesString(text)
    }

    /// The IRI with the characters IRIREF does not allow percent-encoded (`a b` as `a%20b`): the
    /// `\uXXXX` escapes of N-Triples may not stand for them either, and panet reads what it writes.
    public static func escapeIRI(_ iri: String) -> String {
        RDFModelIRI.percentEncodingForbiddenCharacters(iri)
    }

    /// A blank node label made safe for N-Triples (letters, digits, `_`, `-`, `.` inside).
    static func blankLabel(_ label: String) -> String {
        var result = ""
        for (index, scalar) in label.unicodeScalars.enumerated() {
            let ok = scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_"
                || (index > 0 && scalar == "-"))
            result += ok ? String(scalar) : "x\(String(scalar.value, radix: 16))"
        }
        return result.isEmpty ? "b" : result
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
