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

  // --- Uploads: the form with XHR and a progress bar; large files
  // resumably through the tus endpoint (see setupUpload) ---
  var uploadText = {
    de: {
      start: "Hochladen wird vorbereitet …",
      resume: "Unterbrochenes Hochladen wird fortgesetzt …",
      progress: function (p, done, total) { return p + " % hochgeladen (" + done + " von " + total + ")"; },
      retry: function (s) { return "Verbindung unterbrochen. Neuer Versuch in " + s + " s …"; },
      finish: "Datei empfangen, Angaben werden gespeichert …",
      expired: "Die Berechtigung zum Hochladen ist abgelaufen. Bitte laden Sie die Seite neu und wählen Sie dieselbe Datei: Das Hochladen wird dort fortgesetzt, wo es stand.",
      gaveUp: "Die Verbindung ist mehrfach abgebrochen. Bitte senden Sie das Formular erneut: Das Hochladen wird fortgesetzt, wo es stand.",
      failed: "Das Hochladen ist fehlgeschlagen: "
    },
    en: {
      start: "Preparing the upload …",
      resume: "Resuming the interrupted upload …",
      progress: function (p, done, total) { return p + " % uploaded (" + done + " of " + total + ")"; },
      retry: function (s) { return "Connection lost. Retrying in " + s + " s …"; },
      finish: "File received, saving the details …",
      expired: "The upload permission has expired. Please reload the page and choose the same file: the upload continues where it stopped.",
      gaveUp: "The connection broke repeatedly. Please submit the form again: the upload continues where it stopped.",
      failed: "The upload failed: "
    }
  };
  function uploadMsgs() { return uploadText[document.documentElement.lang] || uploadText.de; }
  function megabytes(n) { return (n / 1048576).toFixed(1).replace(".", document.documentElement.lang === "en" ? "." : ",") + " MB"; }

  // xhr sends one request and resolves with the finished XMLHttpRequest
  // whatever its status; only a broken connection rejects.
  function xhr(method, url, headers, body, onProgress) {
    return new Promise(function (resolve, reject) {
      var x = new XMLHttpRequest();
      x.open(method, url);
      Object.keys(headers).forEach(function (k) { x.setRequestHeader(k, headers[k]); });
      if (onProgress) { x.upload.addEventListener("progress", function (ev) { onProgress(ev.loaded, ev.total); }); }
      x.addEventListener("load", function () { resolve(x); });
      x.addEventListener("error", function () { reject(new Error("network")); });
      x.addEventListener("abort", function () { reject(new Error("network")); });
      x.addEventListener("timeout", function () { reject(new Error("network")); });
      x.send(body === undefined ? null : body);
    });
  }
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
  // b64 encodes UTF-8 text for Upload-Metadata.
  function b64(s) {
    var bytes = new TextEncoder().encode(s), bin = "";
    for (var i = 0; i < bytes.length; i++) { bin += String.fromCharCode(bytes[i]); }
    return btoa(bin);
  }
  function store(op, key, val) {
    // localStorage may be off (private mode); resuming after a reload is
    // then lost, the upload itself still works.
    try {
      if (op === "get") { return window.localStorage.getItem(key); }
      if (op === "set") { window.localStorage.setItem(key, val); } else { window.localStorage.removeItem(key); }
    } catch (e) { return null; }
    return null;
  }
  // checksum is the chunk's SHA-256 for Upload-Checksum, so a chunk
  // damaged on the way is refused (460) and sent again. WebCrypto exists
  // only in secure contexts; elsewhere TCP's checks have to do.
  function checksum(blob) {
    if (!window.crypto || !window.crypto.subtle || !blob.arrayBuffer) { return Promise.resolve(""); }
    return blob.arrayBuffer().then(function (buf) { return window.crypto.subtle.digest("SHA-256", buf); })
      .then(function (d) { return "sha256 " + btoa(String.fromCharCode.apply(null, new Uint8Array(d))); });
  }
  function fail(text) { var e = new Error(text); e.fatal = true; return e; }

  // Backoff between attempts after a broken connection; after the last
  // one the user is asked to submit again, which resumes.
  var retryDelays = [1000, 2000, 4000, 8000, 15000, 30000, 30000, 60000];

  // tusUpload sends file to the form's tus endpoint (tus 1.0: POST
  // creates, PATCH appends at Upload-Offset, HEAD tells the offset) and
  // resolves with the new or updated distribution's id. The upload's URL
  // is kept in localStorage under the file and the target, so that a
  // reload (or a new token) continues the same upload.
  function tusUpload(form, file, ui) {
    var d = form.dataset, msgs = uploadMsgs();
    var chunk = parseInt(d.tusChunk, 10) || 8388608;
    var base = { "Tus-Resumable": "1.0.0", "Authorization": "Bearer " + d.tusToken };
    var key = "datenportal-tus:" + d.tusTarget + ":" + d.tusTargetId + ":" + file.name + ":" + file.size + ":" + file.lastModified;
    var url = store("get", key), offset = 0, attempt = 0, restarted = false;
    function hdr(extra) { var h = {}; Object.keys(base).forEach(function (k) { h[k] = base[k]; }); Object.keys(extra || {}).forEach(function (k) { h[k] = extra[k]; }); return h; }
    function serverError(x) {
      // A HEAD answer has no text; a refused token is the likely cause.
      if (x.status === 403 && (!x.responseText || /permission|credential|token/i.test(x.responseText))) { return fail(msgs.expired); }
      return fail(msgs.failed + (x.responseText || x.statusText || x.status).toString().replace(/^ERR_[A-Z_]+: /, "").trim());
    }
    function create() {
      var meta = [[d.tusTarget, d.tusTargetId], ["filename", file.name]];
      [["name", "title"], ["description", "description"], ["format", "format"]].forEach(function (m) {
        var el = form.elements[m[1]];
        if (el && el.value.trim()) { meta.push([m[0], el.value.trim()]); }
      });
      return xhr("POST", d.tus, hdr({ "Upload-Length": String(file.size),
        "Upload-Metadata": meta.map(function (kv) { return kv[0] + " " + b64(kv[1]); }).join(",") })).then(function (x) {
        if (x.status !== 201 || !x.getResponseHeader("Location")) { throw serverError(x); }
        url = new URL(x.getResponseHeader("Location"), window.location.href).href;
        store("set", key, url);
        offset = 0;
      });
    }
    // sync asks the server where the upload stands; a vanished upload
    // (expired, or finished and gone) starts over once.
    function sync() {
      return xhr("HEAD", url, hdr()).then(function (x) {
        if (x.status === 200 && x.getResponseHeader("Upload-Length") === String(file.size)) {
          offset = parseInt(x.getResponseHeader("Upload-Offset"), 10) || 0;
          return;
        }
        if ((x.status === 404 || x.status === 410 || x.status === 200) && !restarted) {
          restarted = true;
          store("remove", key);
          return create();
        }
        throw serverError(x);
      });
    }
    // outcome asks what a fully received upload became, for when the
    // final PATCH's answer was lost.
    function outcome() {
      return xhr("GET", url.replace(/\/?$/, "/resource"), hdr({ Accept: "application/json" })).then(function (x) {
        var st = {};
        try { st = JSON.parse(x.responseText); } catch (e) { st = {}; }
        if (st.state === "done" && st.resource_id) { return st.resource_id; }
        if (st.state === "published" || st.state === "receiving") { return sleep(1000).then(outcome); }
        throw fail(msgs.failed + (st.error || x.status));
      });
    }
    function patch() {
      if (offset >= file.size) { return outcome(); }
      var end = Math.min(offset + chunk, file.size), blob = file.slice(offset, end), from = offset;
      return checksum(blob).then(function (sum) {
        var h = hdr({ "Upload-Offset": String(from), "Content-Type": "application/offset+octet-stream" });
        if (sum) { h["Upload-Checksum"] = sum; }
        return xhr("PATCH", url, h, blob, function (loaded) { ui.progress(from + loaded, file.size); });
      }).then(function (x) {
        if (x.status === 204) {
          attempt = 0;
          offset = parseInt(x.getResponseHeader("Upload-Offset"), 10) || end;
          ui.progress(offset, file.size);
          if (offset >= file.size) {
            return x.getResponseHeader("Datenportal-Resource-Id") || outcome();
          }
          return patch();
        }
        // The offset moved (409), the chunk was damaged (460) or the
        // upload is gone (404, 410): ask where it stands and go on.
        if (x.status === 409 || x.status === 460 || x.status === 404 || x.status === 410) {
          if (++attempt > retryDelays.length) { throw fail(msgs.gaveUp); }
          return sync().then(patch);
        }
        // Busy (423) or a server or proxy failure: wait and resume; HEAD
        // and …/resource tell whether a final chunk still made it.
        if (x.status === 423 || x.status >= 500) { throw new Error("network"); }
        store("remove", key); // refused for good: the server dropped the upload
        throw serverError(x);
      });
    }
    function run(first) {
      return first.then(patch).catch(function (e) {
        if (e.fatal || attempt >= retryDelays.length) { throw e.fatal ? e : fail(msgs.gaveUp); }
        var wait = retryDelays[attempt++];
        ui.status(msgs.retry(Math.round(wait / 1000)));
        return run(sleep(wait).then(function () { return url ? sync() : create(); }));
      });
    }
    ui.status(url ? msgs.resume : msgs.start);
    return run(url ? sync() : create()).then(function (rid) { store("remove", key); return rid; });
  }

  // showAnswer navigates to where the form's POST redirected, or shows
  // the server's answer (validation errors) as the page.
  function showAnswer(x, action) {
    if (x.status >= 200 && x.status < 300 && x.responseURL && x.responseURL !== action) {
      window.location.href = x.responseURL;
      return;
    }
    var doc = new DOMParser().parseFromString(x.responseText, "text/html");
    document.title = doc.title;
    document.body.replaceWith(doc.body);
    init(document);
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  }

  function setupUpload(form) {
    var box = form.querySelector("[data-upload-progress]");
    var bar = form.querySelector("progress");
    var status = form.querySelector("[data-upload-status]");
    var token = form.querySelector("input[name=csrf_token]");
    var buttons = form.querySelectorAll("button[type=submit]");
    var lastPct = -1;
    var ui = {
      status: function (t) { if (status) { status.textContent = t; } },
      // The bar moves with every event; the live text only every 5 %,
      // so that screen readers are not flooded.
      progress: function (done, total) {
        var pct = Math.floor(done / total * 100);
        if (bar) { bar.value = pct; }
        if (pct !== lastPct && (pct % 5 === 0 || pct === 100 || lastPct < 0)) {
          lastPct = pct;
          ui.status(uploadMsgs().progress(pct, megabytes(done), megabytes(total)));
        }
      }
    };
    function busy(on) {
      buttons.forEach(function (b) { b.disabled = on; });
      if (box) { box.hidden = !on; }
      if (bar) { bar.value = 0; }
      lastPct = -1;
    }
    function post(action, data) {
      return xhr("POST", action, token ? { "X-CSRF-Token": token.value } : {}, data, function (loaded, total) {
        if (total) { ui.progress(loaded, total); }
      });
    }
    form.addEventListener("submit", function (e) {
      var input = form.querySelector("input[type=file]");
      if (!input || !input.files || !input.files.length || !window.FormData) { return; }
      e.preventDefault();
      var file = input.files[0], action = form.action;
      busy(true);
      var done;
      if (form.dataset.tus && window.Promise && file.size >= (parseInt(form.dataset.tusThreshold, 10) || 33554432)) {
        // The file goes resumably; the remaining fields (licence and
        // all) follow through the edit form, with its checks and errors.
        done = tusUpload(form, file, ui).then(function (rid) {
          ui.status(uploadMsgs().finish);
          var data = new FormData(form);
          data.delete("file");
          data.delete("url");
          if (form.dataset.tusTarget === "package_id") {
            action = form.dataset.tusDataset + "/resource/" + encodeURIComponent(rid) + "/edit";
          }
          return post(action, data);
        });
      } else {
        done = post(action, new FormData(form));
      }
      done.then(function (x) { showAnswer(x, action); }).catch(function (err) {
        busy(false);
        ui.status(err && err.fatal ? err.message : (form.getAttribute("data-upload-error") || "Upload failed"));
      });
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
