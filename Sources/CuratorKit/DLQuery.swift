public import OntologyKit
import RDFModel

/// Why a DL query expression cannot be answered; positions are 1-based characters of the expression.
public enum DLQueryError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A class or property name that matches nothing in the ontology; `suggestions` are written as
    /// they can be typed ('label', with the id when the label is shared).
    case unknownName(expression: String, position: Int, name: String, isProperty: Bool, suggestions: [String])
    /// A construct the EL reasoner cannot answer (`not`, `only`, `or`).
    case outsideEL(expression: String, position: Int, construct: String)

    public var description: String {
        switch self {
        case .unknownName(let expression, let position, let name, let isProperty, let suggestions):
            var message = "\(Self.clip(expression)): character \(position): no \(isProperty ? "object property" : "class") "
                + "named '\(Self.clip(name))'"
            if !suggestions.isEmpty { message += "; did you mean " + suggestions.joined(separator: ", ") + "?" }
            return message
        case .outsideEL(let expression, let position, let construct):
            return "\(Self.clip(expression)): character \(position): '\(construct)' is outside OWL 2 EL, which the reasoner "
                + "answers; use 'and' and 'some' only"
        }
    }

    static func clip(_ text: String) -> String { text.count > 200 ? String(text.prefix(200)) + "…" : text }
}

/// Answers Manchester syntax class expressions over an ontology's labels, ids and CURIEs.
public enum DLQuery {
    /// Parses `text` and resolves its names: classes as term commands resolve them (labels, synonyms,
    /// ids, CURIEs, IRIs), properties by label, CURIE, local name or IRI.
    ///
    /// - Throws: `CuratorError.manchesterSyntax` for a syntax error, `DLQueryError` for an unknown
    ///   name or a construct outside EL.
    public static func expression(_ text: String, in kb: ClassifiedOntology) throws -> ClassExpression {
        let parsed = try ManchesterParser.parse(text)
        var properties: [String: String] = [:]
        for iri in kb.ontology.objectProperties {
            for key in [kb.ontology.label(ofIRI: iri), Ontology.shortID(of: iri), iri].compactMap({ $0 }) {
                properties[key.lowercased()] = properties[key.lowercased()] ?? iri
            }
            if let (prefix, local) = kb.ontology.prefixes.abbreviate(iri) { properties["\(prefix):\(local)".lowercased()] = iri }
        }
        var resolver = Resolver(text: text, kb: kb, properties: properties)
        return try resolver.resolve(parsed)
    }

    struct Resolver {
        let text: String
        let characters: [Character]
        let kb: ClassifiedOntology
        let properties: [String: String]
        /// Where the search for the next name's position starts: names are met in reading order.
        var cursor = 0

        init(text: String, kb: ClassifiedOntology, properties: [String: String]) {
            self.text = text
            self.characters = Array(text)
            self.kb = kb
            self.properties = properties
        }

        /// The 0-based offset of the next occurrence of `word` from the cursor (case-insensitive), if any.
        func find(_ word: String) -> Int? {
            let needle = Array(word.lowercased())
            guard !needle.isEmpty, characters.count >= needle.count, cursor <= characters.count - needle.count else { return nil }
            for start in cursor...(characters.count - needle.count) {
                var index = 0
                while index < needle.count, Character(characters[start + index].lowercased()) == needle[index] { index += 1 }
                if index == needle.count { return start }
            }
            return nil
        }

        /// The 1-based character position of the next occurrence of `name` (of its opening quote when
        /// quoted), moving past it.
        mutating func position(of name: String) -> Int {
            guard let start = find(name) else { return cursor + 1 }
            cursor = start + Array(name).count
            return start > 0 && (characters[start - 1] == "'" || characters[start - 1] == "\"") ? start : start + 1
        }

        /// The position of the next keyword, for constructs outside EL.
        func keywordPosition(_ keyword: String) -> Int {
            (find(keyword) ?? cursor) + 1
        }

        mutating func resolve(_ expression: ManchesterExpression) throws -> ClassExpression {
            switch expression {
            case .name(let name, _):
                let at = position(of: name)
                if let match = kb.resolver.resolve(name) { return .named(kb.ontology[match.classID].iri) }
                let suggestions = kb.suggestions(for: name, limit: 3).map { id in
                    kb.ontology[id].label.map { "'\($0)' (\(kb.ontology[id].shortID))" } ?? kb.ontology[id].shortID
                }
                throw DLQueryError.unknownName(expression: text, position: at, name: name, isProperty: false,
                                               suggestions: suggestions)
            case .iri(let iri):
                let at = position(of: iri)
                if kb.ontology.classID(of: iri) != nil { return .named(iri) }
                throw DLQueryError.unknownName(expression: text, position: at, name: iri, isProperty: false, suggestions: [])
            case .and(let operands):
                return .and(try operands.map { try resolve($0) })
            case .some(let property, let filler):
                let propertyIRI = try resolveProperty(property)
                return .some(property: propertyIRI, filler: try resolve(filler))
            case .or:
                throw DLQueryError.outsideEL(expression: text, position: keywordPosition(" or ") + 1, construct: "or")
            case .not:
                throw DLQueryError.outsideEL(expression: text, position: keywordPosition("not"), construct: "not")
            case .only:
                throw DLQueryError.outsideEL(expression: text, position: keywordPosition("only"), construct: "only")
            }
        }

        mutating func resolveProperty(_ property: ManchesterExpression) throws -> String {
            let name: String
            switch property {
            case .name(let value, _): name = value
            case .iri(let value): name = value
            default:
                throw DLQueryError.outsideEL(expression: text, position: position(of: "("), construct: "complex property")
            }
            let at = position(of: name)
            let key = name.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
            if let iri = properties[key] { return iri }
            let lowered = name.lowercased()
            var scored: [(name: String, score: Double)] = []
            for candidate in properties.keys where !candidate.contains(":") {
                let score = TermSearch.similarity(lowered, candidate)
                if score >= 0.6 { scored.append((candidate, score)) }
            }
            scored.sort { $0.score > $1.score || ($0.score == $1.score && $0.name < $1.name) }
            throw DLQueryError.unknownName(expression: text, position: at, name: name, isProperty: true,
                                           suggestions: scored.prefix(3).map { "'\($0.name)'" })
        }
    }
}
