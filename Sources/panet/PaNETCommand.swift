import ArgumentParser
import CMalloc
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
            Validate.self, CheckTerms.self, Diff.self, Build.self,
            Annotate.self,
            Datasets.self, Reindex.self, Expand.self, Export.self, Harvest.self,
            Serve.self,
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
        await main(arguments)
    }
}

enum PaNETVersion {
    static let string = "0.1.0"
}
