import RDFModel

/// A recursive-descent parser for SPARQL 1.1 queries (SPARQL 1.1 Query §19), producing the algebra of §18.2.
public struct SPARQLParser {
    var tokens: [PositionedToken]
    var position = 0
    var baseIRI: String?
    var prefixes: [(prefix: String, namespace: String)] = []
    var prefixLookup: [String: String] = [:]
    var freshCounter = 0
    /// Blank node label → the basic graph pattern it was first used in (SPARQL 1.1 §4.1.4).
    var blankNodeScopes: [String: Int] = [:]
    var currentBGP = 0
    var bgpCounter = 0
    var aggregatesAllowed = false
    var insideAggregate = false
    /// In a CONSTRUCT template blank nodes stay blank nodes; in patterns they become variables.
    var inTemplate = false
    /// The depth of the syntax tree at the point being parsed (see `maximumDepth`).
    var depth = 0

    /// How deep a query may nest, in units of about one parser frame. Each further operand of a
    /// chain (`a + b + c`, `||`, path steps, `UNION`, the elements of a group: one tree node each)
    /// and each unary operator costs 1; a group 2, a collection or blank-node property list 3, a
    /// bracketed path 5, and a bracketed or argument expression 8 (the frames its grammar rules
    /// take). So a query may hold a chain of nearly 1,000 operands, or about 120 brackets inside
    /// each other; deeper ones would exhaust the stack of the threads that parse, evaluate and
    /// free them.
    public static let maximumDepth = 1000

    /// Parses the text of a query.
    ///
    /// - Parameters:
    ///   - text: The query.
    ///   - baseIRI: The base IRI for relative IRIs until a `BASE` declaration (SPARQL 1.1 §4.1.1.1).
    /// - Returns: The query form, algebra and dataset.
    /// - Throws: `SPARQLSyntaxError`, with the line and column of the problem.
    public static func parse(query text: String, baseIRI: String? = nil) throws(SPARQLSyntaxError) -> Query {
        try parse(query: text, baseIRI: baseIRI, defaultPrefixes: [])
    }

    /// Parses the text of a query in which the `defaultPrefixes` may be used without a `PREFIX`
    /// declaration; the query's own declarations win.
    ///
    /// - Parameters:
    ///   - text: The query.
    ///   - baseIRI: The base IRI for relative IRIs until a `BASE` declaration (SPARQL 1.1 §4.1.1.1).
    ///   - defaultPrefixes: Prefixes known without a declaration, such as `commonPrefixes`.
    /// - Returns: The query form, algebra and dataset (its `prefixes` are the declared ones).
    /// - Throws: `SPARQLSyntaxError`, with the line and column of the problem.
    public static func parse(query text: String, baseIRI: String? = nil,
                             defaultPrefixes: [(prefix: String, namespace: String)]) throws(SPARQLSyntaxError) -> Query {
        var lexer = SPARQLLexer(text)
        var parser = SPARQLParser(tokens: try lexer.tokenize(), baseIRI: baseIRI)
        for (prefix, namespace) in defaultPrefixes { parser.prefixLookup[prefix] = namespace }
        return try parser.parseQueryUnit()
    }

    /// The prefixes `panet query` and the server's `/sparql` know without a declaration, as Jena and
    /// Oxigraph's server do: `rdf`, `rdfs`, `owl`, `xsd`, `skos`, `dc`, `dcterms`, `obo` and `panet`.
    public static let commonPrefixes: [(prefix: String, namespace: String)] = PrefixMap.standard.entries + [
        ("obo", "http://purl.obolibrary.org/obo/"), ("panet", "http://purl.org/pan-science/PaNET/"),
    ]

    init(tokens: [PositionedToken], baseIRI: String?) {
        self.tokens = tokens
        self.baseIRI = baseIRI
    }

    // MARK: Token helpers

    var current: PositionedToken { tokens[position] }
    var token: SPARQLToken { tokens[position].token }
    func lookahead(_ offset: Int) -> SPARQLToken {
        position + offset < tokens.count ? tokens[position + offset].token : .end
    }

    mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    func isWord(_ word: String, _ offset: Int = 0) -> Bool {
        if case .word(let text) = lookahead(offset) { return text.uppercased() == word }
        return false
    }

    func isPunctuation(_ text: String, _ offset: Int = 0) -> Bool {
        lookahead(offset) == .punctuation(text)
    }

    mutating func acceptWord(_ word: String) -> Bool {
        if isWord(word) { advance(); return true }
        return false
    }

    mutating func acceptPunctuation(_ text: String) -> Bool {
        if isPunctuation(text) { advance(); return true }
        return false
    }

    mutating func expectWord(_ word: String) throws(SPARQLSyntaxError) {
        guard acceptWord(word) else { throw unexpected(word) }
    }

    mutating func expectPunctuation(_ text: String) throws(SPARQLSyntaxError) {
        guard acceptPunctuation(text) else { throw unexpected("'\(text)'") }
    }

    func unexpected(_ expected: String) -> SPARQLSyntaxError {
        if token == .end {
            return .unexpectedEndOfInput(expected: expected, line: current.line, column: current.column)
        }
        return .unexpectedToken(expected: expected, found: token.display, line: current.line, column: current.column)
    }

    func notAllowed(_ message: String, at token: PositionedToken? = nil) -> SPARQLSyntaxError {
        let at = token ?? current
        return .notAllowed(message, line: at.line, column: at.column)
    }

    /// Adds `cost` to `depth`; throws past `maximumDepth`. Callers restore `depth` when they return.
    mutating func deepen(_ cost: Int = 1) throws(SPARQLSyntaxError) {
        depth += cost
        if depth > Self.maximumDepth {
            throw notAllowed("the query nests too deeply (brackets inside brackets, groups inside groups, or too long a chain of operators, UNIONs or group elements)")
        }
    }

    mutating func freshVariable(_ kind: String) -> String {
        freshCounter += 1
        return "_:\(kind)\(freshCounter)"
    }

    mutating func freshBlankNode() -> TermPattern {
        freshCounter += 1
        if inTemplate { return .term(.blankNode("#t\(freshCounter)")) }
        return .variable("_:#\(freshCounter)")
    }

    mutating func newBGPScope() {
        bgpCounter += 1
        currentBGP = bgpCounter
    }

    // MARK: Query

