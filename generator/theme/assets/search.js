/* Site search in the header, on Pagefind's JavaScript API (no ready-made UI). The box is added by this script,
   so pages without JavaScript show no search box that cannot work. Pagefind's files (pagefind/, written by the
   build) are loaded only when the reader focuses the box or types, and then only the index chunks and page
   fragments a query needs. Traditional characters and lay words in a query are mapped to the site's words by
   words.js (imported: this file is an ES module). No query leaves the browser. */
import { siteTerms as wordsSiteTerms } from "./words.js";

var ROOT = new URL("../", import.meta.url).href;  // this file is <root>/assets/search.js
var BUNDLE = ROOT + "pagefind/";
var KINDS = ["文章", "站点", "讲座", "开放数据", "页面"];
var BATCH = 8;           // results rendered at a time
var DEBOUNCE_MS = 200;
var ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true" focusable="false">' +
  '<path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 ' +
  '6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';

var engine = null;        // promise of {pf, t2s}
var state = { query: "", shown: "", kind: "", results: [], rendered: 0, seq: 0, counts: null, total: 0,
              mode: "ranked", runs: [], found: 0, series: {}, primary: null, loose: false, countsLoading: false };
var el = {};

function h(tag, attrs, text) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
  if (text != null) node.textContent = text;
  return node;
}

/* ---- Loading Pagefind (and words.js's tables), once, on first use ---- */
function load() {
  if (engine) return engine;
  var path = new URL(ROOT).pathname;
  var pf = import(BUNDLE + "pagefind.js").then(function (pf) {
    // noWorker: search on the page itself, which saves fetching pagefind-worker.js (12 KB); a query takes
    // milliseconds. It has to be set before Pagefind starts; the other options after.
    return Promise.resolve(pf.options({ noWorker: true, baseUrl: path }))
      .then(function () { return pf.init(); })
      .then(function () {
        return pf.options({
          baseUrl: path, excerptLength: 32,
          // Chinese pages differ a lot in length (a lecture is a few lines, an article a few screens): damp the
          // length and repetition terms so the page about a subject ranks above short pages that mention it.
          ranking: { pageLength: 0.1, termFrequency: 0.5 }
        });
      })
      .then(function () { return pf; });
  });
  engine = pf.then(function (pf) { return { pf: pf }; });
  engine.catch(function () { engine = null; });
  return engine;
}

/* The reader's words in Simplified and in the site's vocabulary (words.js: OpenCC's Traditional / Hong Kong /
   Taiwan tables, then data/editorial/synonyms.yaml). */
function siteTerms(query) {
  return wordsSiteTerms(query);
}

/* ---- Searching ----
   Pagefind splits a Chinese query with the browser's word segmenter and looks each piece up as the start of a
   word cut by its own (jieba) segmenter at build time. The two do not always agree: the browser splits 亲子 into
   亲 + 子 while the index has 亲子 as one word, so a page with 亲子 is not found. When a query with a run of two
   or more Chinese characters gets few results, the search is widened to shorter starts of that run (亲), and
   each candidate is kept only if its text really contains the query ("checked" mode). */
var CJK_RUN = /[\u3400-\u9fff\uf900-\ufaff]{2,}/g;
var FEW = 5;             // fewer ranked results than this: widen and check
var SCAN = 24;           // candidates checked per round in checked mode

