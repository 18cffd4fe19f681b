import OntologyKit
import DatasetCatalog
import Hummingbird
import Logging
import NIOCore

/// `POST /api/annotate` and `GET /api/datasets`: the annotator and the dataset index over HTTP.
struct DatasetController<Context: RequestContext> {
    let ontologies: OntologyService
    let configuration: ServerConfiguration
    /// The index opened at start-up, if `--db` was given.
    let index: DatasetIndex?

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.post("annotate", use: annotate)
        routes.get("datasets", use: datasets)
        return routes
    }

    /// `POST /api/annotate`: a JSON record (PaNOSC dataset, SciCat dataset, DataCite JSON…) or an array
    /// of them; answers the records as they came plus their `panet` annotation, in the same shape
    /// (an object for an object, an array for an array).
    @Sendable func annotate(_ request: Request, context: Context) async throws -> Response {
        guard let type = request.mediaType else {
            throw APIError(.unsupportedMediaType, "missing Content-Type; send application/json")
        }
        guard type == "application/json" || type.hasSuffix("+json") else {
            throw APIError(.unsupportedMediaType, "unsupported Content-Type '\(clipForMessage(type))'; send application/json")
        }
        let text = try utf8Text(try await request.collectBody(limit: configuration.maxBodySize))
        let value: JSONValue
        do {
            value = try JSONValue.parse(text, source: "body")
        } catch let error as DatasetCatalogError {
            throw APIError.badRequest("malformed JSON body: \(error.clientMessage)")
        }
        let isArray: Bool
        let items: [JSONValue]
        switch value {
        case .array(let elements): (isArray, items) = (true, elements)
        case .object: (isArray, items) = (false, [value])
        default: throw APIError.badRequest("send one record (a JSON object) or an array of records")
        }
        let served = ontologies.current
        var records: [DatasetRecord] = []
        for (number, item) in items.enumerated() {
            guard case .object = item else { throw APIError.badRequest("record \(number + 1) is not a JSON object") }
            do {
                records += try JSONRecordReader.records(in: item.jsonText, source: "request", position: "record \(number + 1)",
                                                        ordinal: number + 1)
            } catch let error as DatasetCatalogError {
                throw APIError.badRequest("record \(number + 1): \(Self.recordMessage(error))")
            }
        }
        var output: [UInt8] = []
        served.withAnnotator { annotator in
            if isArray || records.count != 1 { output.append(UInt8(ascii: "[")) }
            for (position, record) in records.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                annotator.writeAnnotatedRecord(record, annotator.annotate(record), into: &output)
            }
            if isArray || records.count != 1 { output.append(UInt8(ascii: "]")) }
        }
        output.append(UInt8(ascii: "\n"))
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: output)))
    }

    /// `GET /api/datasets?technique=TERM&limit=N&offset=M`: records of the index annotated with the
    /// technique or any inferred sub-technique.
    @Sendable func datasets(_ request: Request, context: Context) async throws -> Response {
        let parameters = try QueryParameters(request)
        guard let text = parameters["technique"] else { throw APIError.badRequest("missing 'technique' parameter") }
        let limit = try parameters.integer("limit", default: 50, range: 1...1000)
        let offset = try parameters.integer("offset", default: 0, range: 0...Int(Int32.max))
        let served = ontologies.current
        let id = try served.resolve(text)
        guard let index else {
            throw APIError.notFound("no dataset index is configured: start panet serve with --db FILE")
        }
        let shortID = served.classified.ontology[id].shortID
        let hits: [DatasetHit]
        do {
            hits = try await BlockingWork.run { try index.datasets(technique: shortID, limit: limit, offset: offset) }
        } catch {
            context.logger.info("dataset index query failed", metadata: ["error": "\(error)"])
            throw APIError(.internalServerError, "the dataset index could not be read")
        }
        var members: [(String, JSONValue)] = [
            ("technique", served.reference(id)),
            ("offset", .number(String(offset))),
            ("limit", .number(String(limit))),
            ("results", .array(hits.map { hit in
                .object([
                    ("id", .string(hit.id)),
                    ("title", hit.title.map(JSONValue.string) ?? .null),
                    ("datestamp", hit.datestamp.map(JSONValue.string) ?? .null),
                    ("techniques", .array(hit.techniques.map { served.reference(shortID: $0) })),
                ])
            })),
        ]
        if hits.count == limit { members.append(("next_offset", .number(String(offset + limit)))) }
        return .json(.object(members))
    }

    /// A reader error without the source name.
    static func recordMessage(_ error: DatasetCatalogError) -> String {
        switch error {
        case .malformedJSON(_, let line, let column, let message): return "\(line):\(column): malformed JSON: \(message)"
        case .unrecognizedRecord(_, _, let message): return message
        default: return "the record could not be read"
        }
    }
}

extension ServedOntology {
    /// A reference for a short id stored in the index.
    func reference(shortID: String) -> JSONValue {
        if let match = classified.resolver.resolve(shortID) { return reference(match.classID) }
        return .object([("id", .string(shortID)), ("iri", .null), ("label", .null)])
    }
}