    mutating func parseQueryUnit() throws(SPARQLSyntaxError) -> Query {
        try parsePrologue()
        var query: Query
        if isWord("SELECT") {
            query = try parseSelectQuery()
        } else if isWord("CONSTRUCT") {
            query = try parseConstructQuery()
        } else if isWord("DESCRIBE") {
            query = try parseDescribeQuery()
        } else if isWord("ASK") {
            query = try parseAskQuery()
        } else {
            throw unexpected("SELECT, CONSTRUCT, DESCRIBE, ASK, PREFIX or BASE")
        }
        guard token == .end else { throw unexpected("end of query") }
        query.baseIRI = baseIRI
        query.prefixes = prefixes
        return query
    }

    mutating func parsePrologue() throws(SPARQLSyntaxError) {
        while true {
            if acceptWord("BASE") {
                guard case .iri(let iri) = token else { throw unexpected("an IRI after BASE") }
                advance()
                baseIRI = resolve(iri)
            } else if acceptWord("PREFIX") {
                guard case .prefixedName(let prefix, let local) = token, local.isEmpty else {
                    throw unexpected("a prefix such as 'ex:' after PREFIX")
                }
                advance()
                guard case .iri(let iri) = token else { throw unexpected("an IRI after PREFIX \(prefix):") }
                advance()
                let namespace = resolve(iri)
                prefixes.removeAll { $0.prefix == prefix }
                prefixes.append((prefix, namespace))
                prefixLookup[prefix] = namespace
            } else {
                return
            }
        }
    }

    func resolve(_ iri: String) -> String {
        guard let baseIRI, !IRI.isAbsolute(iri) else { return iri }
        return IRI.resolve(iri, against: baseIRI)
    }

    mutating func parseDatasetClauses() throws(SPARQLSyntaxError) -> DatasetClause {
        var dataset = DatasetClause()
        while acceptWord("FROM") {
            let named = acceptWord("NAMED")
            let iri = try parseIRI()
            if named { dataset.namedGraphs.append(iri) } else { dataset.defaultGraphs.append(iri) }
        }
        return dataset
    }

    struct Projection {
        var distinct = false
        var reduced = false
        var star = false
        var items: [(variable: String, expression: Expression?, token: PositionedToken)] = []
    }

    struct Modifiers {
        var groupKeys: [GroupKey]?
        var groupKeyTokens: [PositionedToken] = []
        var having: [Expression] = []
        var orderBy: [OrderCondition] = []
        var limit: Int?
        var offset = 0
    }

    mutating func parseSelectQuery() throws(SPARQLSyntaxError) -> Query {
        let projection = try parseSelectClause()
        let dataset = try parseDatasetClauses()
        let algebra = try parseSelectBody(projection)
        let variables = projection.star ? Self.visibleVariables(algebra) : projection.items.map(\.variable)
        return Query(form: .select(variables), algebra: algebra, dataset: dataset)
    }

    /// Variables that a `SELECT *` projects: the in-scope variables without the non-distinguished ones.
    static func visibleVariables(_ algebra: Algebra) -> [String] {
        algebra.inScopeVariables.filter { !$0.hasPrefix("_:") && !$0.hasPrefix(".") }
    }

    mutating func parseSelectClause() throws(SPARQLSyntaxError) -> Projection {
        try expectWord("SELECT")
        var projection = Projection()
        if acceptWord("DISTINCT") { projection.distinct = true } else if acceptWord("REDUCED") { projection.reduced = true }
        if acceptPunctuation("*") {
            projection.star = true
            return projection
        }
        aggregatesAllowed = true
        defer { aggregatesAllowed = false }
        while true {
            let start = current
            if case .variable(let name) = token {
                advance()
                projection.items.append((name, nil, start))
            } else if acceptPunctuation("(") {
                let expression = try parseExpression()
                try expectWord("AS")
                let variableToken = current
                let name = try parseVariable()
                try expectPunctuation(")")
                projection.items.append((name, expression, variableToken))
            } else {
                break
            }
        }
        if projection.items.isEmpty { throw unexpected("'*', a variable or '(expression AS ?var)' after SELECT") }
        return projection
    }

    /// Parses WHERE, solution modifiers and VALUES after a SELECT clause, and builds the algebra (§18.2.4).
    mutating func parseSelectBody(_ projection: Projection) throws(SPARQLSyntaxError) -> Algebra {
        _ = acceptWord("WHERE")
        let pattern = try parseGroupGraphPattern()
        let modifiers = try parseSolutionModifiers()
        let values = try parseTrailingValues()
        return try buildSelect(pattern: pattern, projection: projection, modifiers: modifiers, values: values)
    }

    mutating func parseTrailingValues() throws(SPARQLSyntaxError) -> Algebra? {
        guard acceptWord("VALUES") else { return nil }
        return try parseDataBlock()
    }

    mutating func parseSolutionModifiers() throws(SPARQLSyntaxError) -> Modifiers {
        var modifiers = Modifiers()
        if acceptWord("GROUP") {
            try expectWord("BY")
            var keys: [GroupKey] = []
            while true {
                let start = current
                if case .variable(let name) = token {
                    advance()
                    keys.append(GroupKey(.variable(name), variable: name))
                } else if acceptPunctuation("(") {
                    let expression = try parseExpression()
                    var name: String?
                    if acceptWord("AS") { name = try parseVariable() }
                    try expectPunctuation(")")
                    keys.append(GroupKey(expression, variable: name))
                } else if isBuiltinCallStart() || isFunctionCallStart() {
                    keys.append(GroupKey(try parsePrimaryExpression(), variable: nil))
                } else {
                    break
                }
                modifiers.groupKeyTokens.append(start)
            }
            if keys.isEmpty { throw unexpected("a variable, a function call or '(expression)' after GROUP BY") }
            for key in keys where key.expression.containsAggregate {
                throw .misplacedAggregate("in GROUP BY", line: current.line, column: current.column)
            }
            modifiers.groupKeys = keys
        }
        aggregatesAllowed = true
        defer { aggregatesAllowed = false }
        if acceptWord("HAVING") {
            while isConstraintStart() { modifiers.having.append(try parseConstraint()) }
            if modifiers.having.isEmpty { throw unexpected("a constraint after HAVING") }
        }
        if acceptWord("ORDER") {
            try expectWord("BY")
            while true {
                if acceptWord("ASC") {
                    modifiers.orderBy.append(OrderCondition(try parseBracketedExpression(), ascending: true))
                } else if acceptWord("DESC") {
                    modifiers.orderBy.append(OrderCondition(try parseBracketedExpression(), ascending: false))
                } else if case .variable(let name) = token {
                    advance()
                    modifiers.orderBy.append(OrderCondition(.variable(name)))
                } else if isConstraintStart() {
                    modifiers.orderBy.append(OrderCondition(try parseConstraint()))
                } else {
                    break
                }
            }
            if modifiers.orderBy.isEmpty { throw unexpected("an order condition after ORDER BY") }
        }
        aggregatesAllowed = false
        for _ in 0..<2 {
            if acceptWord("LIMIT") {
                guard modifiers.limit == nil else { throw unexpected("a single LIMIT") }
                modifiers.limit = try parseNonNegativeInteger()
            } else if acceptWord("OFFSET") {
                modifiers.offset = try parseNonNegativeInteger()
            }
        }
        return modifiers
    }