function run(immediate) {
  var query = el.input.value.trim();
  var seq = ++state.seq;
  if (!query) { clearResults(); return Promise.resolve(); }
  open();
  if (!el.list.childElementCount) setStatus("正在搜索……");
  el.panel.setAttribute("aria-busy", "true");
  return Promise.all([load(), siteTerms(query)]).then(function (v) {
    var e = v[0], typed = v[1].typed, term = v[1].term;
    var options = state.kind ? { filters: { kind: state.kind } } : {};
    var search = immediate ? e.pf.search(term, options) : e.pf.debouncedSearch(term, options, DEBOUNCE_MS);
    return search.then(function (res) {
      if (res === null || seq !== state.seq) return;  // a newer query superseded this one
      // A lay word was replaced by the site's (睡不着 -> 失眠): pages that use the reader's own word come too.
      // "Few results" is counted on the site's word alone (躁郁症 -> 双相障碍: the reader's word may find many).
      return term === typed ? res : e.pf.search(typed, options).then(function (own) {
        var all = merged(res, own);
        all.few = res.results.length < FEW;
        all.site = res.results;
        return all;
      });
    }).then(function (res) {
      if (!res || seq !== state.seq) return;
      var runs = term.match(CJK_RUN) || [];
      var widen = !runs.length ? Promise.resolve(null)
        : res.few || res.results.length < FEW ? widened(e.pf, term, runs, options)
        : offTopic(res, term, typed).then(function (off) { return off ? { results: [] } : null; });
      return widen.then(function (extra) {
        if (seq !== state.seq) return;
        state.query = query;
        state.shown = term;
        state.typed = typed;
        state.runs = runs;
        state.ownRuns = term === typed ? null : typed.match(CJK_RUN);
        state.primary = res;
        state.rendered = 0;
        state.found = 0;
        state.held = [];
        state.loose = false;
        state.counts = kindCounts(res);
        state.total = state.kind ? res.unfilteredResultCount : res.results.length;
        if (extra) {
          state.mode = "checked";
          // Checked in this order: the site word's results, its widened ones, then the reader's own word's.
          state.results = merged({ results: (res.site || res.results).concat(extra.results) }, res).results;
          state.counts = kindCounts(extra) || state.counts;
        } else {
          state.mode = "ranked";
          state.results = res.results;
        }
        el.list.textContent = "";
        state.series = {};
        return renderMore(seq).then(function () { if (seq === state.seq) summarize(); });
      });
    });
  }).catch(function () {
    if (seq !== state.seq) return;
    el.list.textContent = "";
    setStatus("搜索暂时无法使用，请稍后再试，或从上方导航进入各栏目。");
  }).then(function () { if (seq === state.seq) el.panel.removeAttribute("aria-busy"); });
}

/* Results of the site's word, then those of the reader's own word, each page once (scores of two searches are
   not comparable: the site's word is what the pages about the subject use). */
function merged(a, b) {
  var seen = {}, results = [];
  a.results.concat(b.results).forEach(function (r) { if (!seen[r.id]) { seen[r.id] = true; results.push(r); } });
  return { results: results, unfilteredResultCount: Math.max(a.unfilteredResultCount || 0, results.length),
           filters: a.filters, totalFilters: a.totalFilters };
}

/* Pagefind also finds pages for single characters of a query (诸葛亮借东风 -> 东 in 园东): when none of the first
   three results contains a word of the query (or of its site word) of two or more characters, the results are
   checked like few ones, so an unrelated query says 没有找到. */
function offTopic(res, term, typed) {
  var words = segments(term + " " + typed).filter(function (w) { return w.length > 1; });
  if (!words.length) return Promise.resolve(false);
  return Promise.all(res.results.slice(0, 3).map(function (r) { return r.data(); })).then(function (pages) {
    return !pages.some(function (p) {
      var t = flat(p);
      return words.some(function (w) { return t.indexOf(w) >= 0; });
    });
  });
}

/* Candidates from ever shorter starts of the longest Chinese run (华强北 -> 华强 -> 华), the more specific first.
   Each is a separate Pagefind search; they mostly reuse the index chunks the first search loaded. */
function widened(pf, term, runs, options) {
  var longest = runs.reduce(function (a, b) { return b.length > a.length ? b : a; });
  var chars = Array.from(longest);
  var out = { results: [], totalFilters: null }, seen = {};
  function attempt(n) {
    if (n < 1) return Promise.resolve(out.results.length ? out : null);
    return pf.search(term.replace(longest, chars.slice(0, n).join("")), options).then(function (res) {
      res.results.forEach(function (r) { if (!seen[r.id]) { seen[r.id] = true; out.results.push(r); } });
      out.totalFilters = res.totalFilters || res.filters;
      return attempt(n - 1);
    });
  }
  return attempt(chars.length - 1);
}

/* Counts per kind come with results only once the kind filter file is loaded (the first time a kind button is
   focused or pressed), so a first query does not pay for it. */
