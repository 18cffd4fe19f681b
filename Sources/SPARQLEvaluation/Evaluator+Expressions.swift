import Foundation
import RDFModel
import SPARQLSyntax

/// Expression evaluation (SPARQL 1.1 §17): `nil` stands for an error or an unbound variable.
extension Evaluator {
    /// The effective boolean value of an expression over a row; `nil` on error (§17.2.2).
    func effectiveBoolean(_ expression: CompiledExpression, _ row: ArraySlice<TermID>, graph: TermID) -> Bool? {
        switch expression {
        case .and(let a, let b):
            let x = effectiveBoolean(a, row, graph: graph)
            if x == false { return false }
            let y = effectiveBoolean(b, row, graph: graph)
            if y == false { return false }
            if x == true && y == true { return true }
            return nil
        case .or(let a, let b):
            let x = effectiveBoolean(a, row, graph: graph)
            if x == true { return true }
            let y = effectiveBoolean(b, row, graph: graph)
            if y == true { return true }
            if x == false && y == false { return false }
            return nil
        default:
            guard let value = evaluate(expression, row, graph: graph) else { return nil }
            return Values.effectiveBooleanValue(value)
        }
    }

    func evaluate(_ expression: CompiledExpression, _ row: ArraySlice<TermID>, graph: TermID) -> Term? {
        switch expression {
        case .slot(let slot):
            let id = row[row.startIndex + slot]
            return id == 0 ? nil : terms.term(id)
        case .constant(let term):
            return term
        case .or, .and:
            return effectiveBoolean(expression, row, graph: graph).map(Values.booleanTerm)
        case .not(let inner):
            return effectiveBoolean(inner, row, graph: graph).map { Values.booleanTerm(!$0) }
        case .equal(let a, let b):
            if case .slot(let x) = a, case .slot(let y) = b {
                let idA = row[row.startIndex + x], idB = row[row.startIndex + y]
                if idA != 0 && idA == idB { return Values.trueTerm }
            }
            guard let x = evaluate(a, row, graph: graph), let y = evaluate(b, row, graph: graph) else { return nil }
            return Values.equal(x, y).map(Values.booleanTerm)
        case .notEqual(let a, let b):
            guard let x = evaluate(a, row, graph: graph), let y = evaluate(b, row, graph: graph) else { return nil }
            return Values.equal(x, y).map { Values.booleanTerm(!$0) }
        case .compare(let a, let b, let accept):
            guard let x = evaluate(a, row, graph: graph), let y = evaluate(b, row, graph: graph),
                  case .literal(let l) = x, case .literal(let r) = y,
                  let order = Values.compareLiterals(l, r) else { return nil }
            return Values.booleanTerm(accept.contains(order))
        case .arithmetic(let operation, let a, let b):
            guard let x = evaluate(a, row, graph: graph).flatMap(Values.numeric),
                  let y = evaluate(b, row, graph: graph).flatMap(Values.numeric) else { return nil }
            return NumericValue.apply(operation, x, y)?.term
        case .negate(let a):
            guard let x = evaluate(a, row, graph: graph).flatMap(Values.numeric) else { return nil }
            return NumericValue.apply(.subtract, .integer(0), x).map { value in
                if case .double(let d) = x { return NumericValue.double(-d).term }
                if case .float(let f) = x { return NumericValue.float(-f).term }
                return value.term
            }
        case .unaryPlus(let a):
            guard let x = evaluate(a, row, graph: graph).flatMap(Values.numeric) else { return nil }
            return x.term
        case .inList(let a, let list, let negated):
            guard let x = evaluate(a, row, graph: graph) else { return nil }
            var sawError = false
            for item in list {
                guard let y = evaluate(item, row, graph: graph), let equal = Values.equal(x, y) else {
                    sawError = true
                    continue
                }
                if equal { return Values.booleanTerm(!negated) }
            }
            return sawError ? nil : Values.booleanTerm(negated)
        case .bound(let slot):
            return Values.booleanTerm(row[row.startIndex + slot] != 0)
        case .builtin(let function, let args):
            return callBuiltin(function, args, row, graph: graph)
        case .regex(let text, let regex):
            guard case .literal(let literal)? = evaluate(text, row, graph: graph),
                  Functions.isStringLike(literal) else { return nil }
            return Values.booleanTerm(regex.matches(literal.lexicalForm, stop: cancellation))
        case .replace(let text, let regex, let replacement):
            guard case .literal(let literal)? = evaluate(text, row, graph: graph), Functions.isStringLike(literal),
                  case .literal(let replacementLiteral)? = evaluate(replacement, row, graph: graph),
                  Functions.isStringLike(replacementLiteral) else { return nil }
            return Functions.replace(literal, regex: regex, replacement: replacementLiteral.lexicalForm,
                                     stop: cancellation)
        case .cast(let datatype, let argument):
            guard let value = evaluate(argument, row, graph: graph) else { return nil }
            return Casts.cast(value, to: datatype)
        case .unknownFunction:
            return nil
        case .exists(let plan, let negated):
            let found = (try? !evaluate(plan, graph: graph, seed: row).isEmpty) ?? false
            return Values.booleanTerm(found != negated)
        }
    }

