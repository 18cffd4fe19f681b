/// The browser's script and style sheet, served from memory (no external resources).
enum BrowserAssets {
    static let script = #"""
    "use strict";
    (function () {
      const input = document.getElementById("q");
      const list = document.getElementById("suggestions");
      let timer = null, active = -1, items = [], latest = 0;

      function render(results) {
        list.innerHTML = "";
        items = results;
        active = -1;
        results.forEach(function (hit, index) {
          const li = document.createElement("li");
          li.setAttribute("role", "option");
          li.id = "suggestion-" + index;
          const label = document.createElement("span");
          label.className = "label";
          label.textContent = hit.label || hit.id;
          const id = document.createElement("span");
          id.className = "id";
          id.textContent = hit.id;
          li.appendChild(label);
          li.appendChild(id);
          if (hit.matched && hit.matched !== hit.label) {
            const matched = document.createElement("span");
            matched.className = "matched";
            matched.textContent = hit.matched;
            li.appendChild(matched);
          }
          li.addEventListener("mousedown", function (event) { event.preventDefault(); go(hit); });
          list.appendChild(li);
        });
        list.hidden = results.length === 0;
      }

      function go(hit) { window.location.href = "/term/" + encodeURIComponent(hit.id); }

      function highlight(index) {
        Array.prototype.forEach.call(list.children, function (li, i) { li.classList.toggle("active", i === index); });
        active = index;
        input.setAttribute("aria-activedescendant", index >= 0 ? "suggestion-" + index : "");
      }

      function suggest() {
        const text = input.value.trim();
        if (text.length === 0) { render([]); return; }
        const ticket = ++latest;
        fetch("/api/techniques?limit=8&q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (body) { if (ticket === latest) render(body.results || []); })
          .catch(function () { render([]); });
      }

      if (input && list) {
        input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(suggest, 120); });
        input.addEventListener("keydown", function (event) {
          if (list.hidden) return;
          if (event.key === "ArrowDown") { event.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
          else if (event.key === "ArrowUp") { event.preventDefault(); highlight(Math.max(active - 1, 0)); }
          else if (event.key === "Enter" && active >= 0) { event.preventDefault(); go(items[active]); }
          else if (event.key === "Escape") { render([]); }
        });
        input.addEventListener("blur", function () { setTimeout(function () { list.hidden = true; }, 100); });
        input.addEventListener("focus", function () { if (items.length) list.hidden = false; });
        // A link such as /#q=saxs opens the page with that text typed and its suggestions shown.
        if (window.location.hash.indexOf("#q=") === 0) {
          input.value = decodeURIComponent(window.location.hash.slice(3));
          input.focus();
          suggest();
        }
      }

      // The query page: examples fill the text area; results come from /sparql as a table.
      const form = document.getElementById("sparql-form");
      if (form) {
        const textarea = document.getElementById("query");
        const examples = document.getElementById("example");
        const status = document.getElementById("query-status");
        const results = document.getElementById("query-results");
        const namespace = form.dataset.termNamespace || "";
        examples.addEventListener("change", function () {
          const option = examples.options[examples.selectedIndex];
          if (option && option.dataset.query) textarea.value = option.dataset.query;
        });
        function cell(binding) {
          const td = document.createElement("td");
          if (!binding) return td;
          if (binding.type === "uri") {
            const a = document.createElement("a");
            const local = binding.value.slice(namespace.length);
            a.href = namespace && binding.value.indexOf(namespace) === 0 && local.indexOf("/") < 0
              ? "/term/" + encodeURIComponent(local) : binding.value;
            a.textContent = binding.value;
            td.appendChild(a);
          } else {
            td.textContent = binding.value;
            if (binding["xml:lang"]) td.title = "@" + binding["xml:lang"];
            else if (binding.datatype) td.title = binding.datatype;
          }
          return td;
        }
        function show(body) {
          results.innerHTML = "";
          if (typeof body.boolean === "boolean") {
            status.textContent = "answer: " + body.boolean;
            return;
          }
          const vars = (body.head && body.head.vars) || [];
          const rows = (body.results && body.results.bindings) || [];
          const table = document.createElement("table");
          table.className = "results";
          const head = table.createTHead().insertRow();
          vars.forEach(function (name) {
            const th = document.createElement("th");
            th.textContent = "?" + name;
            head.appendChild(th);
          });
          const tbody = table.createTBody();
          rows.forEach(function (row) {
            const tr = tbody.insertRow();
            vars.forEach(function (name) { tr.appendChild(cell(row[name])); });
          });
          results.appendChild(table);
          status.textContent = rows.length + (rows.length === 1 ? " row" : " rows");
        }
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          status.textContent = "running…";
          results.innerHTML = "";
          fetch("/sparql", {
            method: "POST",
            headers: { "Content-Type": "application/sparql-query",
                       Accept: "application/sparql-results+json, text/turtle;q=0.8" },
            body: textarea.value
          }).then(function (response) {
            const type = response.headers.get("Content-Type") || "";
            if (type.indexOf("json") >= 0) {
              return response.json().then(function (body) {
                if (!response.ok || body.error) {
                  status.textContent = "error " + response.status + ": " + ((body.error && body.error.message) || "");
                } else {
                  show(body);
                }
              });
            }
            return response.text().then(function (text) {
              const pre = document.createElement("pre");
              pre.textContent = text;
              results.appendChild(pre);
              status.textContent = response.ok ? "graph" : "error " + response.status;
            });
          }).catch(function (error) { status.textContent = "failed: " + error; });
        });
        if (window.location.hash === "#run") form.requestSubmit();
      }