function kindCounts(res) {
  var counts = (res.totalFilters && res.totalFilters.kind) || (res.filters && res.filters.kind);
  return counts && Object.keys(counts).length ? counts : null;
}
function loadCounts() {
  if (state.countsLoading || !engine) return;
  state.countsLoading = true;
  engine.then(function (e) {
    return e.pf.filters().then(function () {
      if (!state.shown || state.mode === "checked") return;
      var seq = state.seq;
      return e.pf.search(state.shown, state.kind ? { filters: { kind: state.kind } } : {}).then(function (res) {
        if (seq !== state.seq) return;
        state.counts = kindCounts(res);
        updateKinds();
      });
    });
  }).catch(function () { state.countsLoading = false; });
}

function segments(term) {
  var runs = term.match(/[\u3400-\u9fff\uf900-\ufaff]+/g) || [];
  if (typeof Intl === "undefined" || !Intl.Segmenter) return runs;
  var seg = new Intl.Segmenter("zh", { granularity: "word" }), out = [];
  runs.forEach(function (r) {
    Array.from(seg.segment(r)).forEach(function (s) { if (s.isWordLike !== false) out.push(s.segment); });
  });
  return out;
}

function flat(page) { return (page.content || "").replace(/[\s\u200b]+/g, ""); }
function contains(page) {
  var text = flat(page);
  function all(runs) { return runs.every(function (r) { return text.indexOf(r) >= 0; }); }
  return all(state.runs) || (!state.loose && !!state.ownRuns && all(state.ownRuns));
}

function renderMore(seq, want, into) {
  if (state.mode === "checked") return renderChecked(seq, 0);
  want = want || BATCH;
  into = into || document.createDocumentFragment();  // shown at once, when the batch is complete
  var batch = state.results.slice(state.rendered, state.rendered + want);
  state.rendered += batch.length;
  return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
    if (seq !== state.seq) return;
    // Within the batch, pages that contain the query's Chinese words as typed come first (the order is stable).
    if (state.runs.length) pages.sort(function (a, b) { return contains(b) - contains(a); });
    var added = pages.filter(function (page) { return add(page, into); }).length;
    el.more.hidden = state.rendered >= state.results.length;
    // Runs of a lecture already shown were folded into it: fill the batch up from the next results.
    if (added < want && !el.more.hidden) return renderMore(seq, want - added, into);
    el.list.appendChild(into);
  });
}

function isData(page) { return page.meta && page.meta.kind === "开放数据" ? 1 : 0; }

function renderChecked(seq, scanned, before) {
  if (before === undefined) before = state.found;
  var batch = state.results.slice(state.rendered, state.rendered + Math.min(BATCH, SCAN - scanned));
  state.rendered += batch.length;
  return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
    if (seq !== state.seq) return;
    // Pages about the subject before data-dictionary pages that only name it: 开放数据 pages wait for the end of
    // the round.
    pages.filter(contains).forEach(function (page) {
      if (isData(page)) state.held.push(page); else if (add(page, el.list)) state.found++;
    });
    scanned += batch.length;
    var left = state.rendered < state.results.length;
    if (left && scanned < SCAN && state.found - before < BATCH) return renderChecked(seq, scanned, before);
    state.held.splice(0).forEach(function (page) { if (add(page, el.list)) state.found++; });
    if (!state.found && !state.loose && state.primary.results.length &&
        state.rendered >= Math.min(state.primary.results.length, state.results.length)) {
      // Nothing contains the query as typed (焦虑失眠): accept the pages Pagefind found that contain each of its
      // words (焦虑 and 失眠), as the browser's segmenter cuts them.
      var words = segments(state.shown);
      if (words.join("") !== state.runs.join("") || words.length > 1) {
        state.loose = true;
        state.runs = words;
        state.results = state.primary.results;
        state.rendered = 0;
        return renderChecked(seq, 0);
      }
    }
    el.more.hidden = !left;
  });
}

/* Repeated runs of a lecture (same title; a cancelled or rescheduled one is marked in front of it) are shown once,
   at the place of the best-ranked run (an upcoming one: past and cancelled runs weigh less in the index), with the
   number of other runs. Returns whether a new item was added. */
