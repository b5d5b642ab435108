/* Xin'an progressive enhancement. Every page works without this file; it adds the open-now line on station pages
   and holds the helpers the page-kind modules import (el, readQuery, getJSON, the opening-hours rules). The station
   directory and the registry lookup are their own modules (stations.js, registry.js), loaded only by their pages.
   An ES module: nothing here is put on window. No request leaves the site, and the reader's location never leaves
   the browser. */
var ROOT = new URL("../", import.meta.url).href;  // this file is <root>/assets/xinan.js, whatever the page's depth
var DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
var DAY_LABELS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

/* ---- Opening hours: the same rules as generator/hours.py, evaluated in Asia/Shanghai time. ---- */
function parseSpans(text) {
  return text.split(",").map(function (p) {
    var m = /^(\d\d):(\d\d)-(\d\d):(\d\d)$/.exec(p.trim());
    return [(+m[1]) * 60 + (+m[2]), (+m[3]) * 60 + (+m[4])];
  });
}
export function parseHours(weekly, exceptions) {
  var h = { always: false, weekly: [[], [], [], [], [], [], []], exceptions: [] };
  weekly = (weekly || "").trim();
  if (weekly === "24/7") { h.always = true; }
  else if (weekly) {
    weekly.split(";").forEach(function (rule) {
      rule = rule.trim(); if (!rule) return;
      var i = rule.indexOf(" "), days = rule.slice(0, i), spans = parseSpans(rule.slice(i + 1));
      days.split(",").forEach(function (d) {
        var ab = d.split("-"), a = DAYS.indexOf(ab[0]), b = DAYS.indexOf(ab[1] || ab[0]);
        for (var k = a; ; k = (k + 1) % 7) { h.weekly[k] = spans; if (k === b) break; }
      });
    });
  }
  (exceptions || "").split(";").forEach(function (item) {
    var m = /^(\d{4}-\d\d-\d\d)(?:\.\.(\d{4}-\d\d-\d\d))?\s+(.+)$/.exec(item.trim());
    if (m) h.exceptions.push({ start: m[1], end: m[2] || m[1], spans: m[3].trim() === "off" ? [] : parseSpans(m[3]) });
  });
  return h;
}
export function shanghaiNow(override) {
  var d = override ? new Date(override) : new Date();
  var t = new Date(d.getTime() + 8 * 3600 * 1000);  // China has one offset and no DST
  return { date: t.toISOString().slice(0, 10), minute: t.getUTCHours() * 60 + t.getUTCMinutes(), weekday: (t.getUTCDay() + 6) % 7 };
}
function addDays(iso, n) {
  var t = new Date(iso + "T00:00:00Z"); t.setUTCDate(t.getUTCDate() + n);
  return { date: t.toISOString().slice(0, 10), weekday: (t.getUTCDay() + 6) % 7 };
}
function daySpans(h, date, weekday, follow, cal) {
  for (var i = 0; i < h.exceptions.length; i++) {
    var e = h.exceptions[i]; if (e.start <= date && date <= e.end) return e.spans;
  }
  if (h.always) return [[0, 1440]];
  if (follow && cal) {
    if (cal.holidays.indexOf(date) >= 0) return [];
    if (cal.workdays.indexOf(date) >= 0 && !h.weekly[weekday].length) {
      for (var k = 0; k < 5; k++) if (h.weekly[k].length) return h.weekly[k];
      return [];
    }
  }
  return h.weekly[weekday];
}
function fmt(m) { return ("0" + Math.floor(m / 60)).slice(-2) + ":" + ("0" + m % 60).slice(-2); }
export function openState(h, follow, cal, now) {
  // A year without a holiday arrangement in data/holidays: any day could be a holiday, so no guess is made.
  if (follow && cal && cal.years && !cal.years[now.date.slice(0, 4)]) {
    return { open: false, unknown: true, text: now.date.slice(0, 4) + " 年节假日安排尚未公布 · 请先致电确认" };
  }
  var spans = daySpans(h, now.date, now.weekday, follow, cal);
  for (var i = 0; i < spans.length; i++) {
    if (spans[i][0] <= now.minute && now.minute < spans[i][1]) {
      return { open: true, text: h.always && spans[i][1] === 1440 ? "正在开放 · 全天 24 小时" : "正在开放 · " + fmt(spans[i][1] % 1440) + " 关门" };
    }
  }
  for (var n = 0; n < 15; n++) {
    var day = n === 0 ? { date: now.date, weekday: now.weekday } : addDays(now.date, n);
    var s = daySpans(h, day.date, day.weekday, follow, cal);
    for (var j = 0; j < s.length; j++) {
      if (n > 0 || s[j][0] > now.minute) {
        var when = n === 0 ? "今天" : n === 1 ? "明天" : DAY_LABELS[day.weekday];
        return { open: false, text: "已关闭 · " + when + " " + fmt(s[j][0]) + " 开放" };
      }
    }
  }
  return { open: false, text: "已关闭 · 请电话预约" };
}
/* A new element with a class and text: the page scripts build their results with it. */
export function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

/* The query string as an object: list pages keep their filters there, so a filtered view can be shared. */
export function readQuery() {
  var out = {};
  location.search.replace(/^\?/, "").split("&").forEach(function (pair) {
    if (!pair) return;
    var i = pair.indexOf("="), k = i < 0 ? pair : pair.slice(0, i), v = i < 0 ? "" : pair.slice(i + 1);
    try { out[decodeURIComponent(k)] = decodeURIComponent(v.replace(/\+/g, " ")); } catch (e) { /* bad escape */ }
  });
  return out;
}

/* One request per file and page: the open-now lines and the filters of a list page both read
   assets/holidays.json. A failed request is forgotten, so trying again asks the server again. Every module that
   imports this one shares this cache: a module is evaluated once per page, whichever file imports it. */
var fetched = {};
export function getJSON(url) {
  if (!fetched[url]) {
    fetched[url] = fetch(url).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
    fetched[url].catch(function () { delete fetched[url]; });
  }
  return fetched[url];
}
// Tests pin the clock by setting this global in an init script: a test input, not a channel between files.
export function pinnedNow() { return window.XINAN_NOW || null; }

/* ---- Station pages: the open/closed line, from the hours the page carries (no station index is fetched). ---- */
function stationPage() {
  var line = document.querySelector(".xa-open-line[data-station]");
  if (!line) return;
  var hours = line.getAttribute("data-hours") || "", exceptions = line.getAttribute("data-exceptions") || "";
  if (!hours && !exceptions) { line.textContent = "无固定开放时间，请先电话预约"; return; }
  var follow = line.getAttribute("data-holidays") === "follow";
  getJSON(ROOT + "assets/holidays.json").then(function (cal) {
    var now = shanghaiNow(pinnedNow());
    var state = openState(parseHours(hours, exceptions), follow, cal, now);
    // A provisional year holds the legal holidays only: the official make-up days may still change the answer.
    var year = (cal.years || {})[now.date.slice(0, 4)];
    var provisional = follow && year && year.status === "provisional";
    line.textContent = state.text + (provisional ? "（" + now.date.slice(0, 4) + " 年节假日安排为暂定，官方通知尚未公布，节假日前后请先致电确认）" : "");
    line.className = "xa-open-line xa-open--" + (state.unknown ? "unknown" : state.open ? "open" : "closed");
  }).catch(function () {});
}

// A module runs once the page is parsed (modules are deferred), before DOMContentLoaded.
stationPage();
