internal import CRaptor2
public import RDFModel

/// Writes RDF/XML through libraptor2's `rdfxml-abbrev` serializer (typed nodes, nested blank nodes).
public enum RDFXMLWriter {
    /// The RDF/XML document for `triples`, declaring `prefixes` as XML namespaces.
    ///
    /// The corresponding C functions are `raptor_new_serializer`, `raptor_serializer_start_to_string`,
    /// `raptor_serializer_serialize_statement` and `raptor_serializer_serialize_end`.
    /// - Throws: `RDFParsingError.io` when raptor fails.
    public static func string(_ triples: [Triple], prefixes: PrefixMap = .standard, baseIRI: String? = nil) throws -> String {
        try RaptorLock.serialized { try serialize(triples, prefixes: prefixes, baseIRI: baseIRI) }
    }

    private static func serialize(_ triples: [Triple], prefixes: PrefixMap, baseIRI: String?) throws -> String {
        guard let world = craptor_new_world(try RaptorLibrary.load(for: "<rdfxml>")) else {
            throw RDFParsingError.io(path: "<rdfxml>", message: "cannot initialise libraptor2")
        }
        defer { raptor.free_world(world) }
        guard raptor.world_open(world) == 0, let serializer = raptor.new_serializer(world, "rdfxml-abbrev") else {
            throw RDFParsingError.io(path: "<rdfxml>", message: "cannot create the RDF/XML serializer")
        }
        defer { raptor.free_serializer(serializer) }
        var base: OpaquePointer?
        if let baseIRI { base = uri(world, baseIRI) }
        defer { if let base { raptor.free_uri(base) } }
        var buffer: UnsafeMutableRawPointer?
        var length = 0
        guard raptor.serializer_start_to_string(serializer, base, &buffer, &length) == 0 else {
            throw RDFParsingError.io(path: "<rdfxml>", message: "cannot start the RDF/XML serializer")
        }
        for (prefix, namespace) in prefixes.entries {
            guard let namespaceURI = uri(world, namespace) else { continue }
            prefix.withCString { raptor.serializer_set_namespace(serializer, namespaceURI, UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self)) }
            raptor.free_uri(namespaceURI)
        }
        for triple in triples {
            guard let subject = term(world, triple.subject), let predicate = term(world, triple.predicate),
                  let object = term(world, triple.object) else {
                throw RDFParsingError.io(path: "<rdfxml>", message: "cannot convert a term for RDF/XML")
            }
            // The statement takes ownership of the three terms.
            guard let statement = raptor.new_statement_from_nodes(world, subject, predicate, object, nil) else {
                throw RDFParsingError.io(path: "<rdfxml>", message: "cannot build a statement")
            }
            let status = raptor.serializer_serialize_statement(serializer, statement)
            raptor.free_statement(statement)
            if status != 0 {
                throw RDFParsingError.io(path: "<rdfxml>", message: "RDF/XML cannot express a triple (predicate \(triple.predicate))")
            }
        }
        raptor.serializer_serialize_end(serializer)
        guard let buffer else { return "" }
        defer { raptor.free_memory(buffer) }
        return String(decoding: UnsafeRawBufferPointer(start: buffer, count: length), as: UTF8.self)
    }

    private static func uri(_ world: OpaquePointer, _ text: String) -> OpaquePointer? {
        var copy = text
        return copy.withUTF8 { raptor.new_uri_from_counted_string(world, $0.baseAddress, $0.count) }
    }

    private static func term(_ world: OpaquePointer, _ term: Term) -> UnsafeMutablePointer<raptor_term>? {
        switch term {
        case .iri(let iri):
            var copy = iri
            return copy.withUTF8 { raptor.new_term_from_counted_uri_string(world, $0.baseAddress, $0.count) }
        case .blankNode(let label):
            var copy = label
            return copy.withUTF8 { raptor.new_term_from_counted_blank(world, $0.baseAddress, $0.count) }
        case .literal(let literal):
            let lexical = literal.lexicalForm
            let lexicalLength = lexical.utf8.count
            var datatype: OpaquePointer?
            if literal.language == nil && literal.datatype != XSD.string { datatype = uri(world, literal.datatype) }
            defer { if let datatype { raptor.free_uri(datatype) } }
            return lexical.withCString { text in
                let bytes = UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self)
                if let language = literal.language {
                    return language.withCString { tag in
                        raptor.new_term_from_counted_literal(world, bytes, lexicalLength, nil,
                                                             UnsafeRawPointer(tag).assumingMemoryBound(to: UInt8.self),
                                                             UInt8(min(language.utf8.count, 255)))
                    }
                }
                return raptor.new_term_from_counted_literal(world, bytes, lexicalLength, datatype, nil, 0)
            }
        }
    }
}
