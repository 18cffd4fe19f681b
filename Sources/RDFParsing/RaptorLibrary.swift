internal import CRaptor2

/// libraptor2, opened with dlopen the first time RDF/XML is read, so that commands
/// which never touch RDF/XML do not pay for loading it and its thirty dependent libraries.
enum RaptorLibrary {
    // Written once by Swift's thread-safe lazy initialisation of a static, read-only afterwards.
    nonisolated(unsafe) private static let loaded: (table: UnsafePointer<craptor_api>?, error: String) = {
        var message: UnsafePointer<CChar>?
        let table = craptor_load(&message)
        return (table, message.map { String(cString: $0) } ?? "unknown error")
    }()

    /// The function table.
    ///
    /// - Parameter name: The document being read, for the error message.
    /// - Throws: `RDFParsingError.io` when libraptor2 cannot be opened.
    static func load(for name: String) throws -> UnsafePointer<craptor_api> {
        guard let table = loaded.table else {
            throw RDFParsingError.io(path: name, message: "reading and writing RDF/XML needs libraptor2 "
                                     + "(Debian: apt-get install libraptor2-0): \(loaded.error)")
        }
        return table
    }

    /// The table once `load(for:)` has succeeded (the C callbacks run only after that).
    static var table: UnsafePointer<craptor_api> {
        guard let table = loaded.table else { preconditionFailure("libraptor2 used before it was loaded") }
        return table
    }
}

/// libraptor2's functions, by their C names without the `raptor_` prefix.
var raptor: craptor_api { RaptorLibrary.table.pointee }