function add(page, into) {
  var kind = page.meta && page.meta.kind;
  var key = kind === "讲座" ? String(page.meta.title || "").replace(/^【[^】]*】/, "") : "";
  var first = key && state.series[key];
  if (first) {
    first.n += 1;
    first.note.textContent = "另有 " + first.n + " 场同名讲座";
    first.note.hidden = false;
    return false;
  }
  var li = item(page);
  if (key) {
    var note = h("span", { "class": "xa-search__runs" });
    note.hidden = true;
    li.querySelector(".xa-search__link").appendChild(note);
    state.series[key] = { n: 0, note: note };
  }
  into.appendChild(li);
  return true;
}

function item(page) {
  var kind = (page.meta && page.meta.kind) || "页面";
  var title = (page.meta && page.meta.title) || page.url;
  var li = h("li", { "class": "xa-search__hit" });
  var a = h("a", { href: page.url, "class": "xa-search__link" });
  a.appendChild(h("span", { "class": "xa-search__kind xa-search__kind--" + (KINDS.indexOf(kind) + 1) }, kind));
  a.appendChild(h("span", { "class": "xa-search__title" }, title));
  li.appendChild(a);
  var excerpt = excerptOf(page, title);
  if (excerpt.childNodes.length) li.appendChild(excerpt);
  return li;
}

/* Pagefind's excerpt as text and <mark> only (never parsed as page HTML). When it starts inside the page title
   (Pagefind puts ". " after a heading), the title part is dropped: the title is already the link. If what is
   left shows no match, the excerpt of the first matching section is used instead. */
function excerptOf(page, title) {
  if (state.mode === "checked") return excerptAround(page, title);
  var p = excerptFrom(page.excerpt, title);
  if (!p.querySelector("mark")) {
    var subs = (page.sub_results || []).filter(function (s) {
      return s.anchor && s.title !== title && /<mark>/.test(s.excerpt || "");
    });
    if (subs.length) p = excerptFrom(subs[0].excerpt, subs[0].title || "");
  }
  return p;
}
/* Checked mode: the text around the first place the query occurs (after the title, if it occurs there too). */
function excerptAround(page, title) {
  var text = (page.content || "").replace(/\u200b/g, "").replace(/\s+/g, " ");
  var word = state.runs[0];
  var start = text.indexOf(title) === 0 ? title.length : 0;
  var at = text.indexOf(word, start);
  if (at < 0) { at = text.indexOf(word); start = 0; }
  var p = h("p", { "class": "xa-search__excerpt" });
  if (at < 0) return p;
  var from = Math.max(start, at - 30), to = Math.min(text.length, at + word.length + 40);
  var before = text.slice(from, at).replace(/^[.。\s]+/, "");
  p.appendChild(document.createTextNode((from > start ? "…" : "") + before));
  p.appendChild(h("mark", {}, word));
  p.appendChild(document.createTextNode(text.slice(at + word.length, to) + (to < text.length ? "…" : "")));
  return p;
}

function excerptFrom(html, title) {
  var tpl = document.createElement("template");
  tpl.innerHTML = (html || "").replace(/\u200b/g, "");  // Pagefind marks Chinese word breaks with U+200B
  var nodes = Array.prototype.slice.call(tpl.content.childNodes);
  var plain = nodes.map(function (n) { return n.textContent; }).join("");
  var cut = plain.indexOf(". ");
  var drop = cut > 0 && title.indexOf(plain.slice(0, cut).trim()) >= 0 ? cut + 2 : 0;
  var p = h("p", { "class": "xa-search__excerpt" });
  nodes.forEach(function (n) {
    var text = n.textContent;
    if (drop) { var d = Math.min(drop, text.length); text = text.slice(d); drop -= d; }
    if (!text) return;
    p.appendChild(n.nodeName === "MARK" ? h("mark", {}, text) : document.createTextNode(text));
  });
  if (p.textContent.trim()) p.appendChild(document.createTextNode("…"));
  return p;
}

