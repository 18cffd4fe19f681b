import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Settings of one harvest.
public struct HarvestOptions: Sendable {
    /// The OAI-PMH base URL.
    public var endpoint: URL
    /// The metadata format (`oai_datacite`, `oai_dc`, `panosc`).
    public var metadataPrefix: String
    /// An OAI set, or nil for all.
    public var set: String?
    /// Harvest records changed on or after this date; nil continues from the index's last datestamp.
    public var from: String?
    /// Retries of one request after a timeout, a transport error, a 5xx or a truncated page.
    public var maxRetries = 5
    /// The first backoff delay in seconds; it doubles with each retry.
    public var backoff: TimeInterval = 1
    /// The longest wait honoured from a `Retry-After` header, in seconds.
    public var maxRetryAfter: TimeInterval = 600
    /// Per-request timeout in seconds.
    public var timeout: TimeInterval = 60

    /// Options for harvesting `endpoint` in `metadataPrefix`.
    public init(endpoint: URL, metadataPrefix: String, set: String? = nil, from: String? = nil) {
        self.endpoint = endpoint
        self.metadataPrefix = metadataPrefix
        self.set = set
        self.from = from
    }
}

/// Progress after each page.
public struct HarvestProgress: Sendable {
    /// Pages fetched so far.
    public var pages: Int
    /// Records stored so far.
    public var records: Int
    /// Records removed so far.
    public var deleted: Int
    /// Seconds since the harvest started.
    public var elapsed: TimeInterval
    /// The token of the next page, nil at the end.
    public var resumptionToken: String?
    /// `completeListSize` when the repository gives it.
    public var completeListSize: Int?
}

/// What a harvest did.
public struct HarvestSummary: Sendable, Equatable {
    /// Pages fetched.
    public var pages = 0
    /// Records stored.
    public var stored = 0
    /// Records removed (`status="deleted"`).
    public var deleted = 0
    /// Records that could not be read.
    public var failed = 0
    /// Records stored with at least one technique.
    public var annotated = 0
    /// The `from` date used, if any.
    public var from: String?
    /// True when the harvest continued an interrupted one from its checkpoint.
    public var resumed = false
    /// True when the repository answered `noRecordsMatch`.
    public var noRecordsMatch = false
    /// The latest datestamp stored, the next incremental harvest's `from`.
    public var lastDatestamp: String?
}

/// An OAI-PMH 2.0 harvester that stores annotated records in a `DatasetIndex`.
///
/// Each page is committed in one transaction together with the resumption token of the next page,
/// so a harvest killed half-way resumes from its last committed page. Without `from`, a harvest
/// continues from the latest datestamp of the last complete harvest. Timeouts, transport errors,
/// 5xx answers and truncated pages are retried with exponential backoff; a 503 (or 429) with
/// `Retry-After` waits as told. `noRecordsMatch` is an empty result, not a failure; a
/// `badResumptionToken` for a stored checkpoint restarts the interrupted harvest from its `from`.
public final class OAIHarvester {
    private let options: HarvestOptions
    private let index: DatasetIndex
    private let annotator: RecordAnnotator
    private let fetcher: any HTTPFetching
    private let report: (RecordFailure) -> Void
    private let progress: (HarvestProgress) -> Void
    private let sleep: (TimeInterval) -> Void

    /// A harvester; `report` receives unreadable records, `progress` is called after each page.
    public init(options: HarvestOptions, index: DatasetIndex, annotator: RecordAnnotator,
                fetcher: any HTTPFetching = AsyncHTTPClientFetcher(),
                report: @escaping (RecordFailure) -> Void = { _ in },
                progress: @escaping (HarvestProgress) -> Void = { _ in },
                sleep: @escaping (TimeInterval) -> Void = { Thread.sleep(forTimeInterval: $0) }) {
        self.options = options
        self.index = index
        self.annotator = annotator
        self.fetcher = fetcher
        self.report = report
        self.progress = progress
        self.sleep = sleep
    }

    private var endpointKey: String { options.endpoint.absoluteString }

