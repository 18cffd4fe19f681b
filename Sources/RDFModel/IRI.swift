/// IRI reference resolution (RFC 3986 §5.2) and syntax checks used by parsers and writers.
public enum IRI {
    /// The components of an IRI reference.
    struct Components {
        var scheme: Substring?
        var authority: Substring?
        var path: Substring
        var query: Substring?
        var fragment: Substring?
    }

    static func split(_ reference: String) -> Components {
        var rest = Substring(reference)
        var fragment: Substring?
        if let hash = rest.firstIndex(of: "#") {
            fragment = rest[rest.index(after: hash)...]
            rest = rest[..<hash]
        }
        var query: Substring?
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var scheme: Substring?
        if let colon = rest.firstIndex(of: ":") {
            let candidate = rest[..<colon]
            if let first = candidate.first, first.isASCII, first.isLetter,
               candidate.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }) {
                scheme = candidate
                rest = rest[rest.index(after: colon)...]
            }
        }
        var authority: Substring?
        if rest.hasPrefix("//") {
            let afterSlashes = rest.index(rest.startIndex, offsetBy: 2)
            let end = rest[afterSlashes...].firstIndex(of: "/") ?? rest.endIndex
            authority = rest[afterSlashes..<end]
            rest = rest[end...]
        }
        return Components(scheme: scheme, authority: authority, path: rest, query: query, fragment: fragment)
    }

    /// True when `reference` has a scheme, i.e. is an absolute IRI.
    ///
    /// - Complexity: O(length of the scheme); this runs for every IRI a parser reads.
    public static func isAbsolute(_ reference: String) -> Bool {
        isAbsolute(utf8: reference.utf8)
    }

    /// True when the UTF-8 bytes of a reference start with a scheme (`ALPHA *(ALPHA / DIGIT / "+" / "-" / ".") ":"`).
    @inlinable
    public static func isAbsolute<Bytes: Sequence<UInt8>>(utf8: Bytes) -> Bool {
        var utf8 = utf8.makeIterator()
        guard let first = utf8.next(), (first | 0x20) >= 0x61 && (first | 0x20) <= 0x7A else { return false }
        while let byte = utf8.next() {
            switch byte {
            case UInt8(ascii: ":"): return true
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
                continue
            default: return false
            }
        }
        return false
    }

    /// Resolves `reference` against `base` (RFC 3986 §5.2.2, strict).
    ///
    /// - Parameters:
    ///   - reference: An IRI reference, absolute or relative.
    ///   - base: An absolute base IRI; when `nil`, `reference` is returned unchanged.
    public static func resolve(_ reference: String, against base: String?) -> String {
        let ref = split(reference)
        if ref.scheme != nil {
            return compose(scheme: ref.scheme, authority: ref.authority, path: removeDotSegments(ref.path),
                           query: ref.query, fragment: ref.fragment)
        }
        guard let base else { return reference }
        let baseParts = split(base)
        var authority: Substring?
        var path: String
        var query: Substring?
        if ref.authority != nil {
            authority = ref.authority
            path = removeDotSegments(ref.path)
            query = ref.query
        } else {
            authority = baseParts.authority
            if ref.path.isEmpty {
                path = String(baseParts.path)
                query = ref.query ?? baseParts.query
            } else {
                if ref.path.hasPrefix("/") {
                    path = removeDotSegments(ref.path)
                } else {
                    path = removeDotSegments(Substring(merge(base: baseParts, path: ref.path)))
                }
                query = ref.query
            }
        }
        return compose(scheme: baseParts.scheme, authority: authority, path: path, query: query, fragment: ref.fragment)
    }

    private static func merge(base: Components, path: Substring) -> String {
        if base.authority != nil && base.path.isEmpty { return "/" + path }
        if let slash = base.path.lastIndex(of: "/") {
            return String(base.path[...slash]) + path
        }
        return String(path)
    }

    /// RFC 3986 §5.2.4.
    static func removeDotSegments(_ input: Substring) -> String {
        if !input.contains(".") { return String(input) }
        var input = input
        var outputString = ""
        while !input.isEmpty {
            if input.hasPrefix("../") {
                input = input.dropFirst(3)
            } else if input.hasPrefix("./") {
                input = input.dropFirst(2)
            } else if input.hasPrefix("/./") {
                input = input.dropFirst(2)
            } else if input == "/." {
                input = "/"
            } else if input.hasPrefix("/../") {
                input = input.dropFirst(3)
                removeLastSegment(&outputString)
            } else if input == "/.." {
                input = "/"
                removeLastSegment(&outputString)
            } else if input == "." || input == ".." {
                input = ""
            } else {
                var end = input.startIndex
                if input.first == "/" { end = input.index(after: end) }
                end = input[end...].firstIndex(of: "/") ?? input.endIndex
                outputString += input[..<end]
                input = input[end...]
            }
        }
        return outputString
    }

    private static func removeLastSegment(_ output: inout String) {
        if let slash = output.lastIndex(of: "/") {
            output.removeSubrange(slash...)
        } else {
            output = ""
        }
    }

    private static func compose(scheme: Substring?, authority: Substring?, path: String,
                                query: Substring?, fragment: Substring?) -> String {
        var result = ""
        if let scheme { result += scheme; result += ":" }
        if let authority { result += "//"; result += authority }
        result += path
        if let query { result += "?"; result += query }
        if let fragment { result += "#"; result += fragment }
        return result
    }

    /// True for a byte no IRI may hold as itself: control characters, space, and
    /// `<` `>` `"` `{` `}` `|` `^` `` ` `` `\` (RFC 3987 §2.2; `IRIREF` in RDF 1.1 N-Triples and Turtle).
    @inline(__always)
    public static func isForbidden(_ byte: UInt8) -> Bool {
        switch byte {
        case 0...0x20, UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "{"),
             UInt8(ascii: "}"), UInt8(ascii: "|"), UInt8(ascii: "^"), UInt8(ascii: "`"), UInt8(ascii: "\\"):
            return true
        default:
            return false
        }
    }

    /// The first character of `iri` that no IRI may hold (see `isForbidden(_:)`), or nil.
    public static func firstForbiddenCharacter(in iri: String) -> Character? {
        guard let byte = iri.utf8.first(where: isForbidden) else { return nil }
        return Character(Unicode.Scalar(byte))
    }

    /// `iri` with every forbidden character percent-encoded (`a b` becomes `a%20b`), so that a writer
    /// never produces an IRI that a reader refuses. Other characters, `%` included, are kept.
    public static func percentEncodingForbiddenCharacters(_ iri: String) -> String {
        guard iri.utf8.contains(where: isForbidden) else { return iri }
        var result = ""
        result.reserveCapacity(iri.utf8.count + 8)
        for scalar in iri.unicodeScalars {
            if scalar.isASCII && isForbidden(UInt8(scalar.value)) {
                result += "%" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Returns a `file://` IRI for an absolute filesystem path, percent-encoding what IRIs forbid.
    public static func fileIRI(forPath path: String) -> String {
        var result = "file://"
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "/"), UInt8(ascii: "-"), UInt8(ascii: "_"),
                 UInt8(ascii: "."), UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: "="),
                 UInt8(ascii: "@"), UInt8(ascii: ":"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
