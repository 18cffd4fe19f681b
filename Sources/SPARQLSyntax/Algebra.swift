public import RDFModel

/// A position in a triple pattern: a variable or a fixed term (SPARQL 1.1 §18.1.3).
///
/// Blank nodes in a graph pattern are non-distinguished variables; the parser names them `_:label`,
/// which no query variable can spell.
public enum TermPattern: Hashable, Sendable {
    case variable(String)
    case term(Term)

    /// The variable name, when this is a variable.
    public var variableName: String? {
        if case .variable(let name) = self { return name }
        return nil
    }
}

/// A triple pattern (SPARQL 1.1 §18.1.4).
public struct TriplePattern: Hashable, Sendable {
    public var subject: TermPattern
    public var predicate: TermPattern
    public var object: TermPattern

    public init(_ subject: TermPattern, _ predicate: TermPattern, _ object: TermPattern) {
        self.subject = subject
        self.predicate = predicate
        self.object = object
    }

    /// The variables of the pattern, in subject, predicate, object order.
    public var variables: [String] {
        [subject, predicate, object].compactMap(\.variableName)
    }
}

/// A property path expression (SPARQL 1.1 §9, §18.1.7).
public indirect enum PropertyPath: Hashable, Sendable {
    /// A single predicate IRI (`iri`).
    case predicate(String)
    /// `^path`.
    case inverse(PropertyPath)
    /// `path1 / path2`.
    case sequence(PropertyPath, PropertyPath)
    /// `path1 | path2`.
    case alternative(PropertyPath, PropertyPath)
    /// `path*`.
    case zeroOrMore(PropertyPath)
    /// `path+`.
    case oneOrMore(PropertyPath)
    /// `path?`.
    case zeroOrOne(PropertyPath)
    /// `!(iri | ^iri ...)`: forward and inverse predicates that must not match.
    case negated(forward: [String], inverse: [String])
}

/// The built-in functions of SPARQL 1.1 §17.4, by their keyword.
public enum BuiltinFunction: String, Hashable, Sendable, CaseIterable {
    case str = "STR", lang = "LANG", langMatches = "LANGMATCHES", datatype = "DATATYPE", bound = "BOUND"
    case iri = "IRI", uri = "URI", bnode = "BNODE", rand = "RAND", abs = "ABS", ceil = "CEIL", floor = "FLOOR"
    case round = "ROUND", concat = "CONCAT", substr = "SUBSTR", strlen = "STRLEN", replace = "REPLACE"
    case ucase = "UCASE", lcase = "LCASE", encodeForURI = "ENCODE_FOR_URI", contains = "CONTAINS"
    case strStarts = "STRSTARTS", strEnds = "STRENDS", strBefore = "STRBEFORE", strAfter = "STRAFTER"
    case year = "YEAR", month = "MONTH", day = "DAY", hours = "HOURS", minutes = "MINUTES", seconds = "SECONDS"
    case timezone = "TIMEZONE", tz = "TZ", now = "NOW", uuid = "UUID", strUUID = "STRUUID"
    case md5 = "MD5", sha1 = "SHA1", sha256 = "SHA256", sha384 = "SHA384", sha512 = "SHA512"
    case coalesce = "COALESCE", `if` = "IF", strLang = "STRLANG", strDT = "STRDT", sameTerm = "SAMETERM"
    case isIRI = "ISIRI", isURI = "ISURI", isBlank = "ISBLANK", isLiteral = "ISLITERAL", isNumeric = "ISNUMERIC"
    case regex = "REGEX"

    /// The allowed number of arguments; `nil` upper bound means any number.
    public var arity: (minimum: Int, maximum: Int?) {
        switch self {
        case .rand, .now, .uuid, .strUUID: return (0, 0)
        case .bnode: return (0, 1)
        case .concat, .coalesce: return (0, nil)
        case .langMatches, .contains, .strStarts, .strEnds, .strBefore, .strAfter, .strLang, .strDT, .sameTerm:
            return (2, 2)
        case .substr, .regex: return (2, 3)
        case .replace: return (3, 4)
        case .if: return (3, 3)
        default: return (1, 1)
        }
    }
}

/// The set functions of SPARQL 1.1 §18.5.1.
public enum AggregateFunction: String, Hashable, Sendable, CaseIterable {
    case count = "COUNT", sum = "SUM", min = "MIN", max = "MAX", avg = "AVG", sample = "SAMPLE"
    case groupConcat = "GROUP_CONCAT"
}