    /// CONTAINS(LCASE(?x), "needle") and CONTAINS(LCASE(STR(?x)), "needle") for a simple-literal needle,
    /// searched case-insensitively in place when the strings are ASCII. Returns nil to use the general path,
    /// `.some(nil)` for an error.
    func lowercaseContains(_ source: CompiledExpression, _ needle: Literal, _ row: ArraySlice<TermID>) -> Term?? {
        guard needle.language == nil, needle.datatype == XSD.string else { return nil }
        let text: String
        switch source {
        case .slot(let slot):
            let id = row[row.startIndex + slot]
            guard id != 0, case .literal(let literal) = terms.term(id), Functions.isStringLike(literal) else { return nil }
            text = literal.lexicalForm
        case .builtin(.str, let inner) where inner.count == 1:
            guard case .slot(let slot) = inner[0] else { return nil }
            let id = row[row.startIndex + slot]
            guard id != 0 else { return .some(nil) }
            switch terms.term(id) {
            case .iri(let iri): text = iri
            case .literal(let literal): text = literal.lexicalForm
            case .blankNode: return .some(nil)
            }
        default:
            return nil
        }
        guard let found = Functions.asciiContainsLowercased(text, needle.lexicalForm) else { return nil }
        return .some(Values.booleanTerm(found))
    }

    func callBuiltin(_ function: BuiltinFunction, _ args: [CompiledExpression], _ row: ArraySlice<TermID>,
                     graph: TermID) -> Term? {
        switch function {
        case .coalesce:
            for arg in args { if let value = evaluate(arg, row, graph: graph) { return value } }
            return nil
        case .if:
            guard let condition = effectiveBoolean(args[0], row, graph: graph) else { return nil }
            return evaluate(condition ? args[1] : args[2], row, graph: graph)
        case .bnode:
            if args.isEmpty { return freshBlankNode() }
            guard case .literal(let literal)? = evaluate(args[0], row, graph: graph), Functions.isStringLike(literal),
                  literal.language == nil else { return nil }
            if let existing = rowBlankNodes[literal.lexicalForm] { return existing }
            let node = freshBlankNode()
            rowBlankNodes[literal.lexicalForm] = node
            return node
        case .rand:
            return NumericValue.double(Double.random(in: 0..<1)).term
        case .now:
            return now
        case .uuid:
            return .iri("urn:uuid:" + UUID().uuidString.lowercased())
        case .strUUID:
            return .literal(UUID().uuidString.lowercased())
        case .contains where args.count == 2:
            if case .builtin(.lcase, let lowered) = args[0], lowered.count == 1,
               case .constant(.literal(let needle)) = args[1],
               let result = lowercaseContains(lowered[0], needle, row) {
                return result
            }
            var values: [Term] = []
            for arg in args {
                guard let value = evaluate(arg, row, graph: graph) else { return nil }
                values.append(value)
            }
            return Functions.call(function, values, regexCache: &regexCache)
        case .iri, .uri:
            guard let value = evaluate(args[0], row, graph: graph) else { return nil }
            switch value {
            case .iri: return value
            case .literal(let literal) where Functions.isStringLike(literal) && literal.language == nil:
                return .iri(baseIRI.map { IRI.resolve(literal.lexicalForm, against: $0) } ?? literal.lexicalForm)
            default: return nil
            }
        default:
            var values: [Term] = []
            values.reserveCapacity(args.count)
            for arg in args {
                guard let value = evaluate(arg, row, graph: graph) else { return nil }
                values.append(value)
            }
            return Functions.call(function, values, regexCache: &regexCache)
        }
    }
}
