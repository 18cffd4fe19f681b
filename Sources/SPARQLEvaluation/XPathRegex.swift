/// A regular expression in the XPath syntax of REGEX and REPLACE (SPARQL 1.1 §17.4.3.14, XPath F&O 3.1
/// §5.6.1), matched by a Pike VM: every match runs in time linear in the text (text length times pattern
/// size), so no pattern can backtrack catastrophically or give up.
///
/// Flags: `i` (case-insensitive), `s` (dot matches newlines), `m` (`^`/`$` at line breaks), `x` (whitespace
/// outside character classes ignored), `q` (the pattern is a literal string). Back-references (`\1`) cannot
/// be matched in linear time and are refused as unsupported.
struct XPathRegex: Sendable {
    /// One instruction of the matching program.
    enum Instruction: Sendable {
        /// Matches one character that is in the set.
        case characters(ScalarSet)
        /// Matches any character (`.`), newlines too when `dotAll`.
        case any(dotAll: Bool)
        /// Continues at both targets, the first with priority.
        case split(Int, Int)
        case jump(Int)
        /// Records the current position in a capture slot.
        case save(Int)
        case textStart, textEnd, lineStart, lineEnd
        case match
    }

    let program: [Instruction]
    /// Capturing groups, not counting the whole match.
    let groupCount: Int

    /// Programs larger than this are refused (counted repetitions copy their operand).
    static let maximumProgramSize = 100_000
    /// Groups nested deeper than this are refused (the parser recurses per level).
    static let maximumNesting = 200

    /// Compiles `pattern` with XPath `flags`.
    ///
    /// - Throws: `SPARQLEvaluationError.invalidRegex` for a bad pattern or flag, `.unsupported` for
    ///   back-references and patterns too large to compile.
    init(pattern: String, flags: String) throws {
        var caseInsensitive = false, dotAll = false, multiline = false, extended = false, literal = false
        for flag in flags {
            switch flag {
            case "i": caseInsensitive = true
            case "s": dotAll = true
            case "m": multiline = true
            case "x": extended = true
            case "q": literal = true
            default: throw SPARQLEvaluationError.invalidRegex(pattern: pattern, flags: flags)
            }
        }
        var parser = RegexParser(pattern: pattern, flags: flags, caseInsensitive: caseInsensitive,
                                 extended: extended && !literal)
        let tree = literal ? parser.literalTree() : try parser.parse()
        var compiler = RegexCompiler(dotAll: dotAll, multiline: multiline, pattern: pattern)
        compiler.emit(.save(0))
        try compiler.compile(tree)
        compiler.emit(.save(1))
        compiler.emit(.match)
        program = compiler.program
        groupCount = parser.groupCount
    }

    /// True when the pattern matches somewhere in `text` (`fn:matches`).
    ///
    /// - Parameter stop: Polled while matching; once it says stop, the answer is false and meaningless
    ///   (the query then ends with the token's error).
    func matches(_ text: String, stop: QueryCancellation? = nil) -> Bool {
        var machine = PikeMachine(program: program, slotCount: 0, stop: stop)
        return machine.search(Array(text.unicodeScalars), from: 0, stopAtFirst: true) != nil
    }

    /// `fn:replace`: every non-overlapping match, leftmost first, replaced by `replacement` with `$N` group
    /// references and `\$`, `\\` escapes. Nil (an expression error) when the pattern matches the empty
    /// string or the replacement is malformed.
    func replacingMatches(in text: String, with replacement: String, stop: QueryCancellation? = nil) -> String? {
        guard !matches(""), let template = ReplacementTemplate(replacement, groupCount: groupCount) else { return nil }
        let scalars = Array(text.unicodeScalars)
        var machine = PikeMachine(program: program, slotCount: 2 * (groupCount + 1), stop: stop)
        var output = String.UnicodeScalarView()
        var position = 0
        while position <= scalars.count, let slots = machine.search(scalars, from: position, stopAtFirst: false) {
            let start = slots[0], end = slots[1]
            output.append(contentsOf: scalars[position..<start])
            for part in template.parts {
                switch part {
                case .text(let text): output.append(contentsOf: text.unicodeScalars)
                case .group(let group):
                    let groupStart = slots[2 * group], groupEnd = slots[2 * group + 1]
                    if groupStart >= 0 && groupEnd >= groupStart {
                        output.append(contentsOf: scalars[groupStart..<groupEnd])
                    }
                }
            }
            position = end
        }
        if machine.stopped { return nil }
        if position < scalars.count { output.append(contentsOf: scalars[position...]) }
        return String(output)
    }
}

