// Datenportal: progressive enhancement only. Every form works without
// this script; it adds search suggestions, upload progress and a slug
// proposal. No inline handlers: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  // --- Search suggestions (ARIA 1.2 combobox with a listbox popup) ---
  function setupSuggest(input) {
    var url = input.getAttribute("data-suggest");
    var list = document.createElement("ul");
    var listId = input.id + "-suggestions";
    list.id = listId;
    list.className = "suggest-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    var items = [], active = -1, timer = null, seq = 0;
    var lang = document.documentElement.lang;
    var kinds = lang === "en"
      ? { dataset: "dataset", keyword: "keyword", organization: "organisation" }
      : { dataset: "Datensatz", keyword: "Schlagwort", organization: "Organisation" };

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function choose(s) {
      if (s.kind === "dataset" && s.name) {
        window.location.href = "/dataset/" + encodeURIComponent(s.name);
      } else if (s.kind === "organization" && s.name) {
        window.location.href = "/organization/" + encodeURIComponent(s.name);
      } else {
        input.value = s.text;
        close();
        input.form.submit();
      }
    }
    function highlight(i) {
      var lis = list.children;
      for (var j = 0; j < lis.length; j++) {
        lis[j].setAttribute("aria-selected", j === i ? "true" : "false");
      }
      active = i;
      if (i >= 0) {
        input.setAttribute("aria-activedescendant", lis[i].id);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function show(data) {
      items = data;
      list.textContent = "";
      if (!items.length) { close(); return; }
      items.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = s.text;
        var k = document.createElement("span");
        k.className = "kind";
        k.textContent = kinds[s.kind] || "";
        li.appendChild(k);
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(s); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      timer = setTimeout(function () {
        var mine = ++seq;
        fetch(url + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (d) { if (mine === seq) { show(d.suggestions || []); } })
          .catch(function () { close(); });
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) { return; }
      if (e.key === "ArrowDown") { e.preventDefault(); highlight((active + 1) % items.length); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(active <= 0 ? items.length - 1 : active - 1); }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(items[active]); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  // --- Upload progress: send the form with XHR to show a progress bar ---
  function setupUpload(form) {
    var bar = form.querySelector("progress");
    var status = form.querySelector("[data-upload-status]");
    form.addEventListener("submit", function (e) {
      var file = form.querySelector("input[type=file]");
      if (!file || !file.files || !file.files.length || !window.FormData) { return; }
      e.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      var token = form.querySelector("input[name=csrf_token]");
      if (token) { xhr.setRequestHeader("X-CSRF-Token", token.value); }
      if (bar) { bar.hidden = false; bar.value = 0; }
      xhr.upload.addEventListener("progress", function (ev) {
        if (!ev.lengthComputable) { return; }
        var pct = Math.round(ev.loaded / ev.total * 100);
        if (bar) { bar.value = pct; }
        if (status) { status.textContent = pct + " %"; }
      });
      xhr.addEventListener("load", function () {
        if (xhr.status >= 200 && xhr.status < 300 && xhr.responseURL && xhr.responseURL !== form.action) {
          window.location.href = xhr.responseURL;
          return;
        }
        // Show the server's answer (validation errors) as a page.
        var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
        document.title = doc.title;
        document.body.replaceWith(doc.body);
        init(document);
        var summary = document.getElementById("error-summary");
        if (summary) { summary.focus(); }
      });
      xhr.addEventListener("error", function () {
        if (status) { status.textContent = form.getAttribute("data-upload-error") || "Upload failed"; }
      });
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      xhr.send(new FormData(form));
    });
  }

  // --- Propose a URL name from the title while the name is untouched ---
  function slugify(s) {
    var map = { "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss" };
    return s.toLowerCase().replace(/[äöüß]/g, function (c) { return map[c]; })
      .replace(/[^a-z0-9_]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 90);
  }
  function setupSlug(name) {
    var title = document.getElementById(name.getAttribute("data-slug-from"));
    if (!title) { return; }
    var touched = name.value !== "";
    name.addEventListener("input", function () { touched = true; });
    title.addEventListener("input", function () {
      if (!touched) { name.value = slugify(title.value); }
    });
  }

  function init(root) {
    root.querySelectorAll("input[data-suggest]").forEach(setupSuggest);
    root.querySelectorAll("form[data-upload]").forEach(setupUpload);
    root.querySelectorAll("input[data-slug-from]").forEach(setupSlug);
  }
  init(document);
  // Move focus to a form's error summary, so keyboard and screen reader
  // users land on what needs fixing.
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