    mutating func parseNonNegativeInteger() throws(SPARQLSyntaxError) -> Int {
        guard case .integer(let text) = token else { throw unexpected("an integer") }
        advance()
        return Int(text) ?? Int.max
    }

    /// Builds Group, Having, Values, Extend, OrderBy, Project, Distinct/Reduced and Slice (§18.2.4.1).
    mutating func buildSelect(pattern: Algebra, projection: Projection, modifiers: Modifiers,
                              values: Algebra?) throws(SPARQLSyntaxError) -> Algebra {
        var algebra = pattern
        let selectExpressions = projection.items.compactMap(\.expression)
        let isAggregate = modifiers.groupKeys != nil || selectExpressions.contains(where: \.containsAggregate)
            || modifiers.having.contains(where: \.containsAggregate)
            || modifiers.orderBy.contains(where: { $0.expression.containsAggregate })
        var aggregates: [AggregateBinding] = []
        var aggregateNames: [Aggregate: String] = [:]
        func replace(_ expression: Expression) -> Expression {
            Self.rewriteAggregates(expression) { aggregate in
                if let name = aggregateNames[aggregate] { return name }
                let name = ".agg\(aggregates.count)"
                aggregateNames[aggregate] = name
                aggregates.append(AggregateBinding(aggregate, variable: name))
                return name
            }
        }
        var items = projection.items
        var having = modifiers.having
        var orderBy = modifiers.orderBy
        if isAggregate {
            if projection.star { throw notAllowed("SELECT * is not allowed in a query with GROUP BY or aggregates") }
            let keys = modifiers.groupKeys ?? []
            var grouped = Set(keys.compactMap(\.variable))
            for key in keys where key.variable == nil {
                if case .variable(let name) = key.expression { grouped.insert(name) }
            }
            for index in items.indices {
                let item = items[index]
                if let expression = item.expression {
                    for name in Self.variablesOutsideAggregates(expression) where !grouped.contains(name) {
                        throw .ungroupedVariable(name, line: item.token.line, column: item.token.column)
                    }
                    items[index].expression = replace(expression)
                } else if !grouped.contains(item.variable) {
                    throw .ungroupedVariable(item.variable, line: item.token.line, column: item.token.column)
                }
                grouped.insert(item.variable)
            }
            having = having.map(replace)
            orderBy = orderBy.map { OrderCondition(replace($0.expression), ascending: $0.ascending) }
            algebra = .group(algebra, keys: keys, aggregates: aggregates)
            if !having.isEmpty { algebra = .filter(Self.conjunction(having), algebra) }
        }
        if let values { algebra = Self.join(algebra, values) }
        var inScope = Set(algebra.inScopeVariables)
        var projected: Set<String> = []
        for item in items {
            if let expression = item.expression {
                if inScope.contains(item.variable) || projected.contains(item.variable) {
                    throw .variableAlreadyInScope(item.variable, line: item.token.line, column: item.token.column)
                }
                algebra = .extend(algebra, item.variable, expression)
                inScope.insert(item.variable)
            }
            projected.insert(item.variable)
        }
        if !orderBy.isEmpty { algebra = .orderBy(algebra, orderBy) }
        let variables = projection.star ? Self.visibleVariables(algebra) : items.map(\.variable)
        algebra = .project(algebra, variables)
        if projection.distinct { algebra = .distinct(algebra) } else if projection.reduced { algebra = .reduced(algebra) }
        if modifiers.limit != nil || modifiers.offset > 0 {
            algebra = .slice(algebra, offset: modifiers.offset, limit: modifiers.limit)
        }
        return algebra
    }

    static func rewriteAggregates(_ expression: Expression, _ name: (Aggregate) -> String) -> Expression {
        func walk(_ e: Expression) -> Expression {
            switch e {
            case .aggregate(let aggregate): return .variable(name(aggregate))
            case .variable, .term, .exists, .notExists: return e
            case .or(let a, let b): return .or(walk(a), walk(b))
            case .and(let a, let b): return .and(walk(a), walk(b))
            case .not(let a): return .not(walk(a))
            case .equal(let a, let b): return .equal(walk(a), walk(b))
            case .notEqual(let a, let b): return .notEqual(walk(a), walk(b))
            case .less(let a, let b): return .less(walk(a), walk(b))
            case .greater(let a, let b): return .greater(walk(a), walk(b))
            case .lessOrEqual(let a, let b): return .lessOrEqual(walk(a), walk(b))
            case .greaterOrEqual(let a, let b): return .greaterOrEqual(walk(a), walk(b))
            case .add(let a, let b): return .add(walk(a), walk(b))
            case .subtract(let a, let b): return .subtract(walk(a), walk(b))
            case .multiply(let a, let b): return .multiply(walk(a), walk(b))
            case .divide(let a, let b): return .divide(walk(a), walk(b))
            case .negate(let a): return .negate(walk(a))
            case .unaryPlus(let a): return .unaryPlus(walk(a))
            case .in(let a, let list): return .in(walk(a), list.map(walk))
            case .notIn(let a, let list): return .notIn(walk(a), list.map(walk))
            case .builtin(let function, let args): return .builtin(function, args.map(walk))
            case .function(let iri, let args): return .function(iri, args.map(walk))
            }
        }
        return walk(expression)
    }