/// A set of characters: ranges, class escapes (`\d`, `\p{Lu}` ...), negation and subtraction
/// (XML Schema 2 §F, character class expressions).
struct ScalarSet: Sendable {
    /// A class escape: `\s`, `\i`, `\c`, `\d`, `\w`, or a general category such as `L` or `Lu`.
    enum ClassEscape: Sendable {
        case space, nameStart, name, digit, word
        case category(String)
    }

    var ranges: [ClosedRange<UInt32>] = []
    var classes: [(ClassEscape, negated: Bool)] = []
    var negated = false
    /// At most one set whose members are removed (`[a-z-[aeiou]]`).
    var subtracted: [ScalarSet] = []
    var caseInsensitive = false

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        var found = containsExactly(scalar)
        if !found && caseInsensitive {
            for variant in Self.caseVariants(of: scalar) where containsExactly(variant) {
                found = true
                break
            }
        }
        if negated { found.toggle() }
        if found, let subtracted = subtracted.first, subtracted.contains(scalar) { return false }
        return found
    }

    private func containsExactly(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        for range in ranges where range.contains(value) { return true }
        for (escape, negated) in classes where Self.matches(escape, scalar) != negated { return true }
        return false
    }

    /// The simple lower-, upper- and title-case mappings of `scalar` that are one character.
    static func caseVariants(of scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        let properties = scalar.properties
        var variants: [Unicode.Scalar] = []
        for mapping in [properties.lowercaseMapping, properties.uppercaseMapping, properties.titlecaseMapping] {
            let mapped = mapping.unicodeScalars
            if mapped.count == 1, let first = mapped.first, first != scalar { variants.append(first) }
        }
        return variants
    }

    static func matches(_ escape: ClassEscape, _ scalar: Unicode.Scalar) -> Bool {
        switch escape {
        case .space:
            return scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
        case .digit:
            return scalar.properties.generalCategory == .decimalNumber
        case .word:
            // [#x0000-#x10FFFF]-[\p{P}\p{Z}\p{C}]
            let code = categoryCode(scalar)
            return !(code.hasPrefix("P") || code.hasPrefix("Z") || code.hasPrefix("C"))
        case .nameStart:
            return isNameStart(scalar.value)
        case .name:
            let value = scalar.value
            return isNameStart(value) || scalar == "-" || scalar == "." || (0x30...0x39).contains(value)
                || value == 0xB7 || (0x300...0x36F).contains(value) || (0x203F...0x2040).contains(value)
        case .category(let name):
            let code = categoryCode(scalar)
            return name.count == 1 ? code.hasPrefix(name) : code == name
        }
    }

    /// XML 1.0 NameStartChar.
    static func isNameStart(_ value: UInt32) -> Bool {
        switch value {
        case 0x3A, 0x5F, 0x41...0x5A, 0x61...0x7A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D,
             0x37F...0x1FFF, 0x200C...0x200D, 0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF,
             0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x10000...0xEFFFF:
            return true
        default:
            return false
        }
    }

    /// The two-letter Unicode general category (`Lu`, `Nd`, `Cn` ...).
    static func categoryCode(_ scalar: Unicode.Scalar) -> String {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter: return "Lu"
        case .lowercaseLetter: return "Ll"
        case .titlecaseLetter: return "Lt"
        case .modifierLetter: return "Lm"
        case .otherLetter: return "Lo"
        case .nonspacingMark: return "Mn"
        case .spacingMark: return "Mc"
        case .enclosingMark: return "Me"
        case .decimalNumber: return "Nd"
        case .letterNumber: return "Nl"
        case .otherNumber: return "No"
        case .connectorPunctuation: return "Pc"
        case .dashPunctuation: return "Pd"
        case .openPunctuation: return "Ps"
        case .closePunctuation: return "Pe"
        case .initialPunctuation: return "Pi"
        case .finalPunctuation: return "Pf"
        case .otherPunctuation: return "Po"
        case .mathSymbol: return "Sm"
        case .currencySymbol: return "Sc"
        case .modifierSymbol: return "Sk"
        case .otherSymbol: return "So"
        case .spaceSeparator: return "Zs"
        case .lineSeparator: return "Zl"
        case .paragraphSeparator: return "Zp"
        case .control: return "Cc"
        case .format: return "Cf"
        case .surrogate: return "Cs"
        case .privateUse: return "Co"
        case .unassigned: return "Cn"
        @unknown default: return "Cn"
        }
    }

    static let categoryNames: Set<String> = [
        "L", "Lu", "Ll", "Lt", "Lm", "Lo", "M", "Mn", "Mc", "Me", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Ps",
        "Pe", "Pi", "Pf", "Po", "Z", "Zs", "Zl", "Zp", "S", "Sm", "Sc", "Sk", "So", "C", "Cc", "Cf", "Co", "Cn",
    ]
}