function summarize() {
  var n = state.results.length;
  var converted = state.shown !== state.typed ? "已按本站用词“" + state.shown + "”搜索，也包括“" + state.typed + "”。"
    : state.shown !== state.query ? "已按简体“" + state.shown + "”搜索。" : "";
  var where = state.kind ? "“" + state.kind + "”中" : "";
  updateKinds();
  el.panel.setAttribute("data-query", state.query);  // which query the shown results are for (tests wait on it)
  if (state.mode === "checked") {
    setStatus(converted + where + (state.found ? "找到 " + state.found + " 条" + (state.loose ? "同时" : "") +
      "包含“" + state.runs.join("”“") + "”的结果" + (el.more.hidden ? "。" : "，还可以继续查找。")
      : "没有找到与“" + state.query + "”相关的内容，请换个词试试。"));
  } else if (!n) {
    setStatus(converted + where + "没有找到与“" + state.query + "”相关的内容，请换个词试试。");
  } else if (state.kind) {
    setStatus(converted + where + "找到 " + n + " 条结果（全部 " + state.total + " 条）。");
  } else {
    setStatus(converted + "找到 " + n + " 条结果。");
  }
}

function updateKinds() {
  var counts = state.counts;
  var checked = state.mode === "checked";
  Array.prototype.forEach.call(el.kinds.querySelectorAll("button"), function (b) {
    var k = b.getAttribute("data-kind");
    var known = !checked && (!k || counts);
    var count = k ? (counts && counts[k]) || 0 : state.total;
    // Checked mode checks candidates a few at a time, so counts are not known there; before the filter file
    // is loaded only the total is known. Kinds with no results are hidden once counts are known.
    b.querySelector(".xa-search__count").textContent = known ? String(count) : "";
    b.hidden = Boolean(k) && known && count === 0 && state.kind !== k;
    b.setAttribute("aria-pressed", String(k === state.kind));
  });
  el.kinds.hidden = !state.total && !(checked && state.found) && !state.kind;
}

function setStatus(text) { el.status.textContent = text; }

function clearResults() {
  state.results = []; state.rendered = 0; state.query = ""; state.total = 0;
  el.list.textContent = "";
  el.more.hidden = true;
  el.kinds.hidden = true;
  setStatus("");
  el.panel.removeAttribute("data-query");
  close();
}

/* ---- Opening and closing the results panel ---- */
function open() {
  if (!el.panel.hidden) return;
  el.panel.hidden = false;
}
function close() {
  el.panel.hidden = true;
}
function expand(on) {  // narrow screens: the box folds into a button
  el.root.classList.toggle("xa-search--open", on);
  el.toggle.setAttribute("aria-expanded", String(on));
  el.toggle.setAttribute("aria-label", on ? "关闭站内搜索" : "打开站内搜索");
  if (!on) close();
}

/* ---- Keyboard: arrows move between the box and the results, Escape closes ---- */
function links() { return Array.prototype.slice.call(el.list.querySelectorAll("a.xa-search__link")); }
function onKey(ev) {
  var list = links(), i = list.indexOf(document.activeElement);
  if (ev.key === "Escape") {
    if (!el.panel.hidden) { close(); el.input.focus(); }
    else if (el.input.value) { el.input.value = ""; clearResults(); }
    else if (el.root.classList.contains("xa-search--open")) { expand(false); el.toggle.focus(); }
    else return;
    ev.preventDefault();
  } else if (ev.key === "ArrowDown" && list.length) {
    if (el.panel.hidden) open();
    list[Math.min(i + 1, list.length - 1)].focus();
    ev.preventDefault();
  } else if (ev.key === "ArrowUp" && i >= 0) {
    (i === 0 ? el.input : list[i - 1]).focus();
    ev.preventDefault();
  }
}

