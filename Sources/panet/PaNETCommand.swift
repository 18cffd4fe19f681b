import ArgumentParser
import CMalloc
import OntologyKit
#if canImport(Glibc)
import Glibc
#endif

@main
struct PaNETCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "panet",
        abstract: "PaNET toolkit: the Photon and Neutron Experimental Techniques ontology, classified and searchable.",
        discussion: """
            Exit codes: 0 success, 1 the answer is no (term not found, check failed), \
            2 bad input or I/O, 64 bad usage.
            """,
        version: PaNETVersion.string,
        subcommands: [
            Stats.self, Convert.self, Lookup.self, Search.self, Parents.self, Children.self, Ancestors.self,
            Descendants.self, Path.self, Tree.self, Roots.self, CommonAncestors.self, Reason.self, Bench.self, Query.self,
            Validate.self, CheckTerms.self, Diff.self, Build.self, Explain.self, DLQueryCommand.self,
            Annotate.self, Tag.self,
            Datasets.self, Reindex.self, Expand.self, Export.self, Harvest.self,
            Serve.self, History.self, Mappings.self,
        ]
    )

    /// Runs the plain forms of the term commands directly (see `QuickCommandLine`), everything
    /// else through ArgumentParser.
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let action = QuickCommandLine.action(for: arguments) {
            // A short-lived process: let malloc reuse freed blocks of any size rather than map
            // and unmap each large one (the source file, then the snapshot), which costs page faults.
            _ = mallopt(M_MMAP_THRESHOLD, 64 << 20)
            _ = mallopt(M_TRIM_THRESHOLD, 128 << 20)
            do {
                try action.run()
                Glibc.exit(0)
            } catch let code as ExitCode {
                Glibc.exit(code.rawValue)  // the command has said why already
            } catch {
                exit(withError: error)
            }
        }
        if let first = arguments.first, let message = unknownSubcommandMessage(first) {
            printError(message)
            Glibc.exit(ExitCode.validationFailure.rawValue)
        }
        await main(arguments)
    }

    /// The message for a first argument that names no subcommand (nil when it names one, is an
    /// option or `help`), with the nearest subcommand's name when one is close.
    static func unknownSubcommandMessage(_ name: String) -> String? {
        guard !name.hasPrefix("-"), name != "help" else { return nil }
        let names = configuration.subcommands.map { $0._commandName }
        guard !names.contains(name) else { return nil }
        let lower = name.lowercased()
        let scored = names.map { candidate in
            (candidate, candidate.hasPrefix(lower) || lower.hasPrefix(candidate) ? 1 : TermSearch.similarity(lower, candidate))
        }
        var message = "panet: unknown command '\(name.clippedForMessage)'"
        if let best = scored.max(by: { $0.1 < $1.1 }), best.1 >= 0.6 {
            message += "; did you mean '\(best.0)'?"
        }
        return message + "\nCommands: " + names.joined(separator: ", ") + ". See 'panet --help'."
    }
}

enum PaNETVersion {
    static let string = "0.1.0"
}