/// An aggregate call such as `COUNT(DISTINCT ?x)` (SPARQL 1.1 §11, §18.5.1).
public struct Aggregate: Hashable, Sendable {
    public var function: AggregateFunction
    /// The argument; `nil` for `COUNT(*)`.
    public var expression: Expression?
    public var distinct: Bool
    /// The `GROUP_CONCAT` separator (a single space by default).
    public var separator: String

    public init(function: AggregateFunction, expression: Expression?, distinct: Bool = false, separator: String = " ") {
        self.function = function
        self.expression = expression
        self.distinct = distinct
        self.separator = separator
    }
}

/// A SPARQL expression (SPARQL 1.1 §17).
public indirect enum Expression: Hashable, Sendable {
    case variable(String)
    case term(Term)
    case or(Expression, Expression)
    case and(Expression, Expression)
    case not(Expression)
    case equal(Expression, Expression)
    case notEqual(Expression, Expression)
    case less(Expression, Expression)
    case greater(Expression, Expression)
    case lessOrEqual(Expression, Expression)
    case greaterOrEqual(Expression, Expression)
    case add(Expression, Expression)
    case subtract(Expression, Expression)
    case multiply(Expression, Expression)
    case divide(Expression, Expression)
    case negate(Expression)
    case unaryPlus(Expression)
    /// `lhs IN (list)`.
    case `in`(Expression, [Expression])
    /// `lhs NOT IN (list)`.
    case notIn(Expression, [Expression])
    /// A built-in call.
    case builtin(BuiltinFunction, [Expression])
    /// A function named by an IRI: XSD casts (§17.5) or extension functions.
    case function(String, [Expression])
    /// `EXISTS { pattern }` (§17.4.1.4).
    case exists(Algebra)
    /// `NOT EXISTS { pattern }`.
    case notExists(Algebra)
    /// An aggregate; only valid in SELECT, HAVING and ORDER BY of an aggregate query. The translation to
    /// algebra replaces it with a variable bound by `Algebra.group`.
    case aggregate(Aggregate)

    /// Calls `body` on this expression and every sub-expression (not into EXISTS patterns).
    public func visit(_ body: (Expression) -> Void) {
        body(self)
        for child in children { child.visit(body) }
    }

    /// The direct sub-expressions.
    public var children: [Expression] {
        switch self {
        case .variable, .term, .exists, .notExists: return []
        case .or(let a, let b), .and(let a, let b), .equal(let a, let b), .notEqual(let a, let b), .less(let a, let b),
             .greater(let a, let b), .lessOrEqual(let a, let b), .greaterOrEqual(let a, let b), .add(let a, let b),
             .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b):
            return [a, b]
        case .not(let a), .negate(let a), .unaryPlus(let a): return [a]
        case .in(let a, let list), .notIn(let a, let list): return [a] + list
        case .builtin(_, let args), .function(_, let args): return args
        case .aggregate(let aggregate): return aggregate.expression.map { [$0] } ?? []
        }
    }

    /// The variables the expression mentions (outside EXISTS).
    public var variables: Set<String> {
        var result: Set<String> = []
        visit { if case .variable(let name) = $0 { result.insert(name) } }
        return result
    }

    /// True when an aggregate occurs in the expression.
    public var containsAggregate: Bool {
        var found = false
        visit { if case .aggregate = $0 { found = true } }
        return found
    }
}

/// One `ORDER BY` condition (SPARQL 1.1 §15.1).
public struct OrderCondition: Hashable, Sendable {
    public var expression: Expression
    public var ascending: Bool

    public init(_ expression: Expression, ascending: Bool = true) {
        self.expression = expression
        self.ascending = ascending
    }
}

/// A `GROUP BY` key: an expression, optionally bound to a variable (SPARQL 1.1 §11.1).
public struct GroupKey: Hashable, Sendable {
    public var expression: Expression
    public var variable: String?

    public init(_ expression: Expression, variable: String?) {
        self.expression = expression
        self.variable = variable
    }
}

/// An aggregate computed by a group and the (internal) variable that receives it.
public struct AggregateBinding: Hashable, Sendable {
    public var aggregate: Aggregate
    public var variable: String

    public init(_ aggregate: Aggregate, variable: String) {
        self.aggregate = aggregate
        self.variable = variable
    }
}