    static func variablesOutsideAggregates(_ expression: Expression) -> [String] {
        switch expression {
        case .aggregate: return []
        case .variable(let name): return [name]
        default: return expression.children.flatMap(variablesOutsideAggregates)
        }
    }

    static func conjunction(_ expressions: [Expression]) -> Expression {
        var result = expressions[0]
        for expression in expressions.dropFirst() { result = .and(result, expression) }
        return result
    }

    static func join(_ lhs: Algebra, _ rhs: Algebra) -> Algebra {
        if lhs == .unit { return rhs }
        if rhs == .unit { return lhs }
        return .join(lhs, rhs)
    }

    mutating func parseConstructQuery() throws(SPARQLSyntaxError) -> Query {
        try expectWord("CONSTRUCT")
        if isWord("WHERE") || isWord("FROM") {
            // CONSTRUCT WHERE { triples } (§16.2.4): the pattern is also the template.
            let dataset = try parseDatasetClauses()
            try expectWord("WHERE")
            try expectPunctuation("{")
            newBGPScope()
            var triples: [PathTriple] = []
            if !isPunctuation("}") { try parseTriplesBlock(into: &triples, allowPaths: false) }
            try expectPunctuation("}")
            let patterns = triples.compactMap { triple -> TriplePattern? in
                if case .term(let predicate) = triple.verb { return TriplePattern(triple.subject, predicate, triple.object) }
                return nil
            }
            let template = patterns.map { pattern in
                TriplePattern(Self.templateTerm(pattern.subject), Self.templateTerm(pattern.predicate),
                              Self.templateTerm(pattern.object))
            }
            let modifiers = try parseSolutionModifiers()
            let algebra = try buildSelect(pattern: patterns.isEmpty ? .unit : .bgp(patterns),
                                          projection: Projection(star: true), modifiers: modifiers, values: nil)
            return Query(form: .construct(template), algebra: algebra, dataset: dataset)
        }
        try expectPunctuation("{")
        inTemplate = true
        var triples: [PathTriple] = []
        if !isPunctuation("}") { try parseTriplesBlock(into: &triples, allowPaths: false) }
        inTemplate = false
        try expectPunctuation("}")
        let template = triples.compactMap { triple -> TriplePattern? in
            if case .term(let predicate) = triple.verb { return TriplePattern(triple.subject, predicate, triple.object) }
            return nil
        }
        let dataset = try parseDatasetClauses()
        _ = acceptWord("WHERE")
        let pattern = try parseGroupGraphPattern()
        let modifiers = try parseSolutionModifiers()
        let values = try parseTrailingValues()
        let algebra = try buildSelect(pattern: pattern, projection: Projection(star: true), modifiers: modifiers,
                                      values: values)
        return Query(form: .construct(template), algebra: algebra, dataset: dataset)
    }

    static func templateTerm(_ pattern: TermPattern) -> TermPattern {
        if case .variable(let name) = pattern, name.hasPrefix("_:") { return .term(.blankNode(String(name.dropFirst(2)))) }
        return pattern
    }

    mutating func parseDescribeQuery() throws(SPARQLSyntaxError) -> Query {
        try expectWord("DESCRIBE")
        var targets: [TermPattern] = []
        var star = false
        if acceptPunctuation("*") {
            star = true
        } else {
            while true {
                if case .variable(let name) = token {
                    advance()
                    targets.append(.variable(name))
                } else if isIRIStart() {
                    targets.append(.term(.iri(try parseIRI())))
                } else {
                    break
                }
            }
            if targets.isEmpty { throw unexpected("'*', a variable or an IRI after DESCRIBE") }
        }
        let dataset = try parseDatasetClauses()
        var pattern = Algebra.unit
        if acceptWord("WHERE") || isPunctuation("{") { pattern = try parseGroupGraphPattern() }
        let modifiers = try parseSolutionModifiers()
        let values = try parseTrailingValues()
        let algebra = try buildSelect(pattern: pattern, projection: Projection(star: true), modifiers: modifiers,
                                      values: values)
        if star { targets = Self.visibleVariables(algebra).map { .variable($0) } }
        return Query(form: .describe(targets), algebra: algebra, dataset: dataset)
    }

    mutating func parseAskQuery() throws(SPARQLSyntaxError) -> Query {
        try expectWord("ASK")
        let dataset = try parseDatasetClauses()
        _ = acceptWord("WHERE")
        let pattern = try parseGroupGraphPattern()
        let modifiers = try parseSolutionModifiers()
        let values = try parseTrailingValues()
        let algebra = try buildSelect(pattern: pattern, projection: Projection(star: true), modifiers: modifiers,
                                      values: values)
        return Query(form: .ask, algebra: algebra, dataset: dataset)
    }

    // MARK: Graph patterns

    enum GroupElement {
        case triples(Algebra)
        case filter(Expression)
        case optional(Algebra)
        case minus(Algebra)
        case bind(String, Expression, PositionedToken)
        case other(Algebra)
    }

