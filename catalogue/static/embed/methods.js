/* Embeddable widgets of the methods library: <method-card> and <method-search>.
   Usage: <script src="https://.../static/embed/methods.js" defer></script>
          <method-card method="ID" lang="sv"></method-card>
          <method-search lang="fi" target-group="parents" service-area="family-centre"></method-search>
   They read the public partner API of the site the script comes from (or the `api` attribute),
   render in a shadow DOM, and can be themed with the --method-* CSS custom properties. */
(function () {
  "use strict";
  if (!window.customElements || window.customElements.get("method-card")) return;

  var script = document.currentScript;
  var ORIGIN = script && script.src ? new URL(script.src).origin : location.origin;
  var LANGUAGES = ["fi", "sv", "en"];
  var TEXT = {
    fi: { search: "Hae menetelmi\u00e4", go: "Hae", evidence: "N\u00e4ytt\u00f6", ages: "Ik\u00e4", years: "v.",
          none: "Ei tuloksia.", error: "Tietoja ei voitu hakea.", loading: "Ladataan\u2026",
          missing: "T\u00e4t\u00e4 menetelm\u00e4\u00e4 ei ole saatavilla suomeksi.",
          count: "tulosta", one: "tulos", more: "Kaikki tulokset menetelm\u00e4kirjastossa", method: "Menetelm\u00e4", model: "Toimintamalli" },
    sv: { search: "S\u00f6k metoder", go: "S\u00f6k", evidence: "Evidens", ages: "\u00c5lder", years: "\u00e5r",
          none: "Inga tr\u00e4ffar.", error: "Uppgifterna kunde inte h\u00e4mtas.", loading: "Laddar\u2026",
          missing: "Metoden finns inte p\u00e5 svenska.",
          count: "tr\u00e4ffar", one: "tr\u00e4ff", more: "Alla tr\u00e4ffar i metodbiblioteket", method: "Metod", model: "Verksamhetsmodell" },
    en: { search: "Search methods", go: "Search", evidence: "Evidence", ages: "Ages", years: "years",
          none: "No results.", error: "The data could not be loaded.", loading: "Loading\u2026",
          missing: "This method is not available in English.",
          count: "results", one: "result", more: "All results in the methods library", method: "Method", model: "Service model" }
  };
  var STYLE =
    ":host{display:block;font-family:var(--method-font,inherit);color:var(--method-text,#1b1b1b);" +
    "line-height:1.45}" +
    ".card{background:var(--method-background,#fff);border:1px solid var(--method-border,#c9ced3);" +
    "border-radius:var(--method-radius,.4rem);padding:var(--method-spacing,1rem);margin:0 0 .75rem}" +
    "h3{margin:0 0 .3rem;font-size:var(--method-title-size,1.15rem)}" +
    "a{color:var(--method-accent,#00527a)}a:focus-visible,input:focus-visible,button:focus-visible" +
    "{outline:3px solid var(--method-focus,#b35900);outline-offset:2px}" +
    "p{margin:.3rem 0}.meta{display:flex;flex-wrap:wrap;gap:.4rem;font-size:.9em}" +
    ".tag{border:1px solid var(--method-border,#c9ced3);border-radius:1rem;padding:0 .5rem}" +
    ".muted{color:var(--method-muted,#4d4d4d)}ul{list-style:none;margin:.75rem 0 0;padding:0}" +
    "form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}label{display:block;font-weight:600;width:100%}" +
    "input{flex:1;min-width:10rem;font:inherit;padding:.4rem .5rem;border:1px solid #6b7177;border-radius:.3rem}" +
    "button{font:inherit;padding:.4rem 1rem;border:0;border-radius:.3rem;cursor:pointer;" +
    "background:var(--method-accent,#00527a);color:var(--method-accent-text,#fff)}" +
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}";
  var uid = 0;

  function language(element) {
    var code = (element.getAttribute("lang") || document.documentElement.lang || "fi").slice(0, 2);
    return LANGUAGES.indexOf(code) >= 0 ? code : "fi";
  }
  // A lang attribute the library has no content in: said in the widget and the console, rather
  // than showing another language.
  function unsupported(element) {
    var given = element.getAttribute("lang");
    if (!given || LANGUAGES.indexOf(given.slice(0, 2).toLowerCase()) >= 0) return "";
    return 'Unsupported lang="' + given + '": use ' + LANGUAGES.join(", ") + ".";
  }
  function apiBase(element) {
    return (element.getAttribute("api") || ORIGIN).replace(/\/$/, "") + "/api/v1/";
  }
  function make(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    (children || []).forEach(function (child) {
      if (child != null && child !== "") node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }
  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  }
  function absolute(url, base) {
    try { return new URL(url, base).href; } catch (error) { return base; }
  }
  function card(entry, text, base) {
    var ages = entry.age_min != null || entry.age_max != null
      ? text.ages + " " + (entry.age_min != null ? entry.age_min : 0) + "\u2013" + (entry.age_max != null ? entry.age_max : 25) + " " + text.years
      : "";
    var evidence = entry.evidence && entry.evidence.level && entry.evidence.level !== "NR"
      ? text.evidence + " " + entry.evidence.level + "/5: " + (entry.evidence.label || "") : "";
    var groups = (entry.target_groups || []).map(function (group) { return group.label; }).join(", ");
    return make("article", { class: "card", part: "card", lang: entry.lang || "" }, [
      make("h3", { part: "title" }, [make("a", { href: absolute(entry.url, base), part: "link" }, [entry.title])]),
      make("p", { class: "meta" }, [
        make("span", { class: "tag" }, [entry.kind === "model" ? text.model : text.method]),
        evidence ? make("span", { class: "tag" }, [evidence]) : null,
        ages ? make("span", { class: "tag" }, [ages]) : null
      ]),
      make("p", { part: "summary" }, [entry.summary || ""]),
      groups ? make("p", { class: "muted" }, [groups]) : null
    ]);
  }
  class Widget extends HTMLElement {
    setUp() {
      if (!this.shadowRoot) {
        this.attachShadow({ mode: "open" });
        this.shadowRoot.appendChild(make("style", {}, [STYLE]));
        this.body = this.shadowRoot.appendChild(make("div", { part: "container" }));
      }
      this.text = TEXT[language(this)];
      this.body.textContent = "";
    }
  }

  // The cards of a page are fetched together: one list request (ids=) per API and language.
  var batches = {};
  function fetchCard(widget, base, lang, id) {
    var key = base + " " + lang;
    if (!batches[key]) {
      batches[key] = [];
      setTimeout(function () {
        var cards = batches[key];
        delete batches[key];
        var ids = cards.map(function (item) { return item.id; }).filter(function (value, index, all) {
          return all.indexOf(value) === index;
        });
        for (var start = 0; start < ids.length; start += 100) {
          var chunk = ids.slice(start, start + 100);
          var wanted = cards.filter(function (item) { return chunk.indexOf(item.id) >= 0; });
          getJSON(base + "methods/?" + new URLSearchParams({ ids: chunk.join(","), lang: lang, limit: "100" }))
            .then(function (wanted, data) {
              var found = {};
              (data.results || []).forEach(function (entry) { found[entry.id] = entry; });
              wanted.forEach(function (item) { item.widget.show(found[item.id], base); });
            }.bind(null, wanted))
            .catch(function (wanted) {
              wanted.forEach(function (item) { item.widget.show(null, base, true); });
            }.bind(null, wanted));
        }
      }, 0);
    }
    batches[key].push({ widget: widget, id: id });
  }

  class MethodCard extends Widget {
    static get observedAttributes() { return ["method", "lang"]; }
    connectedCallback() { this.schedule(); }
    attributeChangedCallback() { if (this.isConnected) this.schedule(); }
    // Upgrading a card calls attributeChangedCallback for each attribute, then connectedCallback:
    // one load for all of them.
    schedule() {
      var self = this;
      if (self.scheduled) return;
      self.scheduled = true;
      setTimeout(function () { self.scheduled = false; self.load(); }, 0);
    }
    load() {
      var self = this;
      self.setUp();
      var problem = unsupported(self);
      if (problem) {
        self.body.appendChild(make("p", { class: "muted", role: "alert" }, [problem]));
        if (window.console) console.error("<method-card>: " + problem);
        return;
      }
      var id = (self.getAttribute("method") || "").trim().toLowerCase();
      self.status = self.body.appendChild(make("p", { class: "muted", role: "status" }, [self.text.loading]));
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) {
        self.status.textContent = self.text.error;
        return;
      }
      fetchCard(self, apiBase(self), language(self), id);
    }
    show(entry, base, failed) {
      if (!entry) {
        this.status.textContent = failed ? this.text.error : this.text.missing;
        return;
      }
      this.body.textContent = "";
      this.body.appendChild(card(entry, this.text, base));
    }
  }

  class MethodSearch extends Widget {
    connectedCallback() {
      var self = this;
      if (self.form) return;
      self.setUp();
      var inputId = "method-search-" + (++uid);
      self.input = make("input", { id: inputId, type: "search", name: "q", autocomplete: "off" });
      self.form = make("form", { role: "search", part: "form" }, [
        make("label", { for: inputId }, [self.text.search]), self.input,
        make("button", { type: "submit", part: "button" }, [self.text.go])
      ]);
      self.status = make("p", { class: "muted", role: "status", "aria-live": "polite" });
      self.list = make("ul", { part: "results" });
      self.more = make("p");
      [self.form, self.status, self.list, self.more].forEach(function (node) { self.body.appendChild(node); });
      var timer;
      self.form.addEventListener("submit", function (event) { event.preventDefault(); self.search(); });
      self.input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { self.search(); }, 300);
      });
      self.search();
    }
    search() {
      var self = this;
      var problem = unsupported(self);
      if (problem) {
        self.status.textContent = problem;
        if (window.console) console.error("<method-search>: " + problem);
        return;
      }
      var base = apiBase(self);
      var params = new URLSearchParams({ lang: language(self), limit: self.getAttribute("limit") || "5" });
      [["target-group", "target_group"], ["service-area", "service_area"], ["topic", "topic"]].forEach(function (pair) {
        var value = self.getAttribute(pair[0]);
        if (value) params.set(pair[1], value);
      });
      if (self.input.value.trim()) params.set("q", self.input.value.trim());
      var token = (self.token = {});
      self.status.textContent = self.text.loading;
      getJSON(base + "methods/?" + params)
        .then(function (data) {
          if (token !== self.token) return;
          var results = data.results || [];
          self.list.textContent = "";
          results.forEach(function (entry) { self.list.appendChild(make("li", {}, [card(entry, self.text, base)])); });
          self.status.textContent = data.count
            ? data.count + " " + (data.count === 1 ? self.text.one : self.text.count)
            : self.text.none;
          self.more.textContent = "";
          if (results[0] && results[0].url) {
            // the catalogue is the parent of every entry page; the same filters work there
            var catalogue = absolute(results[0].url, base).replace(/[^/]+\/?$/, "");
            params.delete("lang");
            params.delete("limit");
            self.more.appendChild(make("a", { href: catalogue + "?" + params }, [self.text.more]));
          }
        })
        .catch(function () { if (token === self.token) self.status.textContent = self.text.error; });
    }
  }

  customElements.define("method-card", MethodCard);
  customElements.define("method-search", MethodSearch);
})();
