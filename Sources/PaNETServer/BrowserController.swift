import DatasetCatalog
import Hummingbird
import OntologyKit

/// The browser at `/`: a search box with suggestions, the technique tree, and term pages.
///
/// Pages are rendered on the server and work without JavaScript; a small script (no external
/// resources) adds suggestions as you type and expands tree nodes in place.
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
                    main += "<li>\(termLink(served, hit.classID)) <span class=\"id\">\(html(item.shortID))</span>"
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
        main += "<h1>\(html(item.label ?? item.shortID))\(item.isDeprecated ? " <span class=\"badge\">deprecated</span>" : "")</h1>"
        main += "<dl>"
        main += "<dt>ID</dt><dd><code>\(html(item.shortID))</code></dd>"
        main += "<dt>IRI</dt><dd><a href=\"\(html(item.iri))\" rel=\"external\"><code>\(html(item.iri))</code></a></dd>"
        var synonyms: [String] = []
        for synonym in item.synonyms where !synonyms.contains(synonym.value) { synonyms.append(synonym.value) }
        main += "<dt>Synonyms</dt><dd>\(synonyms.isEmpty ? "<span class=\"empty\">none</span>" : synonyms.map(html).joined(separator: "; "))</dd>"
        main += "<dt>Definition</dt><dd>\(item.definition.map(html) ?? "<span class=\"empty\">none</span>")</dd>"
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
                    main += "<ul class=\"datasets\">" + hits.map { hit in
                        "<li><span class=\"title\">\(html(hit.title ?? hit.id))</span> <code>\(html(hit.id))</code>"
                            + (hit.datestamp.map { " <span class=\"date\">\(html($0))</span>" } ?? "") + "</li>"
                    }.joined() + "</ul>"
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
            <nav><a href="/sparql?query=SELECT%20%3Fs%20WHERE%20%7B%3Fs%20a%20%3Chttp%3A%2F%2Fwww.w3.org%2F2002%2F07%2Fowl%23Class%3E%7D%20LIMIT%2010">SPARQL</a> <a href="/health">health</a></nav></header>
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
            if !children.isEmpty { text += " <span class=\"count\">\(children.count)</span>" }
            if open { text += treeList(served, children, expanded: expanded, current: current) }
            text += "</li>"
        }
        return text + "</ul>"
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
