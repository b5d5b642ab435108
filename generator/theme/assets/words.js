/* Words editors maintain for every search box (data/editorial/, written by the build to assets/search-words.json):
   crisis phrases and the synonym table. When what a reader types into any search box on the page (the header's
   site search, the station filter, the registry lookup, ...) contains a crisis phrase, a box with tappable crisis
   lines is put above that box's results. Matching happens here, in the browser: nothing typed is stored or sent.
   The file is fetched once, the first time a search box is used. Every box turns the reader's words into the site's
   through siteTerms, exported by this ES module: Traditional / Hong Kong / Taiwan forms to Simplified (tables the
   build writes to pagefind/), then lay words to the site's (synonyms.yaml). The header search (search.js) and the
   station filter (stations.js) both import it. */
var ROOT = new URL("../", import.meta.url).href;  // this file is <root>/assets/words.js
var BUNDLE = ROOT + "pagefind/";
var loading = null, tables = null, phrases = null;
var boxes = 0;

export function load() {
  if (!loading) {
    loading = fetch(ROOT + "assets/search-words.json").then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    });
    loading.catch(function () { loading = null; });  // tried again on the next keystroke
  }
  return loading;
}

/* As generator/editorial.py normalize(): full-width forms folded, Latin letters lower-cased, spaces dropped. */
export function normalize(text) {
  text = String(text || "");
  if (text.normalize) text = text.normalize("NFKC");
  return text.replace(/[\s\u200b\u3000]+/g, "").toLowerCase();
}

function crisisIn(words, text) {
  var t = normalize(text);
  return !!t && (words.crisis || []).some(function (p) { return t.indexOf(p) >= 0; });
}

/* Lay words replaced by the site's own (longest first, so 睡不着觉 wins over 睡不着). Returns the text unchanged
   when no word of the table occurs in it. */
export function synonyms(words, text) {
  var table = words.synonyms || {};
  var keys = Object.keys(table).sort(function (a, b) { return b.length - a.length; });
  var t = normalize(text);
  if (!keys.some(function (k) { return t.indexOf(k) >= 0; })) return text;
  var out = "", i = 0;
  while (i < t.length) {
    var hit = null;
    for (var j = 0; j < keys.length && !hit; j++) if (t.substr(i, keys[j].length) === keys[j]) hit = keys[j];
    if (hit) { out += table[hit]; i += hit.length; } else { out += t.charAt(i); i += 1; }
  }
  return out;
}

function text(url) {
  return fetch(url).then(function (r) { return r.ok ? r.text() : ""; }).catch(function () { return ""; });
}

/* Traditional -> Simplified, character by character (pagefind/xinan-t2s.txt: pairs on the first line, the
   characters an OpenCC Taiwan / Hong Kong phrase starts with on the second), fetched on first use. */
function t2s() {
  if (!tables) {
    tables = text(BUNDLE + "xinan-t2s.txt").then(function (t) {
      var lines = t.split("\n"), map = {}, starts = {}, chars = Array.from(lines[0]);
      for (var i = 0; i + 1 < chars.length; i += 2) map[chars[i]] = chars[i + 1];
      Array.from(lines[1] || "").forEach(function (c) { starts[c] = true; });
      return { map: map, starts: starts, phrases: {}, longest: 0 };
    });
  }
  return tables;
}
/* The phrase table (pagefind/xinan-t2s-phrases.txt) is fetched only for a text with a character a phrase of it
   starts with, so most first queries do not pay for it. */
function withPhrases(e, t) {
  if (phrases || !Array.from(t).some(function (c) { return e.starts[c]; })) return phrases || Promise.resolve(e);
  phrases = text(BUNDLE + "xinan-t2s-phrases.txt").then(function (t) {
    t.split("\n").forEach(function (line) {
      var tab = line.indexOf("\t");
      if (tab > 0) { e.phrases[line.slice(0, tab)] = line.slice(tab + 1); e.longest = Math.max(e.longest, tab); }
    });
    return e;
  });
  return phrases;
}
/* OpenCC's Taiwan / Hong Kong phrases first (longest match: 軟體 -> 软件), then single characters. */
function simplify(e, t) {
  var chars = Array.from(t), out = "", i = 0;
  while (i < chars.length) {
    var hit = 0;
    for (var n = Math.min(e.longest, chars.length - i); n >= 2 && !hit; n--) {
      if (e.phrases[chars.slice(i, i + n).join("")] != null) hit = n;
    }
    if (hit) { out += e.phrases[chars.slice(i, i + hit).join("")]; i += hit; }
    else { out += e.map[chars[i]] || chars[i]; i += 1; }
  }
  return out;
}

/* Characters of GB2312, the Simplified set, decoded from its byte range (nothing fetched). A text written only in
   them is Simplified already, and the tables are not fetched for it, unless it has one of the few GB2312
   characters OpenCC converts (search-words.json "t2sGb": 乾 後 於 …). */
