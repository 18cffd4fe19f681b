import DatasetCatalog
import Foundation
import Hummingbird
import OntologyKit

/// The browser at `/`: a search box with suggestions, the technique tree, term pages and a SPARQL
/// query page with the example queries of `queries/`.
///
/// Pages are rendered on the server and work without JavaScript (the query form then shows the
/// SPARQL JSON results); a small script (no external resources) adds suggestions as you type,
/// expands tree nodes in place and shows query results as a table.
struct BrowserController<Context: RequestContext> {
    let ontologies: OntologyService
    let hasIndex: Bool
    let index: DatasetIndex?

    init(ontologies: OntologyService, hasIndex: Bool, index: DatasetIndex? = nil) {
        self.ontologies = ontologies
        self.hasIndex = hasIndex
        self.index = index
    }

    var endpoints: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.get(use: home)
        routes.get("term/**", use: termPage)
        routes.get("query", use: queryPage)
        routes.get("browse/children/**", use: childrenFragment)
        routes.get("assets/panet.js") { _, _ in Response.text(BrowserAssets.script, contentType: "text/javascript; charset=utf-8") }
        routes.get("assets/panet.css") { _, _ in Response.text(BrowserAssets.style, contentType: "text/css; charset=utf-8") }
        return routes
    }

    /// `/` and `/?q=TEXT`: the tree, and search results when asked.
    @Sendable func home(_ request: Request, context: Context) async throws -> Response {
        let parameters = try QueryParameters(request)
        let served = ontologies.current
        var main = ""
        if let query = parameters["q"], !query.isEmpty {
            let hits = served.classified.search.search(String(query.prefix(200)), limit: 50)
            main += "<h1>Search: \(html(query))</h1>"
            if hits.isEmpty {
                main += "<p class=\"empty\">No technique matches.</p>"
            } else {
                main += "<ol class=\"results\">"
                for hit in hits {
                    let item = served.classified.ontology[hit.classID]
                    main += "<li>\(termLink(served, hit.classID)) \(kindBadge(served, hit.classID))"
                    main += " <span class=\"id\">\(html(item.shortID))</span>"
                    if hit.matchedText != item.label { main += " <span class=\"matched\">matched “\(html(hit.matchedText))”</span>" }
                    main += "</li>"
                }
                main += "</ol>"
            }
        } else {
            let view = served.classified.ontology
            main += "<h1>PaNET</h1><p class=\"lead\">\(html(view.classes.count.description)) classes, version <code>\(html(served.version))</code>. "
            main += "Search above or browse the tree; each term page shows its synonyms, definition, parents, children, paths to the root"
            main += hasIndex ? " and the datasets in the index.</p>" : ".</p>"
        }
        return page(title: "PaNET browser", served: served, expandedPath: [], main: main)
    }

    /// `/term/{term}`: one term.
    @Sendable func termPage(_ request: Request, context: Context) async throws -> Response {
        let served = ontologies.current
        let segments = try TechniqueController<Context>.pathSegments(request.uri.path, after: "term")
        let id: ClassID
        do {
            id = try served.resolve(TechniqueController<Context>.joinTerm(segments))
        } catch let error as APIError {
            let main = "<h1>Not found</h1><p class=\"empty\">\(html(error.message))</p>"
            var response = page(title: "Not found", served: served, expandedPath: [], main: main)
            response.status = error.status
            return response
        }
        let view = served.classified.ontology
        let hierarchy = served.classified.classification.hierarchy
        let item = view[id]
        var main = "<article class=\"term\" data-id=\"\(html(item.shortID))\">"
        main += "<h1>\(html(item.label ?? item.shortID)) \(kindBadge(served, id))"
        main += "\(item.isDeprecated ? " <span class=\"badge\">deprecated</span>" : "")</h1>"
        for twin in served.classified.twins(of: id) {
            main += "<p class=\"twin\">The \(html(served.classified.kind(of: twin).rawValue)) \(termLink(served, twin)) "
            main += "<span class=\"id\">\(html(view[twin].shortID))</span> has the same label.</p>"
        }
        main += "<dl>"
        main += "<dt>ID</dt><dd><code>\(html(item.shortID))</code></dd>"
        main += "<dt>IRI</dt><dd><a href=\"\(html(item.iri))\" rel=\"external\"><code>\(html(item.iri))</code></a></dd>"
        var synonyms: [String] = []
        for synonym in item.synonyms where !synonyms.contains(synonym.value) { synonyms.append(synonym.value) }
        main += "<dt>Synonyms</dt><dd>\(synonyms.isEmpty ? "<span class=\"empty\">none</span>" : synonyms.map(html).joined(separator: "; "))</dd>"
        main += "<dt>Definition</dt><dd>\(item.definition.map(html) ?? "<span class=\"empty\">none</span>")</dd>"
        if !item.definitionSources.isEmpty {
            main += "<dt>Definition source</dt><dd>" + item.definitionSources.map(externalLink).joined(separator: "<br>") + "</dd>"
        }
        if !item.replacedBy.isEmpty {
            main += "<dt>Replaced by</dt><dd>" + item.replacedBy.map { iri in
                view.classID(of: iri).map { termLink(served, $0) } ?? html(iri)
            }.joined(separator: ", ") + "</dd>"
        }
        main += "<dt>Parents</dt><dd>\(termList(served, hierarchy.parents[Int(id)]))</dd>"
        main += "<dt>Children</dt><dd>\(termList(served, hierarchy.children[Int(id)]))</dd>"
        main += "</dl>"
        let paths = hierarchy.pathsToRoot(from: id, limit: 50)
        main += "<h2>Paths to the root</h2><ol class=\"paths\">"
        for path in paths {
            main += "<li>" + path.reversed().map { termLink(served, $0) }.joined(separator: " <span class=\"sep\">›</span> ") + "</li>"
        }
        main += "</ol>"
        if let index {
            main += "<h2>Datasets</h2>"
            let shortID = item.shortID
            if let hits = try? await BlockingWork.run({ try index.datasets(technique: shortID, limit: 50) }) {
                if hits.isEmpty {
                    main += "<p class=\"empty\">No dataset in the index uses this technique or a sub-technique.</p>"
                } else {
                    main += "<table class=\"datasets\"><thead><tr><th>Title</th><th>Identifier</th><th>Date</th></tr></thead><tbody>"
                    main += hits.map(datasetRow).joined() + "</tbody></table>"
                    if hits.count == 50 {
                        main += "<p><a href=\"/api/datasets?technique=\(html(shortID))&amp;limit=1000\">More as JSON</a></p>"
                    }
                }
            } else {
                main += "<p class=\"empty\">The dataset index could not be read.</p>"
            }
        }
        main += "<p class=\"links\"><a href=\"/api/techniques/\(html(item.shortID))\">JSON</a> · "
        main += "<a href=\"/api/expand?term=\(html(item.shortID))\">expansion</a></p></article>"
        return page(title: item.label ?? item.shortID, served: served, expandedPath: paths.first ?? [id], main: main)
    }

    /// `/browse/children/{term}`: the children of a term as an HTML list, for the tree.
    @Sendable func childrenFragment(_ request: Request, context: Context) async throws -> Response {
        let served = ontologies.current
        let segments = try TechniqueController<Context>.pathSegments(request.uri.path, after: "children")
        let id = try served.resolve(TechniqueController<Context>.joinTerm(segments))
        return .text(treeList(served, served.classified.classification.hierarchy.children[Int(id)], expanded: [], current: nil),
                     contentType: "text/html; charset=utf-8")
    }

    // MARK: rendering

    func page(title: String, served: ServedOntology, expandedPath: [ClassID], main: String) -> Response {
        let hierarchy = served.classified.classification.hierarchy
        let tree = treeList(served, hierarchy.roots, expanded: Set(expandedPath), current: expandedPath.first)
        let body = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(html(title)) · PaNET</title><link rel="stylesheet" href="/assets/panet.css"></head>
            <body><header><a class="brand" href="/">PaNET</a>
            <form class="search" action="/" method="get" role="search" autocomplete="off">
            <input id="q" name="q" type="search" placeholder="Search techniques: label, synonym, acronym, id…" aria-label="Search techniques" aria-autocomplete="list" aria-controls="suggestions">
            <ul id="suggestions" role="listbox" hidden></ul></form>
            <nav><a href="/query">SPARQL</a> <a href="/health">health</a></nav></header>
            <div class="layout"><aside class="tree" aria-label="Technique tree">\(tree)</aside>
            <main>\(main)</main></div>
            <script src="/assets/panet.js"></script></body></html>
            """
        return .text(body, contentType: "text/html; charset=utf-8")
    }

    func treeList(_ served: ServedOntology, _ ids: [ClassID], expanded: Set<ClassID>, current: ClassID?) -> String {
        let view = served.classified.ontology
        let hierarchy = served.classified.classification.hierarchy
        let sorted = ids.sorted { (view[$0].label ?? view[$0].shortID).lowercased() < (view[$1].label ?? view[$1].shortID).lowercased() }
        var text = "<ul role=\"group\">"
        for id in sorted {
            let children = hierarchy.children[Int(id)]
            let open = expanded.contains(id) && !children.isEmpty
            text += "<li data-id=\"\(html(view[id].shortID))\"\(open ? " class=\"open\"" : "")>"
            if children.isEmpty {
                text += "<span class=\"leaf\"></span>"
            } else {
                text += "<button class=\"toggle\" aria-expanded=\"\(open)\" aria-label=\"expand\">\(open ? "▾" : "▸")</button>"
            }
            text += termLink(served, id, current: id == current)
            if !served.classified.twins(of: id).isEmpty { text += " " + kindBadge(served, id) }
            if !children.isEmpty { text += " <span class=\"count\">\(children.count)</span>" }
            if open { text += treeList(served, children, expanded: expanded, current: current) }
            text += "</li>"
        }
        return text + "</ul>"
    }

    /// `/query`: a SPARQL form over `/sparql`, with the example queries to pick from. `?query=` fills
    /// it; `#run` runs it when the page opens.
    @Sendable func queryPage(_ request: Request, context: Context) async throws -> Response {
        let parameters = try QueryParameters(request)
        let served = ontologies.current
        let examples = ExampleQueries.all
        let text = parameters["query"] ?? examples.first { $0.name == "named-classes.rq" }?.text ?? examples.first?.text ?? ""
        let namespace = served.sortedIDs.first.map { id -> String in
            let iri = served.classified.ontology[id].iri
            return String(iri[...(iri.lastIndex { $0 == "/" || $0 == "#" } ?? iri.startIndex)])
        } ?? ""
        var main = "<h1>SPARQL query</h1>"
        main += "<form id=\"sparql-form\" class=\"sparql\" action=\"/sparql\" method=\"get\" data-term-namespace=\"\(html(namespace))\">"
        main += "<p><label for=\"example\">Example</label> <select id=\"example\"><option value=\"\">Choose an example query…</option>"
        for example in examples {
            main += "<option value=\"\(html(example.name))\" data-query=\"\(html(example.text))\">"
            main += "\(html(Self.exampleTitle(example.text, name: example.name)))</option>"
        }
        main += "</select></p>"
        main += "<textarea id=\"query\" name=\"query\" rows=\"14\" spellcheck=\"false\" aria-label=\"SPARQL query\">\(html(text))</textarea>"
        main += "<p><button type=\"submit\">Run</button> <span id=\"query-status\" role=\"status\"></span></p></form>"
        main += "<div id=\"query-results\" class=\"query-results\"></div>"
        main += "<p class=\"lead\">Queries run over the ontology and its inferred hierarchy (<code>/sparql</code>, SPARQL 1.1 Protocol).</p>"
        return page(title: "SPARQL query", served: served, expandedPath: [], main: main)
    }

    /// The first comment line of an example query, else its file name.
    static func exampleTitle(_ text: String, name: String) -> String {
        guard let first = text.split(separator: "\n").first, first.hasPrefix("#") else { return name }
        let title = first.drop { $0 == "#" || $0 == " " }
        return title.isEmpty ? name : String(title.prefix(120))
    }

    /// A "technique", "specifier" or "foreign" badge for `id`.
    func kindBadge(_ served: ServedOntology, _ id: ClassID) -> String {
        let kind = served.classified.kind(of: id).rawValue
        return "<span class=\"kind kind-\(kind)\">\(kind)</span>"
    }

    /// `text` as a link when it is an http(s) URL, else as text.
    func externalLink(_ text: String) -> String {
        guard text.hasPrefix("http://") || text.hasPrefix("https://") else { return html(text) }
        return "<a href=\"\(html(text))\" rel=\"external\">\(html(text))</a>"
    }

    /// A row of the datasets table: the title linked to the record, its identifier and its date.
    func datasetRow(_ hit: DatasetHit) -> String {
        let title = html(hit.title ?? hit.id)
        let linked = Self.recordURL(hit).map { "<a href=\"\(html($0))\" rel=\"external\">\(title)</a>" } ?? title
        return "<tr><td class=\"title\">\(linked)</td><td><code>\(html(hit.id))</code></td>"
            + "<td class=\"date\">\(hit.datestamp.map { "<time>\(html($0))</time>" } ?? "<span class=\"empty\">unknown</span>")</td></tr>"
    }

    /// Where a record can be seen: its identifier when it is a URL, a DOI or a Handle, else the OAI-PMH
    /// `GetRecord` of the repository it was harvested from (every repository serves `oai_dc`).
    static func recordURL(_ hit: DatasetHit) -> String? {
        let id = hit.id
        if id.hasPrefix("http://") || id.hasPrefix("https://") { return id }
        let doi = id.lowercased().hasPrefix("doi:") ? String(id.dropFirst(4)) : id
        if let slash = doi.firstIndex(of: "/"), doi[..<slash].allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
           doi.first?.isNumber == true {
            return (doi.hasPrefix("10.") ? "https://doi.org/" : "https://hdl.handle.net/") + doi
        }
        guard hit.source.hasPrefix("http://") || hit.source.hasPrefix("https://") else { return nil }
        let base = hit.source.split(separator: "?", maxSplits: 1).first.map(String.init) ?? hit.source
        let identifier = id.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~:"))) ?? id
        return base + "?verb=GetRecord&metadataPrefix=oai_dc&identifier=" + identifier
    }

    func termLink(_ served: ServedOntology, _ id: ClassID, current: Bool = false) -> String {
        let item = served.classified.ontology[id]
        let classes = [item.isDeprecated ? "deprecated" : nil, current ? "current" : nil].compactMap { $0 }.joined(separator: " ")
        return "<a href=\"/term/\(html(item.shortID))\"\(classes.isEmpty ? "" : " class=\"\(classes)\"")>\(html(item.label ?? item.shortID))</a>"
    }

    func termList(_ served: ServedOntology, _ ids: [ClassID]) -> String {
        guard !ids.isEmpty else { return "<span class=\"empty\">none</span>" }
        return "<ul class=\"terms\">" + ids.map { "<li>\(termLink(served, $0))</li>" }.joined() + "</ul>"
    }
}

/// `text` escaped for HTML text and attribute values.
func html(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&#39;"
        default: result.append(character)
        }
    }
    return result
}
