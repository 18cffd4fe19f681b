import OntologyKit
import RDFModel

/// The kinds of entity a template row can define.
enum EntityKind: Hashable {
    case owlClass, objectProperty, dataProperty, annotationProperty, individual

    var typeIRI: String {
        switch self {
        case .owlClass: return OWL.Class
        case .objectProperty: return OWL.ObjectProperty
        case .dataProperty: return OWL.DatatypeProperty
        case .annotationProperty: return OWL.AnnotationProperty
        case .individual: return OWL.NamedIndividual
        }
    }

    /// The kind a TYPE cell names, in ROBOT's spellings; nil for unknown names.
    static func named(_ text: String, expander: CURIEExpander) -> EntityKind?? {
        let value = text.trimmingSpaces()
        if value.isEmpty { return .some(nil) }
        switch expander.expand(value) ?? value.lowercased() {
        case OWL.Class, "class": return .owlClass
        case OWL.ObjectProperty, "object property": return .objectProperty
        case OWL.DatatypeProperty, OWL.namespace + "DataProperty", "data property", "datatype property": return .dataProperty
        case OWL.AnnotationProperty, "annotation property": return .annotationProperty
        case OWL.NamedIndividual, OWL.namespace + "Individual", "individual", "named individual": return .individual
        default: return nil
        }
    }
}

/// One pass over a template's rows.
struct Builder {
    let template: OntologyTemplate
    let expander: CURIEExpander
    var writer = OWLGraphWriter()
    var warnings: [TemplateWarning] = []
    /// Label → IRI per entity kind; a later row's label replaces an earlier one, as in ROBOT.
    var names: [EntityKind: [String: String]] = [:]
    /// Every (IRI, row) that defined a label, to explain ambiguous names.
    var definitions: [EntityKind: [String: [(iri: String, row: Int)]]] = [:]
    var declared: Set<String> = []
    var warned: Set<String> = []

    init(template: OntologyTemplate, expander: CURIEExpander) {
        self.template = template
        self.expander = expander
        // About a dozen triples per row (labels, synonyms, definition, axioms and their blank nodes).
        writer.reserveCapacity(template.rows.count * 12)
    }

    var source: String { template.source }

    // MARK: Rows

    /// The IRI and kind of a row, or nil for a row to skip: no ID, and no `LABEL` cell (ROBOT skips
    /// "rows with no ID or LABEL"; PaNET's templates up to 1.2.0 keep notes in such rows).
    func subject(of record: CSVRecord) throws -> (iri: String, kind: EntityKind)? {
        let id = record[template.idColumn.number - 1].trimmingSpaces()
        guard !id.isEmpty else {
            let hasLabel = template.columns.contains { $0.kind == .label && !record[$0.number - 1].allSatisfy(\.isBlank) }
            if hasLabel { throw CuratorError.missingID(source: source, row: record.line) }
            return nil
        }
        guard let iri = expander.expand(id) else {
            throw CuratorError.invalidCell(source: source, row: record.line, column: template.idColumn.number,
                                           header: template.idColumn.header, value: id,
                                           message: "not an IRI or a CURIE with a known prefix; give a full IRI or declare the prefix")
        }
        var kind = EntityKind.owlClass
        if let typeColumn = template.typeColumn {
            let cell = record[typeColumn.number - 1]
            // Any other TYPE names the class of an individual, as in ROBOT (checked in `individualRow`).
            guard let named = EntityKind.named(cell, expander: expander) else { return (iri, .individual) }
            if let named { kind = named } else if let existing = kindOfKnownIRI(iri) { kind = existing }
        }
        return (iri, kind)
    }

    func kindOfKnownIRI(_ iri: String) -> EntityKind? {
        for (kind, table) in names where table.values.contains(iri) { return kind }
        return nil
    }

    /// First pass: the labels of every row, so that expressions can refer to rows below them.
    mutating func collectNames() throws {
        guard let labelColumn = template.labelColumn else { return }
        for record in template.rows {
            guard let (iri, kind) = try subject(of: record) else { continue }
            for label in template.values(record, labelColumn) {
                names[kind, default: [:]][label] = iri
                definitions[kind, default: [:]][label, default: []].append((iri, record.line))
            }
        }
    }