    /// Runs the harvest to the end of the list.
    ///
    /// - Throws: `DatasetCatalogError.http`, `.oaiError` or `.badOAIResponse` when the repository
    ///   fails for good; everything committed before stays.
    public func run() throws -> HarvestSummary {
        var summary = HarvestSummary()
        let start = Date()
        let identify = try request(["verb": "Identify"])
        let granularity = identify.granularity ?? "YYYY-MM-DD"
        let checkpoint = try index.checkpoint(endpoint: endpointKey, metadataPrefix: options.metadataPrefix, set: options.set)
        var token: String?
        var from: String?
        var latest: String?
        if options.from == nil, let checkpoint, let pending = checkpoint.resumptionToken {
            token = pending
            from = checkpoint.harvestFrom
            latest = checkpoint.pendingDatestamp
            summary.resumed = true
        } else {
            from = options.from ?? checkpoint?.lastDatestamp
            if let value = from, granularity == "YYYY-MM-DD", value.count > 10 { from = String(value.prefix(10)) }
        }
        summary.from = from
        var previousLast = checkpoint?.lastDatestamp
        // Every token this run has requested: a repository that hands one out again would loop forever.
        var requestedTokens: [String: Int] = [:]
        if let token { requestedTokens[token] = 0 }
        while true {
            var arguments = ["verb": "ListRecords"]
            if let token {
                arguments["resumptionToken"] = token
            } else {
                arguments["metadataPrefix"] = options.metadataPrefix
                if let set = options.set { arguments["set"] = set }
                if let from { arguments["from"] = from }
            }
            let page: OAIPage
            do {
                page = try request(arguments)
            } catch DatasetCatalogError.oaiError(_, "badResumptionToken", _) where summary.resumed && summary.pages == 0 {
                // The stored token has expired: restart the interrupted harvest.
                token = nil
                summary.resumed = false
                continue
            }
            summary.pages += 1
            if page.errors.contains(where: { $0.code == "noRecordsMatch" }) { summary.noRecordsMatch = true }
            let nextToken = page.resumptionToken.flatMap { $0.isEmpty ? nil : $0 }
            if let nextToken {
                if let earlier = requestedTokens[nextToken] {
                    let shown = nextToken.count > 200 ? String(nextToken.prefix(200)) + "..." : nextToken
                    throw DatasetCatalogError.badOAIResponse(
                        url: endpointKey,
                        message: "page \(summary.pages) gives resumption token '\(shown)' again (first given "
                            + (earlier == 0 ? "by the checkpoint" : "on page \(earlier)")
                            + "); stopped, as following it would repeat the same pages forever")
                }
                requestedTokens[nextToken] = summary.pages
            }
            try index.write { writer in
                for result in page.records {
                    switch result {
                    case .failure(let failure):
                        summary.failed += 1
                        report(failure)
                    case .success(let record):
                        if let stamp = record.datestamp, stamp > (latest ?? "") { latest = stamp }
                        if record.isDeleted {
                            if try writer.delete(id: record.id) { summary.deleted += 1 }
                            continue
                        }
                        let annotation = annotator.annotate(record)
                        if !annotation.techniques.isEmpty { summary.annotated += 1 }
                        try writer.store(record, annotation, annotator: annotator)
                        summary.stored += 1
                    }
                }
                try writer.setOntologyVersion(annotator.ontologyVersion)
                var state = HarvestCheckpoint(lastDatestamp: previousLast, resumptionToken: nextToken, harvestFrom: from,
                                              pendingDatestamp: latest)
                if nextToken == nil {
                    if let latest, latest > (previousLast ?? "") { state.lastDatestamp = latest }
                    state.pendingDatestamp = nil
                    state.harvestFrom = nil
                }
                try writer.saveCheckpoint(state, endpoint: endpointKey, metadataPrefix: options.metadataPrefix, set: options.set)
                if nextToken == nil { previousLast = state.lastDatestamp }
            }
            progress(HarvestProgress(pages: summary.pages, records: summary.stored, deleted: summary.deleted,
                                     elapsed: Date().timeIntervalSince(start), resumptionToken: nextToken,
                                     completeListSize: page.completeListSize))
            guard let nextToken else { break }
            token = nextToken
        }
        summary.lastDatestamp = previousLast
        return summary
    }

