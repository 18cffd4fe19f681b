/// String escaping shared by the writers of every output format.
public enum TextEscaping {
    /// A JSON string literal (RFC 8259 §7), quotes included.
    public static func jsonQuoted(_ text: String) -> String {
        var result = "\""
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    result += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// The body of an N-Triples / Turtle string literal: `"` `\` and line breaks escaped, other
    /// control characters as `\uXXXX` (RDF 1.1 N-Triples §7).
    public static func nTriplesString(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\u" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Text for XML 1.0 character data (`attribute: false`) or a quoted attribute value: `&`, `<`,
    /// `>` as entities, carriage returns as `&#xD;` (a parser would read a raw one as a line feed), and
    /// in attributes also `"`, tab and line feed, which attribute-value normalisation would change.
    /// Nil when `text` holds a character XML 1.0 cannot carry at all (C0 controls other than tab, line
    /// feed and carriage return; U+FFFE, U+FFFF).
    public static func xml(_ text: String, attribute: Bool) -> String? {
        let needsWork = text.utf8.contains { byte in
            byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte < 0x20 || byte == 0xEF
        }
        guard needsWork else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where attribute: result += "&quot;"
            case "\r": result += "&#xD;"
            case "\n" where attribute: result += "&#xA;"
            case "\t" where attribute: result += "&#x9;"
            case "\n", "\t": result.unicodeScalars.append(scalar)
            default:
                guard isXMLCharacter(scalar) else { return nil }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The longest text an error message quotes, in characters.
    public static let messageQuoteLimit = 200

    /// `text` for quoting in an error message: control characters dropped, cut to
    /// `messageQuoteLimit` characters with `…` after a cut.
    ///
    /// - Complexity: Stops after `messageQuoteLimit` characters, whatever the length of `text`.
    public static func clippedForMessage(_ text: some StringProtocol) -> String {
        var result = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars where scalar.value >= 0x20 && scalar.value != 0x7F {
            if count == messageQuoteLimit { return String(result) + "…" }
            result.append(scalar)
            count += 1
        }
        return String(result)
    }

    /// UTF-8 bytes as text, with each byte that is not part of a valid sequence (including encoded
    /// surrogates) shown as `\xNN`, for error messages about invalid input.
    public static func showingInvalidUTF8(_ bytes: some Collection<UInt8>) -> String {
        let bytes = Array(bytes)
        var result = ""
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0
            if length > 0, index + length <= bytes.count,
               let text = String(validating: bytes[index..<index + length], as: UTF8.self) {
                result += text
                index += length
            } else {
                result += "\\x" + String(lead, radix: 16, uppercase: true).leftPadded(to: 2)
                index += 1
            }
        }
        return result
    }

    /// Whether XML 1.0 allows `scalar` in a document (its `Char` production).
    public static func isXMLCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return true
        case 0..<0x20, 0xFFFE, 0xFFFF: return false
        default: return true
        }
    }
}