    /// Second pass: the axioms and annotations of every row.
    mutating func processRows() throws {
        for record in template.rows {
            guard let (iri, kind) = try subject(of: record) else {
                if template.columns.contains(where: { !record[$0.number - 1].allSatisfy(\.isBlank) }) {
                    warnings.append(TemplateWarning(row: record.line, column: nil,
                                                    message: "the row has content but no ID or LABEL; skipped, as ROBOT does"))
                }
                continue
            }
            declared.insert(iri)
            writer.add(.iri(iri), RDF.type, .iri(kind.typeIRI))
            switch kind {
            case .owlClass: try classRow(iri, record)
            case .objectProperty, .dataProperty, .annotationProperty: try propertyRow(iri, kind, record)
            case .individual: try individualRow(iri, record)
            }
        }
    }

    mutating func annotate(_ iri: String, _ record: CSVRecord, _ column: TemplateColumn) throws {
        let property: String, valueKind: AnnotationValueKind
        switch column.kind {
        case .label: (property, valueKind) = (RDFS.label, .plain)
        case .annotation(let annotationProperty, let kind): (property, valueKind) = (annotationProperty, kind)
        default: return
        }
        for value in template.values(record, column) {
            let object: Term
            switch valueKind {
            case .plain: object = .literal(value)
            case .typed(let datatype): object = .literal(value, datatype: datatype)
            case .language(let language): object = .literal(value, language: language)
            case .iri:
                guard let target = expander.expand(value.trimmingSpaces()) else {
                    throw CuratorError.invalidCell(source: source, row: record.line, column: column.number, header: column.header,
                                                   value: value, message: "not an IRI or a CURIE with a known prefix")
                }
                object = .iri(target)
            }
            writer.add(.iri(iri), property, object)
        }
    }

    mutating func classRow(_ iri: String, _ record: CSVRecord) throws {
        var classType = "subclass"
        if let column = template.columns.first(where: { $0.kind == .classType }) {
            let value = record[column.number - 1].trimmingSpaces().lowercased()
            if !value.isEmpty { classType = value }
            guard ["subclass", "equivalent", "disjoint"].contains(classType) else {
                throw CuratorError.invalidCell(source: source, row: record.line, column: column.number, header: column.header,
                                               value: value, message: "unknown class type; use subclass, equivalent or disjoint")
            }
        }
        var equivalents: [OWLExpression] = []
        var intersected: [OWLExpression] = []
        for column in template.columns {
            switch column.kind {
            case .label, .annotation:
                try annotate(iri, record, column)
            case .subClass(let pattern):
                for value in template.values(record, column) {
                    writer.subClassOf(iri, try classExpression(value, pattern, record, column))
                }
            case .equivalentClass(let pattern):
                for value in template.values(record, column) { equivalents.append(try classExpression(value, pattern, record, column)) }
            case .disjointClass(let pattern):
                for value in template.values(record, column) {
                    writer.symmetric(iri, try classExpression(value, pattern, record, column), predicate: OWL.disjointWith)
                }
            case .classExpression, .classIRI:
                let pattern = if case .classExpression(let pattern) = column.kind { pattern } else { "%" }
                for value in template.values(record, column) {
                    let expression = try classExpression(value, pattern, record, column)
                    switch classType {
                    case "equivalent": intersected.append(expression)
                    case "disjoint": writer.symmetric(iri, expression, predicate: OWL.disjointWith)
                    default: writer.subClassOf(iri, expression)
                    }
                }
            default:
                continue
            }
        }
        // Several equivalent expressions in one row are one intersection (PaNET's ROBOT release).
        for group in [equivalents, intersected] where !group.isEmpty {
            writer.symmetric(iri, OWLExpression.nary(group, union: false), predicate: OWL.equivalentClass)
        }
    }

    /// A named individual: its classes (a `TYPE` that names a class, `TI %`), annotations and
    /// property assertions (`I property`).
    mutating func individualRow(_ iri: String, _ record: CSVRecord) throws {
        if let typeColumn = template.typeColumn {
            let cell = record[typeColumn.number - 1].trimmingSpaces()
            if case .some(.none) = EntityKind.named(cell, expander: expander) {
                // owl:NamedIndividual or empty: no class assertion.
            } else {
                let quoted = cell.hasPrefix("'")
                let name = quoted ? String(cell.dropFirst().dropLast()) : cell
                let type = try resolve(name, quoted: quoted, kind: .owlClass, record, typeColumn)
                guard ![OWL.namespace, RDF.namespace, RDFS.namespace].contains(where: { type.hasPrefix($0) }) else {
                    throw CuratorError.invalidCell(source: source, row: record.line, column: typeColumn.number, header: typeColumn.header,
                                                   value: cell, message: "unknown entity type; use owl:Class, owl:ObjectProperty, "
                                                       + "owl:DatatypeProperty, owl:AnnotationProperty, owl:NamedIndividual or a class")
                }
                writer.add(.iri(iri), RDF.type, .iri(type))
            }
        }
        for column in template.columns {
            switch column.kind {
            case .label, .annotation:
                try annotate(iri, record, column)
            case .typeAssertion(let pattern):
                for value in template.values(record, column) {
                    writer.add(.iri(iri), RDF.type, writer.node(try classExpression(value, pattern, record, column)))
                }
            case .propertyAssertion(let propertyName):
                for value in template.values(record, column) {
                    try assertProperty(propertyName, of: iri, value: value, record, column)
                }
            default:
                continue
            }
        }
    }

