/* Registry lookup: finds a practitioner by registration number or (part of a) name without a server. The build
   writes small shards (generator/pages/registry.py); a lookup fetches meta.json and one shard, so the whole
   register is never downloaded. An ES module loaded by the lookup page only: it imports the shared helpers
   (xinan.js, clock.js) and starts itself (start() at the end). */
import { el, getJSON, readQuery } from "./xinan.js";
import { registration, today } from "./clock.js";

var ROOT = new URL("../", import.meta.url).href;  // this file is <root>/assets/registry.js
var NUMBER = /^[A-Z]{2,6}-\d{4}-\d{5,6}$/;
var SVG = "http://www.w3.org/2000/svg";
var HELP_ID = "xa-registry-help";

/* 32-bit FNV-1a over code points, exactly as fnv1a() in generator/pages/registry.py. */
export function fnv1a(text) {
  var h = 0x811c9dc5;
  for (var i = 0; i < text.length; i++) {
    var cp = text.codePointAt(i);
    if (cp > 0xffff) i++;  // the low half of a surrogate pair is part of this code point
    h ^= cp;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

// A name as code points, not UTF-16 units: a rare character in a name can be a surrogate pair.
function codePoints(text) {
  var out = [];
  for (var i = 0; i < text.length; i++) {
    var cp = text.codePointAt(i);
    out.push(String.fromCodePoint(cp));
    if (cp > 0xffff) i++;
  }
  return out;
}

// What people type: full-width forms from a Chinese IME, lower-case letters, stray spaces and dashes. A number
// typed without its dashes or with spaces (ftxl2023 00003) is put back in the printed form (FTXL-2023-00003).
function normalize(q) {
  q = String(q || "").trim();
  if (q.normalize) q = q.normalize("NFKC");
  q = q.replace(/[a-z]/g, function (c) { return c.toUpperCase(); }).replace(/[\u2010-\u2015\u2212\u30fc\uff70]/g, "-");
  var parts = /^([A-Z]{2,6})(\d{4})(\d{5,6})$/.exec(q.replace(/[\s\-_.·・]+/g, ""));
  if (parts) return parts[1] + "-" + parts[2] + "-" + parts[3];
  if (!/[A-Z0-9]/.test(q)) q = q.replace(/[\s·・]+/g, "");  // Chinese names have no spaces
  return q;
}

/* Traditional characters in a name mapped to the Simplified ones the register uses (林曉雯 -> 林晓雯); the table,
   from OpenCC, is in meta.json and covers only characters that occur in registered names. */
function simplified(q, pairs) {
  var map = {}, chars = codePoints(pairs || "");
  for (var i = 0; i + 1 < chars.length; i += 2) map[chars[i]] = chars[i + 1];
  return codePoints(q).map(function (c) { return map[c] || c; }).join("");
}

function zhDate(iso) {
  var p = String(iso).split("-");
  return p.length === 3 ? +p[0] + "年" + +p[1] + "月" + +p[2] + "日" : String(iso);
}
/* The status icon is drawn, not a character: phones lack some symbol glyphs. Shapes come from meta.json. */
function icon(path) {
  var svg = document.createElementNS(SVG, "svg"), p = document.createElementNS(SVG, "path");
  svg.setAttribute("class", "xa-status__icon");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  p.setAttribute("d", path || "");
  svg.appendChild(p);
  return svg;
}
function badge(status, label, path) {
  var b = el("span", "xa-status xa-status--" + status);
  b.appendChild(icon(path));
  b.appendChild(document.createTextNode(label || status));
  return b;
}

/* Which shard to fetch and which of its entries answer the query. A single character is a surname: its
   registrations come in pages (surname/<code point>-<page>.json), the first one now, the rest on request. */
function plan(q, meta) {
  var shards = meta.shards;
  if (NUMBER.test(q)) {
    return { url: "number/" + (fnv1a(q) % shards) + ".json", keep: function (e) { return e[0] === q; } };
  }
  q = simplified(q, meta.t2s);
  var chars = codePoints(q);
  if (chars.length === 1 && /[\u3400-\u9fff\uf900-\ufaff]|[\ud840-\ud8bf][\udc00-\udfff]/.test(q)) {
    var total = (meta.surnames || {})[q] || 0, size = meta.surname_page || 30;
    return { surname: q, total: total, pages: Math.ceil(total / size), q: q,
             url: "surname/" + q.codePointAt(0).toString(16) + "-0.json",
             page: function (n) { return "surname/" + q.codePointAt(0).toString(16) + "-" + n + ".json"; },
             keep: function (e) { return codePoints(e[1])[0] === q; } };
  }
  if (chars.length < 2) return null;
  return { url: "name/" + (fnv1a(chars[0] + chars[1]) % shards) + ".json", q: q,
           keep: function (e) { return e[1].indexOf(q) >= 0; } };
}
function narrow(entries, keep, kind, street) {
  var seen = {}, out = [];
  entries.forEach(function (e) {
    // A name sits in a shard once per two-character run that hashes there, hence the dedupe.
    if (seen[e[0]] || !keep(e)) return;
    if ((kind && e[2] !== kind) || (street && e[6] !== street)) return;
    seen[e[0]] = true;
    out.push(e);
  });
  out.sort(function (a, b) { return a[1] === b[1] ? (a[0] < b[0] ? -1 : 1) : (a[1] < b[1] ? -1 : 1); });
  return out;
}

/* ---------- Rendering ---------- */

function show(box, nodes) {
  box.innerHTML = "";
  nodes.forEach(function (n) { box.appendChild(n); });
  // Screen-reader users hear the outcome first; sighted users see where it starts.
  nodes[0].setAttribute("tabindex", "-1");
  nodes[0].focus();
}

function found(ROOT, meta, entries) {
  var ul = el("ul", "xa-results xa-registry-list");
  listInto(ul, ROOT, meta, entries);
  return [el("h2", "xa-registry-heading", "找到 " + entries.length + " 条登记记录"), ul];
}

function listInto(ul, ROOT, meta, entries) {
  var labels = meta.labels || {};
  entries.forEach(function (e) {
    var li = el("li"), a = el("a", null, e[1]);
    a.href = ROOT + "registry/" + encodeURIComponent(e[0]) + "/";
    li.appendChild(a);
    li.appendChild(document.createTextNode(" "));
    // e[7], e[8]: the recorded status and valid_from; dated statuses follow the reader's date (clock.js).
    var s = e.length > 8 ? registration(e[7], e[8], e[4], today()) : e[3];
    li.appendChild(badge(s, (labels.status || {})[s], (meta.icons || {})[s]));
    li.appendChild(el("span", "xa-meta", "登记编号 " + e[0] + " · " + ((labels.qualification || {})[e[2]] || e[2]) +
      " · 有效期至 " + zhDate(e[4])));
    li.appendChild(el("span", "xa-meta", "所属站点：" + (e[5] || "未登记")));
    ul.appendChild(li);
  });
}

/* A surname alone: the registrations with that surname, a page at a time, with a button for the next page. */
function bySurname(ROOT, meta, p, first, filter, getJSON, base) {
  var narrowed = filter.kind || filter.street;
  var heading = el("h2", "xa-registry-heading");
  var ul = el("ul", "xa-results xa-registry-list");
  var status = el("p", "xa-meta");
  status.setAttribute("role", "status");
  var more = el("button", "md-button xa-registry-more", "显示更多");
  more.type = "button";
  var next = 1, shown = 0;
  function add(entries) {
    var hits = narrow(entries, p.keep, filter.kind, filter.street);
    listInto(ul, ROOT, meta, hits);
    shown += hits.length;
    var seen = Math.min(next * (meta.surname_page || 30), p.total);
    heading.textContent = "姓“" + p.surname + "”的登记人员共 " + p.total + " 人" +
      (narrowed ? "，已查看 " + seen + " 人，其中符合所选条件的 " + shown + " 人" : "，已显示 " + shown + " 人");
    more.hidden = next >= p.pages;
    status.textContent = more.hidden ? "已全部显示。" : "";
  }
  more.addEventListener("click", function () {
    var firstNew = ul.children.length;
    more.disabled = true;
    getJSON(base + p.page(next)).then(function (entries) {
      next += 1;
      add(entries);
      var li = ul.children[firstNew];
      if (li) { var a = li.querySelector("a"); if (a) a.focus(); }
    }).catch(function () {
      status.textContent = "加载失败，请检查网络连接后再试。";
    }).then(function () { more.disabled = false; });
  });
  add(first);
  return [heading, ul, more, status];
}

function notFound(meta, q, narrowed) {
  var reasons = el("ul");
  [
    "姓名用字可能有误：请核对，或改用完整的登记编号查询。",
    "登记编号可能不完整：完整格式如 FTXL-2021-00042（字母、年份、序号之间用短横线连接）。",
    narrowed ? "选择了资质类别或街道：请把它们改为“全部”再查一次。" : null,
    "对方可能在其他区登记：本名录只收录本区登记的人员，请到其登记机构查询。",
    "对方可能刚刚登记：本名录数据截至 " + zhDate(meta.date) + "，之后的登记尚未收录。"
  ].forEach(function (t) { if (t) reasons.appendChild(el("li", null, t)); });
  var report = el("p", null, "如果有人自称已登记，但在这里查不到，请先不要接受其服务，并按");
  var link = el("a", null, "下方“查不到怎么办”");
  link.href = "#" + HELP_ID;
  report.appendChild(link);
  report.appendChild(document.createTextNode("中的方式向我们举报。"));
  return [el("h2", "xa-registry-heading", "没有找到与“" + q + "”匹配的登记记录"), el("p", null, "可能的原因："),
          reasons, report];
}

// Give the page's "查不到怎么办" heading an id so the not-found guidance can link to it.
function markHelp() {
  var heads = document.querySelectorAll("h2");
  for (var i = 0; i < heads.length; i++) {
    if (heads[i].textContent.replace(/\s+/g, "") === "查不到怎么办" && !heads[i].id) heads[i].id = HELP_ID;
  }
}

function writeQuery(q, kind, street) {
  try {
    history.replaceState(history.state, "", location.pathname + "?q=" + encodeURIComponent(q) +
      "&kind=" + encodeURIComponent(kind) + "&street=" + encodeURIComponent(street) + location.hash);
  } catch (e) { /* no History API: the lookup still works */ }
}

// Select a value from a link only if it is one of the options (an unknown one would leave the select blank).
function pick(select, value) {
  for (var i = 0; value && i < select.options.length; i++) {
    if (select.options[i].value === value) { select.value = value; return; }
  }
}

function start() {
  var form = document.getElementById("xa-registry-lookup");
  if (!form) return;
  var box = document.getElementById("xa-registry-results");
  var input = document.getElementById("xa-registry-q");
  var kindSel = document.getElementById("xa-registry-kind");
  var streetSel = document.getElementById("xa-registry-street");
  var base = ROOT + "registry/index/";
  var meta = getJSON(base + "meta.json");
  var latest = 0;
  meta.catch(function () {});  // reported when someone searches
  markHelp();

  function search() {
    var raw = input.value, q = normalize(raw), kind = kindSel.value, street = streetSel.value, ticket = ++latest;
    writeQuery(raw.trim(), kind, street);
    if (!q) return;
    box.innerHTML = "";
    box.appendChild(el("p", "xa-meta", "正在查询…"));
    meta.then(function (m) {
      var p = plan(q, m);
      if (!p) return [el("p", "xa-registry-hint", "请输入姓氏、姓名，或完整的登记编号")];
      if (p.surname && !p.total) return notFound(m, p.q, false);
      return getJSON(base + p.url).then(function (entries) {
        if (p.surname) return bySurname(ROOT, m, p, entries, { kind: kind, street: street }, getJSON, base);
        var hits = narrow(entries, p.keep, kind, street);
        return hits.length ? found(ROOT, m, hits) : notFound(m, p.q || q, !!(kind || street));
      });
    }).catch(function () {
      return [el("p", "xa-registry-hint", "查询暂时无法完成，请检查网络连接后重试。")];
    }).then(function (nodes) {
      if (ticket === latest) show(box, nodes);  // an older, slower answer must not replace a newer one
    });
  }

  form.addEventListener("submit", function (e) { e.preventDefault(); search(); });
  var q = readQuery();
  pick(kindSel, q.kind);
  pick(streetSel, q.street);
  if (q.q) { input.value = q.q; search(); }
}

// A module runs once the page is parsed (modules are deferred), after the modules it imports.
start();
