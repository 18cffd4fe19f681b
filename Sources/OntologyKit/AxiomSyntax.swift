public import RDFModel
import RDFStore

extension Ontology {
    /// The `rdfs:label` of any IRI (class or property), the English or untagged one first.
    public func label(ofIRI iri: String) -> String? {
        if let id = classID(of: iri) { return self[id].label }
        let store = self.store
        guard let subject = store.id(of: .iri(iri)), let labelID = store.id(of: .iri(RDFS.label)) else { return nil }
        var best: String?
        store.matches(IDPattern(subject: subject, predicate: labelID)).forEachQuad { quad in
            guard let literal = store.term(quad.object).literalValue else { return }
            let language = literal.language ?? ""
            if best == nil || language.isEmpty || language.hasPrefix("en") { best = literal.lexicalForm }
        }
        return best
    }
}

/// Writes axioms in OWL 2 Manchester syntax (§2) for people and in OWL 2 Functional Syntax for tools.
public enum AxiomSyntax {
    /// The axiom in Manchester syntax, each IRI written by `name` ('x-ray diffraction', PaNET01188 ...).
    public static func manchester(_ axiom: LogicalAxiom, name: (String) -> String) -> String {
        func expression(_ value: ClassExpression, nested: Bool = false) -> String {
            switch value {
            case .top: return "owl:Thing"
            case .bottom: return "owl:Nothing"
            case .named(let iri): return name(iri)
            case .unsupported(let construct): return "<\(construct)>"
            case .some(let property, let filler): return wrap("\(name(property)) some \(expression(filler, nested: true))", nested)
            case .and(let members): return wrap(members.map { expression($0, nested: true) }.joined(separator: " and "), nested)
            case .or(let members): return wrap(members.map { expression($0, nested: true) }.joined(separator: " or "), nested)
            }
        }
        func wrap(_ text: String, _ nested: Bool) -> String { nested ? "(\(text))" : text }
        func list(_ members: [ClassExpression]) -> String { members.map { expression($0) }.joined(separator: ", ") }
        switch axiom {
        case .subClassOf(let sub, let sup): return "\(expression(sub)) SubClassOf \(expression(sup))"
        case .equivalentClasses(let left, let right): return "\(expression(left)) EquivalentTo \(expression(right))"
        case .disjointClasses(let members):
            return members.count == 2 ? "\(expression(members[0])) DisjointWith \(expression(members[1]))"
                : "DisjointClasses: \(list(members))"
        case .disjointUnion(let whole, let members): return "\(expression(whole)) DisjointUnionOf \(list(members))"
        case .subPropertyOf(let sub, let sup): return "\(name(sub)) SubPropertyOf \(name(sup))"
        case .equivalentProperties(let left, let right): return "\(name(left)) EquivalentTo \(name(right))"
        case .propertyChain(let chain, let sup):
            return "\(name(sup)) SubPropertyChain \(chain.map(name).joined(separator: " o "))"
        case .transitive(let property): return "\(name(property)) Characteristics Transitive"
        case .domain(let property, let domain): return "\(name(property)) Domain \(expression(domain))"
        case .range(let property, let range): return "\(name(property)) Range \(expression(range))"
        }
    }

    /// A small ontology in OWL 2 Functional Syntax: the declarations `axioms` need, a label for each
    /// entity that has one, then the axioms. A construct outside OWL 2 EL, which the classifier
    /// did not use, is written as `owl:Thing`.
    public static func functional(_ axioms: [LogicalAxiom], ontologyIRI: String, label: (String) -> String?) -> String {
        var classes: [String] = [], properties: [String] = []
        var seen: Set<String> = []
        func noteClass(_ iri: String) { if seen.insert(iri).inserted { classes.append(iri) } }
        func noteProperty(_ iri: String) { if seen.insert(iri).inserted { properties.append(iri) } }
        func expression(_ value: ClassExpression) -> String {
            switch value {
            case .top, .unsupported: return "owl:Thing"
            case .bottom: return "owl:Nothing"
            case .named(let iri):
                noteClass(iri)
                return "<\(iri)>"
            case .some(let property, let filler):
                noteProperty(property)
                return "ObjectSomeValuesFrom(<\(property)> \(expression(filler)))"
            case .and(let members): return "ObjectIntersectionOf(\(members.map(expression).joined(separator: " ")))"
            case .or(let members): return "ObjectUnionOf(\(members.map(expression).joined(separator: " ")))"
            }
        }
        func property(_ iri: String) -> String {
            noteProperty(iri)
            return "<\(iri)>"
        }
        let lines = axioms.map { axiom -> String in
            switch axiom {
            case .subClassOf(let sub, let sup): return "SubClassOf(\(expression(sub)) \(expression(sup)))"
            case .equivalentClasses(let left, let right): return "EquivalentClasses(\(expression(left)) \(expression(right)))"
            case .disjointClasses(let members): return "DisjointClasses(\(members.map(expression).joined(separator: " ")))"
            case .disjointUnion(let whole, let members):
                return "DisjointUnion(\(expression(whole)) \(members.map(expression).joined(separator: " ")))"
            case .subPropertyOf(let sub, let sup): return "SubObjectPropertyOf(\(property(sub)) \(property(sup)))"
            case .equivalentProperties(let left, let right):
                return "EquivalentObjectProperties(\(property(left)) \(property(right)))"
            case .propertyChain(let chain, let sup):
                let members = chain.map(property).joined(separator: " ")
                return chain.count == 1 ? "SubObjectPropertyOf(\(members) \(property(sup)))"
                    : "SubObjectPropertyOf(ObjectPropertyChain(\(members)) \(property(sup)))"
            case .transitive(let iri): return "TransitiveObjectProperty(\(property(iri)))"
            case .domain(let iri, let domain): return "ObjectPropertyDomain(\(property(iri)) \(expression(domain)))"
            case .range(let iri, let range): return "ObjectPropertyRange(\(property(iri)) \(expression(range)))"
            }
        }
        var text = "Prefix(owl:=<http://www.w3.org/2002/07/owl#>)\nPrefix(rdfs:=<http://www.w3.org/2000/01/rdf-schema#>)\n"
        text += "Ontology(<\(ontologyIRI)>\n"
        for iri in classes { text += "Declaration(Class(<\(iri)>))\n" }
        for iri in properties { text += "Declaration(ObjectProperty(<\(iri)>))\n" }
        for iri in classes + properties {
            if let value = label(iri) { text += "AnnotationAssertion(rdfs:label <\(iri)> \(quoted(value)))\n" }
        }
        for line in lines { text += line + "\n" }
        return text + ")\n"
    }

    /// A Functional Syntax string literal.
    static func quoted(_ value: String) -> String {
        var text = "\""
        for character in value {
            if character == "\"" || character == "\\" { text.append("\\") }
            text.append(character)
        }
        return text + "\""
    }
}
