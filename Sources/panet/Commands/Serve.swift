import ArgumentParser
import Logging
import OntologyKit
import PaNETServer
import SPARQLEvaluation

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serves the ontology over HTTP: REST API, SPARQL endpoint, pan-ontologies-api routes and a browser.",
        discussion: """
            Routes: / (browser), /query (SPARQL form), /api/techniques?q=, \
            /api/techniques/{id}[/parents|children|ancestors|descendants], \
            /api/expand?term=[&format=ids|iris|json|es|panosc] or ?where=, /api/annotate (POST), \
            /api/datasets?technique= (with --db), /sparql (GET, POST), /techniques, /techniques/{id}, \
            /techniques/count, /techniques/pan-ontology?where= (pan-ontologies-api), /health, /metrics. \
            Names in a where filter that match no technique are listed in the X-PaNET-Unresolved header.

            Limits: LoopBack like patterns up to 1,000 characters, inq/nin lists up to 1,000 items, and/or \
            nesting up to 32 levels (beyond: 400). A connection idle for --idle-timeout is closed; a request \
            whose line and headers take longer than --header-timeout gets 408; at --max-connections open \
            connections, new clients wait to be accepted. Every error, including malformed HTTP, is \
            {"error": {"status": N, "message": "..."}}.

            The ontology is reloaded on SIGHUP and when its file changes; requests keep being answered \
            from the previous release until the new one is ready. SIGINT and SIGTERM shut down gracefully. \
            The access log goes to stderr.
            Exit codes: 2 when the ontology or index cannot be opened or the address cannot be bound \
            (for example a port in use).
            """
    )

    @Option(name: .long, help: "Address to bind.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "TCP port (0 for any free port).")
    var port = 8080

    @Option(name: .long, help: ArgumentHelp("Dataset index (SQLite) for /api/datasets and the term pages.", valueName: "file"))
    var db: String?

    @OptionGroup var ontologyOptions: OntologyOptions

    @Option(name: .customLong("sparql-timeout"), help: ArgumentHelp("Seconds one SPARQL query may run.", valueName: "seconds"))
    var sparqlTimeout = 10.0

    @Option(name: .customLong("sparql-limit"), help: ArgumentHelp("Most rows (or triples) in one SPARQL response.", valueName: "n"))
    var sparqlLimit = 100_000

    @Option(name: .customLong("sparql-concurrency"), help: ArgumentHelp("Most SPARQL queries evaluated at once.", valueName: "n"))
    var sparqlConcurrency = 4

    @Option(name: .customLong("sparql-max-rows"),
            help: ArgumentHelp("Most rows one step of a SPARQL query may build before it stops.", valueName: "n"))
    var sparqlMaxRows = QueryOptions.defaultMaxRows

    @Option(name: .customLong("max-body"), help: ArgumentHelp("Largest request body accepted, in bytes.", valueName: "bytes"))
    var maxBody = 4 * 1024 * 1024

    @Option(name: .customLong("watch-interval"),
            help: ArgumentHelp("Seconds between checks of the ontology file for changes (0: only SIGHUP).", valueName: "seconds"))
    var watchInterval = 2.0

    @Option(name: .customLong("cors-origin"), help: ArgumentHelp("Origin allowed by CORS (repeatable; default: any).", valueName: "origin"))
    var corsOrigins: [String] = []

    @Option(name: .customLong("max-connections"),
            help: ArgumentHelp("Most connections open at once; more wait to be accepted (default: 1000, less when the open-file limit is lower).",
                               valueName: "n"))
    var maxConnections: Int?

    @Option(name: .customLong("idle-timeout"),
            help: ArgumentHelp("Seconds a connection may stay open without a request.", valueName: "seconds"))
    var idleTimeout = 15.0

    @Option(name: .customLong("header-timeout"),
            help: ArgumentHelp("Seconds a request's line and headers may take to arrive (then 408).", valueName: "seconds"))
    var headerTimeout = 10.0

    @Flag(name: .customLong("no-access-log"), help: "Do not log each request.")
    var noAccessLog = false

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard sparqlTimeout > 0 else { throw ValidationError("--sparql-timeout must be a positive number of seconds") }
        guard sparqlLimit > 0, sparqlConcurrency > 0, sparqlMaxRows > 0, maxBody > 0 else {
            throw ValidationError("--sparql-limit, --sparql-concurrency, --sparql-max-rows and --max-body must be positive")
        }
        guard idleTimeout > 0, headerTimeout > 0 else {
            throw ValidationError("--idle-timeout and --header-timeout must be positive numbers of seconds")
        }
        if let maxConnections, maxConnections <= 0 { throw ValidationError("--max-connections must be positive") }
        guard watchInterval >= 0 else { throw ValidationError("--watch-interval must not be negative") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown --log-level '\(logLevel)'") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = ServerLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "panet.serve")
        let configuration = ServerConfiguration(
            host: host,
            port: port,
            ontologyPath: try ontologyOptions.path(),
            databasePath: db,
            sparqlTimeout: Self.duration(seconds: sparqlTimeout),
            sparqlResultLimit: sparqlLimit,
            sparqlConcurrency: sparqlConcurrency,
            maxBodySize: maxBody,
            watchInterval: watchInterval > 0 ? Self.duration(seconds: watchInterval) : nil,
            corsOrigins: corsOrigins.isEmpty ? nil : corsOrigins,
            accessLog: !noAccessLog,
            idleTimeout: Self.duration(seconds: idleTimeout),
            headerTimeout: Self.duration(seconds: headerTimeout),
            maxConnections: maxConnections ?? ServerConfiguration.defaultMaxConnections,
            sparqlMaxRows: sparqlMaxRows
        )
        do {
            try await runServer(configuration: configuration, logger: logger)
        } catch {
            printError("panet: \(error)")
            throw ExitCode(2)
        }
    }

    /// `seconds` as a duration (at most a million seconds, so huge values do not overflow).
    static func duration(seconds: Double) -> Duration {
        .milliseconds(Int64((min(seconds, 1_000_000) * 1000).rounded()))
    }
}