/// The parsed form of a pattern.
indirect enum RegexNode {
    case empty
    case characters(ScalarSet)
    case any
    case sequence([RegexNode])
    case alternation([RegexNode])
    /// A group; `index` is the capture number (1-based), nil for `(?:...)`.
    case group(RegexNode, index: Int?)
    case repetition(RegexNode, minimum: Int, maximum: Int?, lazy: Bool)
    case start, end
}

/// A recursive-descent parser of the XPath regular expression grammar (F&O 3.1 §5.6.1).
struct RegexParser {
    let pattern: String
    let flags: String
    let caseInsensitive: Bool
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var depth = 0
    private(set) var groupCount = 0

    init(pattern: String, flags: String, caseInsensitive: Bool, extended: Bool) {
        self.pattern = pattern
        self.flags = flags
        self.caseInsensitive = caseInsensitive
        var scalars = Array(pattern.unicodeScalars)
        if extended {
            // `x`: whitespace is removed except inside character class expressions.
            var kept: [Unicode.Scalar] = []
            var classDepth = 0
            var escaped = false
            for scalar in scalars {
                if escaped {
                    escaped = false
                } else if scalar == "\\" {
                    escaped = true
                } else if scalar == "[" {
                    classDepth += 1
                } else if scalar == "]" && classDepth > 0 {
                    classDepth -= 1
                } else if classDepth == 0 && (scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r") {
                    continue
                }
                kept.append(scalar)
            }
            scalars = kept
        }
        self.scalars = scalars
    }

    /// The whole pattern as literal characters (flag `q`).
    func literalTree() -> RegexNode {
        .sequence(scalars.map { .characters(single($0)) })
    }

    mutating func parse() throws -> RegexNode {
        let tree = try parseAlternation()
        guard position == scalars.count else { throw invalid() }
        return tree
    }

    private func invalid() -> SPARQLEvaluationError {
        .invalidRegex(pattern: pattern, flags: flags)
    }

    private var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    /// One character; with flag `i`, also its case variants (listed here, so matching need not look them up).
    private func single(_ scalar: Unicode.Scalar) -> ScalarSet {
        var ranges = [scalar.value...scalar.value]
        if caseInsensitive {
            for variant in ScalarSet.caseVariants(of: scalar) { ranges.append(variant.value...variant.value) }
        }
        return ScalarSet(ranges: ranges)
    }