var gb = null;
function isSimplified(words, t) {
  if (gb === null) {
    try {
      var bytes = [];
      for (var a = 0xb0; a <= 0xf7; a++) for (var b = 0xa1; b <= 0xfe; b++) bytes.push(a, b);
      gb = new Set(Array.from(new TextDecoder("gbk").decode(new Uint8Array(bytes))));
    } catch (e) { gb = false; }
  }
  return !!gb && Array.from(t).every(function (c) {
    return c.charCodeAt(0) < 0x3400 || (gb.has(c) && (words.t2sGb || "").indexOf(c) < 0);
  });
}

/* The reader's text as the site writes it: {typed: in Simplified, term: in the site's words (the same text when no
   lay word occurs in it), places: what the station filter looks for with that site word (synonyms.yaml, stations)}. */
export function siteTerms(t) {
  return load().catch(function () { return {}; }).then(function (words) {
    var conv = isSimplified(words, t) ? null : t2s().then(function (e) { return withPhrases(e, t); });
    return Promise.resolve(conv).then(function (e) {
      var typed = e ? simplify(e, t) : t, term = synonyms(words, typed);
      return { typed: typed, term: term, places: ((words.stations || {})[normalize(term)]) || [] };
    });
  });
}

function el(tag, attrs, text) {
  var node = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
  if (text != null) node.textContent = text;
  return node;
}

/* The box: wording follows safe-messaging practice (help is there now; no method, no drama). Numbers and names
   come from the hotlines package (assets/search-words.json "lines"). */
function crisisBox(words) {
  var id = "xa-crisis-search-" + (++boxes);
  var box = el("section", { "class": "xa-crisis xa-crisis--search", "aria-labelledby": id, "data-crisis-box": "" });
  box.appendChild(el("h2", { "class": "xa-crisis__title", id: id }, "你不必独自面对，现在就可以找人谈谈"));
  box.appendChild(el("p", { "class": "xa-crisis__lead" },
    "如果你正在想结束生命或伤害自己，请现在就打电话。接线员会听你说，不会评判你。"));
  var ul = el("ul", { "class": "xa-crisis__list" });
  (words.lines || []).forEach(function (line) {
    var li = el("li", { "class": "xa-crisis__item xa-crisis__item--" + line.kind });
    var digits = String(line.number).replace(/[^0-9+]/g, "");
    li.appendChild(el("a", { "class": "xa-crisis__number", href: "tel:" + digits }, String(line.number)));
    li.appendChild(el("span", { "class": "xa-crisis__name" }, line.name));
    ul.appendChild(li);
  });
  box.appendChild(ul);
  box.appendChild(el("p", { "class": "xa-crisis__lead" }, "有生命危险或已经受伤时，请立即拨打 120 或 110。身边有人的话，请告诉他们你现在的感受。"));
  return box;
}

/* Where a box's crisis box goes: into the element named by data-crisis-host (the header search puts it at the top
   of its results panel), else right after the row or form holding the box, i.e. above the results. */
function place(input, box) {
  var host = input.getAttribute("data-crisis-host");
  host = host && document.getElementById(host);
  if (host) { host.insertBefore(box, host.firstChild); return; }
  var anchor = input.closest(".xa-filters__row") || input.form || input;
  anchor.parentNode.insertBefore(box, anchor.nextSibling);
}

var shown = typeof WeakMap === "function" ? new WeakMap() : null;
export function check(input) {
  if (!shown || !input.value) { if (shown && shown.get(input)) update(input, null); return; }
  load().then(function (words) { update(input, crisisIn(words, input.value) ? words : null); }).catch(function () {});
}
function update(input, words) {
  var box = shown.get(input);
  if (words && !box) {
    box = crisisBox(words);
    place(input, box);
    shown.set(input, box);
  } else if (!words && box) {
    if (box.parentNode) box.parentNode.removeChild(box);
    shown.delete(input);
  }
}

function isSearchBox(t) {
  return t && t.tagName === "INPUT" && (t.type === "search" || t.getAttribute("role") === "searchbox");
}
["input", "change", "compositionend", "search"].forEach(function (type) {
  document.addEventListener(type, function (ev) {
    if (isSearchBox(ev.target) && !ev.isComposing) check(ev.target);
  }, true);
});
document.addEventListener("focusin", function (ev) { if (isSearchBox(ev.target)) load().catch(function () {}); });
// Boxes filled from a shared link (?q=...) are checked once the page's own scripts have filled them.
window.addEventListener("load", function () {
  Array.prototype.forEach.call(document.querySelectorAll("input"), function (i) { if (isSearchBox(i) && i.value) check(i); });
});

/* Whether a text contains a crisis phrase (a promise: the words are fetched on first use). */
export function isCrisis(text) { return load().then(function (w) { return crisisIn(w, text); }); }