    mutating func parseGroupGraphPattern() throws(SPARQLSyntaxError) -> Algebra {
        let outer = depth
        defer { depth = outer }
        try deepen(2)
        try expectPunctuation("{")
        if isWord("SELECT") {
            let saved = (blankNodeScopes, aggregatesAllowed)
            let projection = try parseSelectClause()
            let algebra = try parseSelectBody(projection)
            (blankNodeScopes, aggregatesAllowed) = saved
            try expectPunctuation("}")
            return algebra
        }
        newBGPScope()
        var elements: [GroupElement] = []
        var triplesNeedSeparator = false
        while !isPunctuation("}") {
            // The elements are joined one after another: a left-deep tree.
            try deepen()
            if isTriplesStart() {
                // Two triples blocks must be separated by '.' or another element.
                if triplesNeedSeparator { throw unexpected("'.' or '}'") }
                var triples: [PathTriple] = []
                triplesNeedSeparator = try !parseTriplesBlock(into: &triples, allowPaths: true)
                elements.append(.triples(translateTriples(triples)))
                continue
            }
            triplesNeedSeparator = false
            if acceptWord("FILTER") {
                // A FILTER does not end the basic graph pattern (§4.1.4 blank node scope).
                let wasAllowed = aggregatesAllowed
                aggregatesAllowed = false
                elements.append(.filter(try parseConstraint()))
                aggregatesAllowed = wasAllowed
                _ = acceptPunctuation(".")
                continue
            } else if acceptWord("OPTIONAL") {
                elements.append(.optional(try parseGroupGraphPattern()))
            } else if acceptWord("MINUS") {
                elements.append(.minus(try parseGroupGraphPattern()))
            } else if acceptWord("GRAPH") {
                let graph = try parseVarOrIRI()
                elements.append(.other(.graph(graph, try parseGroupGraphPattern())))
            } else if acceptWord("SERVICE") {
                let silent = acceptWord("SILENT")
                let endpoint = try parseVarOrIRI()
                elements.append(.other(.service(endpoint, try parseGroupGraphPattern(), silent: silent)))
            } else if isWord("BIND") {
                advance()
                try expectPunctuation("(")
                let wasAllowed = aggregatesAllowed
                aggregatesAllowed = false
                let expression = try parseExpression()
                aggregatesAllowed = wasAllowed
                try expectWord("AS")
                let variableToken = current
                let name = try parseVariable()
                try expectPunctuation(")")
                elements.append(.bind(name, expression, variableToken))
            } else if acceptWord("VALUES") {
                elements.append(.other(try parseDataBlock()))
            } else if isPunctuation("{") {
                var algebra = try parseGroupGraphPattern()
                while acceptWord("UNION") {
                    try deepen()
                    algebra = .union(algebra, try parseGroupGraphPattern())
                }
                elements.append(.other(algebra))
            } else {
                throw unexpected("a triple pattern, FILTER, OPTIONAL, MINUS, GRAPH, BIND, VALUES, UNION, '{' or '}'")
            }
            newBGPScope()
            _ = acceptPunctuation(".")
        }
        try expectPunctuation("}")
        return try translateGroup(elements)
    }

    /// Translates a group's elements (SPARQL 1.1 §18.2.2.5-6).
    func translateGroup(_ elements: [GroupElement]) throws(SPARQLSyntaxError) -> Algebra {
        var filters: [Expression] = []
        var algebra = Algebra.unit
        for element in elements {
            switch element {
            case .triples(let pattern): algebra = Self.joinTriples(algebra, pattern)
            case .filter(let expression): filters.append(expression)
            case .optional(let pattern):
                if case .filter(let expression, let inner) = pattern {
                    algebra = .leftJoin(algebra, inner, expression)
                } else {
                    algebra = .leftJoin(algebra, pattern, nil)
                }
            case .minus(let pattern): algebra = .minus(algebra, pattern)
            case .bind(let name, let expression, let token):
                if algebra.inScopeVariables.contains(name) {
                    throw .variableAlreadyInScope(name, line: token.line, column: token.column)
                }
                algebra = .extend(algebra, name, expression)
            case .other(let pattern):
                // Keep Join(Z, Filter(...)) unsimplified so that an enclosing OPTIONAL does not lift this
                // filter into its LeftJoin (§18.2.2.6 applies the simplification afterwards).
                if algebra == .unit, case .filter = pattern {
                    algebra = .join(.unit, pattern)
                } else {
                    algebra = Self.join(algebra, pattern)
                }
            }
        }
        if !filters.isEmpty { algebra = .filter(Self.conjunction(filters), algebra) }
        return algebra
    }

    /// Adjacent triple blocks form one basic graph pattern.
    static func joinTriples(_ lhs: Algebra, _ rhs: Algebra) -> Algebra {
        if case .bgp(let a) = lhs, case .bgp(let b) = rhs { return .bgp(a + b) }
        if case .join(let first, .bgp(let a)) = lhs, case .bgp(let b) = rhs { return .join(first, .bgp(a + b)) }
        return join(lhs, rhs)
    }

    struct PathTriple {
        enum Verb {
            case term(TermPattern)
            case path(PropertyPath)
        }
        var subject: TermPattern
        var verb: Verb
        var object: TermPattern
    }

    /// Turns triples with paths into a BGP joined with path patterns (SPARQL 1.1 §18.2.2.4).
    mutating func translateTriples(_ triples: [PathTriple]) -> Algebra {
        var patterns: [TriplePattern] = []
        var paths: [Algebra] = []
        func add(_ subject: TermPattern, _ path: PropertyPath, _ object: TermPattern) {
            switch path {
            case .predicate(let iri): patterns.append(TriplePattern(subject, .term(.iri(iri)), object))
            case .inverse(.predicate(let iri)): patterns.append(TriplePattern(object, .term(.iri(iri)), subject))
            case .inverse(let inner) where { if case .inverse = inner { return true }; return false }():
                if case .inverse(let innermost) = inner { add(subject, innermost, object) }
            case .sequence(let first, let second):
                let middle = TermPattern.variable(freshVariable("p"))
                add(subject, first, middle)
                add(middle, second, object)
            default:
                paths.append(.path(subject, path, object))
            }
        }
        for triple in triples {
            switch triple.verb {
            case .term(let predicate): patterns.append(TriplePattern(triple.subject, predicate, triple.object))
            case .path(let path): add(triple.subject, path, triple.object)
            }
        }
        var algebra: Algebra = patterns.isEmpty ? .unit : .bgp(patterns)
        for path in paths { algebra = Self.join(algebra, path) }
        return algebra
    }

    func isTriplesStart() -> Bool {
        switch token {
        case .variable, .iri, .prefixedName, .blankNodeLabel, .string, .integer, .decimal, .double, .nilList, .anonymous:
            return true
        case .word(let word): return ["TRUE", "FALSE"].contains(word.uppercased())
        case .punctuation(let text): return text == "[" || text == "(" || text == "+" || text == "-"
        default: return false
        }
    }

    /// TriplesBlock / ConstructTriples: triples separated by '.'.
    ///
    /// - Returns: true when the block ended with a '.'.
    @discardableResult
    mutating func parseTriplesBlock(into triples: inout [PathTriple], allowPaths: Bool) throws(SPARQLSyntaxError) -> Bool {
        while true {
            try parseTriplesSameSubject(into: &triples, allowPaths: allowPaths)
            guard acceptPunctuation(".") else { return false }
            guard isTriplesStart() else { return true }
        }
    }

