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
        serverName: String = "panet"
    ) {
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
    }
}
