import Foundation
import Hummingbird
import HummingbirdTesting
@testable import PaNETServer
@testable import DatasetCatalog
import TestSupport
import Testing

@Suite("Browser pages")
struct BrowserTests {
    @Test func homeAndSearch() async throws {
        try await Fixture.app().test(.router) { client in
            let home = try await client.fetch("/")
            #expect(home.status == .ok)
            #expect(home.contentType?.hasPrefix("text/html") == true)
            #expect(home.text.contains("id=\"q\""))
            #expect(home.text.contains("class=\"toggle\""))
            #expect(!home.text.contains("http://cdn") && !home.text.contains("https://cdn"))
            let search = try await client.fetch("/?q=xes")
            #expect(search.text.contains("/term/PaNET01200"))
            let script = try await client.fetch("/assets/panet.js")
            #expect(script.contentType?.hasPrefix("text/javascript") == true)
            #expect(try await client.fetch("/assets/panet.css").status == .ok)
        }
    }

    @Test func termPage() async throws {
        try await Fixture.app().test(.router) { client in
            let page = try await client.fetch("/term/PaNET01200")
            #expect(page.status == .ok)
            for expected in ["x-ray emission spectroscopy", "PaNET01200", "http://purl.org/pan-science/PaNET/PaNET01200", "XES",
                             "Paths to the root", "class=\"current\""] {
                #expect(page.text.contains(expected), "\(expected)")
            }
            let missing = try await client.fetch("/term/zzzzqqq")
            #expect(missing.status == .notFound)
            #expect(missing.contentType?.hasPrefix("text/html") == true)
            let fragment = try await client.fetch("/browse/children/PaNET01012")
            #expect(fragment.text.hasPrefix("<ul"))
            let escaped = try await client.fetch("/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
            #expect(!escaped.text.contains("<script>alert(1)</script>"))
        }
    }

    @Test("A term page shows its kind, its twin and its definition source")
    func kindsTwinsAndDefinitionSource() async throws {
        try await Fixture.app().test(.router) { client in
            let technique = try await client.fetch("/term/PaNET01022")
            #expect(technique.text.contains(#"<h1>diffraction <span class="kind kind-technique">technique</span>"#), "\(technique.text)")
            #expect(technique.text.contains(#"The specifier <a href="/term/PaNET2020018">diffraction</a>"#))
            #expect(technique.text.contains(#"<dt>Definition source</dt><dd><a href="https://en.wikipedia.org/wiki/Diffraction""#))
            let specifier = try await client.fetch("/term/PaNET2020018")
            #expect(specifier.text.contains(#"<span class="kind kind-specifier">specifier</span></h1>"#))
            #expect(specifier.text.contains(#"The technique <a href="/term/PaNET01022">diffraction</a>"#))
            let search = try await client.fetch("/?q=diffraction")
            #expect(search.text.contains("kind-technique") && search.text.contains("kind-specifier"))
            let style = try await client.fetch("/assets/panet.css")
            #expect(!style.text.contains("nowrap; }\n    .tree li > ul"), "tree labels must wrap")
            #expect(style.text.contains(".tree li { margin: .1rem 0; overflow-wrap: anywhere; }"))
        }
    }

    @Test("The query page offers every example query of queries/ and posts to /sparql")
    func queryPage() async throws {
        try await Fixture.app().test(.router) { client in
            let page = try await client.fetch("/query")
            #expect(page.status == .ok)
            #expect(page.text.contains(#"<form id="sparql-form" class="sparql" action="/sparql" method="get""#))
            #expect(page.text.contains(#"<textarea id="query" name="query""#))
            let files = try Self.exampleFiles()
            #expect(files.count >= 10)
            for (name, text) in files {
                #expect(page.text.contains(#"<option value="\#(name)" data-query="\#(html(text))">"#), "\(name)")
            }
            let filled = try await client.fetch("/query?query=ASK%20%7B%7D")
            #expect(filled.text.contains(">ASK {}</textarea>"))
            let home = try await client.fetch("/")
            #expect(home.text.contains(#"<a href="/query">SPARQL</a>"#))
        }
    }

    /// The files of `queries/`: name and text without the last line break, in name order.
    static func exampleFiles() throws -> [(String, String)] {
        let directory = TestPaths.repositoryRoot.appendingPathComponent("queries")
        return try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".rq") }.sorted().map { name in
            var text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            if text.hasSuffix("\n") { text.removeLast() }
            return (name, text)
        }
    }

    @Test("The embedded example queries are the files in queries/")
    func embeddedExamplesMatchTheFiles() throws {
        let files = try Self.exampleFiles()
        let embedded = ExampleQueries.all.map { ($0.name, $0.text) }
        let matches = embedded.count == files.count && zip(embedded, files).allSatisfy { $0 == $1 }
        if !matches, ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
            var source = """
                // Generated from queries/*.rq by the test "The embedded example queries are the files in queries/"
                // (RECORD_SNAPSHOTS=1 rewrites it); do not edit.

                /// The example queries of `queries/`, embedded for the browser's query page.
                enum ExampleQueries {
                    /// Each file's name and text (without its last line break), in name order.
                    static let all: [(name: String, text: String)] = [

                """
            for (name, text) in files { source += "        (\"\(name)\", ##\"\"\"\n\(text)\n\"\"\"##),\n" }
            source += "    ]\n}\n"
            let path = TestPaths.repositoryRoot.appendingPathComponent("Sources/PaNETServer/ExampleQueries.swift")
            try source.write(to: path, atomically: true, encoding: .utf8)
            Issue.record("rewrote \(path.path); build again")
            return
        }
        #expect(matches, "Sources/PaNETServer/ExampleQueries.swift differs from queries/*.rq; run the tests with RECORD_SNAPSHOTS=1")
    }

    @Test("Datasets on a term page: the title links to the record, identifier and date in their own columns")
    func datasetTable() async throws {
        let hits = [
            DatasetHit(id: "10.5281/zenodo.1", source: "file.json", datestamp: "2024-01-02", title: "A <b>", techniques: []),
            DatasetHit(id: "20.500.12269/ds", source: "file.json", datestamp: nil, title: nil, techniques: []),
            DatasetHit(id: "oai:example.org:7", source: "https://example.org/oai?verb=ListRecords", datestamp: "2024", title: "T",
                       techniques: []),
            DatasetHit(id: "local-7", source: "records.json", datestamp: "2024", title: "L", techniques: []),
        ]
        #expect(hits.map(BrowserController<BasicRequestContext>.recordURL) == [
            "https://doi.org/10.5281/zenodo.1", "https://hdl.handle.net/20.500.12269/ds",
            "https://example.org/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:example.org:7", nil,
        ])
        let row = BrowserController<BasicRequestContext>(ontologies: OntologyService(initial: try Fixture.ontology(), path: "",
                                                                                     logger: Fixture.quietLogger), hasIndex: true)
            .datasetRow(hits[0])
        #expect(row == #"<tr><td class="title"><a href="https://doi.org/10.5281/zenodo.1" rel="external">A &lt;b&gt;</a></td>"#
            + #"<td><code>10.5281/zenodo.1</code></td><td class="date"><time>2024-01-02</time></td></tr>"#)
    }
}
