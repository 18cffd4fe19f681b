import ArgumentParser
import Logging
import OntologyKit
import PaNETServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serves the ontology over HTTP: REST API, SPARQL endpoint, pan-ontologies-api routes and a browser.",
        discussion: """
            Routes: / (browser), /api/techniques?q=, /api/techniques/{id}[/parents|children|ancestors|descendants], \
            /api/expand?term=, /api/annotate (POST), /api/datasets?technique= (with --db), /sparql (GET, POST), \
            /techniques, /techniques/{id}, /techniques/count, /techniques/pan-ontology?where= (pan-ontologies-api), \
            /health, /metrics.

            The ontology is reloaded on SIGHUP and when its file changes; requests keep being answered \
            from the previous release until the new one is ready. SIGINT and SIGTERM shut down gracefully. \
            The access log goes to stderr.
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

    @Option(name: .customLong("max-body"), help: ArgumentHelp("Largest request body accepted, in bytes.", valueName: "bytes"))
    var maxBody = 4 * 1024 * 1024

    @Option(name: .customLong("watch-interval"),
            help: ArgumentHelp("Seconds between checks of the ontology file for changes (0: only SIGHUP).", valueName: "seconds"))
    var watchInterval = 2.0

    @Option(name: .customLong("cors-origin"), help: ArgumentHelp("Origin allowed by CORS (repeatable; default: any).", valueName: "origin"))
    var corsOrigins: [String] = []

    @Flag(name: .customLong("no-access-log"), help: "Do not log each request.")
    var noAccessLog = false

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
        guard sparqlTimeout > 0 else { throw ValidationError("--sparql-timeout must be a positive number of seconds") }
        guard sparqlLimit > 0, sparqlConcurrency > 0, maxBody > 0 else {
            throw ValidationError("--sparql-limit, --sparql-concurrency and --max-body must be positive")
        }
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
            sparqlTimeout: .milliseconds(Int64((sparqlTimeout * 1000).rounded())),
            sparqlResultLimit: sparqlLimit,
            sparqlConcurrency: sparqlConcurrency,
            maxBodySize: maxBody,
            watchInterval: watchInterval > 0 ? .milliseconds(Int64((watchInterval * 1000).rounded())) : nil,
            corsOrigins: corsOrigins.isEmpty ? nil : corsOrigins,
            accessLog: !noAccessLog
        )
        do {
            try await runServer(configuration: configuration, logger: logger)
        } catch {
            printError("panet: \(error)")
            throw ExitCode(2)
        }
    }
}
