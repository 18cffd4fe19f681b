import Foundation
import RDFModel
import RDFParsing
import RDFStore

/// One entry of a W3C test manifest (`mf:Manifest`).
public struct W3CTestEntry: Sendable, CustomStringConvertible {
    /// The test IRI (`file://.../manifest.ttl#name`).
    public var iri: String
    /// The local name after `#`.
    public var name: String
    /// The test type IRI, e.g. `rdft:TestTurtleEval`.
    public var type: String
    /// `mf:action` when it is an IRI.
    public var action: String?
    /// `mf:result` when it is an IRI.
    public var result: String?
    /// Every property of the entry, for suites that need more (`qt:query`, `qt:data` ...).
    public var properties: [String: [Term]]
    /// The base IRI the manifest tells tests to assume (`mf:assumedTestBase`).
    public var assumedBase: String?
    /// The `file://` IRI of the manifest's folder, ending in `/`.
    public var manifestDirectory: String
    /// True when the entry is approved or has no approval status.
    public var isApproved: Bool
    /// The properties of `mf:action` when it is a blank node (SPARQL suites: `qt:query`, `qt:data`,
    /// `qt:graphData`).
    public var actionProperties: [String: [Term]] = [:]

    public var description: String { name }

    /// The local file path of a `file://` IRI.
    public static func path(of iri: String) -> String {
        String(iri.dropFirst("file://".count)).removingPercentEncoding ?? String(iri.dropFirst("file://".count))
    }

    /// The IRI under which the action should be parsed: the assumed base plus the file name.
    public var actionBase: String? {
        guard let action else { return nil }
        guard let assumedBase, action.hasPrefix(manifestDirectory) else { return action }
        return assumedBase + action.dropFirst(manifestDirectory.count)
    }
}

/// Reads a W3C manifest (`manifest.ttl`) with panet's own Turtle parser.
public enum W3CManifest {
    static let mf = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"

    /// The entries of the manifest at `path`, in manifest order.
    public static func entries(at path: String) throws -> [W3CTestEntry] {
        let store = try TripleStore(loading: .file(path), format: .turtle)
        let manifestIRI = IRIFilePath.absoluteFileIRI(path)
        let assumedBase = store.triples(subject: .iri(manifestIRI), predicate: .iri(mf + "assumedTestBase")).first?.object.iriString
        // Most manifests are `<>`; a few are a blank node typed mf:Manifest.
        let manifestNode = store.triples(predicate: .iri(RDF.type), object: .iri(mf + "Manifest")).first?.subject
        guard let listHead = store.triples(subject: .iri(manifestIRI), predicate: .iri(mf + "entries")).first?.object
            ?? manifestNode.flatMap({ store.triples(subject: $0, predicate: .iri(mf + "entries")).first?.object }) else {
            return []
        }
        var result: [W3CTestEntry] = []
        var node = listHead
        while node != .iri(RDF.nil) {
            guard let item = store.triples(subject: node, predicate: .iri(RDF.first)).first?.object,
                  let rest = store.triples(subject: node, predicate: .iri(RDF.rest)).first?.object else { break }
            if case .iri(let iri) = item {
                var properties: [String: [Term]] = [:]
                var actionProperties: [String: [Term]] = [:]
                for triple in store.triples(subject: item) {
                    if case .iri(let predicate) = triple.predicate { properties[predicate, default: []].append(triple.object) }
                    if triple.predicate == .iri(mf + "action"), triple.object.isBlankNode {
                        for actionTriple in store.triples(subject: triple.object) {
                            if case .iri(let predicate) = actionTriple.predicate {
                                actionProperties[predicate, default: []].append(actionTriple.object)
                            }
                        }
                    }
                }
                let approval = properties["http://www.w3.org/2001/sw/DataAccess/tests/test-dawg#approval"]?.first?.iriString
                result.append(W3CTestEntry(
                    iri: iri,
                    name: iri.split(separator: "#").last.map(String.init) ?? iri,
                    type: properties[RDF.type]?.first?.iriString ?? "",
                    action: properties[mf + "action"]?.first?.iriString,
                    result: properties[mf + "result"]?.first?.iriString,
                    properties: properties,
                    assumedBase: assumedBase,
                    manifestDirectory: String(manifestIRI[...manifestIRI.lastIndex(of: "/")!]),
                    isApproved: approval.map { !$0.hasSuffix("NotClassified") && !$0.hasSuffix("Withdrawn") && !$0.hasSuffix("Rejected") } ?? true,
                    actionProperties: actionProperties
                ))
            }
            node = rest
        }
        return result
    }
}
