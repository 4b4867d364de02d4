/* Progressive enhancement of the server-rendered site: instant filtering and search suggestions.
   Everything here is optional; without it the forms submit and the server answers as usual. */
(function () {
  "use strict";

  var ARROWS = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"];
  var NARROW = "(max-width: 50rem)";

  function enhanceCatalogue(form) {
    var region = form.querySelector("[data-catalogue-region]");
    var status = form.querySelector("[data-results-status]");
    if (!region || !window.fetch || !window.URLSearchParams) return;
    var pending = null;
    var timer = null;
    // A radio group or a select changed with the arrow keys waits until the visitor leaves it or
    // presses Space or Enter: passing over "3" on the way to "1" must not apply "3".
    var arrowKeyDown = false;
    var waiting = null;

    function queryString() {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        if (value !== "") params.append(name, value);
      });
      return params.toString();
    }

    function followFilters(query) {
      // links that carry the catalogue's filters (the language switcher) follow them as they change
      var shared = new URLSearchParams(query);
      shared.delete("page");
      var suffix = shared.toString();
      document.querySelectorAll("a[data-follows-filters]").forEach(function (link) {
        link.href = link.href.split("?")[0] + (suffix ? "?" + suffix : "");
      });
    }

    function openOnWideScreens() {
      var filters = region.querySelector("[data-filters]");
      if (filters && !window.matchMedia(NARROW).matches) filters.open = true;
      return filters;
    }

    function refresh(typing) {
      var query = queryString();
      var url = form.action.split("?")[0] + (query ? "?" + query : "");
      var focusedId = document.activeElement && document.activeElement.id;
      var filters = region.querySelector("[data-filters]");
      var filtersOpen = filters ? filters.open : false;
      waiting = null;
      if (pending) pending.abort();
      pending = new AbortController();
      region.setAttribute("aria-busy", "true");
      fetch(url + (query ? "&" : "?") + "partial=1", {
        signal: pending.signal,
        // the query log counts a visitor's search, not each pause while typing
        headers: typing
          ? { "X-Requested-With": "fetch", "X-Search-Refresh": "typing" }
          : { "X-Requested-With": "fetch" },
      })
        .then(function (response) {
          // 400 carries the named errors in the region; anything else unexpected: load the page
          if (!response.ok && response.status !== 400) throw new Error("navigate");
          return response.text();
        })
        .then(function (html) {
          region.innerHTML = html;
          region.removeAttribute("aria-busy");
          var again = openOnWideScreens();
          if (again && filtersOpen) again.open = true;
          history.replaceState(null, "", url);
          followFilters(query);
          var heading = region.querySelector("[data-results-heading]");
          if (status && heading) status.textContent = heading.textContent.trim();
          if (focusedId) {
            var focused = document.getElementById(focusedId);
            if (focused && focused !== document.activeElement) focused.focus();
          }
        })
        .catch(function (error) {
          region.removeAttribute("aria-busy");
          if (error.name !== "AbortError") window.location.href = url;
        });
    }

    function waitsForArrows(element) {
      return element.type === "radio" || element.tagName === "SELECT";
    }

    function groupOf(element) {
      return element.type === "radio" ? element.closest("fieldset") || element : element;
    }

    form.addEventListener("keydown", function (event) {
      var target = event.target;
      if (!waitsForArrows(target)) return;
      arrowKeyDown = ARROWS.indexOf(event.key) !== -1;
      if ((event.key === " " || event.key === "Enter") && waiting) {
        event.preventDefault();
        refresh(false);
      }
    });
    form.addEventListener("keyup", function () {
      arrowKeyDown = false;
    });
    form.addEventListener("focusout", function (event) {
      if (!waiting || (event.relatedTarget && waiting.contains(event.relatedTarget))) return;
      refresh(false);
    });
    form.addEventListener("change", function (event) {
      var target = event.target;
      if (target.form !== form || target.name === "q") return;
      if (arrowKeyDown && waitsForArrows(target)) {
        waiting = groupOf(target);
        return;
      }
      refresh(false);
    });
    form.addEventListener("input", function (event) {
      if (event.target.name !== "q") return;
      clearTimeout(timer);
      timer = setTimeout(function () { refresh(true); }, 300);
    });
    form.addEventListener("submit", function (event) {
      // "Compare selected" leaves the catalogue for the compare page: the browser submits it
      if (event.submitter && event.submitter.hasAttribute("data-compare-submit")) return;
      event.preventDefault();
      clearTimeout(timer);
      refresh(false);
    });
    openOnWideScreens();
    document.documentElement.classList.add("js-instant-filtering");
  }

  function enhanceAutocomplete(input) {
    var language = input.getAttribute("data-language") || document.documentElement.lang;
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.parentNode.appendChild(list);
    input.setAttribute("list", list.id);
    var timer = null;
    var unavailable = false;

    function titles(data) {
      var items = Array.isArray(data) ? data : data.results || data.suggestions || [];
      return items
        .map(function (item) {
          return typeof item === "string" ? item : item.title || item.label || item.text || "";
        })
        .filter(Boolean)
        .slice(0, 8);
    }

    input.addEventListener("input", function () {
      var text = input.value.trim();
      clearTimeout(timer);
      if (unavailable || text.length < 2) return;
      timer = setTimeout(function () {
        var url = "/api/v1/autocomplete/?q=" + encodeURIComponent(text) + "&lang=" + encodeURIComponent(language);
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) {
            if (!response.ok) {
              if (response.status === 404) unavailable = true;
              throw new Error("no suggestions");
            }
            return response.json();
          })
          .then(function (data) {
            list.textContent = "";
            titles(data).forEach(function (title) {
              var option = document.createElement("option");
              option.value = title;
              list.appendChild(option);
            });
          })
          .catch(function () {
            /* suggestions are a nicety: without them the search box still works */
          });
      }, 200);
    });
  }

  function datePrinted() {
    // a cached page was rendered earlier: the date a printout carries is today's, in the page's language
    var language = document.documentElement.lang || "fi";
    var today = new Date();
    var text = window.Intl
      ? new Intl.DateTimeFormat(language, { day: "numeric", month: "long", year: "numeric" }).format(today)
      : today.toDateString();
    document.querySelectorAll("[data-print-date]").forEach(function (element) {
      element.textContent = text;
      element.setAttribute("datetime", today.toISOString().slice(0, 10));
    });
  }

  window.addEventListener("beforeprint", datePrinted);

  document.addEventListener("DOMContentLoaded", function () {
    datePrinted();
    document.querySelectorAll("form[data-catalogue]").forEach(enhanceCatalogue);
    if (window.fetch) document.querySelectorAll("input[data-autocomplete]").forEach(enhanceAutocomplete);
  });
})();
