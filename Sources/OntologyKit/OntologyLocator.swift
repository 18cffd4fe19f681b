#if canImport(Glibc)
import Glibc
#endif

/// Finds the bundled PaNET release without any flag.
///
/// Order: an explicit path, then `PANET_ONTOLOGY`, then `share/panet/PaNET.owl` beside an installed
/// binary, then an `ontology/PaNET.owl` in a folder above the binary (a build folder inside the
/// checkout), then the checkout this binary was built from.
public enum OntologyLocator {
    /// The environment variable that overrides the bundled ontology.
    public static let environmentVariable = "PANET_ONTOLOGY"

    /// The ontology file to use.
    ///
    /// - Parameter explicitPath: The `--ontology` argument, if any.
    /// - Throws: `OntologyError.bundledOntologyNotFound` listing the places searched.
    public static func locate(explicitPath: String? = nil) throws -> String {
        if let explicitPath, !explicitPath.isEmpty { return explicitPath }
        if let fromEnvironment = getenv(environmentVariable).map({ String(cString: $0) }), !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        let candidates = bundledCandidates()
        for candidate in candidates where isReadableFile(candidate) {
            return candidate
        }
        throw OntologyError.bundledOntologyNotFound(searched: candidates)
    }

    /// Places searched for the bundled release, most specific first.
    static func bundledCandidates() -> [String] {
        var result: [String] = []
        if let executable = executablePath() {
            var directory = parent(of: executable)
            result.append(directory + "/../share/panet/PaNET.owl")
            for _ in 0..<6 {
                result.append(directory + "/ontology/PaNET.owl")
                let up = parent(of: directory)
                if up == directory { break }
                directory = up
            }
        }
        // The checkout the binary was built from: Sources/OntologyKit/ is two levels below the root.
        let sourceFile = #filePath
        let root = parent(of: parent(of: parent(of: sourceFile)))
        result.append(root + "/ontology/PaNET.owl")
        return result
    }

    static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func isReadableFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && access(path, R_OK) == 0
    }
}