    /// One OAI-PMH request with retries; OAI errors other than `noRecordsMatch` are thrown.
    func request(_ arguments: [String: String]) throws -> OAIPage {
        guard var components = URLComponents(url: options.endpoint, resolvingAgainstBaseURL: false) else {
            throw DatasetCatalogError.http(url: options.endpoint.absoluteString, status: nil, message: "not a valid URL")
        }
        components.queryItems = (components.queryItems ?? []) + arguments.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        guard let url = components.url else {
            throw DatasetCatalogError.http(url: options.endpoint.absoluteString, status: nil, message: "cannot build the request URL")
        }
        let shown = url.absoluteString
        var attempt = 0
        while true {
            let problem: String
            var status: Int?
            var wait = options.backoff * pow(2, Double(attempt))
            do {
                let response = try fetcher.get(url, timeout: options.timeout)
                status = response.status
                if response.status == 200 {
                    let page = OAIPage(response.body, source: shown)
                    if let failure = page.envelopeError {
                        problem = failure
                    } else {
                        if let error = page.errors.first(where: { $0.code != "noRecordsMatch" }) {
                            throw DatasetCatalogError.oaiError(url: shown, code: error.code, message: error.message)
                        }
                        return page
                    }
                } else if response.status >= 500 || response.status == 429 || response.status == 408 {
                    problem = "HTTP \(response.status)"
                    if let retryAfter = response.headers["retry-after"].flatMap(OAIHarvester.retryAfterSeconds) {
                        wait = min(retryAfter, options.maxRetryAfter)
                    }
                } else {
                    throw DatasetCatalogError.http(url: shown, status: response.status,
                                                   message: "the repository refused the request")
                }
            } catch let error as HTTPTransportError {
                problem = error.message
            }
            guard attempt < options.maxRetries else {
                throw DatasetCatalogError.http(url: shown, status: status, message: "\(problem); gave up after \(attempt + 1) attempts")
            }
            attempt += 1
            sleep(wait)
        }
    }

    /// Seconds from a `Retry-After` value: delta-seconds or an HTTP date.
    public static func retryAfterSeconds(_ value: String) -> TimeInterval? {
        let trimmed = value.trimmingWhitespace()
        if let seconds = Double(trimmed) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return max(0, date.timeIntervalSinceNow)
    }
}

/// One OAI-PMH response: its records and what the envelope says.
struct OAIPage {
    struct OAIError {
        var code: String
        var message: String
    }

    var records: [RecordResult] = []
    var errors: [OAIError] = []
    var resumptionToken: String?
    var completeListSize: Int?
    var granularity: String?
    /// Set when the envelope itself is not well-formed (a truncated page): the page must be fetched again.
    var envelopeError: String?

    init(_ body: Data, source: String) {
        let bytes = [UInt8](body)
        var splitter = XMLRecordSplitter(source: source)
        var chunks: [XMLRecordSplitter.Chunk] = []
        _ = try? splitter.scan(bytes, isFinal: true) { chunks.append($0) }
        // The envelope is the response without its records.
        var envelope: [UInt8] = []
        var cursor = 0
        for chunk in chunks {
            envelope += bytes[cursor..<chunk.range.lowerBound]
            cursor = chunk.range.upperBound
        }
        envelope += bytes[cursor...]
        let parser = XMLRecordReader.makeParser(Data(envelope))
        let collector = EnvelopeCollector()
        parser.delegate = collector
        _ = parser.parse()
        if let error = collector.failure ?? parser.parserError.map({ XMLFailure($0, line: parser.lineNumber, column: parser.columnNumber) }) {
            envelopeError = "malformed response at line \(error.line): \(error.message)"
            return
        }
        guard collector.sawRoot else {
            envelopeError = "not an OAI-PMH response (no OAI-PMH element)"
            return
        }
        records = chunks.map { XMLRecordReader.record($0, source: source) }
        errors = collector.errors
        resumptionToken = collector.resumptionToken
        completeListSize = collector.completeListSize
        granularity = collector.granularity
    }
}

/// Reads the OAI-PMH envelope: errors, resumption token, Identify's granularity.
final class EnvelopeCollector: NSObject, XMLParserDelegate {
    var errors: [OAIPage.OAIError] = []
    var resumptionToken: String?
    var completeListSize: Int?
    var granularity: String?
    var sawRoot = false
    var failure: XMLFailure?
    private var current: String?
    private var code = ""
    private var text = ""

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let name = RecordCollector.local(elementName)
        if name == "OAI-PMH" { sawRoot = true }
        switch name {
        case "error":
            current = name
            code = attributeDict["code"] ?? "unknown"
            text = ""
        case "resumptionToken":
            current = name
            completeListSize = attributeDict["completeListSize"].flatMap { Int($0) }
            text = ""
        case "granularity":
            current = name
            text = ""
        default:
            break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if current != nil { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        let name = RecordCollector.local(elementName)
        guard name == current else { return }
        current = nil
        let value = text.trimmingWhitespace()
        switch name {
        case "error": errors.append(OAIPage.OAIError(code: code, message: value))
        case "resumptionToken": resumptionToken = value
        case "granularity": granularity = value
        default: break
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        if failure == nil { failure = XMLFailure(parseError, line: parser.lineNumber, column: parser.columnNumber) }
    }
}
