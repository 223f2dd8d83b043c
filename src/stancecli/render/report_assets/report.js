(function () {
  "use strict";
  // Everything shown comes from the JSON block and reaches the page through textContent
  // or attribute values set by property: article text is never parsed as markup.
  var D = JSON.parse(document.getElementById("stance-data").textContent);
  var N = D.articles.length;
  var ROW = 30;      // px; must match --row in the CSS
  var BUFFER = 12;   // rows rendered beyond the visible ones, above and below
  var MINUS = "\u2212";
  var ABSENT = D.stances.indexOf("absent");
  var hasDate = D.articles.some(function (a) { return a.iso; });
  var hasGroup = D.articles.some(function (a) { return a.group; });

  var state = { text: "", stance: "", sort: "input", dir: 1, shown: D.topics.map(function () { return true; }) };
  var view = [];            // article indexes, filtered and sorted
  var haystack = null;      // lower-cased searchable text per article, built on first search
  var selected = null;      // [i, j] of the cell shown in the panel

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function signed(score, digits) {
    var s = Math.abs(score).toFixed(digits);
    return (score < 0 ? MINUS : "+") + s;
  }
  function bin(score) { return Math.max(0, Math.min(8, Math.round((score + 1) * 4))); }
  function pole(topic, st) {
    var name = D.stances[st];
    return name === "pro" ? topic.pro : name === "con" ? topic.con : name;
  }
  function cellText(c) {
    var g = D.glyphs[c[0]];
    return c[0] === ABSENT ? g : g + " " + signed(c[1], 1);
  }

  // ------------------------------------------------------------------ grid
  var grid = document.getElementById("grid");
  var scroller = document.getElementById("grid-scroll");
  var head = el("div", "grow ghead");
  head.setAttribute("role", "row");
  head.setAttribute("aria-rowindex", "1");
  var body = el("div", "gbody");
  body.setAttribute("role", "rowgroup");
  grid.appendChild(head);
  grid.appendChild(body);

  function visibleTopics() {
    var out = [];
    for (var j = 0; j < D.topics.length; j++) if (state.shown[j]) out.push(j);
    return out;
  }

  function sortButton(label, key, title) {
    var b = el("button", null, label);
    b.type = "button";
    b.dataset.sort = key;
    if (title) b.title = title;
    if (state.sort === key) b.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
    return b;
  }

  function buildHead() {
    head.textContent = "";
    // The article column holds the longest id whole (up to a limit) and some title.
    var longest = Math.min(40, Math.max.apply(null, D.articles.map(function (a) { return a.id.length; })));
    // In rem, not ch: the header is bold and the rows are not, and every row must get
    // the same column widths (about 0.62rem a character of a bold id).
    var cols = ["clamp(11rem, " + (longest * 0.62 + 6).toFixed(1) + "rem, 30rem)"];
    var h = el("div");
    h.setAttribute("role", "columnheader");
    h.appendChild(sortButton("Article", "id"));
    head.appendChild(h);
    if (hasDate) {
      cols.push("6.3rem");
      h = el("div");
      h.setAttribute("role", "columnheader");
      h.appendChild(sortButton("Date", "date"));
      head.appendChild(h);
    }
    if (hasGroup) {
      cols.push("minmax(5.5rem, 0.7fr)");
      h = el("div", null, "Group");
      h.setAttribute("role", "columnheader");
      head.appendChild(h);
    }
    visibleTopics().forEach(function (j) {
      var t = D.topics[j];
      // Never narrower than the label's longest word, so no word is broken.
      var word = Math.max.apply(null, t.label.split(/\s+/).map(function (w) { return w.length; }));
      cols.push("minmax(" + Math.max(4.3, word * 0.62 + 1).toFixed(1) + "rem, 1fr)");
      var c = el("div");
      c.setAttribute("role", "columnheader");
      c.appendChild(sortButton(t.label, "t" + j, t.question + " (sort by score)"));
      head.appendChild(c);
    });
    grid.style.setProperty("--cols", cols.join(" "));
  }

  function buildRow(pos) {
    var i = view[pos];
    var a = D.articles[i];
    var row = el("div", "grow");
    row.setAttribute("role", "row");
    row.setAttribute("aria-rowindex", String(pos + 2));
    row.dataset.article = a.id;
    row.style.top = (pos * ROW) + "px";
    var name = el("button", "art");
    name.type = "button";
    name.setAttribute("role", "rowheader");
    name.dataset.i = String(i);
    name.title = a.title;
    name.appendChild(el("b", null, a.id));
    if (a.title && a.title !== a.id) name.appendChild(el("span", null, a.title));
    row.appendChild(name);
    if (hasDate) row.appendChild(el("div", "meta", a.iso || ""));
    if (hasGroup) row.appendChild(el("div", "meta", a.group || ""));
    visibleTopics().forEach(function (j) {
      var c = D.cells[i][j];
      var cell = el("div", "cell " + (c[0] === ABSENT ? "absent" : "b" + bin(c[1])), cellText(c));
      cell.setAttribute("role", "gridcell");
      cell.tabIndex = 0;
      cell.dataset.i = String(i);
      cell.dataset.j = String(j);
      cell.setAttribute("aria-label", D.topics[j].label + ": " + pole(D.topics[j], c[0]) +
        (c[0] === ABSENT ? "" : " " + signed(c[1], 2)));
      if (selected && selected[0] === i && selected[1] === j) cell.classList.add("sel");
      row.appendChild(cell);
    });
    return row;
  }

  var drawn = [-1, -1];
  function draw(force) {
    var top = scroller.scrollTop - head.offsetHeight;
    var first = Math.max(0, Math.floor(top / ROW) - BUFFER);
    var last = Math.min(view.length, Math.ceil((top + scroller.clientHeight) / ROW) + BUFFER);
    if (!force && first === drawn[0] && last === drawn[1]) return;
    drawn = [first, last];
    var frag = document.createDocumentFragment();
    for (var pos = first; pos < last; pos++) frag.appendChild(buildRow(pos));
    body.textContent = "";
    body.appendChild(frag);
    if (!view.length) body.appendChild(el("p", "empty", "No article matches the filters."));
  }
  function drawAll() {   // for printing: every row of the current view, in flow
    var frag = document.createDocumentFragment();
    for (var pos = 0; pos < view.length; pos++) frag.appendChild(buildRow(pos));
    body.textContent = "";
    body.appendChild(frag);
    drawn = [-1, -1];
  }

  var pending = false;
  scroller.addEventListener("scroll", function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; draw(false); });
  });
  window.addEventListener("resize", function () { draw(true); });
  window.addEventListener("beforeprint", drawAll);
  window.addEventListener("afterprint", function () { draw(true); });

  // ------------------------------------------------------------------ filter and sort
  function buildHaystack() {
    haystack = D.articles.map(function (a, i) {
      var parts = [a.id, a.title, a.source, a.group, a.author, a.iso, a.path];
      var ev = D.evidence[i];
      Object.keys(ev).forEach(function (j) {
        ev[j].forEach(function (e) { parts.push(e.s); });
      });
      return parts.filter(Boolean).join("\n").toLowerCase();
    });
  }

  function sortKey(i) {
    var a = D.articles[i];
    if (state.sort === "id") return a.id.toLowerCase();
    if (state.sort === "title") return (a.title || "").toLowerCase();
    if (state.sort === "date") return a.iso;
    if (state.sort.charAt(0) === "t") {
      var c = D.cells[i][+state.sort.slice(1)];
      return c[0] === ABSENT ? null : c[1];
    }
    return i;
  }

  function refresh() {
    var q = state.text.trim().toLowerCase();
    if (q && !haystack) buildHaystack();
    var st = state.stance === "" ? -1 : +state.stance;
    var topics = visibleTopics();
    view = [];
    for (var i = 0; i < N; i++) {
      if (q && haystack[i].indexOf(q) < 0) continue;
      if (st >= 0 && !topics.some(function (j) { return D.cells[i][j][0] === st; })) continue;
      view.push(i);
    }
    var keys = {};
    view.forEach(function (i) { keys[i] = sortKey(i); });
    view.sort(function (x, y) {
      var a = keys[x], b = keys[y];
      if (a === b) return x - y;
      if (a === null || a === undefined) return 1;    // missing values last, either way
      if (b === null || b === undefined) return -1;
      return (a < b ? -1 : 1) * state.dir;
    });
    body.style.height = (view.length * ROW) + "px";
    grid.setAttribute("aria-rowcount", String(view.length + 1));
    document.getElementById("f-count").textContent =
      "Showing " + view.length.toLocaleString("en") + " of " + N.toLocaleString("en") + " articles";
    buildHead();
    draw(true);
  }

  var text = document.getElementById("f-text");
  var timer = 0;
  text.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { state.text = text.value; scroller.scrollTop = 0; refresh(); }, 120);
  });
  var stance = document.getElementById("f-stance");
  D.stances.forEach(function (name, k) {
    if (k === ABSENT) return;
    var o = el("option", null, D.glyphs[k] + " " + name + " on a shown topic");
    o.value = String(k);
    stance.appendChild(o);
  });
  stance.addEventListener("change", function () { state.stance = stance.value; refresh(); });
  var sort = document.getElementById("f-sort");
  if (!hasDate) sort.querySelector('option[value="date"]').remove();
  D.topics.forEach(function (t, j) {
    var o = el("option", null, "score: " + t.label);
    o.value = "t" + j;
    sort.appendChild(o);
  });
  var dir = document.getElementById("f-dir");
  function setSort(key, direction) {
    state.sort = key;
    state.dir = direction;
    sort.value = key;
    dir.textContent = direction > 0 ? "↑ ascending" : "↓ descending";
    refresh();
  }
  sort.addEventListener("change", function () { setSort(sort.value, state.dir); });
  dir.addEventListener("click", function () { setSort(state.sort, -state.dir); });
  var list = document.getElementById("f-topic-list");
  D.topics.forEach(function (t, j) {
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.addEventListener("change", function () { state.shown[j] = box.checked; refresh(); });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" " + t.label));
    list.appendChild(label);
  });

  head.addEventListener("click", function (ev) {
    var b = ev.target.closest("button[data-sort]");
    if (!b) return;
    var key = b.dataset.sort;
    // A topic's first click shows the strongest pro first: that is what one looks for.
    var first = key.charAt(0) === "t" ? -1 : 1;
    setSort(key, state.sort === key ? -state.dir : first);
  });

  // ------------------------------------------------------------------ drill-down
  var panel = document.getElementById("detail");

  function highlighted(sentence, marks) {
    var span = el("span", "sent");
    var at = 0;
    marks.forEach(function (m) {
      if (m[0] < at) return;
      span.appendChild(document.createTextNode(sentence.slice(at, m[0])));
      span.appendChild(el("mark", null, sentence.slice(m[0], m[1])));
      at = m[1];
    });
    span.appendChild(document.createTextNode(sentence.slice(at)));
    return span;
  }

  function dlRow(dl, term, value) {
    if (value === null || value === undefined || value === "") return;
    dl.appendChild(el("dt", null, term));
    dl.appendChild(el("dd", null, value));
  }

  function articleButton(i) {
    var a = D.articles[i];
    var b = el("button", "linkish", a.title && a.title !== a.id ? a.title + " (" + a.id + ")" : a.id);
    b.type = "button";
    b.dataset.i = String(i);
    b.dataset.open = "article";
    return b;
  }

  function showCell(i, j) {
    selected = [i, j];
    var t = D.topics[j], c = D.cells[i][j];
    panel.textContent = "";
    panel.classList.add("filled");
    panel.appendChild(el("h3", null, t.label));
    panel.appendChild(el("p", "q", t.question));
    var p = el("p");
    p.appendChild(articleButton(i));
    panel.appendChild(p);
    var verdict = el("p", "verdict", D.glyphs[c[0]] + " " + pole(t, c[0]) +
      (c[0] === ABSENT ? " (not addressed)" : ""));
    panel.appendChild(verdict);
    if (c[0] !== ABSENT) {
      var dl = el("dl");
      dlRow(dl, "score", signed(c[1], 2) + " (−1 " + t.con + " … +1 " + t.pro + ")");
      dlRow(dl, "confidence", c[2].toFixed(2));
      dlRow(dl, "mentions", String(c[3]));
      if (c[4]) dlRow(dl, "conditional", "yes: the side is taken only under a condition");
      panel.appendChild(dl);
    }
    var ev = D.evidence[i][String(j)] || [];
    if (!ev.length) panel.appendChild(el("p", "q", "No evidence sentence for this cell."));
    ev.forEach(function (e) {
      var box = el("div", "ev evidence");
      var q = el("p");
      if (e.b) { q.appendChild(el("span", "ctx", e.b)); q.appendChild(document.createTextNode(" ")); }
      q.appendChild(highlighted(e.s, e.m));
      if (e.a) { q.appendChild(document.createTextNode(" ")); q.appendChild(el("span", "ctx", e.a)); }
      box.appendChild(q);
      var side = e.p > 0 ? t.pro : e.p < 0 ? t.con : "no side";
      box.appendChild(el("p", "holder", "Holder: " + (e.h === "author" ? "the author" : e.h) + " · reads: " + side));
      if (e.w && e.w.length) {
        var why = el("div", "why");
        why.appendChild(el("span", null, "Why the judge read it so:"));
        var ul = el("ul");
        e.w.forEach(function (w) { ul.appendChild(el("li", null, w)); });
        why.appendChild(ul);
        box.appendChild(why);
      }
      panel.appendChild(box);
    });
    draw(true);
  }

  function showArticle(i) {
    selected = null;
    var a = D.articles[i];
    panel.textContent = "";
    panel.classList.add("filled");
    panel.appendChild(el("h3", null, a.title || a.id));
    var dl = el("dl", "profile");
    dlRow(dl, "id", a.id);
    dlRow(dl, "source", a.source);
    dlRow(dl, "author", a.author);
    dlRow(dl, "date", a.date && a.date !== a.iso ? a.date + " (" + (a.iso || "?") + ")" : a.iso);
    dlRow(dl, "group", a.group);
    dlRow(dl, "address", a.url);   // shown as text: the page links nowhere
    dlRow(dl, "file", a.path);
    if (a.words !== null) dlRow(dl, "length", a.words.toLocaleString("en") + " words, " + a.sentences + " sentences");
    panel.appendChild(dl);
    panel.appendChild(el("h3", null, "The author's stances"));
    var ul = el("ul", "found");
    D.topics.forEach(function (t, j) {
      var c = D.cells[i][j];
      if (c[0] === ABSENT) return;
      var li = el("li");
      var b = el("button", "linkish", t.label);
      b.type = "button";
      b.dataset.i = String(i);
      b.dataset.j = String(j);
      b.dataset.open = "cell";
      li.appendChild(b);
      li.appendChild(document.createTextNode(": " + D.glyphs[c[0]] + " " + pole(t, c[0]) + " " + signed(c[1], 2)));
      ul.appendChild(li);
    });
    if (!ul.children.length) panel.appendChild(el("p", "q", "No topic of the pack is addressed."));
    else panel.appendChild(ul);
    panel.appendChild(el("h3", null, "Views it reports others holding"));
    var actors = D.actors[i];
    if (!actors.length) panel.appendChild(el("p", "q", "None: the article reports no one else's stance."));
    actors.forEach(function (r) {
      var t = D.topics[r.t];
      var box = el("div", "ev actor");
      box.appendChild(el("p", "verdict", r.actor + " on " + t.label + ": " + D.glyphs[r.st] + " " + pole(t, r.st) + " " + signed(r.score, 2)));
      r.ev.forEach(function (s) { box.appendChild(el("p", "ctx", s)); });
      panel.appendChild(box);
    });
    draw(true);
  }

  function open(target) {
    var cell = target.closest(".cell, [data-open='cell']");
    if (cell) { showCell(+cell.dataset.i, +cell.dataset.j); return true; }
    var art = target.closest(".art, [data-open='article']");
    if (art) { showArticle(+art.dataset.i); return true; }
    return false;
  }
  document.addEventListener("click", function (ev) {
    if (ev.target.closest("#grid, #detail")) open(ev.target);
  });
  grid.addEventListener("keydown", function (ev) {
    if ((ev.key === "Enter" || ev.key === " ") && ev.target.classList.contains("cell")) {
      ev.preventDefault();
      open(ev.target);
    }
  });

  refresh();
  document.documentElement.dataset.ready = "1";
})();
