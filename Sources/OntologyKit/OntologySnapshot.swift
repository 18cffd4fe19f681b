import RDFModel
import RDFParsing
import RDFStore
#if canImport(Glibc)
import Glibc
#endif

/// A compiled snapshot of a parsed and classified ontology, cached on disk so that later runs skip
/// parsing and classification.
///
/// Snapshots live in `$PANET_CACHE_DIR`, else `$XDG_CACHE_HOME/panet`, else `~/.cache/panet`, named
/// by a hash of the source file's bytes. They are written atomically, and a snapshot that fails to
/// read (truncated, corrupt, older format) is silently rebuilt. `PANET_NO_CACHE=1` turns caching off.
enum OntologySnapshot {
    static let magic: UInt64 = 0x504E_4554_534E_4150  // "PNETSNAP"
    static let formatVersion: UInt32 = 4

    /// The cache directory, or nil when caching is off or no home is known.
    static var directory: String? {
        func environment(_ name: String) -> String? {
            guard let value = getenv(name) else { return nil }
            let text = String(cString: value)
            return text.isEmpty ? nil : text
        }
        if environment("PANET_NO_CACHE").map({ $0 != "0" }) == true { return nil }
        if let explicit = environment("PANET_CACHE_DIR") { return explicit }
        if let xdg = environment("XDG_CACHE_HOME") { return xdg + "/panet" }
        if let home = environment("HOME") { return home + "/.cache/panet" }
        return nil
    }

