import DatasetCatalog
import Foundation
import Hummingbird
import HTTPTypes
import NIOCore

/// Decoding of query strings and form bodies (`application/x-www-form-urlencoded`), strict about
/// UTF-8: a value that does not decode to valid UTF-8 is a 400, never a replacement character.
enum FormDecoding {
    /// The name/value pairs of `text` (`a=1&b=x+y`), with `+` as space and percent escapes decoded.
    ///
    /// - Throws: `APIError` 400 on a bad escape or invalid UTF-8.
    static func pairs(_ text: Substring) throws -> [(String, String)] {
        // Cut on UTF-8 bytes (`&` and `=` are ASCII): splitting the characters costs more than the rest.
        var result: [(String, String)] = []
        let bytes = text.utf8
        var start = bytes.startIndex
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.endIndex
            if start < end {
                let part = text[start..<end]
                if let equals = part.utf8.firstIndex(of: UInt8(ascii: "=")) {
                    result.append((try decode(part[..<equals], plusAsSpace: true),
                                   try decode(part[part.utf8.index(after: equals)...], plusAsSpace: true)))
                } else {
                    result.append((try decode(part, plusAsSpace: true), ""))
                }
            }
            start = end < bytes.endIndex ? bytes.index(after: end) : end
        }
        return result
    }

    /// Percent-decodes `text`.
    static func decode(_ text: Substring, plusAsSpace: Bool) throws -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw APIError.badRequest("malformed percent escape in URL or form")
                }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "+") where plusAsSpace:
                bytes.append(UInt8(ascii: " "))
            default:
                bytes.append(byte)
            }
        }
        guard let string = String(validating: bytes, as: UTF8.self) else {
            throw APIError.badRequest("invalid UTF-8 in URL or form")
        }
        return string
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

/// The decoded query parameters of a request.
struct QueryParameters {
    /// The name/value pairs, in order.
    let pairs: [(String, String)]

    init(_ request: Request) throws {
        pairs = try request.uri.query.map { try FormDecoding.pairs($0[...]) } ?? []
    }

    init(pairs: [(String, String)]) {
        self.pairs = pairs
    }

    /// The first value of `name`.
    subscript(name: String) -> String? { pairs.first { $0.0 == name }?.1 }

    /// Every value of `name`.
    func all(_ name: String) -> [String] { pairs.filter { $0.0 == name }.map(\.1) }

    /// A non-negative integer parameter within `range`, or `defaultValue` when absent.
    func integer(_ name: String, default defaultValue: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = self[name], !text.isEmpty else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.badRequest("'\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A boolean parameter (`true`/`false`/`1`/`0`), or `defaultValue` when absent.
    func flag(_ name: String, default defaultValue: Bool = false) throws -> Bool {
        guard let text = self[name] else { return defaultValue }
        switch text.lowercased() {
        case "", "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw APIError.badRequest("'\(name)' must be true or false")
        }
    }
}

extension Response {
    /// A JSON response with `value` as its body.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        json(body: value.responseBody, status: status)
    }

    /// A JSON response with a body serialised before (see `ServedOntology.recordBody`).
    static func json(body: ByteBuffer, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }

    /// A response with `text` as its body and `contentType`.
    static func text(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

extension JSONValue {
    /// The value as a JSON response body: compact, one trailing newline.
    var responseBody: ByteBuffer {
        var bytes: [UInt8] = []
        write(into: &bytes)
        bytes.append(UInt8(ascii: "\n"))
        return ByteBuffer(bytes: bytes)
    }
}

extension Request {
    /// The whole body, refusing one longer than `limit` bytes (413).
    func collectBody(limit: Int) async throws -> ByteBuffer {
        if let length = headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw APIError(.contentTooLarge, "request body too large (limit \(limit) bytes)")
        }
        do {
            return try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "request body too large (limit \(limit) bytes)")
        }
    }

    /// The media type of the body (`application/json`), lower-cased, without parameters.
    var mediaType: String? {
        headers[.contentType].map { ($0.split(separator: ";").first ?? "").trimmingCharacters(in: .whitespaces).lowercased() }
    }
}

/// The body text as UTF-8, or a 400.
func utf8Text(_ buffer: ByteBuffer) throws -> String {
    guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
        throw APIError.badRequest("request body is not valid UTF-8")
    }
    return text
}