/// The SPARQL algebra (SPARQL 1.1 §18.2, §18.5).
public indirect enum Algebra: Hashable, Sendable {
    /// The join identity: one solution that binds nothing.
    case unit
    /// A basic graph pattern.
    case bgp([TriplePattern])
    /// A property path pattern that the translation could not reduce to triple patterns (§18.2.2.4).
    case path(TermPattern, PropertyPath, TermPattern)
    case join(Algebra, Algebra)
    /// `LeftJoin(P1, P2, F)`; `nil` filter is `true`.
    case leftJoin(Algebra, Algebra, Expression?)
    case filter(Expression, Algebra)
    case union(Algebra, Algebra)
    /// `Graph(term or variable, P)`.
    case graph(TermPattern, Algebra)
    /// `Extend(P, var, expr)` (BIND and SELECT expressions).
    case extend(Algebra, String, Expression)
    case minus(Algebra, Algebra)
    /// Inline data; `nil` is UNDEF.
    case values([String], [[Term?]])
    /// `Group` followed by `Aggregation` (§18.2.4.1).
    case group(Algebra, keys: [GroupKey], aggregates: [AggregateBinding])
    case orderBy(Algebra, [OrderCondition])
    case project(Algebra, [String])
    case distinct(Algebra)
    case reduced(Algebra)
    /// `Slice(P, offset, limit)`.
    case slice(Algebra, offset: Int, limit: Int?)
    /// `SERVICE`: parsed, never evaluated locally.
    case service(TermPattern, Algebra, silent: Bool)

    /// The in-scope variables of the pattern (SPARQL 1.1 §18.2.1), in first-seen order.
    public var inScopeVariables: [String] {
        var seen: Set<String> = []
        var result: [String] = []
        func add(_ name: String) { if seen.insert(name).inserted { result.append(name) } }
        func walk(_ algebra: Algebra) {
            switch algebra {
            case .unit: break
            case .bgp(let patterns): for pattern in patterns { pattern.variables.forEach(add) }
            case .path(let s, _, let o): [s, o].compactMap(\.variableName).forEach(add)
            case .join(let a, let b), .leftJoin(let a, let b, _), .union(let a, let b): walk(a); walk(b)
            case .minus(let a, _), .filter(_, let a), .orderBy(let a, _), .distinct(let a), .reduced(let a),
                 .slice(let a, _, _):
                walk(a)
            case .graph(let g, let a):
                if let name = g.variableName { add(name) }
                walk(a)
            case .service(let g, let a, _):
                if let name = g.variableName { add(name) }
                walk(a)
            case .extend(let a, let name, _): walk(a); add(name)
            case .values(let names, _): names.forEach(add)
            case .group(_, let keys, let aggregates):
                keys.compactMap(\.variable).forEach(add)
                aggregates.map(\.variable).forEach(add)
            case .project(_, let names): names.forEach(add)
            }
        }
        walk(self)
        return result
    }
}

/// The dataset named by `FROM` and `FROM NAMED` (SPARQL 1.1 §13.2).
public struct DatasetClause: Hashable, Sendable {
    /// IRIs whose graphs merge into the default graph.
    public var defaultGraphs: [String]
    /// IRIs of the named graphs.
    public var namedGraphs: [String]

    public init(defaultGraphs: [String] = [], namedGraphs: [String] = []) {
        self.defaultGraphs = defaultGraphs
        self.namedGraphs = namedGraphs
    }

    /// True when the query names no graphs.
    public var isEmpty: Bool { defaultGraphs.isEmpty && namedGraphs.isEmpty }
}

/// A parsed SPARQL query: its form, its algebra and its dataset (SPARQL 1.1 §16, §18.2).
public struct Query: Hashable, Sendable {
    /// The query form (§16).
    public enum Form: Hashable, Sendable {
        /// `SELECT`, with the projected variables in order.
        case select([String])
        case ask
        /// `CONSTRUCT`, with its template; blank nodes in the template are `.term(.blankNode)`.
        case construct([TriplePattern])
        /// `DESCRIBE`, with the resources or variables to describe.
        case describe([TermPattern])
    }

    public var form: Form
    /// The algebra of the WHERE clause with its solution modifiers.
    public var algebra: Algebra
    /// `FROM` / `FROM NAMED`.
    public var dataset: DatasetClause
    /// The base IRI in effect at the end of the prologue.
    public var baseIRI: String?
    /// The declared prefixes, in declaration order.
    public var prefixes: [(prefix: String, namespace: String)]

    public init(form: Form, algebra: Algebra, dataset: DatasetClause = DatasetClause(), baseIRI: String? = nil,
                prefixes: [(prefix: String, namespace: String)] = []) {
        self.form = form
        self.algebra = algebra
        self.dataset = dataset
        self.baseIRI = baseIRI
        self.prefixes = prefixes
    }

    public static func == (lhs: Query, rhs: Query) -> Bool {
        lhs.form == rhs.form && lhs.algebra == rhs.algebra && lhs.dataset == rhs.dataset && lhs.baseIRI == rhs.baseIRI
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(form)
        hasher.combine(algebra)
        hasher.combine(dataset)
    }
}
