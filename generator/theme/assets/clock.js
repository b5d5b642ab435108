/* Statuses that depend on the date, recomputed on the reader's own date in Beijing time (UTC+8 whatever the
   device's time zone), with the same rules as generator/clock.py. The build wrote every status as of its reference
   date and says so ("状态截至 …"); this file brings them up to the reader's day: registrations (有效 / 尚未生效 /
   已过期 by their dates; suspended, revoked and other recorded statuses are left alone), lectures (即将举行 / 今天 /
   进行中 / 已结束), the home page's upcoming list, and the "data may be out of date" notice on every page.
   Nothing is fetched: everything is in the page's data-* attributes. An ES module: registry.js imports its rules,
   lectures.js imports it so that the statuses are brought up to date before it counts what is left. */
var PHASES = { upcoming: "即将举行", today: "今天", live: "进行中", ended: "已结束" };
var DAY = 86400000, CST = 8 * 3600000;  // China has one offset and no daylight saving time

function all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
function nowMs() { return window.XINAN_NOW ? new Date(window.XINAN_NOW).getTime() : Date.now(); }
export function beijingDate(ms) { return new Date(ms + CST).toISOString().slice(0, 10); }
function zhDate(iso) { var p = iso.split("-"); return +p[0] + "年" + +p[1] + "月" + +p[2] + "日"; }
function daysBetween(a, b) { return Math.round((Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / DAY); }

/* generator/clock.py registration_status */
export function registration(status, from, to, today) {
  if (status !== "active") return status;
  if (to < today) return "expired";
  if (from > today) return "pending";
  return "active";
}
/* generator/clock.py lecture_phase; start and end in milliseconds since the epoch */
export function phase(start, end, now) {
  if (now >= end) return "ended";
  if (now >= start) return "live";
  if (beijingDate(start) === beijingDate(now)) return "today";
  return "upcoming";
}

function showVariants(box, value, attr) {
  var els = all("[" + attr + "]", box);
  // A device clock set before the build can ask for a status the page does not carry: keep the build's then.
  if (!els.some(function (el) { return el.getAttribute(attr).split(" ").indexOf(value) >= 0; })) return;
  els.forEach(function (el) {
    el.hidden = el.getAttribute(attr).split(" ").indexOf(value) < 0;
  });
}
function asOf(box, today) {
  all("[data-xa-asof]", box).forEach(function (el) {
    el.textContent = "状态按您设备的日期（北京时间 " + zhDate(today) + "）计算；数据更新于 " +
      zhDate(el.getAttribute("data-xa-asof")) + "。";
  });
}

/* Registrations: verification pages, printable cards, wall cards, station staff lists. */
function registrations(today) {
  all("[data-xa-valid]").forEach(function (box) {
    var v = box.getAttribute("data-xa-valid").split(" ");
    var s = registration(box.getAttribute("data-xa-recorded"), v[0], v[1], today);
    box.setAttribute("data-xa-status", s);
    showVariants(box, s, "data-xa-when");
    if (box.hasAttribute("data-xa-active-only")) box.hidden = s !== "active";
  });
  all("[data-xa-dropped]").forEach(function (note) {  // "n cards are no longer valid": counted in its list
    var list = document.getElementById(note.getAttribute("data-xa-dropped"));
    var n = list ? all("[data-xa-active-only][hidden]", list).length : 0;
    note.hidden = n === 0;
    note.textContent = n ? "另有 " + n + " 名人员的登记按今天的日期已不在有效期内，未列出。" : "";
  });
}

/* Lectures: the tag on each item, elements shown only in some phases, lists of what is still to come. */
function lectures(now, today) {
  all("[data-xa-start]").forEach(function (el) {
    var p = phase(+el.getAttribute("data-xa-start"), +el.getAttribute("data-xa-end"), now);
    el.setAttribute("data-xa-phase", p);
    var cancelled = el.getAttribute("data-xa-lecture") === "cancelled";
    all("[data-xa-phase-tag]", el).forEach(function (tag) {
      tag.textContent = PHASES[p];
      tag.className = "xa-phase xa-phase--" + p;
      tag.hidden = cancelled || p === "upcoming";
    });
    showVariants(el, p, "data-xa-if-phase");
    // A lecture that is over leaves the lists of what is coming (lectures.js honours the mark when filtering).
    if (el.hasAttribute("data-xa-upcoming-item") && p === "ended") { el.setAttribute("data-xa-passed", ""); el.hidden = true; }
  });
  all("[data-xa-upto]").forEach(function (list) {  // the home page: the next few, rendered with spares
    var left = +list.getAttribute("data-xa-upto");
    all("[data-xa-start]", list).forEach(function (li) {
      li.hidden = li.hasAttribute("data-xa-passed") || left <= 0;
      if (!li.hidden) left--;
    });
  });
  all("[data-xa-upcoming-count]").forEach(function (el) {
    var list = document.getElementById(el.getAttribute("data-xa-upcoming-count"));
    if (!list) return;
    var items = all("[data-xa-start]", list), gone = all("[data-xa-passed]", list).length;
    var total = +el.getAttribute("data-xa-total");
    if (gone && gone === items.length && total > items.length) el.textContent = "查看即将举行的讲座";
    else el.textContent = (total - gone) + " 场即将举行";
  });
  // The month view marks the reader's day, not the build's.
  all("td.xa-cal__today").forEach(function (td) {
    if (td.getAttribute("data-date") === today) return;
    td.classList.remove("xa-cal__today"); td.removeAttribute("aria-current");
    all(".xa-cal__todaytag", td).forEach(function (t) { t.parentNode.removeChild(t); });
  });
  all("td[data-date='" + today + "']").forEach(function (td) {
    if (td.classList.contains("xa-cal__today")) return;
    td.classList.add("xa-cal__today"); td.setAttribute("aria-current", "date");
    var tag = document.createElement("span"); tag.className = "xa-cal__todaytag"; tag.textContent = "今天";
    var day = td.querySelector(".xa-cal__day");
    if (day) day.insertAdjacentElement("afterend", tag);
  });
}

/* Every page: how fresh the data are, and where to check when the build is old on the reader's date. */
function freshness(today) {
  all("[data-xa-built]").forEach(function (box) {
    var built = box.getAttribute("data-xa-built"), limit = +box.getAttribute("data-xa-stale-after");
    var age = daysBetween(built, today);
    if (!(age > limit) || box.querySelector("[data-xa-stale]")) return;
    var note = document.createElement("p");
    note.className = "xa-stale xa-fresh__stale";
    note.setAttribute("data-xa-stale", "");
    note.setAttribute("role", "status");
    var phones = all("[data-xa-phone]").map(function (a) { return a.textContent; });
    note.textContent = "这些数据已有 " + age + " 天没有更新（今天是 " + zhDate(today) + "），可能已有变化。" +
      (phones.length ? "前往前请先致电本站点（" + phones.join("、") + "）确认，或" : "请") +
      "拨打" + box.getAttribute("data-xa-hotline-name") + " " + box.getAttribute("data-xa-hotline") + " 核实。";
    box.appendChild(note);
  });
}

export function run() {
  var now = nowMs(), today = beijingDate(now);
  registrations(today);
  lectures(now, today);
  freshness(today);
  asOf(document, today);
}
export function today() { return beijingDate(nowMs()); }

// A module runs once the page is parsed, and before any module that imports it: lectures.js counts what is left.
run();
