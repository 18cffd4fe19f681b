/// The plain forms of the everyday term commands (`panet lookup SAXS --format json`), parsed
/// without ArgumentParser.
///
/// ArgumentParser learns a command's options by reflecting over its types, which costs the Swift
/// runtime a scan of every protocol conformance in the binary: a few milliseconds per process, a
/// third of a warm `panet lookup`. This parser knows only the commands below, and only their simple
/// forms: a known subcommand, its positional arguments, its own long options (`--name value` or
/// `--name=value`), each at most once, with values it can check. Anything else (help, `--`, short
/// or unknown options, repeated or missing values, a value starting with `-`) is declined and
/// goes to ArgumentParser, which stays the one source of messages and help. An accepted command
/// line gives the same action the ArgumentParser command would run.
enum QuickCommandLine {
    /// The action `arguments` (without the program name) ask for, or nil when ArgumentParser
    /// should parse them.
    static func action(for arguments: [String]) -> (any CommandAction)? {
        guard let name = arguments.first, let shape = shapes[name] else { return nil }
        guard let parsed = ParsedLine(arguments.dropFirst(), shape: shape) else { return nil }
        return shape.build(parsed)
    }

    /// What one command accepts and how to build it from a parsed line.
    struct Shape: Sendable {
        var positionals: ClosedRange<Int>
        var flags: Set<String>
        var options: Set<String>
        var build: @Sendable (ParsedLine) -> (any CommandAction)?
    }

    /// A command line split into positional arguments, flags and option values.
    struct ParsedLine {
        var positionals: [String] = []
        var flags: Set<String> = []
        var values: [String: String] = [:]

        init?(_ arguments: ArraySlice<String>, shape: Shape) {
            var index = arguments.startIndex
            while index < arguments.endIndex {
                let argument = arguments[index]
                index += 1
                guard argument.hasPrefix("-") else {
                    positionals.append(argument)
                    continue
                }
                guard argument.hasPrefix("--"), argument.count > 2 else { return nil }
                var name = argument, value: String?
                if let equals = argument.firstIndex(of: "=") {
                    name = String(argument[..<equals])
                    value = String(argument[argument.index(after: equals)...])
                }
                if shape.flags.contains(name), value == nil {
                    guard flags.insert(name).inserted else { return nil }
                } else if shape.options.contains(name), values[name] == nil {
                    if value == nil, index < arguments.endIndex, !arguments[index].hasPrefix("-") {
                        value = arguments[index]
                        index += 1
                    }
                    guard let value, !value.isEmpty else { return nil }
                    values[name] = value
                } else {
                    return nil
                }
            }
            guard shape.positionals.contains(positionals.count) else { return nil }
        }

        /// `--ontology` and `--format`, or nil when the format is not one ArgumentParser accepts.
        func settings() -> TermSettings? {
            guard let format = ReportFormat(rawValue: values["--format"] ?? ReportFormat.table.rawValue) else { return nil }
            return TermSettings(ontology: values["--ontology"], format: format)
        }

        /// A positive whole number given for `option`, the default when absent, nil when invalid.
        func count(_ option: String, default fallback: Int) -> Int? {
            guard let text = values[option] else { return fallback }
            guard let number = Int(text), number >= 1 else { return nil }
            return number
        }
    }

    static let termOptionNames: Set<String> = ["--ontology", "--format"]

    static let shapes: [String: Shape] = {
        var shapes: [String: Shape] = [
            "lookup": Shape(positionals: 1...1, flags: ["--all"], options: termOptionNames) { line in
                line.settings().map { LookupAction(term: line.positionals[0], all: line.flags.contains("--all"), settings: $0) }
            },
            "search": Shape(positionals: 1...1, flags: [], options: termOptionNames.union(["--limit"])) { line in
                guard let settings = line.settings(), let limit = line.count("--limit", default: 10) else { return nil }
                return SearchAction(text: line.positionals[0], limit: limit, settings: settings)
            },
            "path": Shape(positionals: 1...1, flags: ["--asserted"], options: termOptionNames) { line in
                line.settings().map { PathAction(term: line.positionals[0], asserted: line.flags.contains("--asserted"), settings: $0) }
            },
        ]
        for walk in [Walk.parents, .children, .ancestors, .descendants] {
            shapes[walk.rawValue] = Shape(positionals: 1...1, flags: ["--asserted"], options: termOptionNames) { line in
                line.settings().map {
                    WalkAction(walk: walk, term: line.positionals[0], asserted: line.flags.contains("--asserted"), settings: $0)
                }
            }
        }
        return shapes
    }()
}