    private mutating func parseAlternation() throws -> RegexNode {
        var branches = [try parseBranch()]
        while current == "|" {
            position += 1
            branches.append(try parseBranch())
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseBranch() throws -> RegexNode {
        var pieces: [RegexNode] = []
        while let scalar = current, scalar != "|", scalar != ")" {
            let atom = try parseAtom()
            pieces.append(try parseQuantifier(atom))
        }
        return pieces.count == 1 ? pieces[0] : (pieces.isEmpty ? .empty : .sequence(pieces))
    }

    private mutating func parseQuantifier(_ atom: RegexNode) throws -> RegexNode {
        guard let scalar = current else { return atom }
        var minimum = 0, maximum: Int?
        switch scalar {
        case "?": maximum = 1; position += 1
        case "*": position += 1
        case "+": minimum = 1; position += 1
        case "{":
            position += 1
            minimum = try parseNumber()
            if current == "," {
                position += 1
                maximum = current == "}" ? nil : try parseNumber()
            } else {
                maximum = minimum
            }
            guard current == "}" else { throw invalid() }
            position += 1
            if let maximum, maximum < minimum { throw invalid() }
        default:
            return atom
        }
        var lazy = false
        if current == "?" {
            lazy = true
            position += 1
        }
        return .repetition(atom, minimum: minimum, maximum: maximum, lazy: lazy)
    }

    private mutating func parseNumber() throws -> Int {
        var value = 0, digits = 0
        while let scalar = current, (0x30...0x39).contains(scalar.value) {
            value = value * 10 + Int(scalar.value - 0x30)
            digits += 1
            position += 1
            if value > XPathRegex.maximumProgramSize {
                throw SPARQLEvaluationError.unsupported(
                    "the repetition count in the regular expression '\(pattern.clipped)' is too large")
            }
        }
        guard digits > 0 else { throw invalid() }
        return value
    }

    private mutating func parseAtom() throws -> RegexNode {
        guard let scalar = current else { throw invalid() }
        switch scalar {
        case "(":
            position += 1
            depth += 1
            guard depth <= XPathRegex.maximumNesting else {
                throw SPARQLEvaluationError.unsupported(
                    "the regular expression '\(pattern.clipped)' nests groups deeper than \(XPathRegex.maximumNesting) levels")
            }
            var index: Int?
            if current == "?" {
                guard position + 1 < scalars.count, scalars[position + 1] == ":" else { throw invalid() }
                position += 2
            } else {
                groupCount += 1
                index = groupCount
            }
            let inner = try parseAlternation()
            guard current == ")" else { throw invalid() }
            position += 1
            depth -= 1
            return .group(inner, index: index)
        case "[":
            position += 1
            return .characters(try parseClassExpression())
        case ".":
            position += 1
            return .any
        case "^":
            position += 1
            return .start
        case "$":
            position += 1
            return .end
        case "\\":
            return .characters(try parseEscape(inClass: false))
        case "?", "*", "+", "{", "}", "]", ")", "|":
            throw invalid()
        default:
            position += 1
            return .characters(single(scalar))
        }
    }

    /// An escape after `\`: a single character, a class escape or a category (`\p{...}`).
    private mutating func parseEscape(inClass: Bool) throws -> ScalarSet {
        position += 1
        guard let scalar = current else { throw invalid() }
        position += 1
        var set = ScalarSet(caseInsensitive: caseInsensitive)
        func char(_ value: Unicode.Scalar) -> ScalarSet { single(value) }
        switch scalar {
        case "n": return char("\n")
        case "r": return char("\r")
        case "t": return char("\t")
        case "\\", "|", ".", "?", "*", "+", "(", ")", "{", "}", "-", "[", "]", "^", "$": return char(scalar)
        case "s", "S": set.classes = [(.space, scalar == "S")]
        case "i", "I": set.classes = [(.nameStart, scalar == "I")]
        case "c", "C": set.classes = [(.name, scalar == "C")]
        case "d", "D": set.classes = [(.digit, scalar == "D")]
        case "w", "W": set.classes = [(.word, scalar == "W")]
        case "p", "P":
            guard current == "{" else { throw invalid() }
            position += 1
            var name = ""
            while let next = current, next != "}" {
                name.unicodeScalars.append(next)
                position += 1
            }
            guard current == "}" else { throw invalid() }
            position += 1
            if name.hasPrefix("Is") {
                throw SPARQLEvaluationError.unsupported(
                    "the Unicode block \\p{\(name.clipped)} in a regular expression; use a character range instead")
            }
            guard ScalarSet.categoryNames.contains(name) else { throw invalid() }
            set.classes = [(.category(name), scalar == "P")]
        case "1"..."9" where !inClass:
            throw SPARQLEvaluationError.unsupported(
                "the back-reference \\\(scalar) in the regular expression '\(pattern.clipped)' (it cannot be matched in linear time)")
        default:
            throw invalid()
        }
        // Class escapes are never widened by case.
        set.caseInsensitive = false
        return set
    }

    /// A character class expression after `[`, up to and including its `]`.
    private mutating func parseClassExpression() throws -> ScalarSet {
        var set = ScalarSet(caseInsensitive: caseInsensitive)
        if current == "^" {
            set.negated = true
            position += 1
        }
        var items = 0
        while true {
            guard let scalar = current else { throw invalid() }
            if scalar == "]" && items > 0 {
                position += 1
                return set
            }
            if scalar == "-" && items > 0 && position + 1 < scalars.count && scalars[position + 1] == "[" {
                position += 2
                set.subtracted = [try parseClassExpression()]
                guard current == "]" else { throw invalid() }
                position += 1
                return set
            }
            if scalar == "[" { throw invalid() }
            items += 1
            let first: Unicode.Scalar
            if scalar == "\\" {
                let escaped = try parseEscape(inClass: true)
                guard escaped.classes.isEmpty, let range = escaped.ranges.first else {
                    set.classes.append(contentsOf: escaped.classes)
                    continue
                }
                guard let value = Unicode.Scalar(range.lowerBound) else { throw invalid() }
                first = value
            } else {
                position += 1
                first = scalar
            }
            // A range `a-z`, unless the '-' ends the group or starts a subtraction.
            if current == "-", position + 1 < scalars.count, scalars[position + 1] != "]", scalars[position + 1] != "[" {
                position += 1
                guard let next = current else { throw invalid() }
                let last: Unicode.Scalar
                if next == "\\" {
                    let escaped = try parseEscape(inClass: true)
                    guard escaped.classes.isEmpty, let range = escaped.ranges.first,
                          let value = Unicode.Scalar(range.lowerBound) else { throw invalid() }
                    last = value
                } else {
                    position += 1
                    last = next
                }
                guard first.value <= last.value else { throw invalid() }
                set.ranges.append(first.value...last.value)
            } else {
                set.ranges.append(first.value...first.value)
            }
        }
    }
}

/// Turns a parsed pattern into a Pike VM program (Thompson's construction).
struct RegexCompiler {
    let dotAll: Bool
    let multiline: Bool
    let pattern: String
    private(set) var program: [XPathRegex.Instruction] = []

    init(dotAll: Bool, multiline: Bool, pattern: String) {
        self.dotAll = dotAll
        self.multiline = multiline
        self.pattern = pattern
    }

    mutating func emit(_ instruction: XPathRegex.Instruction) {
        program.append(instruction)
    }

    private mutating func checkSize() throws {
        if program.count > XPathRegex.maximumProgramSize {
            throw SPARQLEvaluationError.unsupported(
                "the regular expression '\(pattern.clipped)' is too large (its counted repetitions expand past \(XPathRegex.maximumProgramSize) steps)")
        }
    }

    mutating func compile(_ node: RegexNode) throws {
        try checkSize()
        switch node {
        case .empty:
            break
        case .characters(let set):
            emit(.characters(set))
        case .any:
            emit(.any(dotAll: dotAll))
        case .start:
            emit(multiline ? .lineStart : .textStart)
        case .end:
            emit(multiline ? .lineEnd : .textEnd)
        case .sequence(let nodes):
            for node in nodes { try compile(node) }
        case .alternation(let branches):
            var jumps: [Int] = []
            for (index, branch) in branches.enumerated() {
                if index < branches.count - 1 {
                    let split = program.count
                    emit(.split(split + 1, -1))
                    try compile(branch)
                    jumps.append(program.count)
                    emit(.jump(-1))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try compile(branch)
                }
            }
            for jump in jumps { program[jump] = .jump(program.count) }
        case .group(let inner, let index):
            if let index { emit(.save(2 * index)) }
            try compile(inner)
            if let index { emit(.save(2 * index + 1)) }
        case .repetition(let inner, let minimum, let maximum, let lazy):
            for _ in 0..<minimum { try compile(inner) }
            if let maximum {
                var splits: [Int] = []
                for _ in minimum..<maximum {
                    splits.append(program.count)
                    emit(.split(-1, -1))
                    try compile(inner)
                }
                let end = program.count
                for split in splits {
                    program[split] = lazy ? .split(end, split + 1) : .split(split + 1, end)
                }
            } else {
                let loop = program.count
                emit(.split(-1, -1))
                try compile(inner)
                emit(.jump(loop))
                let end = program.count
                program[loop] = lazy ? .split(end, loop + 1) : .split(loop + 1, end)
            }
        }
    }
}

/// The Pike VM: runs every thread of the program in lock step over the text, at most one thread per
/// instruction, so a search costs O(text length × program size).
struct PikeMachine {
    let program: [XPathRegex.Instruction]
    let slotCount: Int
    let stop: QueryCancellation?
    /// True once `stop` ended a search early.
    private(set) var stopped = false
    private var current: ThreadList
    private var next: ThreadList
    private var work: [Int]
    private var stack: [(pc: Int, restoreSlot: Int, restoreValue: Int)] = []

    struct ThreadList {
        /// The threads waiting on a character or at `match`, in priority order.
        var pcs: [Int] = []
        /// Every instruction visited while the list was built (threads and the steps leading to them).
        var visited: [Int] = []
        var onList: [Bool]
        var slots: [Int]

        init(size: Int, slotCount: Int) {
            onList = [Bool](repeating: false, count: size)
            slots = [Int](repeating: -1, count: size * slotCount)
        }

        mutating func clear() {
            for pc in visited { onList[pc] = false }
            visited.removeAll(keepingCapacity: true)
            pcs.removeAll(keepingCapacity: true)
        }
    }

    init(program: [XPathRegex.Instruction], slotCount: Int, stop: QueryCancellation?) {
        self.program = program
        self.slotCount = slotCount
        self.stop = stop
        current = ThreadList(size: program.count, slotCount: slotCount)
        next = ThreadList(size: program.count, slotCount: slotCount)
        work = [Int](repeating: -1, count: slotCount)
    }

    /// The leftmost match at or after `start` (its capture slots; slot 0 and 1 bound the match), with Perl's
    /// preferences among alternatives and quantifiers; with `stopAtFirst`, the first match found at all.
    mutating func search(_ text: [Unicode.Scalar], from start: Int, stopAtFirst: Bool) -> [Int]? {
        current.clear()
        next.clear()
        var matched: [Int]?
        var position = start
        while true {
            if matched == nil {
                for slot in 0..<slotCount { work[slot] = -1 }
                addThread(toNext: false, pc: 0, at: position, in: text)
            }
            if current.pcs.isEmpty && matched != nil { break }
            for index in 0..<current.pcs.count {
                let pc = current.pcs[index]
                switch program[pc] {
                case .match:
                    if stopAtFirst { return [] }
                    matched = Array(current.slots[(pc * slotCount)..<((pc + 1) * slotCount)])
                    break
                case .characters(let set):
                    if position < text.count && set.contains(text[position]) {
                        advance(pc, at: position, in: text)
                    }
                    continue
                case .any(let dotAll):
                    if position < text.count && (dotAll || (text[position] != "\n" && text[position] != "\r")) {
                        advance(pc, at: position, in: text)
                    }
                    continue
                default:
                    continue
                }
                // A match cuts off the threads of lower priority.
                break
            }
            if position >= text.count { break }
            position += 1
            if position & 0x3F == 0, let stop, stop.shouldStop {
                stopped = true
                return nil
            }
            swap(&current, &next)
            next.clear()
        }
        return matched
    }

    private mutating func advance(_ pc: Int, at position: Int, in text: [Unicode.Scalar]) {
        for slot in 0..<slotCount { work[slot] = current.slots[pc * slotCount + slot] }
        addThread(toNext: true, pc: pc + 1, at: position + 1, in: text)
    }

    /// Adds the thread at `pc` with the capture slots in `work`, following jumps, splits, saves and
    /// assertions (the epsilon closure), in priority order.
    private mutating func addThread(toNext: Bool, pc start: Int, at position: Int, in text: [Unicode.Scalar]) {
        // The list is moved out while it grows, so that it and the machine are not accessed at once.
        var list = ThreadList(size: 0, slotCount: 0)
        if toNext { swap(&list, &next) } else { swap(&list, &current) }
        defer { if toNext { swap(&list, &next) } else { swap(&list, &current) } }
        stack.append((start, -1, 0))
        while let (pc, restoreSlot, restoreValue) = stack.popLast() {
            if restoreSlot >= 0 {
                work[restoreSlot] = restoreValue
                continue
            }
            if list.onList[pc] { continue }
            list.onList[pc] = true
            list.visited.append(pc)
            switch program[pc] {
            case .jump(let target):
                stack.append((target, -1, 0))
            case .split(let first, let second):
                stack.append((second, -1, 0))
                stack.append((first, -1, 0))
            case .save(let slot):
                if slot < slotCount {
                    stack.append((0, slot, work[slot]))
                    work[slot] = position
                }
                stack.append((pc + 1, -1, 0))
            case .textStart:
                if position == 0 { stack.append((pc + 1, -1, 0)) }
            case .textEnd:
                if position == text.count { stack.append((pc + 1, -1, 0)) }
            case .lineStart:
                if position == 0 || text[position - 1] == "\n" { stack.append((pc + 1, -1, 0)) }
            case .lineEnd:
                if position == text.count || text[position] == "\n" { stack.append((pc + 1, -1, 0)) }
            case .characters, .any, .match:
                list.pcs.append(pc)
                for slot in 0..<slotCount { list.slots[pc * slotCount + slot] = work[slot] }
            }
        }
    }
}

/// The replacement string of `fn:replace`: text and `$N` group references.
struct ReplacementTemplate {
    enum Part {
        case text(String)
        case group(Int)
    }

    let parts: [Part]

    /// Nil when `replacement` has a `$` without a digit or a `\` before anything but `$` or `\`.
    init?(_ replacement: String, groupCount: Int) {
        var parts: [Part] = []
        var text = ""
        let scalars = Array(replacement.unicodeScalars)
        var index = 0
        func digit(_ scalar: Unicode.Scalar) -> Int? {
            (0x30...0x39).contains(scalar.value) ? Int(scalar.value - 0x30) : nil
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\" {
                guard index + 1 < scalars.count, scalars[index + 1] == "$" || scalars[index + 1] == "\\" else { return nil }
                text.unicodeScalars.append(scalars[index + 1])
                index += 2
            } else if scalar == "$" {
                guard index + 1 < scalars.count, var group = digit(scalars[index + 1]) else { return nil }
                index += 2
                // The longest run of digits that names an existing group; later digits are text.
                while index < scalars.count, let more = digit(scalars[index]), group * 10 + more <= groupCount {
                    group = group * 10 + more
                    index += 1
                }
                if !text.isEmpty { parts.append(.text(text)) }
                text = ""
                if group <= groupCount { parts.append(.group(group)) }
            } else {
                text.unicodeScalars.append(scalar)
                index += 1
            }
        }
        if !text.isEmpty { parts.append(.text(text)) }
        self.parts = parts
    }
}

extension String {
    /// The string cut to about 200 characters, for error messages.
    var clipped: String {
        count <= 200 ? self : String(prefix(200)) + "…"
    }
}
