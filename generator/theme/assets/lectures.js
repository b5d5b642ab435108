/* Lecture calendar on /lectures/: combinable filters over the upcoming list, the month view and the archive, kept
   in the address bar so a filtered view can be bookmarked or shared; and the month view shown one month at a time.
   Everything a filter compares is already on each item as data-* attributes, so nothing is fetched. Without this
   file the page shows every lecture and every month, and the month links still jump between months. An ES module
   loaded by the list page only; it starts itself (start() at the end). */
import { readQuery } from "./xinan.js";
// clock.js marks the lectures that are over (data-xa-passed) when it runs; importing it makes it run first.
import "./clock.js";

var FIELDS = ["audience", "topic", "street", "community", "setting", "mode", "language", "sign"];
// Filter name -> the data attribute it compares and whether that attribute holds a space-separated list.
var ATTR = {
  audience: ["audiences", true], topic: ["topic", false], street: ["street", false], community: ["community", false],
  setting: ["setting", false], mode: ["mode", false], language: ["languages", true], sign: ["sign", false]
};
// A hybrid lecture can be attended either way, so it answers both "on site" and "online".
var MODES = { offline: ["offline", "hybrid"], online: ["online", "hybrid"] };

function all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
function has(list, v) { return list.indexOf(v) >= 0; }

/* ---------- The query string ---------- */

// replaceState, not pushState: changing a filter should not fill the Back button with every intermediate state.
function writeQuery(f, month) {
  var parts = [];
  FIELDS.forEach(function (k) { if (f[k]) parts.push(k + "=" + encodeURIComponent(f[k])); });
  if (month) parts.push("month=" + encodeURIComponent(month));
  try {
    history.replaceState(history.state, "", location.pathname + (parts.length ? "?" + parts.join("&") : "") + location.hash);
  } catch (e) { /* file:// or no History API: filtering still works, the address just does not follow */ }
}

/* ---------- Matching ---------- */

function values(item, name) {
  var spec = ATTR[name], raw = item.getAttribute("data-" + spec[0]) || "";
  return spec[1] ? raw.split(" ") : [raw];
}
function matchesOne(item, name, wanted) {
  var have = values(item, name);
  if (name === "mode") return MODES[wanted] ? has(MODES[wanted], have[0]) : have[0] === wanted;
  // A lecture for all residents suits every particular group too (the same rule as the station directory).
  if (name === "audience" && wanted !== "all" && has(have, "all")) return true;
  return has(have, wanted);
}
function matches(item, f) {
  for (var i = 0; i < FIELDS.length; i++) {
    var k = FIELDS[i];
    if (f[k] && !matchesOne(item, k, f[k])) return false;
  }
  return true;
}

/* ---------- The form ---------- */

function readForm(form) {
  var f = {};
  FIELDS.forEach(function (k) {
    var c = form.elements[k];
    f[k] = !c ? "" : c.type === "checkbox" ? (c.checked ? "1" : "") : c.value;
  });
  return f;
}
// Only values the form offers are taken from the address: a stale or mistyped link falls back to "all".
function fillForm(form, q) {
  FIELDS.forEach(function (k) {
    var c = form.elements[k];
    if (!c || q[k] == null) return;
    if (c.type === "checkbox") c.checked = q[k] === "1";
    else if (all("option", c).some(function (o) { return o.value === q[k]; })) c.value = q[k];
  });
}

/* ---------- The month view: one month at a time, with the month in the address ---------- */

function monthView(onChange) {
  var box = document.getElementById("xa-lecture-calendar");
  if (!box) return null;
  var sections = all("section.xa-month", box), index = document.getElementById("xa-month-index");
  var first = sections.length ? sections[0].getAttribute("data-month") : "", current = first;

  // userAction: a click (move focus, record the month in the address); otherwise the initial restore.
  function show(month, userAction) {
    var found = sections.some(function (s) { return s.getAttribute("data-month") === month; });
    if (!found && userAction) return;
    if (!found) month = current;  // an unknown month in the address: start at the reference month
    current = month;
    sections.forEach(function (s) { s.hidden = s.getAttribute("data-month") !== month; });
    if (index) {
      all("a", index).forEach(function (a) {
        if (a.getAttribute("href") === "#m-" + month) a.setAttribute("aria-current", "true");
        else a.removeAttribute("aria-current");
      });
    }
    // Move focus to the month just shown so keyboard and screen-reader users land on it, not on a vanished link.
    if (!userAction) return;
    // The grid on wide screens, the agenda on phones (xinan.css): whichever is on screen.
    var section = document.getElementById("m-" + month);
    var target = all(".xa-table-wrap, .xa-agenda", section).filter(function (el) { return el.offsetParent !== null; })[0];
    if (target) target.focus();
    onChange();
  }
  // Month links are ordinary in-page links without this script; here they switch the visible month instead.
  function onClick(e) {
    var a = e.target.closest ? e.target.closest("a[href^='#m-']") : null;
    if (!a) return;
    e.preventDefault();
    show(a.getAttribute("href").slice(3), true);
  }
  box.addEventListener("click", onClick);
  if (index) index.addEventListener("click", onClick);
  // The reference month is the default view, so it is left out of the address.
  return { show: show, current: function () { return current === first ? "" : current; } };
}

/* ---------- Counts and empty-list notes ---------- */

function countVisible(list) {
  return list ? all("li", list).filter(function (li) { return !li.hidden; }).length : 0;
}
function setCount(name, n) {
  all("[data-count='" + name + "']").forEach(function (el) { el.textContent = n; });
  all("[data-empty='" + name + "']").forEach(function (el) { el.hidden = n > 0; });
}
function filtering(f) { return FIELDS.some(function (k) { return !!f[k]; }); }

function start() {
  var form = document.getElementById("xa-lecture-filters");
  if (!form || form.getAttribute("data-ready")) return;
  form.setAttribute("data-ready", "1");  // a second call must not bind the handlers twice
  var status = document.getElementById("xa-lecture-count");
  var upcoming = document.getElementById("xa-lecture-list");
  var archive = document.getElementById("xa-lecture-archive");
  var items = all("li[data-id]");
  var months = null;

  function apply(write) {
    var f = readForm(form);
    items.forEach(function (li) { li.hidden = !matches(li, f) || li.hasAttribute("data-xa-passed"); });  // clock.js
    // An agenda day (phones) whose lectures are all filtered out loses its heading too.
    all(".xa-agenda__day").forEach(function (day) {
      day.hidden = !all("li[data-id]", day).some(function (li) { return !li.hidden; });
    });
    var n = countVisible(upcoming), p = countVisible(archive);
    setCount("upcoming", n);
    setCount("past", p);
    status.textContent = filtering(f)
      ? "符合条件的讲座：即将举行 " + n + " 场，往期 " + p + " 场。" + (n ? "" : "请放宽条件，或点“清除筛选”。")
      : "共 " + n + " 场即将举行的讲座。";
    if (write) writeQuery(f, months ? months.current() : "");
  }

  form.hidden = false;
  var q = readQuery();
  fillForm(form, q);
  months = monthView(function () { apply(true); });
  // A month from the address wins; a #m-YYYY-MM anchor (a link made without this script) comes next.
  if (months) months.show(q.month || location.hash.replace(/^#m-/, ""), false);
  apply(false);
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(true); });
  form.addEventListener("reset", function () {
    setTimeout(function () { apply(true); }, 0);  // the reset event fires before the controls are cleared
  });
}

// A module runs once the page is parsed (modules are deferred), after the modules it imports.
start();
