// The editor's script (kheo serve, /_sua/): locality and model type-ahead, adding
// rows, photo uploads and the live preview. The forms work without it.
(function () {
  "use strict";
  var meta = document.querySelector("meta[name=kheo-token]");
  var token = meta ? meta.content : "";
  var header = meta ? meta.getAttribute("data-header") : "x-kheo-token";

  function debounce(fn, ms) {
    var t = null;
    return function () {
      var args = arguments;
      clearTimeout(t);
      t = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  // A type-ahead as an ARIA combobox: `url(q)` asks for the suggestions
  // of what was typed, `show(s, li)` writes one into its option, and
  // `take(s)` puts the one picked where it belongs.
  function combobox(input, url, show, take) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var items = [], active = -1, asked = 0;
    function close() {
      asked++;
      list.hidden = true; list.innerHTML = ""; items = []; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }
    function pick(i) {
      if (!items[i]) return;
      var s = items[i];
      close();
      take(s);
    }
    function mark(i) {
      active = i;
      var lis = list.querySelectorAll("li");
      for (var j = 0; j < lis.length; j++) lis[j].setAttribute("aria-selected", j === i ? "true" : "false");
      if (lis[i]) { input.setAttribute("aria-activedescendant", lis[i].id); lis[i].scrollIntoView({ block: "nearest" }); }
    }
    var ask = debounce(function () {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      var n = ++asked;
      fetch(url(q)).then(function (r) { return r.json(); }).then(function (found) {
        // An answer to an older question, overtaken by a newer one.
        if (n !== asked) return;
        // The suggestion picked with the arrows stays picked when the
        // answer to the last keystroke still offers it.
        var was = items[active] ? items[active].value : null;
        list.innerHTML = ""; items = found; active = -1;
        found.forEach(function (s, i) {
          var li = document.createElement("li");
          li.id = list.id + "-" + i;
          li.setAttribute("role", "option");
          li.setAttribute("aria-selected", "false");
          show(s, li);
          li.addEventListener("mousedown", function (e) { e.preventDefault(); pick(i); });
          list.appendChild(li);
        });
        list.hidden = found.length === 0;
        input.setAttribute("aria-expanded", found.length ? "true" : "false");
        for (var k = 0; k < found.length; k++) if (found[k].value === was) { mark(k); break; }
      }).catch(close);
    }, 150);
    input.addEventListener("input", ask);
    input.addEventListener("blur", function () { setTimeout(close, 100); });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { e.preventDefault(); mark(Math.min(active + 1, items.length - 1)); }
      else if (e.key === "ArrowUp") { e.preventDefault(); mark(Math.max(active - 1, 0)); }
      else if (e.key === "Enter" && active >= 0) { e.preventDefault(); pick(active); }
      else if (e.key === "Escape") { close(); }
    });
  }

  function note(li, text) {
    if (!text) return;
    var n = document.createElement("small"); n.textContent = text; li.appendChild(n);
  }

  function changed(el) { el.dispatchEvent(new Event("change", { bubbles: true })); }

  // Localities, over /_sua/api/dia-ban, the structure of the entry's year first.
  function locality(input) {
    combobox(input, function (q) {
      var year = document.getElementById("i-year") || document.getElementById("i-date");
      return "/_sua/api/dia-ban?q=" + encodeURIComponent(q) +
        (year && year.value ? "&nam=" + encodeURIComponent(year.value.slice(0, 4)) : "");
    }, function (s, li) {
      li.textContent = s.full_name;
      note(li, s.note);
    }, function (s) {
      input.value = s.value;
      changed(input);
    });
  }

  // The site's models, over /_sua/api/mo-hinh: the one picked fills the
  // input (a recipient's model), or is added as a line of the list the
  // input names (an award's models), once.
  function model(input) {
    var target = input.getAttribute("data-mo-hinh");
    var into = target ? document.getElementById(target) : null;
    if (into) input.closest(".chon-mo-hinh").hidden = false;
    combobox(input, function (q) {
      return "/_sua/api/mo-hinh?q=" + encodeURIComponent(q);
    }, function (s, li) {
      li.textContent = s.title;
      note(li, [s.locality, s.year].filter(Boolean).join(" · "));
    }, function (s) {
      if (!into) { input.value = s.value; changed(input); return; }
      var lines = into.value.split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
      if (lines.indexOf(s.value) < 0) lines.push(s.value);
      into.value = lines.join("\n");
      input.value = "";
      changed(into);
    });
  }

  // A new empty row like the last one, numbered after every other.
  function addRow(fieldset) {
    var rows = fieldset.querySelector(".cac-hang");
    var all = rows.querySelectorAll(".hang");
    var last = all[all.length - 1];
    if (!last) return null;
    var n = 0;
    for (var i = 0; i < all.length; i++) n = Math.max(n, +all[i].getAttribute("data-hang") + 1);
    var old = last.getAttribute("data-hang");
    var row = last.cloneNode(true);
    row.setAttribute("data-hang", n);
    var re = new RegExp("([:-])" + old + "([:-])");
    row.querySelectorAll("[name],[id],[for],[aria-controls]").forEach(function (el) {
      ["name", "id", "for", "aria-controls"].forEach(function (a) {
        var v = el.getAttribute(a);
        if (v) el.setAttribute(a, v.replace(re, "$1" + n + "$2"));
      });
      if (el.type === "checkbox") el.checked = false;
      else if (el.tagName !== "LABEL" && !/:_had$/.test(el.name || "")) el.value = "";
      if (/:_had$/.test(el.name || "")) el.value = "";
    });
    row.querySelectorAll("img, input[name$=':_id'], input[name$=':_name']").forEach(function (el) { el.remove(); });
    var xoa = row.querySelector(".xoa");
    if (xoa) xoa.remove();
    rows.appendChild(row);
    return row;
  }

  function hidden(row, name, value) {
    var h = document.createElement("input");
    h.type = "hidden"; h.name = name; h.value = value;
    row.insertBefore(h, row.firstChild);
  }

  // Photos: posted to the upload route, each becoming an images row.
  function photos(zone) {
    var fieldset = zone.closest("fieldset");
    var status = zone.querySelector(".trang-thai-anh");
    var keep = zone.querySelector("#giu-goc");
    function send(file) {
      var data = new FormData();
      data.append("anh", file, file.name);
      if (keep && keep.checked) data.append("giu_goc", "1");
      status.textContent = zone.getAttribute("data-dang-tai") + " " + file.name;
      var h = {}; h[header] = token;
      fetch(zone.getAttribute("data-tai-len") + "?_token=" + encodeURIComponent(token),
        { method: "POST", body: data, headers: h })
        // The guard's refusals (403, 413) are plain text in the editor's
        // language: shown as they are.
        .then(function (r) {
          return r.text().then(function (t) {
            try { return JSON.parse(t); } catch (e) { return { error: t.trim() || String(r.status) }; }
          });
        })
        .then(function (s) {
          if (s.error) { status.textContent = s.error; return; }
          var rows = fieldset.querySelectorAll(".hang");
          var row = rows[rows.length - 1];
          var src = row.querySelector("[name$=':src']");
          if (src && src.value) { row = addRow(fieldset); src = row.querySelector("[name$=':src']"); }
          var base = src.name.replace(/:src$/, "");
          src.value = s.name;
          hidden(row, base + ":_name", s.name);
          hidden(row, base + ":_id", s.id);
          var img = document.createElement("img");
          img.className = "anh-nho"; img.alt = "";
          img.src = "/_sua/tam/" + encodeURIComponent(s.id) + "/" + encodeURIComponent(s.name);
          row.insertBefore(img, row.firstChild);
          status.textContent = s.name + ": " + zone.getAttribute("data-kich-thuoc").replace("__KB__", Math.max(1, Math.round(s.published_bytes / 1024)));
          addRow(fieldset);
          var alt = row.querySelector("[name$=':alt']");
          if (alt) alt.focus();
          preview();
        })
        .catch(function (e) { status.textContent = String(e); });
    }
    zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("tren"); });
    zone.addEventListener("dragleave", function () { zone.classList.remove("tren"); });
    zone.addEventListener("drop", function (e) {
      e.preventDefault(); zone.classList.remove("tren");
      Array.prototype.forEach.call(e.dataTransfer.files, send);
    });
    var pick = zone.querySelector("input[type=file]");
    pick.addEventListener("change", function () { Array.prototype.forEach.call(pick.files, send); pick.value = ""; });
  }

  var form = document.getElementById("bieu-mau");
  var frame = document.getElementById("xem-truoc");
  var shown = document.getElementById("xem-trang-thai");
  function preview() {
    if (!form || !frame) return;
    var h = { "Content-Type": "application/x-www-form-urlencoded" }; h[header] = token;
    fetch(form.getAttribute("data-xem-truoc"), {
      method: "POST", headers: h, body: new URLSearchParams(new FormData(form)).toString()
    }).then(function (r) { return r.text(); }).then(function (page) {
      frame.srcdoc = page;
      if (shown) shown.textContent = "";
    }).catch(function (e) { if (shown) shown.textContent = String(e); });
  }
  var later = debounce(preview, 400);

  document.querySelectorAll("input[data-dia-ban]").forEach(locality);
  document.querySelectorAll("input[data-mo-hinh]").forEach(model);
  document.querySelectorAll("button[data-them]").forEach(function (b) {
    b.addEventListener("click", function () {
      var row = addRow(b.closest("fieldset"));
      if (row) row.querySelectorAll("input[data-mo-hinh]").forEach(model);
      var first = row && row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    });
  });
  document.querySelectorAll(".tha-anh").forEach(photos);
  if (form) {
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    preview();
  }
  var top = document.getElementById("tom-tat");
  if (top) top.focus();
})();