    mutating func parseTriplesSameSubject(into triples: inout [PathTriple], allowPaths: Bool) throws(SPARQLSyntaxError) {
        if isPunctuation("[") || isPunctuation("(") {
            let subject = try parseTriplesNode(into: &triples, allowPaths: allowPaths)
            if isVerbStart(allowPaths: allowPaths) {
                try parsePropertyListNotEmpty(subject: subject, into: &triples, allowPaths: allowPaths)
            }
        } else {
            let subject = try parseVarOrTerm()
            try parsePropertyListNotEmpty(subject: subject, into: &triples, allowPaths: allowPaths)
        }
    }

    func isVerbStart(allowPaths: Bool) -> Bool {
        switch token {
        case .variable, .iri, .prefixedName: return true
        case .word(let word): return word == "a"
        case .punctuation(let text): return allowPaths && (text == "^" || text == "!" || text == "(")
        default: return false
        }
    }

    mutating func parsePropertyListNotEmpty(subject: TermPattern, into triples: inout [PathTriple],
                                            allowPaths: Bool) throws(SPARQLSyntaxError) {
        while true {
            let verb = try parseVerb(allowPaths: allowPaths)
            repeat {
                let object = try parseGraphNode(into: &triples, allowPaths: allowPaths)
                triples.append(PathTriple(subject: subject, verb: verb, object: object))
            } while acceptPunctuation(",")
            guard acceptPunctuation(";") else { return }
            while acceptPunctuation(";") {}
            guard isVerbStart(allowPaths: allowPaths) else { return }
        }
    }

    mutating func parseVerb(allowPaths: Bool) throws(SPARQLSyntaxError) -> PathTriple.Verb {
        if case .variable(let name) = token {
            advance()
            return .term(.variable(name))
        }
        if !allowPaths {
            if case .word("a") = token {
                advance()
                return .term(.term(.iri(RDF.type)))
            }
            guard isIRIStart() else { throw unexpected("a predicate (IRI, 'a' or variable)") }
            return .term(.term(.iri(try parseIRI())))
        }
        guard isVerbStart(allowPaths: true) else { throw unexpected("a predicate or property path") }
        let path = try parsePathAlternative()
        if case .predicate(let iri) = path { return .term(.term(.iri(iri))) }
        return .path(path)
    }

    mutating func parsePathAlternative() throws(SPARQLSyntaxError) -> PropertyPath {
        let outer = depth
        defer { depth = outer }
        try deepen(5)
        var path = try parsePathSequence()
        while acceptPunctuation("|") {
            try deepen()
            path = .alternative(path, try parsePathSequence())
        }
        return path
    }

    mutating func parsePathSequence() throws(SPARQLSyntaxError) -> PropertyPath {
        let outer = depth
        defer { depth = outer }
        var path = try parsePathEltOrInverse()
        while acceptPunctuation("/") {
            try deepen()
            path = .sequence(path, try parsePathEltOrInverse())
        }
        return path
    }

    mutating func parsePathEltOrInverse() throws(SPARQLSyntaxError) -> PropertyPath {
        if acceptPunctuation("^") { return .inverse(try parsePathElt()) }
        return try parsePathElt()
    }

    mutating func parsePathElt() throws(SPARQLSyntaxError) -> PropertyPath {
        let primary = try parsePathPrimary()
        if acceptPunctuation("*") { return .zeroOrMore(primary) }
        if acceptPunctuation("+") { return .oneOrMore(primary) }
        if acceptPunctuation("?") { return .zeroOrOne(primary) }
        return primary
    }

    mutating func parsePathPrimary() throws(SPARQLSyntaxError) -> PropertyPath {
        if case .word("a") = token {
            advance()
            return .predicate(RDF.type)
        }
        if isIRIStart() { return .predicate(try parseIRI()) }
        if acceptPunctuation("!") {
            var forward: [String] = []
            var inverse: [String] = []
            func one(_ parser: inout SPARQLParser) throws(SPARQLSyntaxError) {
                let isInverse = parser.acceptPunctuation("^")
                let iri: String
                if case .word("a") = parser.token {
                    parser.advance()
                    iri = RDF.type
                } else {
                    iri = try parser.parseIRI()
                }
                if isInverse { inverse.append(iri) } else { forward.append(iri) }
            }
            if token == .nilList {
                advance()
            } else if acceptPunctuation("(") {
                try one(&self)
                while acceptPunctuation("|") { try one(&self) }
                try expectPunctuation(")")
            } else {
                try one(&self)
            }
            return .negated(forward: forward, inverse: inverse)
        }
        if acceptPunctuation("(") {
            let path = try parsePathAlternative()
            try expectPunctuation(")")
            return path
        }
        throw unexpected("a property path")
    }

    mutating func parseGraphNode(into triples: inout [PathTriple], allowPaths: Bool) throws(SPARQLSyntaxError) -> TermPattern {
        if isPunctuation("[") || isPunctuation("(") { return try parseTriplesNode(into: &triples, allowPaths: allowPaths) }
        return try parseVarOrTerm()
    }

    /// A collection `( ... )` or a blank node property list `[ ... ]`.
    mutating func parseTriplesNode(into triples: inout [PathTriple], allowPaths: Bool) throws(SPARQLSyntaxError) -> TermPattern {
        let outer = depth
        defer { depth = outer }
        try deepen(3)
        if acceptPunctuation("[") {
            let node = freshBlankNode()
            try parsePropertyListNotEmpty(subject: node, into: &triples, allowPaths: allowPaths)
            try expectPunctuation("]")
            return node
        }
        try expectPunctuation("(")
        var items: [TermPattern] = []
        while !isPunctuation(")") {
            if token == .end { throw unexpected("')'") }
            items.append(try parseGraphNode(into: &triples, allowPaths: allowPaths))
        }
        advance()
        let first = TermPattern.term(.iri(RDF.first)), rest = TermPattern.term(.iri(RDF.rest))
        let nodes = items.map { _ in freshBlankNode() }
        for (index, item) in items.enumerated() {
            triples.append(PathTriple(subject: nodes[index], verb: .term(first), object: item))
            let next = index + 1 < nodes.count ? nodes[index + 1] : .term(.iri(RDF.nil))
            triples.append(PathTriple(subject: nodes[index], verb: .term(rest), object: next))
        }
        return nodes[0]
    }

    // MARK: Terms

    func isIRIStart() -> Bool {
        switch token {
        case .iri, .prefixedName: return true
        default: return false
        }
    }