    /// `I property`: an object property assertion to the individual the cell names, or a data
    /// property assertion of the cell as a literal.
    mutating func assertProperty(_ propertyName: String, of iri: String, value: String, _ record: CSVRecord,
                                 _ column: TemplateColumn) throws {
        var name = propertyName.trimmingSpaces()
        let quoted = name.hasPrefix("'") && name.hasSuffix("'") && name.count >= 2
        if quoted { name = String(name.dropFirst().dropLast()) }
        if names[.dataProperty]?[name] != nil || (kindOfKnownIRI(expander.expand(name) ?? "") == .dataProperty) {
            let property = try resolve(name, quoted: quoted, kind: .dataProperty, record, column)
            writer.add(.iri(iri), property, .literal(value))
            return
        }
        let property = try resolve(name, quoted: quoted, kind: .objectProperty, record, column)
        let target = try resolve(value.trimmingSpaces(), quoted: false, kind: .individual, record, column)
        writer.add(.iri(iri), property, .iri(target))
    }

    static let characteristics: [String: String] = [
        "asymmetric": OWL.AsymmetricProperty, "functional": OWL.FunctionalProperty,
        "inversefunctional": OWL.InverseFunctionalProperty, "inverse functional": OWL.InverseFunctionalProperty,
        "irreflexive": OWL.IrreflexiveProperty, "reflexive": OWL.ReflexiveProperty, "symmetric": OWL.SymmetricProperty,
        "transitive": OWL.TransitiveProperty,
    ]

    mutating func propertyRow(_ iri: String, _ kind: EntityKind, _ record: CSVRecord) throws {
        for column in template.columns {
            switch column.kind {
            case .label, .annotation:
                try annotate(iri, record, column)
            case .characteristic:
                for value in template.values(record, column) {
                    let name = value.trimmingSpaces().lowercased()
                    guard let type = Builder.characteristics[name],
                          kind == .objectProperty || (kind == .dataProperty && name == "functional") else {
                        throw CuratorError.invalidCell(
                            source: source, row: record.line, column: column.number, header: column.header, value: value,
                            message: kind == .objectProperty
                                ? "unknown characteristic; use " + Builder.characteristics.keys.sorted().joined(separator: ", ")
                                : "this kind of property can only be functional")
                    }
                    writer.add(.iri(iri), RDF.type, .iri(type))
                }
            case .subProperty(let pattern):
                for value in template.values(record, column) {
                    let parsed = try parse(value, pattern, record, column)
                    guard case .name(let name, let quoted) = parsed else {
                        throw CuratorError.expressionSyntax(source: source, row: record.line, column: column.number,
                                                            header: column.header, message: "a super-property must be a single name")
                    }
                    writer.add(.iri(iri), RDFS.subPropertyOf, .iri(try resolve(name, quoted: quoted, kind: kind, record, column)))
                }
            case .domain(let pattern):
                for value in template.values(record, column) {
                    writer.add(.iri(iri), RDFS.domain, writer.node(try classExpression(value, pattern, record, column)))
                }
            case .range(let pattern):
                for value in template.values(record, column) {
                    if kind == .objectProperty {
                        writer.add(.iri(iri), RDFS.range, writer.node(try classExpression(value, pattern, record, column)))
                    } else {
                        guard let datatype = expander.expand(value.trimmingSpaces()) else {
                            throw CuratorError.invalidCell(source: source, row: record.line, column: column.number,
                                                           header: column.header, value: value, message: "not an IRI or a CURIE")
                        }
                        writer.add(.iri(iri), RDFS.range, .iri(datatype))
                    }
                }
            default:
                continue
            }
        }
    }

    // MARK: Expressions