function build(header) {
  var root = h("div", { "class": "xa-search", id: "xa-search" });
  var toggle = h("button", { type: "button", "class": "md-header__button md-icon xa-search__toggle",
    "aria-controls": "xa-search-form", "aria-expanded": "false", "aria-label": "打开站内搜索" });
  toggle.innerHTML = ICON;
  var form = h("form", { "class": "xa-search__form", id: "xa-search-form", role: "search", "aria-label": "站内搜索" });
  var label = h("label", { "for": "xa-search-input", "class": "xa-search__label" }, "搜索本站");
  var input = h("input", { type: "search", id: "xa-search-input", "class": "xa-search__input", name: "q",
    placeholder: "搜索文章、站点、讲座", autocomplete: "off", spellcheck: "false", enterkeyhint: "search",
    "aria-controls": "xa-search-panel", "aria-describedby": "xa-search-note", "data-crisis-host": "xa-search-panel" });
  var icon = h("span", { "class": "xa-search__icon" });
  icon.innerHTML = ICON;
  var cancel = h("button", { type: "button", "class": "xa-search__close" }, "取消");
  cancel.addEventListener("click", function () { expand(false); toggle.focus(); });
  form.appendChild(label); form.appendChild(icon); form.appendChild(input); form.appendChild(cancel);

  var panel = h("div", { "class": "xa-search__panel", id: "xa-search-panel", role: "region", "aria-label": "搜索结果" });
  panel.hidden = true;
  var kinds = h("div", { "class": "xa-search__kinds", role: "group", "aria-label": "按类别筛选" });
  [""].concat(KINDS).forEach(function (k) {
    var b = h("button", { type: "button", "class": "xa-search__kind-filter", "data-kind": k, "aria-pressed": "false" });
    b.appendChild(document.createTextNode((k || "全部") + " "));
    b.appendChild(h("span", { "class": "xa-search__count" }, "0"));
    b.addEventListener("click", function () {
      state.kind = k;
      run(true).then(function () { b.focus(); });
    });
    kinds.appendChild(b);
  });
  kinds.hidden = true;
  kinds.addEventListener("focusin", loadCounts);
  kinds.addEventListener("pointerenter", loadCounts);
  var status = h("p", { "class": "xa-search__status", role: "status", "aria-live": "polite", "aria-atomic": "true" });
  var list = h("ol", { "class": "xa-search__results", "aria-label": "搜索结果列表" });
  var more = h("button", { type: "button", "class": "xa-search__more" }, "显示更多结果");
  more.hidden = true;
  more.addEventListener("click", function () {
    var first = links().length, seq = state.seq;
    renderMore(seq).then(function () {
      if (seq !== state.seq) return;
      if (state.mode === "checked") summarize();
      var l = links();
      (l[first] || l[l.length - 1] || input).focus();
    });
  });
  var note = h("p", { "class": "xa-search__note", id: "xa-search-note" });
  note.appendChild(document.createTextNode("核验心理咨询师请到"));
  note.appendChild(h("a", { href: ROOT + "registry/" }, "从业人员名录"));
  note.appendChild(document.createTextNode("查询；现在就需要帮助请拨打 12356，紧急情况请拨打 120 或 110。"));
  panel.appendChild(kinds); panel.appendChild(status); panel.appendChild(list); panel.appendChild(more); panel.appendChild(note);

  root.appendChild(toggle); root.appendChild(form); root.appendChild(panel);
  el = { root: root, toggle: toggle, form: form, input: input, panel: panel, kinds: kinds, status: status, list: list, more: more };

  toggle.addEventListener("click", function () {
    var on = !root.classList.contains("xa-search--open");
    expand(on);
    if (on) { input.focus(); load(); }
  });
  input.addEventListener("focus", function () { load(); if (state.query && input.value.trim()) open(); });
  // While a pinyin input method is composing, the box holds Latin letters: search once the characters are chosen.
  input.addEventListener("input", function (ev) { if (!ev.isComposing) run(false); });
  input.addEventListener("compositionend", function () { run(false); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(true); });
  root.addEventListener("keydown", onKey);
  root.addEventListener("focusout", function (ev) {
    if (ev.relatedTarget && !root.contains(ev.relatedTarget)) close();
  });
  document.addEventListener("pointerdown", function (ev) {
    if (!root.contains(ev.target)) { close(); if (!input.value) expand(false); }
  });

  var title = header.querySelector(".md-header__title");
  header.insertBefore(root, title ? title.nextSibling : header.querySelector(".md-header__source"));
}

function init() {
  var header = document.querySelector(".md-header__inner");
  if (!header || document.getElementById("xa-search") || !("fetch" in window)) return;
  build(header);
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
else init();