    mutating func parseIRI() throws(SPARQLSyntaxError) -> String {
        switch token {
        case .iri(let iri):
            advance()
            return resolve(iri)
        case .prefixedName(let prefix, let local):
            guard let namespace = prefixLookup[prefix] else {
                throw .undefinedPrefix(prefix, line: current.line, column: current.column)
            }
            advance()
            return namespace + local
        default:
            throw unexpected("an IRI")
        }
    }

    mutating func parseVariable() throws(SPARQLSyntaxError) -> String {
        guard case .variable(let name) = token else { throw unexpected("a variable") }
        advance()
        return name
    }

    mutating func parseVarOrIRI() throws(SPARQLSyntaxError) -> TermPattern {
        if case .variable(let name) = token {
            advance()
            return .variable(name)
        }
        return .term(.iri(try parseIRI()))
    }

    mutating func parseVarOrTerm() throws(SPARQLSyntaxError) -> TermPattern {
        let start = current
        switch token {
        case .variable(let name):
            advance()
            return .variable(name)
        case .blankNodeLabel(let label):
            advance()
            if inTemplate { return .term(.blankNode(label)) }
            if let scope = blankNodeScopes[label], scope != currentBGP {
                throw .blankNodeLabelReused(label, line: start.line, column: start.column)
            }
            blankNodeScopes[label] = currentBGP
            return .variable("_:" + label)
        case .anonymous:
            advance()
            return freshBlankNode()
        case .nilList:
            advance()
            return .term(.iri(RDF.nil))
        default:
            if let term = try parseLiteralOrIRI(allowUndef: false) { return .term(term) }
            throw unexpected("a variable, an IRI, a literal or a blank node")
        }
    }

    /// Parses an IRI, literal, number (with sign) or boolean; `nil` for `UNDEF` when allowed.
    mutating func parseLiteralOrIRI(allowUndef: Bool) throws(SPARQLSyntaxError) -> Term? {
        switch token {
        case .iri, .prefixedName:
            return .iri(try parseIRI())
        case .string(let text):
            advance()
            if case .languageTag(let tag) = token {
                advance()
                return .literal(text, language: tag)
            }
            if acceptPunctuation("^^") { return .literal(text, datatype: try parseIRI()) }
            return .literal(text)
        case .integer, .decimal, .double:
            return try parseNumber(sign: "")
        case .punctuation(let sign) where sign == "+" || sign == "-":
            switch lookahead(1) {
            case .integer, .decimal, .double:
                advance()
                return try parseNumber(sign: sign)
            default:
                throw unexpected("a number after '\(sign)'")
            }
        case .word(let word):
            switch word.uppercased() {
            case "TRUE":
                advance()
                return .literal("true", datatype: XSD.boolean)
            case "FALSE":
                advance()
                return .literal("false", datatype: XSD.boolean)
            case "UNDEF" where allowUndef:
                advance()
                return nil
            default:
                throw unexpected("an RDF term")
            }
        default:
            throw unexpected("an RDF term")
        }
    }

    mutating func parseNumber(sign: String) throws(SPARQLSyntaxError) -> Term {
        let prefix = sign == "-" ? "-" : sign == "+" ? "+" : ""
        switch token {
        case .integer(let text):
            advance()
            return .literal(prefix + text, datatype: XSD.integer)
        case .decimal(let text):
            advance()
            return .literal(prefix + text, datatype: XSD.decimal)
        case .double(let text):
            advance()
            return .literal(prefix + text, datatype: XSD.double)
        default:
            throw unexpected("a number")
        }
    }

    /// `VALUES` data: one variable with a list of values, or a tuple of variables with rows (§10.2).
    mutating func parseDataBlock() throws(SPARQLSyntaxError) -> Algebra {
        var variables: [String] = []
        var rows: [[Term?]] = []
        if case .variable(let name) = token {
            advance()
            variables = [name]
            try expectPunctuation("{")
            while !acceptPunctuation("}") {
                rows.append([try parseLiteralOrIRI(allowUndef: true)])
            }
            return .values(variables, rows)
        }
        if token == .nilList {
            advance()
        } else {
            try expectPunctuation("(")
            while case .variable(let name) = token {
                advance()
                variables.append(name)
            }
            try expectPunctuation(")")
        }
        try expectPunctuation("{")
        while !acceptPunctuation("}") {
            let start = current
            var row: [Term?] = []
            if token == .nilList {
                advance()
            } else {
                try expectPunctuation("(")
                while !acceptPunctuation(")") { row.append(try parseLiteralOrIRI(allowUndef: true)) }
            }
            guard row.count == variables.count else {
                throw .valuesArityMismatch(expected: variables.count, found: row.count, line: start.line, column: start.column)
            }
            rows.append(row)
        }
        return .values(variables, rows)
    }

    // MARK: Expressions

    func isConstraintStart() -> Bool {
        isPunctuation("(") || isBuiltinCallStart() || isFunctionCallStart()
    }

    func isFunctionCallStart() -> Bool {
        guard isIRIStart() else { return false }
        return lookahead(1) == .punctuation("(") || lookahead(1) == .nilList
    }

    func isBuiltinCallStart() -> Bool {
        guard case .word(let word) = token else { return false }
        let upper = word.uppercased()
        return BuiltinFunction(rawValue: upper) != nil || AggregateFunction(rawValue: upper) != nil
            || upper == "EXISTS" || (upper == "NOT" && isWord("EXISTS", 1))
    }

    mutating func parseConstraint() throws(SPARQLSyntaxError) -> Expression {
        if isPunctuation("(") { return try parseBracketedExpression() }
        if isBuiltinCallStart() || isFunctionCallStart() { return try parsePrimaryExpression() }
        throw unexpected("'(', a built-in call or a function call")
    }

    mutating func parseBracketedExpression() throws(SPARQLSyntaxError) -> Expression {
        try expectPunctuation("(")
        let expression = try parseExpression()
        try expectPunctuation(")")
        return expression
    }

    /// Expression (§19.8 rules 110-121).
    public mutating func parseExpression() throws(SPARQLSyntaxError) -> Expression {
        let outer = depth
        defer { depth = outer }
        try deepen(8)
        var lhs = try parseAnd()
        while acceptPunctuation("||") {
            try deepen()
            lhs = .or(lhs, try parseAnd())
        }
        return lhs
    }