    /// ROBOT's `QuotedEntityChecker.wrap`: a cell that starts with a quote or parenthesis is an
    /// expression; one with whitespace is a single label; anything else a single name.
    static func wrap(_ value: String) -> String {
        let trimmed = value.trimmingSpaces()
        if trimmed.hasPrefix("'") || trimmed.hasPrefix("\"") || trimmed.hasPrefix("(") { return value }
        if trimmed.containsWhitespace {
            return "'" + value.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'") + "'"
        }
        return trimmed
    }

    func parse(_ value: String, _ pattern: String, _ record: CSVRecord, _ column: TemplateColumn) throws -> ManchesterExpression {
        let text = pattern.replacingAll("%", with: Builder.wrap(value))
        do {
            return try ManchesterParser.parse(text)
        } catch {
            throw CuratorError.expressionSyntax(source: source, row: record.line, column: column.number, header: column.header,
                                                message: error.description)
        }
    }

    mutating func classExpression(_ value: String, _ pattern: String, _ record: CSVRecord,
                                  _ column: TemplateColumn) throws -> OWLExpression {
        try resolve(parse(value, pattern, record, column), record, column)
    }

    mutating func resolve(_ expression: ManchesterExpression, _ record: CSVRecord, _ column: TemplateColumn) throws -> OWLExpression {
        switch expression {
        case .name(let name, let quoted):
            return .named(try resolve(name, quoted: quoted, kind: .owlClass, record, column))
        case .iri(let iri):
            return .named(iri)
        case .and(let operands):
            return .nary(try operands.map { try resolve($0, record, column) }, union: false)
        case .or(let operands):
            return .nary(try operands.map { try resolve($0, record, column) }, union: true)
        case .not(let operand):
            return .not(try resolve(operand, record, column))
        case .some(let property, let filler), .only(let property, let filler):
            let propertyIRI: String
            switch property {
            case .name(let name, let quoted): propertyIRI = try resolve(name, quoted: quoted, kind: .objectProperty, record, column)
            case .iri(let iri): propertyIRI = iri
            default:
                throw CuratorError.expressionSyntax(source: source, row: record.line, column: column.number, header: column.header,
                                                    message: "the property of a restriction must be a single name")
            }
            let resolvedFiller = try resolve(filler, record, column)
            if case .some = expression { return .some(property: propertyIRI, filler: resolvedFiller) }
            return .only(property: propertyIRI, filler: resolvedFiller)
        }
    }

    /// The IRI for a name: a label of a template row of the right kind (exact, then trimmed), else a
    /// CURIE or IRI when unquoted.
    mutating func resolve(_ name: String, quoted: Bool, kind: EntityKind, _ record: CSVRecord,
                          _ column: TemplateColumn) throws -> String {
        let table = names[kind] ?? [:]
        if let (label, iri) = [name, name.trimmingSpaces()].lazy.compactMap({ key in table[key].map { (key, $0) } }).first {
            noteAmbiguity(label, iri: iri, kind: kind, record, column)
            return iri
        }
        if !quoted {
            if let iri = expander.expand(name) { return iri }
            if expander.looksLikeCURIE(name) {
                throw CuratorError.unknownPrefix(source: source, row: record.line, column: column.number, header: column.header,
                                                 curie: name)
            }
        }
        throw CuratorError.unknownName(source: source, row: record.line, column: column.number, header: column.header,
                                       name: name, suggestions: suggestions(for: name, in: Array(table.keys)))
    }

    mutating func noteAmbiguity(_ label: String, iri: String, kind: EntityKind, _ record: CSVRecord, _ column: TemplateColumn) {
        let owners = definitions[kind]?[label] ?? []
        let distinct = Set(owners.map(\.iri))
        guard distinct.count > 1 else { return }
        guard warned.insert("\(record.line)|\(column.number)|\(label)").inserted else { return }
        var seen: Set<String> = []
        let listing = owners.filter { seen.insert($0.iri).inserted }.map { "\(Ontology.shortName($0.iri)) (row \($0.row))" }
        warnings.append(TemplateWarning(
            row: record.line, column: column.number,
            message: "'\(label)' is the label of " + listing.joined(separator: " and ")
                + "; using \(Ontology.shortName(iri)), the last row to define it, as ROBOT does. Use a CURIE to choose"))
    }

