/// An error found while reading a SPARQL query, with the 1-based line and column where it was found.
///
/// Every case carries a position so that a user can find the offending text (SPARQL 1.1 Query §19,
/// grammar; §18.2, translation rules such as variable scoping).
public enum SPARQLSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A token that the grammar does not allow here.
    case unexpectedToken(expected: String, found: String, line: Int, column: Int)
    /// The query ended where more input was required.
    case unexpectedEndOfInput(expected: String, line: Int, column: Int)
    /// Bytes that do not form any SPARQL token (for example an unterminated string).
    case invalidToken(String, reason: String, line: Int, column: Int)
    /// A prefixed name whose prefix was not declared with `PREFIX`.
    case undefinedPrefix(String, line: Int, column: Int)
    /// A variable that is bound twice in one scope (`BIND`, `AS` in `SELECT`), SPARQL 1.1 §18.2.1.
    case variableAlreadyInScope(String, line: Int, column: Int)
    /// A variable used outside `GROUP BY` in an aggregate query, SPARQL 1.1 §18.2.4.1.
    case ungroupedVariable(String, line: Int, column: Int)
    /// An aggregate where none is allowed (in `WHERE`, nested in another aggregate, in `GROUP BY`).
    case misplacedAggregate(String, line: Int, column: Int)
    /// A blank node label shared between two basic graph patterns, SPARQL 1.1 §4.1.4.
    case blankNodeLabelReused(String, line: Int, column: Int)
    /// A `VALUES` row whose length differs from the variable list.
    case valuesArityMismatch(expected: Int, found: Int, line: Int, column: Int)
    /// A construct that the grammar accepts but the query language forbids here.
    case notAllowed(String, line: Int, column: Int)

    /// The 1-based line of the error.
    public var line: Int {
        switch self {
        case .unexpectedToken(_, _, let line, _), .unexpectedEndOfInput(_, let line, _),
             .invalidToken(_, _, let line, _), .undefinedPrefix(_, let line, _),
             .variableAlreadyInScope(_, let line, _), .ungroupedVariable(_, let line, _),
             .misplacedAggregate(_, let line, _), .blankNodeLabelReused(_, let line, _),
             .valuesArityMismatch(_, _, let line, _), .notAllowed(_, let line, _):
            return line
        }
    }

    /// The 1-based column (in characters) of the error.
    public var column: Int {
        switch self {
        case .unexpectedToken(_, _, _, let column), .unexpectedEndOfInput(_, _, let column),
             .invalidToken(_, _, _, let column), .undefinedPrefix(_, _, let column),
             .variableAlreadyInScope(_, _, let column), .ungroupedVariable(_, _, let column),
             .misplacedAggregate(_, _, let column), .blankNodeLabelReused(_, _, let column),
             .valuesArityMismatch(_, _, _, let column), .notAllowed(_, _, let column):
            return column
        }
    }

    public var description: String {
        let position = "\(line):\(column)"
        switch self {
        case .unexpectedToken(let expected, let found, _, _):
            return "\(position): expected \(expected), found \(found)"
        case .unexpectedEndOfInput(let expected, _, _):
            return "\(position): unexpected end of query; expected \(expected)"
        case .invalidToken(let text, let reason, _, _):
            return "\(position): invalid token '\(text)': \(reason)"
        case .undefinedPrefix(let prefix, _, _):
            return "\(position): undefined prefix '\(prefix):'; declare it with PREFIX \(prefix): <...>"
        case .variableAlreadyInScope(let name, _, _):
            return "\(position): variable ?\(name) is already in scope and cannot be bound again"
        case .ungroupedVariable(let name, _, _):
            return "\(position): variable ?\(name) is neither grouped nor aggregated; add it to GROUP BY or wrap it in an aggregate such as SAMPLE(?\(name))"
        case .misplacedAggregate(let name, _, _):
            return "\(position): aggregate \(name) is not allowed here"
        case .blankNodeLabelReused(let label, _, _):
            return "\(position): blank node label _:\(label) is used in more than one basic graph pattern"
        case .valuesArityMismatch(let expected, let found, _, _):
            return "\(position): VALUES row has \(found) values but \(expected) variables"
        case .notAllowed(let what, _, _):
            return "\(position): \(what)"
        }
    }
}