      document.addEventListener("click", function (event) {
        const button = event.target.closest && event.target.closest("button.toggle");
        if (!button) return;
        const li = button.parentElement;
        const open = li.classList.toggle("open");
        button.textContent = open ? "\u25BE" : "\u25B8";
        button.setAttribute("aria-expanded", String(open));
        if (open && !li.querySelector("ul")) {
          fetch("/browse/children/" + encodeURIComponent(li.dataset.id))
            .then(function (response) { return response.ok ? response.text() : ""; })
            .then(function (fragment) { li.insertAdjacentHTML("beforeend", fragment); });
        }
      });
    })();
    """#

    static let style = #"""
    :root { --fg: #1d2330; --muted: #6b7385; --accent: #2457c5; --line: #dde1e8; --bg: #f7f8fa; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #fff; }
    header { display: flex; align-items: center; gap: 1.5rem; padding: .6rem 1.2rem; border-bottom: 1px solid var(--line); background: var(--bg); }
    .brand { font-weight: 700; font-size: 1.2rem; color: var(--accent); text-decoration: none; }
    header nav a { margin-left: .8rem; color: var(--muted); }
    form.search { position: relative; flex: 1; max-width: 40rem; }
    #q { width: 100%; padding: .45rem .7rem; font-size: 1rem; border: 1px solid var(--line); border-radius: 6px; }
    #suggestions { position: absolute; z-index: 10; left: 0; right: 0; margin: 2px 0 0; padding: 0; list-style: none;
      background: #fff; border: 1px solid var(--line); border-radius: 6px; box-shadow: 0 6px 18px rgba(0,0,0,.12); }
    #suggestions li { padding: .35rem .7rem; cursor: pointer; display: flex; gap: .6rem; align-items: baseline; }
    #suggestions li.active, #suggestions li:hover { background: #eef3ff; }
    .id { color: var(--muted); font-size: .85em; font-family: ui-monospace, monospace; }
    .matched { color: var(--muted); font-style: italic; font-size: .85em; }
    .layout { display: grid; grid-template-columns: minmax(16rem, 26rem) 1fr; min-height: calc(100vh - 3.2rem); }
    aside.tree { border-right: 1px solid var(--line); padding: .8rem .4rem; overflow: auto; max-height: calc(100vh - 3.2rem); background: var(--bg); }
    .tree ul { list-style: none; margin: 0; padding-left: 1.1rem; }
    .tree > ul { padding-left: 0; }
    .tree li { margin: .1rem 0; overflow-wrap: anywhere; }
    .tree li > ul { display: none; }
    .tree li.open > ul { display: block; }
    .toggle { border: 0; background: none; cursor: pointer; width: 1.2rem; padding: 0; color: var(--muted); }
    .leaf { display: inline-block; width: 1.2rem; }
    .count { color: var(--muted); font-size: .75em; }
    a { color: var(--accent); text-decoration: none; }
    a:hover { text-decoration: underline; }
    a.current { font-weight: 700; color: var(--fg); }
    a.deprecated { text-decoration: line-through; color: var(--muted); }
    main { padding: 1rem 2rem; max-width: 60rem; }
    h1 { font-size: 1.6rem; margin: .2rem 0 1rem; }
    h2 { font-size: 1.15rem; margin-top: 1.6rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
    dl { display: grid; grid-template-columns: 8rem 1fr; gap: .4rem 1rem; }
    dt { color: var(--muted); }
    dd { margin: 0; }
    ul.terms { margin: 0; padding-left: 1.1rem; }
    .paths li { margin: .2rem 0; }
    .sep { color: var(--muted); }
    .badge { font-size: .7rem; vertical-align: middle; background: #b3261e; color: #fff; border-radius: 4px; padding: .1rem .4rem; }
    .empty { color: var(--muted); }
    .lead { color: var(--muted); }
    h1, dd, td, .results li, .paths li { overflow-wrap: anywhere; }
    code { overflow-wrap: anywhere; }
    .kind { font-size: .68rem; font-weight: 600; vertical-align: middle; border-radius: 4px; padding: .05rem .35rem;
      text-transform: uppercase; letter-spacing: .03em; border: 1px solid currentColor; }
    .kind-technique { color: #1f6f43; }
    .kind-specifier { color: #8a4b00; }
    .kind-foreign { color: var(--muted); }
    .tree .kind { font-size: .58rem; padding: 0 .25rem; }
    .twin { background: #fff8e6; border: 1px solid #f0d9a0; border-radius: 6px; padding: .4rem .7rem; }
    table.datasets, table.results { border-collapse: collapse; width: 100%; font-size: .92em; }
    table.datasets th, table.datasets td, table.results th, table.results td {
      border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
    table.datasets td.date { white-space: nowrap; color: var(--muted); }
    table.datasets th, table.results th { white-space: nowrap; }
    form.sparql textarea { width: 100%; font: 13px/1.45 ui-monospace, monospace; padding: .5rem;
      border: 1px solid var(--line); border-radius: 6px; }
    form.sparql select { max-width: 100%; }
    form.sparql button { padding: .35rem 1.2rem; font-size: 1rem; }
    .query-results { overflow-x: auto; }
    .query-results pre { white-space: pre-wrap; }
    """#
}