    /// Up to three labels close to `name`; none for a name longer than `TermSearch.maximumQueryLength`
    /// bytes (no misspelling of a label), so that the work stays bounded.
    func suggestions(for name: String, in labels: [String]) -> [String] {
        guard name.utf8.count <= TermSearch.maximumQueryLength else { return [] }
        let key = name.lowercased()
        let keyLength = key.unicodeScalars.count
        let scored = labels.compactMap { label -> (String, Double)? in
            let candidate = label.lowercased()
            if candidate == key { return (label, 1) }
            if candidate.contains(key) || key.contains(candidate) && candidate.count > 3 { return (label, 0.9) }
            // The similarity is at most shorter / longer length: skip pairs that cannot reach 0.6.
            let candidateLength = candidate.unicodeScalars.count
            guard Double(min(keyLength, candidateLength)) >= 0.6 * Double(max(keyLength, candidateLength)) else { return nil }
            let score = Builder.similarity(key, candidate)
            return score >= 0.6 ? (label, score) : nil
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(3).map(\.0)
    }

    /// 1 − Levenshtein distance / longer length.
    static func similarity(_ a: String, _ b: String) -> Double {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        guard !x.isEmpty, !y.isEmpty else { return 0 }
        var previous = Array(0...y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1...x.count {
            current[0] = i
            for j in 1...y.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return 1 - Double(previous[y.count]) / Double(max(x.count, y.count))
    }

    // MARK: Finishing

    /// Merges the header, adds `owl:versionInfo`, and declares what OWL API would: classes and object
    /// properties used but not defined by a row, and annotation properties used.
    mutating func finish(metadata: [Triple], versionInfo: String?) {
        writer.add(contentsOf: metadata)
        let ontologyIRIs = metadata.filter { $0.predicate == .iri(RDF.type) && $0.object == .iri(OWL.Ontology) }
            .compactMap(\.subject.iriString)
        if let versionInfo {
            if let ontologyIRI = ontologyIRIs.first {
                writer.add(.iri(ontologyIRI), OWL.versionInfo, .literal(versionInfo))
            } else {
                warnings.append(TemplateWarning(row: nil, column: nil,
                                                message: "no owl:Ontology header to carry the version; give --metadata"))
            }
        }
        for iri in writer.usedClasses where !declared.contains(iri) && iri != OWL.Thing && iri != OWL.Nothing {
            declared.insert(iri)
            writer.add(.iri(iri), RDF.type, .iri(OWL.Class))
        }
        for iri in writer.usedProperties where !declared.contains(iri) {
            declared.insert(iri)
            writer.add(.iri(iri), RDF.type, .iri(OWL.ObjectProperty))
        }
        var annotationProperties: [String] = []
        var classesOfIndividuals: [String] = []
        let builtIn = [RDF.namespace, RDFS.namespace, OWL.namespace]
        let logical: Set<String> = [RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range]
        for triple in writer.triples {
            guard let predicate = triple.predicate.iriString else { continue }
            if predicate == RDF.type, let type = triple.object.iriString, !builtIn.contains(where: { type.hasPrefix($0) }) {
                classesOfIndividuals.append(type)
            } else if !logical.contains(predicate), !builtIn.contains(where: { predicate.hasPrefix($0) }) {
                annotationProperties.append(predicate)
            }
        }
        for iri in classesOfIndividuals where !declared.contains(iri) {
            declared.insert(iri)
            writer.add(.iri(iri), RDF.type, .iri(OWL.Class))
        }
        for iri in annotationProperties where !declared.contains(iri) {
            declared.insert(iri)
            writer.add(.iri(iri), RDF.type, .iri(OWL.AnnotationProperty))
        }
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, utf8.contains(target.utf8.first!) else { return self }
        return pieces(separatedBy: target).joined(separator: replacement)
    }

    /// The text between occurrences of `separator` (empty pieces kept), found by comparing UTF-8
    /// bytes: the standard library's generic `split(separator:)` on strings is slow.
    func pieces(separatedBy separator: String) -> [Substring] {
        let pattern = Array(separator.utf8)
        guard let first = pattern.first else { return [self[...]] }
        var result: [Substring] = []
        let bytes = utf8
        var start = bytes.startIndex, index = start
        while index < bytes.endIndex {
            // A separator starts on a lead byte, so both ends of every piece fall on scalar boundaries.
            if bytes[index] == first, bytes[index...].starts(with: pattern) {
                result.append(self[start..<index])
                index = bytes.index(index, offsetBy: pattern.count)
                start = index
            } else {
                index = bytes.index(after: index)
            }
        }
        result.append(self[start...])
        return result
    }
}

extension Ontology {
    /// The local name of an IRI, for messages.
    static func shortName(_ iri: String) -> String { shortID(of: iri) }
}
