/* Progressive enhancement of the server-rendered site: instant filtering and search suggestions.
   Everything here is optional; without it the forms submit and the server answers as usual. */
(function () {
  "use strict";

  function enhanceCatalogue(form) {
    var region = form.querySelector("[data-catalogue-region]");
    var status = form.querySelector("[data-results-status]");
    if (!region || !window.fetch || !window.URLSearchParams) return;
    var pending = null;
    var timer = null;

    function queryString() {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        if (value !== "") params.append(name, value);
      });
      return params.toString();
    }

    function refresh(typing) {
      var query = queryString();
      var url = form.action.split("?")[0] + (query ? "?" + query : "");
      var focusedId = document.activeElement && document.activeElement.id;
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
          history.replaceState(null, "", url);
          var heading = region.querySelector("[data-results-heading]");
          if (status && heading) status.textContent = heading.textContent.trim();
          if (focusedId) {
            var again = document.getElementById(focusedId);
            if (again && again !== document.activeElement) again.focus();
          }
        })
        .catch(function (error) {
          region.removeAttribute("aria-busy");
          if (error.name !== "AbortError") window.location.href = url;
        });
    }

    form.addEventListener("change", function (event) {
      if (event.target.form !== form || event.target.name === "q") return;
      refresh(false);
    });
    form.addEventListener("input", function (event) {
      if (event.target.name !== "q") return;
      clearTimeout(timer);
      timer = setTimeout(function () { refresh(true); }, 300);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      refresh(false);
    });
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

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-catalogue]").forEach(enhanceCatalogue);
    if (window.fetch) document.querySelectorAll("input[data-autocomplete]").forEach(enhanceAutocomplete);
  });
})();
