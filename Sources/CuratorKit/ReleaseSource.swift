public import OntologyKit
import RDFModel
import RDFParsing
import RDFStore
#if canImport(Glibc)
import Glibc
#endif

/// A release to add to a history: a source folder (ROBOT template and header, built in-process) or
/// a release file (RDF/XML, Turtle ...).
public struct ReleaseSource: Sendable {
    /// The release name (`1.2.0`).
    public var name: String
    /// The folder or file.
    public var path: String

    /// A release named by the argument `NAME=PATH`, or by the version in the path's last component
    /// (`v1.2.0`, `PaNET-v1.1.1.owl`); nil when neither gives one.
    public init?(argument: String) {
        if let equals = argument.firstIndex(of: "="), equals != argument.startIndex {
            name = String(argument[..<equals])
            path = String(argument[argument.index(after: equals)...])
            return
        }
        path = argument
        var last = Substring(argument)
        while last.hasSuffix("/") { last = last.dropLast() }
        if let slash = last.lastIndex(of: "/") { last = last[last.index(after: slash)...] }
        for suffix in [".owl", ".rdf", ".ttl", ".nt", ".xml"] where last.lowercased().hasSuffix(suffix) {
            last = last.dropLast(suffix.count)
        }
        // The version is the last run of the name that starts with a digit after 'v', '-' or '_'.
        let pieces = last.split(whereSeparator: { $0 == "-" || $0 == "_" })
        guard let candidate = pieces.last.map(String.init), ReleaseHistory.versionKey(candidate) != nil else { return nil }
        name = candidate.hasPrefix("v") || candidate.hasPrefix("V") ? String(candidate.dropFirst()) : candidate
    }

    /// Loads and classifies the release. A folder must hold one template (`.csv`, `.tsv`) and at most
    /// one header (`.ttl`); `lenientHeader` is passed to the build.
    ///
    /// - Returns: The classified release and the build's warnings (none for a file).
    /// - Throws: `CuratorError` or `RDFParsingError` naming the file that failed.
    public func load(lenientHeader: Bool) throws -> (ontology: ClassifiedOntology, warnings: [TemplateWarning]) {
        guard let entries = ReleaseSource.directoryEntries(path) else {
            return (try ClassifiedOntology.load(path: path, useCache: false), [])
        }
        let templates = entries.filter { $0.lowercased().hasSuffix(".csv") || $0.lowercased().hasSuffix(".tsv") }
        let headers = entries.filter { $0.lowercased().hasSuffix(".ttl") }
        guard templates.count == 1, headers.count <= 1 else {
            throw CuratorError.io(path: path, message: "a release folder needs one ROBOT template (.csv or .tsv) and at most one "
                + "header (.ttl); found \(templates.count) templates and \(headers.count) headers")
        }
        let folder = path.hasSuffix("/") ? path : path + "/"
        let options = TemplateBuildOptions(metadataPath: headers.first.map { folder + $0 }, lenientHeader: lenientHeader)
        let build = try TemplateBuilder.build(templatePath: folder + templates[0], options: options)
        var store = TripleStore()
        for triple in build.triples { _ = store.insert(triple) }
        let ontology = Ontology(store: store, source: path)
        guard !ontology.classes.isEmpty else { throw OntologyError.noClasses(source: path) }
        let warnings = build.warnings.map { warning in
            var located = warning
            if located.source == nil { located.source = folder + templates[0] }
            return located
        }
        return (ClassifiedOntology(ontology: ontology), warnings)
    }

    /// The names in the folder at `path`, sorted, without hidden ones; nil when it is not a folder.
    static func directoryEntries(_ path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted()
    }
}
