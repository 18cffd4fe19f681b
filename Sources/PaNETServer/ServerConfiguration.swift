import Foundation
import SPARQLEvaluation

/// Everything `panet serve` can be told: where to listen, what to serve and the limits it enforces.
public struct ServerConfiguration: Sendable {
    /// The address to bind (loopback by default).
    public var host: String
    /// The TCP port; 0 picks a free one.
    public var port: Int
    /// The ontology file served.
    public var ontologyPath: String
    /// The dataset index (SQLite) behind `/api/datasets`, if any.
    public var databasePath: String?
    /// How long one SPARQL query may run.
    public var sparqlTimeout: Duration
    /// The most solutions (or triples) one SPARQL response carries; longer results are cut.
    public var sparqlResultLimit: Int
    /// The most SPARQL queries evaluated at once; more get 503.
    public var sparqlConcurrency: Int
    /// The most rows one step of a SPARQL query may build before the query stops (a memory bound).
    public var sparqlMaxRows: Int
    /// The largest request body accepted, in bytes.
    public var maxBodySize: Int
    /// Seconds between checks of the ontology file for changes; nil or 0 turns watching off.
    public var watchInterval: Duration?
    /// Origins allowed by CORS: nil for any origin (`*`).
    public var corsOrigins: [String]?
    /// Whether each request is logged at info level.
    public var accessLog: Bool
    /// The server name reported in `/health`.
    public var serverName: String
    /// How long a connection may stay open without a request (keep-alive between requests).
    public var idleTimeout: Duration
    /// How long a request's head (request line and headers) may take once its first bytes arrived.
    public var headerTimeout: Duration
    /// The most connections open at once; further clients wait in the listen backlog.
    public var maxConnections: Int

    /// A configuration with the defaults of `panet serve`.
    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        ontologyPath: String,
        databasePath: String? = nil,
        sparqlTimeout: Duration = .seconds(10),
        sparqlResultLimit: Int = 100_000,
        sparqlConcurrency: Int = 4,
        maxBodySize: Int = 4 * 1024 * 1024,
        watchInterval: Duration? = .seconds(2),
        corsOrigins: [String]? = nil,
        accessLog: Bool = true,
        serverName: String = "panet",
        idleTimeout: Duration = .seconds(15),
        headerTimeout: Duration = .seconds(10),
        maxConnections: Int = ServerConfiguration.defaultMaxConnections,
        sparqlMaxRows: Int = QueryOptions.defaultMaxRows
    ) {
        self.sparqlMaxRows = sparqlMaxRows
        self.host = host
        self.port = port
        self.ontologyPath = ontologyPath
        self.databasePath = databasePath
        self.sparqlTimeout = sparqlTimeout
        self.sparqlResultLimit = sparqlResultLimit
        self.sparqlConcurrency = sparqlConcurrency
        self.maxBodySize = maxBodySize
        self.watchInterval = watchInterval
        self.corsOrigins = corsOrigins
        self.accessLog = accessLog
        self.serverName = serverName
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
        self.maxConnections = maxConnections
    }

    /// 1,000 connections, or fewer when the process may open fewer files: the limit on open files
    /// (`RLIMIT_NOFILE`) less 64 for the ontology, the index, logs and reloads.
    public static var defaultMaxConnections: Int {
        var limit = rlimit()
        guard getrlimit(openFilesResource, &limit) == 0, limit.rlim_cur != rlim_t.max else { return 1_000 }
        return max(16, min(1_000, Int(clamping: limit.rlim_cur) - 64))
    }
}

#if canImport(Glibc)
private let openFilesResource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
#else
private let openFilesResource = RLIMIT_NOFILE
#endif