    mutating func parseAnd() throws(SPARQLSyntaxError) -> Expression {
        let outer = depth
        defer { depth = outer }
        var lhs = try parseRelational()
        while acceptPunctuation("&&") {
            try deepen()
            lhs = .and(lhs, try parseRelational())
        }
        return lhs
    }

    mutating func parseRelational() throws(SPARQLSyntaxError) -> Expression {
        let lhs = try parseAdditive()
        if case .punctuation(let op) = token {
            switch op {
            case "=": advance(); return .equal(lhs, try parseAdditive())
            case "!=": advance(); return .notEqual(lhs, try parseAdditive())
            case "<": advance(); return .less(lhs, try parseAdditive())
            case ">": advance(); return .greater(lhs, try parseAdditive())
            case "<=": advance(); return .lessOrEqual(lhs, try parseAdditive())
            case ">=": advance(); return .greaterOrEqual(lhs, try parseAdditive())
            default: break
            }
        }
        if acceptWord("IN") { return .in(lhs, try parseExpressionList()) }
        if isWord("NOT") && isWord("IN", 1) {
            advance()
            advance()
            return .notIn(lhs, try parseExpressionList())
        }
        return lhs
    }

    mutating func parseExpressionList() throws(SPARQLSyntaxError) -> [Expression] {
        if token == .nilList {
            advance()
            return []
        }
        try expectPunctuation("(")
        var list = [try parseExpression()]
        while acceptPunctuation(",") { list.append(try parseExpression()) }
        try expectPunctuation(")")
        return list
    }

    mutating func parseAdditive() throws(SPARQLSyntaxError) -> Expression {
        let outer = depth
        defer { depth = outer }
        var lhs = try parseMultiplicative()
        while true {
            if isPunctuation("+") || isPunctuation("-") { try deepen() }
            if acceptPunctuation("+") {
                lhs = .add(lhs, try parseMultiplicative())
            } else if acceptPunctuation("-") {
                lhs = .subtract(lhs, try parseMultiplicative())
            } else {
                return lhs
            }
        }
    }

    mutating func parseMultiplicative() throws(SPARQLSyntaxError) -> Expression {
        let outer = depth
        defer { depth = outer }
        var lhs = try parseUnary()
        while true {
            if isPunctuation("*") || isPunctuation("/") { try deepen() }
            if acceptPunctuation("*") {
                lhs = .multiply(lhs, try parseUnary())
            } else if acceptPunctuation("/") {
                lhs = .divide(lhs, try parseUnary())
            } else {
                return lhs
            }
        }
    }

    mutating func parseUnary() throws(SPARQLSyntaxError) -> Expression {
        let outer = depth
        defer { depth = outer }
        if isPunctuation("!") || isPunctuation("+") || isPunctuation("-") { try deepen() }
        if acceptPunctuation("!") { return .not(try parseUnary()) }
        if acceptPunctuation("+") { return .unaryPlus(try parseUnary()) }
        if acceptPunctuation("-") { return .negate(try parseUnary()) }
        return try parsePrimaryExpression()
    }

    mutating func parsePrimaryExpression() throws(SPARQLSyntaxError) -> Expression {
        let start = current
        switch token {
        case .punctuation("("):
            return try parseBracketedExpression()
        case .variable(let name):
            advance()
            return .variable(name)
        case .iri, .prefixedName:
            let iri = try parseIRI()
            if isPunctuation("(") || token == .nilList {
                return .function(iri, try parseArgumentList())
            }
            return .term(.iri(iri))
        case .string, .integer, .decimal, .double:
            guard let term = try parseLiteralOrIRI(allowUndef: false) else { throw unexpected("an expression") }
            return .term(term)
        case .word(let word):
            let upper = word.uppercased()
            if upper == "TRUE" || upper == "FALSE" {
                advance()
                return .term(.literal(upper == "TRUE" ? "true" : "false", datatype: XSD.boolean))
            }
            if upper == "EXISTS" {
                advance()
                return .exists(try parseGroupGraphPattern())
            }
            if upper == "NOT" && isWord("EXISTS", 1) {
                advance()
                advance()
                return .notExists(try parseGroupGraphPattern())
            }
            if let aggregate = AggregateFunction(rawValue: upper) {
                advance()
                return try parseAggregate(aggregate, at: start)
            }
            if let function = BuiltinFunction(rawValue: upper) {
                advance()
                let arguments: [Expression]
                if function == .bound {
                    try expectPunctuation("(")
                    let name = try parseVariable()
                    try expectPunctuation(")")
                    arguments = [.variable(name)]
                } else {
                    arguments = try parseExpressionList()
                }
                let (minimum, maximum) = function.arity
                if arguments.count < minimum || (maximum.map { arguments.count > $0 } ?? false) {
                    throw notAllowed("\(function.rawValue) takes \(maximum == minimum ? "\(minimum)" : "\(minimum) to \(maximum.map(String.init) ?? "any")") arguments, got \(arguments.count)", at: start)
                }
                return .builtin(function, arguments)
            }
            throw unexpected("an expression")
        default:
            throw unexpected("an expression")
        }
    }

    mutating func parseArgumentList() throws(SPARQLSyntaxError) -> [Expression] {
        if token == .nilList {
            advance()
            return []
        }
        try expectPunctuation("(")
        _ = acceptWord("DISTINCT")
        var list = [try parseExpression()]
        while acceptPunctuation(",") { list.append(try parseExpression()) }
        try expectPunctuation(")")
        return list
    }

    mutating func parseAggregate(_ function: AggregateFunction, at start: PositionedToken) throws(SPARQLSyntaxError) -> Expression {
        guard aggregatesAllowed, !insideAggregate else {
            throw .misplacedAggregate(function.rawValue, line: start.line, column: start.column)
        }
        insideAggregate = true
        defer { insideAggregate = false }
        try expectPunctuation("(")
        let distinct = acceptWord("DISTINCT")
        var aggregate = Aggregate(function: function, expression: nil, distinct: distinct)
        if function == .count && acceptPunctuation("*") {
            try expectPunctuation(")")
            return .aggregate(aggregate)
        }
        aggregate.expression = try parseExpression()
        if function == .groupConcat && acceptPunctuation(";") {
            try expectWord("SEPARATOR")
            try expectPunctuation("=")
            guard case .string(let separator) = token else { throw unexpected("a separator string") }
            advance()
            aggregate.separator = separator
        }
        try expectPunctuation(")")
        return .aggregate(aggregate)
    }
}