    /// Reads a whole file, or nil: one read into a buffer sized from `fstat`, then more reads only
    /// if the file grew meanwhile.
    static func readFile(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        var capacity = max(Int(info.st_size), 0) + 1
        while true {
            var failed = false
            // Read into uninitialised memory: zero-filling first would touch every page twice.
            let result = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                while initialized < buffer.count {
                    let got = read(descriptor, buffer.baseAddress! + initialized, buffer.count - initialized)
                    if got < 0 && errno == EINTR { continue }
                    if got < 0 { failed = true }
                    if got <= 0 { return }
                    initialized += got
                }
            }
            if failed { return nil }
            if result.count < capacity { return result }
            // The file grew since `fstat`: start over with more room.
            guard lseek(descriptor, 0, SEEK_SET) == 0 else { return nil }
            capacity *= 2
        }
    }

    /// The cache file for a source with these bytes.
    static func cachePath(for source: [UInt8]) -> String? {
        guard let directory else { return nil }
        return directory + "/" + source.withUnsafeBytes(ContentHash.hexDigest(of:)) + ".snapshot"
    }

    /// The layout: the ontology view (what lookups read), the classification, then the triple
    /// store as one block, decoded only when a command asks for the triples.
    static func encode(_ kb: ClassifiedOntology) -> [UInt8] {
        var writer = BinaryWriter()
        writer.write(magic)
        writer.write(formatVersion)
        writeView(kb.ontology, to: &writer)
        let classification = kb.classification
        // The complete hierarchy, the kinds, then the own classes' hierarchy when it differs.
        let hierarchy = classification.completeHierarchy
        for lists in [hierarchy.superclasses, hierarchy.parents, hierarchy.children, hierarchy.equivalents] {
            for list in lists { writer.write(list.map { UInt32($0) }) }
        }
        writer.write(classification.kinds.map { UInt32(TermKind.allCases.firstIndex(of: $0) ?? 0) })
        if classification.kinds.contains(.foreign) {
            let own = classification.hierarchy
            for lists in [own.superclasses, own.parents, own.children, own.equivalents] {
                for list in lists { writer.write(list.map { UInt32($0) }) }
            }
        }
        writer.write(classification.unsatisfiable.map { UInt32($0) })
        writer.write(classification.subsumptionCount)
        writer.write(classification.ignored.count)
        for (name, count) in classification.ignored.sorted(by: { $0.key < $1.key }) {
            writer.write(name)
            writer.write(count)
        }
        writer.write(classification.undeclaredClasses.count)
        for iri in classification.undeclaredClasses { writer.write(iri) }
        writer.write(classification.duration)
        var storeWriter = BinaryWriter()
        kb.ontology.store.writeSnapshot(to: &storeWriter)
        writer.writeBlock(storeWriter.bytes)
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8], source: String) throws -> ClassifiedOntology {
        var reader = BinaryReader(bytes)
        guard try reader.readUInt64() == magic, try reader.readUInt32() == formatVersion else {
            throw BinaryReadError.malformed("not a snapshot of this format")
        }
        let view = try readView(from: &reader)
        let classCount = view.classes.count
        func readLists() throws -> [[ClassID]] {
            var lists: [[ClassID]] = []
            lists.reserveCapacity(classCount)
            for _ in 0..<classCount {
                let ids = try reader.readUInt32Array()
                guard ids.allSatisfy({ Int($0) < classCount }) else { throw BinaryReadError.malformed("class id") }
                lists.append(ids.map { ClassID($0) })
            }
            return lists
        }
        let superclasses = try readLists(), parents = try readLists(), children = try readLists(), equivalents = try readLists()
        let kindNumbers = try reader.readUInt32Array()
        guard kindNumbers.count == classCount, kindNumbers.allSatisfy({ Int($0) < TermKind.allCases.count }) else {
            throw BinaryReadError.malformed("class kinds")
        }
        let kinds = kindNumbers.map { TermKind.allCases[Int($0)] }
        var ownLists: [[[ClassID]]] = []
        if kinds.contains(.foreign) { for _ in 0..<4 { ownLists.append(try readLists()) } }
        let unsatisfiable = try reader.readUInt32Array().map { ClassID($0) }
        guard unsatisfiable.allSatisfy({ Int($0) < classCount }) else { throw BinaryReadError.malformed("class id") }
        let subsumptionCount = try reader.readInt()
        var ignored: [String: Int] = [:]
        for _ in 0..<(try reader.readCount()) {
            let name = try reader.readString()
            ignored[name] = try reader.readInt()
        }
        var undeclared: [String] = []
        for _ in 0..<(try reader.readCount()) { undeclared.append(try reader.readString()) }
        let duration = try reader.readDouble()
        let storeBytes = try reader.readBlock()
        guard reader.isAtEnd else { throw BinaryReadError.malformed("trailing bytes") }
        let store = Deferred<TripleStore> {
            var storeReader = BinaryReader(storeBytes)
            if let store = try? TripleStore(snapshot: &storeReader), storeReader.isAtEnd { return store }
            // Only a snapshot damaged inside the store block gets here: read the source instead.
            do {
                return try TripleStore(loading: .file(source))
            } catch {
                fatalError("panet: the cached snapshot of \(source) is damaged and the file cannot be read again: \(error)")
            }
        }
        let ontology = Ontology(store: store, source: source, ontologyIRI: view.ontologyIRI, versionIRI: view.versionIRI,
                                versionInfo: view.versionInfo, classes: view.classes,
                                objectProperties: view.objectProperties, prefixes: view.prefixes)
        let complete = ClassHierarchy(superclasses: superclasses, parents: parents, children: children,
                                      equivalents: equivalents, excluded: Set(unsatisfiable))
        var hierarchy = complete
        if ownLists.count == 4 {
            let foreign = kinds.indices.lazy.filter { kinds[$0] == .foreign }.map { ClassID($0) }
            hierarchy = ClassHierarchy(superclasses: ownLists[0], parents: ownLists[1], children: ownLists[2],
                                       equivalents: ownLists[3], excluded: Set(unsatisfiable).union(foreign))
        }
        let classification = Classification(
            hierarchy: hierarchy, completeHierarchy: complete, kinds: kinds,
            subsumptionCount: subsumptionCount, equivalenceSets: complete.equivalenceSets,
            unsatisfiable: unsatisfiable, ignored: ignored, undeclaredClasses: undeclared, duration: duration)
        return ClassifiedOntology(ontology: ontology, classification: classification)
    }

    /// The parts of an `Ontology` a snapshot stores, apart from its triples.
    struct View {
        var ontologyIRI, versionIRI, versionInfo: String?
        var classes: [OntologyClass]
        var objectProperties: [String]
        var prefixes: PrefixMap
    }

    static func writeView(_ ontology: Ontology, to writer: inout BinaryWriter) {
        writer.write(ontology.ontologyIRI)
        writer.write(ontology.versionIRI)
        writer.write(ontology.versionInfo)
        func write(_ texts: [LocalizedText]) {
            writer.write(texts.count)
            for text in texts {
                writer.write(text.value)
                writer.write(text.language)
            }
        }
        func write(_ strings: [String]) {
            writer.write(strings.count)
            for string in strings { writer.write(string) }
        }
        writer.write(ontology.classes.count)
        for item in ontology.classes {
            writer.write(item.iri)
            writer.write(item.shortID)
            write(item.labels)
            writer.write(item.synonyms.count)
            for synonym in item.synonyms {
                writer.write(synonym.value)
                writer.write(synonym.language)
                writer.write(synonym.kind.rawValue)
            }
            write(item.definitions)
            write(item.definitionSources)
            write(item.comments)
            writer.write(item.isDeprecated)
            write(item.replacedBy)
        }
        write(ontology.objectProperties)
        writer.write(ontology.prefixes.entries.count)
        for entry in ontology.prefixes.entries {
            writer.write(entry.prefix)
            writer.write(entry.namespace)
        }
    }

    static func readView(from reader: inout BinaryReader) throws -> View {
        let ontologyIRI = try reader.readOptionalString()
        let versionIRI = try reader.readOptionalString()
        let versionInfo = try reader.readOptionalString()
        func readTexts() throws -> [LocalizedText] {
            try (0..<reader.readCount()).map { _ in
                LocalizedText(try reader.readString(), language: try reader.readOptionalString())
            }
        }
        func readStrings() throws -> [String] {
            try (0..<reader.readCount()).map { _ in try reader.readString() }
        }
        var classes: [OntologyClass] = []
        let classCount = try reader.readCount()
        classes.reserveCapacity(classCount)
        for _ in 0..<classCount {
            var item = OntologyClass(iri: try reader.readString(), shortID: try reader.readString())
            item.labels = try readTexts()
            item.synonyms = try (0..<reader.readCount()).map { _ in
                let value = try reader.readString(), language = try reader.readOptionalString()
                guard let kind = SynonymKind(rawValue: try reader.readString()) else { throw BinaryReadError.malformed("synonym kind") }
                return Synonym(value: value, language: language, kind: kind)
            }
            item.definitions = try readTexts()
            item.definitionSources = try readStrings()
            item.comments = try readTexts()
            item.isDeprecated = try reader.readBool()
            item.replacedBy = try readStrings()
            classes.append(item)
        }
        let objectProperties = try readStrings()
        var prefixes = PrefixMap()
        for _ in 0..<(try reader.readCount()) {
            let prefix = try reader.readString()
            prefixes.set(prefix, try reader.readString())
        }
        return View(ontologyIRI: ontologyIRI, versionIRI: versionIRI, versionInfo: versionInfo, classes: classes,
                    objectProperties: objectProperties, prefixes: prefixes)
    }

    /// How many snapshots the cache keeps; older ones are removed when a new one is written.
    static let retained = 16

    /// Writes a snapshot; failures only cost the next run some time, so they are ignored.
    static func store(_ kb: ClassifiedOntology, at path: String) {
        guard let slash = path.lastIndex(of: "/") else { return }
        let directory = String(path[..<slash])
        makeDirectories(directory)
        try? AtomicFile.write(encode(kb), to: path)
        prune(directory)
    }

    /// Removes all but the `retained` most recently modified snapshots.
    static func prune(_ directory: String) {
        guard let handle = opendir(directory) else { return }
        var snapshots: [(path: String, modified: Int)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name.hasSuffix(".snapshot") else { continue }
            var info = stat()
            let path = directory + "/" + name
            if stat(path, &info) == 0 { snapshots.append((path, Int(info.st_mtim.tv_sec))) }
        }
        closedir(handle)
        guard snapshots.count > retained else { return }
        for old in snapshots.sorted(by: { $0.modified > $1.modified }).dropFirst(retained) { unlink(old.path) }
    }

    static func makeDirectories(_ path: String) {
        var index = path.startIndex
        while let slash = path[path.index(after: index)...].firstIndex(of: "/") {
            mkdir(String(path[..<slash]), 0o755)
            index = slash
        }
        mkdir(path, 0o755)
    }
}
