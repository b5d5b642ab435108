/* Station directory: filters, open-now lines, "near me" and the map on the list page, and the small map on a
   station page. An ES module loaded by those pages only: it imports the shared helpers (xinan.js, words.js) and
   starts itself (start() at the end). The list is complete without this file; everything here only narrows, orders
   or illustrates it. The reader's position is used in the browser and never sent anywhere; the only requests are
   to the site's own files (and map tiles, if the site has them). */
import * as h from "./xinan.js";  // parseHours, openState, shanghaiNow, pinnedNow, getJSON: passed on as `h`
import { el, readQuery } from "./xinan.js";
import { siteTerms } from "./words.js";

var ROOT = new URL("../", import.meta.url).href;  // this file is <root>/assets/stations.js
var FIELDS = ["q", "street", "community", "kind", "service", "audience", "fee", "language", "access", "open"];
var LEAFLET = "assets/vendor/leaflet/";
var CLUSTER = "assets/vendor/markercluster/";
// Tianditu's WMTS in web-mercator ("_w"): the vector base map and its label overlay share one pattern.
function tianditu(layer, key) {
  return "https://t{s}.tianditu.gov.cn/" + layer + "_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=" + layer +
    "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=" + encodeURIComponent(key);
}
var OSM = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
var TILE_ERROR = "地图底图无法加载，仅显示站点位置";

/* ---------- Small helpers ---------- */

function $(sel, root) { return (root || document).querySelector(sel); }
function all(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
// Full-width letters and digits typed with a Chinese IME should match their ASCII forms.
function norm(s) {
  s = String(s || "");
  if (s.normalize) s = s.normalize("NFKC");
  return s.toLowerCase();
}
function has(list, v) { return !!list && list.indexOf(v) >= 0; }

/* ---------- The query string: filters survive reloads and can be shared as links ---------- */

function writeQuery(f) {
  var parts = [];
  FIELDS.forEach(function (k) { if (f[k]) parts.push(k + "=" + encodeURIComponent(f[k])); });
  try {
    history.replaceState(history.state, "", location.pathname + (parts.length ? "?" + parts.join("&") : "") + location.hash);
  } catch (e) { /* file:// or a browser without the History API: filtering still works */ }
}

/* ---------- Geometry ---------- */

function haversine(lat1, lon1, lat2, lon2) {
  var r = Math.PI / 180, dLat = (lat2 - lat1) * r, dLon = (lon2 - lon1) * r;
  var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
    Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(a)));
}
function distanceText(m) {
  if (m < 1000) return Math.max(10, Math.round(m / 10) * 10) + " 米";
  return (m < 100000 ? (m / 1000).toFixed(1) : Math.round(m / 1000)) + " 公里";
}

// WGS-84 -> GCJ-02, the published "Mars coordinates" transform. Only for drawing markers on GCJ-02 tiles;
// stored and compared coordinates stay WGS-84.
function gcjOffset(x, y) {
  var p = Math.PI;
  var lat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  var lon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  var common = (20 * Math.sin(6 * x * p) + 20 * Math.sin(2 * x * p)) * 2 / 3;
  lat += common + (20 * Math.sin(y * p) + 40 * Math.sin(y / 3 * p)) * 2 / 3 +
    (160 * Math.sin(y / 12 * p) + 320 * Math.sin(y * p / 30)) * 2 / 3;
  lon += common + (20 * Math.sin(x * p) + 40 * Math.sin(x / 3 * p)) * 2 / 3 +
    (150 * Math.sin(x / 12 * p) + 300 * Math.sin(x / 30 * p)) * 2 / 3;
  return [lat, lon];
}
export function wgsToGcj(lat, lon) {
  if (lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271) return [lat, lon];  // outside China
  var a = 6378245.0, ee = 0.00669342162296594323, rad = lat / 180 * Math.PI;
  var d = gcjOffset(lon - 105, lat - 35), s = Math.sin(rad), magic = 1 - ee * s * s, sq = Math.sqrt(magic);
  return [lat + d[0] * 180 / ((a * (1 - ee)) / (magic * sq) * Math.PI),
          lon + d[1] * 180 / (a / sq * Math.cos(rad) * Math.PI)];
}
function shown(lat, lon, crs) { return crs === "gcj02" ? wgsToGcj(lat, lon) : [lat, lon]; }

/* ---------- Leaflet, loaded only where there is a map ---------- */

var leaflet = null;
function addCss(href) {
  var l = document.createElement("link");
  l.rel = "stylesheet"; l.href = href;
  document.head.appendChild(l);
}
function addScript(src) {
  return new Promise(function (resolve, reject) {
    var s = document.createElement("script");
    s.src = src; s.onload = resolve; s.onerror = reject;
    document.head.appendChild(s);
  });
}
function loadLeaflet(ROOT) {
  if (leaflet) return leaflet;
  addCss(ROOT + LEAFLET + "leaflet.css");
  addCss(ROOT + CLUSTER + "MarkerCluster.css");
  addCss(ROOT + CLUSTER + "MarkerCluster.Default.css");
  // The cluster plugin extends L, so it must run after Leaflet itself.
  leaflet = (window.L ? Promise.resolve() : addScript(ROOT + LEAFLET + "leaflet.js")).then(function () {
    return window.L.markerClusterGroup ? null : addScript(ROOT + CLUSTER + "leaflet.markercluster.js");
  }).then(function () {
    var L = window.L;
    // Leaflet guesses the marker image folder from its CSS, which may not have arrived yet.
    L.Icon.Default.prototype.options.imagePath = ROOT + LEAFLET + "images/";
    // Cluster bubbles would otherwise be tab stops ahead of the list, which already links every station.
    L.MarkerCluster.prototype.options.keyboard = false;
    return L;
  });
  return leaflet;
}

function notice(mapEl, text) {
  var p = mapEl.previousElementSibling;
  if (!p || !p.classList.contains("xa-map__notice")) {
    p = el("p", "xa-map__notice");
    mapEl.parentNode.insertBefore(p, mapEl);
  }
  p.textContent = text;
}

function tileLayers(L, t) {
  t = t || {};
  if (t.provider === "tianditu" && t.key) {
    var o = { subdomains: "01234567", maxZoom: 18, attribution: t.attribution || "地图数据 © 天地图" };
    return [L.tileLayer(tianditu("vec", t.key), o),
            L.tileLayer(tianditu("cva", t.key), { subdomains: o.subdomains, maxZoom: 18 })];
  }
  if (t.provider === "osm") return [L.tileLayer(OSM, { maxZoom: 19, attribution: t.attribution || "© OpenStreetMap 贡献者" })];
  if (t.provider === "custom" && t.url) return [L.tileLayer(t.url, { maxZoom: 19, attribution: t.attribution || "" })];
  return [];
}

// A map that is only an illustration: no keyboard panning (the container is not a tab stop), no wheel zoom and,
// on touch screens, no one-finger drag, so scrolling the page never gets stuck inside it.
// Only called when the site has a tile source (tiles.configured): without one there is no map at all.
function makeMap(L, mapEl, tiles) {
  var map = L.map(mapEl, { keyboard: false, scrollWheelZoom: false, dragging: !L.Browser.mobile, maxZoom: 18 });
  var layers = tileLayers(L, tiles), failed = false;
  layers.forEach(function (layer) {
    layer.on("tileerror", function () {
      if (!failed) { failed = true; notice(mapEl, TILE_ERROR); }
    });
    layer.addTo(map);
  });
  return map;
}

// The middle of the district: the mean of the street centres.
function centre(streets, crs) {
  var lat = 0, lon = 0, n = 0;
  Object.keys(streets).forEach(function (k) { lat += streets[k].lat; lon += streets[k].lon; n++; });
  return n ? shown(lat / n, lon / n, crs) : [0, 0];
}

function popup(ROOT, s, labels) {
  var box = el("div");
  var a = el("a", null, s.name);
  a.href = ROOT + "stations/" + s.id + "/";
  box.appendChild(a);
  box.appendChild(el("div", "xa-meta", (labels.kind[s.kind] || "") + (s.address ? " · " + s.address : "")));
  return box;
}

/* The list page's map: one marker per station with coordinates, redrawn to follow the filters. */
function listMap(ROOT, data, mapEl) {
  mapEl.hidden = false;
  return loadLeaflet(ROOT).then(function (L) {
    var map = makeMap(L, mapEl, data.tiles);
    var group = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
    var markers = {}, placed = false;
    data.stations.forEach(function (s) {
      if (s.lat == null || s.lon == null) return;
      markers[s.id] = L.marker(shown(s.lat, s.lon, data.tiles.crs), { keyboard: false, title: s.name, alt: s.name })
        .bindPopup(popup(ROOT, s, data.labels));
    });
    map.addLayer(group);
    return function show(ids) {
      var layers = [];
      ids.forEach(function (id) { if (markers[id]) layers.push(markers[id]); });
      group.clearLayers();
      group.addLayers(layers);
      if (layers.length) {
        map.fitBounds(L.latLngBounds(layers.map(function (m) { return m.getLatLng(); })),
                      { padding: [24, 24], maxZoom: 16, animate: false });
        placed = true;
      } else if (!placed) {
        placed = true;  // nothing matches on first load: show the district until something does
        map.setView(centre(data.streets, data.tiles.crs), 13);
      }
    };
  });
}

/* ---------- The list page ---------- */

// The filter index is stored as columns (generator/pages/stations.py INDEX_FIELDS): one object per station here.
function rowsOf(index) {
  var c = index.columns || {}, ids = c.id || [], fields = Object.keys(c);
  return ids.map(function (id, i) {
    var row = {};
    fields.forEach(function (f) { row[f] = c[f][i]; });
    return row;
  });
}
var HUB_PAGE = 50;  // how many results the hub draws at a time ("再显示" adds as many again)

/* stations/ (every station, or at a large site the hub: streets and district-wide services) and
   stations/street/<code>/ (one street). The list in the page is complete; the filters hide what does not match.
   The hub's page lists no station of a street: its filters search stations/index.json, fetched when the reader
   first uses them, and draw the first matches (HUB_PAGE at a time) from it. */
function listPage(ROOT, h, list) {
  var form = document.getElementById("xa-station-filters");
  var count = document.getElementById("xa-station-count");
  var hub = list.hasAttribute("data-hub");
  var directory = document.getElementById("xa-street-directory");
  var indexUrl = new URL(list.getAttribute("data-index") || "index.json", location.href).href;
  var items = all("li.xa-station", list);  // the stations in the page (on the hub: the district-wide services)
  var homes = items.map(function (li) { return li.parentNode; });  // each item's place in the grouped view
  var byId = {}, text = {}, cal = null, showOnMap = null, visible = [], order = [], data = null;

  function readForm() {
    var f = {};
    FIELDS.forEach(function (k) {
      var c = form.elements[k];
      f[k] = !c ? "" : c.type === "checkbox" ? (c.checked ? "1" : "") : c.value.trim();
    });
    return f;
  }
  function fillForm(q) {
    FIELDS.forEach(function (k) {
      var c = form.elements[k];
      if (!c || q[k] == null) return;
      if (c.type === "checkbox") c.checked = q[k] === "1";
      else if (c.tagName === "SELECT") { if (all("option", c).some(function (o) { return o.value === q[k]; })) c.value = q[k]; }
      else c.value = q[k];
    });
  }

  var parsed = {};  // each station's hours, parsed once (every filter change and every minute asks again)
  function stateOf(s, now) {
    if (!s.hours && !s.exceptions) return null;
    if (!parsed[s.id]) parsed[s.id] = h.parseHours(s.hours, s.exceptions);
    return h.openState(parsed[s.id], s.holidays === "follow", cal, now);
  }
  function fillOpenLines() {
    var now = h.shanghaiNow(h.pinnedNow());
    all("li.xa-station", list).forEach(function (li) {
      var line = $("[data-open-line]", li), s = byId[li.getAttribute("data-id")];
      if (!line || !s) return;
      var st = stateOf(s, now);
      line.textContent = st ? st.text : "无固定开放时间，请先电话预约";
      line.className = "xa-open xa-open--" + (st && st.open ? "open" : "closed");
    });
  }

  // What the keyword filter searches in, worked out the first time a keyword is typed (not for 10,000 stations
  // on arrival).
  function textOf(s) {
    if (text[s.id] == null) {
      var street = (data.streets[s.street] || {}).name || "";
      text[s.id] = norm([s.name, s.address, s.community, s.community && s.community + "社区",
                         street, street && street + "街道"].concat(labels("kind", [s.kind]),
                         labels("service", s.services), labels("audience", s.audiences)).join(" "));
    }
    return text[s.id];
  }
  function matches(s, f, now) {
    if (f.street && s.street !== f.street) return false;
    if (f.community && s.community !== f.community) return false;
    if (f.kind && s.kind !== f.kind) return false;
    if (f.service && !has(s.services, f.service)) return false;
    // A station for everyone also serves each particular group.
    if (f.audience && !has(s.audiences, f.audience) && !has(s.audiences, "all")) return false;
    if (f.fee && s.fee !== f.fee) return false;
    if (f.language && !has(s.languages, f.language)) return false;
    if (f.access && !has(s.accessibility, f.access)) return false;
    if (f.open) { var st = stateOf(s, now); if (!st || !st.open) return false; }
    return keywords(f.q).every(function (alts) {
      return alts.some(function (a) { return textOf(s).indexOf(a) >= 0; });
    });
  }

  /* The keyword filter: each word typed must occur in a station's name, address, community, street or the labels of
     its type, services and audiences: as typed, in Simplified (憂鬱 -> 忧郁) or in the site's words (忧郁 -> 抑郁,
     老人 -> 老年), or as a label the site word leads to (synonyms.yaml stations: 抑郁 -> 门诊诊疗). words.js works
     the words out once per query; until it has, the words are matched as typed. */
  var terms = { q: null, words: [] };
  function keywords(q) {
    if (terms.q === q) return terms.words;
    var mine = terms = { q: q, words: norm(q).split(/\s+/).filter(Boolean).map(function (w) { return [w]; }) };
    Promise.all(mine.words.map(function (alts) { return siteTerms(alts[0]); })).then(function (r) {
      var said = [];
      mine.words = r.map(function (t, i) {
        var typed = mine.words[i][0], simple = norm(t.typed), site = norm(t.term);
        var how = [site !== simple ? "按本站用词“" + t.term + "”查找" : simple !== typed ? "按简体“" + t.typed + "”查找" : "",
                   t.places.length ? "也列出有“" + t.places.join("”“") + "”的站点" : ""].filter(Boolean);
        if (how.length) said.push("“" + typed + "”" + how.join("，"));
        return [typed, simple, site].concat(t.places);
      });
      if (terms !== mine) return;
      wordsNote(said.length ? said.join("；") + "。" : "");
      if (mine.words.length) apply(false);
    }).catch(function () {});
    return mine.words;
  }
  // What the keyword box searched for, when that is not what was typed (睡不着 -> 失眠).
  var note = null;
  function wordsNote(msg) {
    if (!note && !msg) return;
    if (!note) {
      note = el("p", "xa-filters__status");
      note.setAttribute("role", "status");
      count.parentNode.insertBefore(note, count);
    }
    note.textContent = msg;
  }
  // The labels of a filter's codes, as its options show them (read from the form once: 10,000 stations use them).
  var optionsOf = {};
  function labels(name, values) {
    if (!optionsOf[name]) {
      var c = form.elements[name];
      optionsOf[name] = !c ? [] : all("option", c).filter(function (o) { return o.value; })
        .map(function (o) { return [o.value, o.textContent]; });
    }
    return optionsOf[name].filter(function (o) { return has(values, o[0]); }).map(function (o) { return o[1]; });
  }

  // Hide a community heading with its list, and a street section, once nothing in them is left.
  function tidyGroups() {
    all("section.xa-group", list).forEach(function (sec) {
      var any = false;
      all("ul", sec).forEach(function (ul) {
        var some = all("li.xa-station", ul).some(function (li) { return !li.hidden; });
        ul.hidden = !some;
        var head = ul.previousElementSibling;
        if (head && head.tagName === "H3") head.hidden = !some;
        any = any || some;
      });
      sec.hidden = !any;
    });
  }

  function apply(write) {
    var f = readForm(), now = h.shanghaiNow(h.pinnedNow());
    visible = [];
    items.forEach(function (li) {
      var id = li.getAttribute("data-id"), s = byId[id], ok = !s || matches(s, f, now);
      li.hidden = !ok;
      if (ok) visible.push(id);
    });
    var drawn = hub ? hubResults(f, now) : visible.length;
    tidyGroups();
    count.textContent = hub && !hubActive(f) ? "" : "共 " + visible.length + " 个站点符合条件" +
      (drawn < visible.length ? "，先显示前 " + drawn + " 个" : "") +
      (visible.length ? "" : "。请放宽条件，或点“清除筛选”；紧急情况请拨打上方热线。");
    showEmpty(f);
    summarise(f);
    if (write) writeQuery(f);
    if (showOnMap) showOnMap(visible);
  }

  /* ---------- The hub: results drawn from the index ---------- */

  var found = null, foundList = null, more = null, limit = HUB_PAGE, origin = null;
  function hubActive(f) { return !!origin || FIELDS.some(function (k) { return !!f[k]; }); }
  // One result, as the street pages list it (name, type and place, open now); phones are on the station's page.
  function stationItem(s) {
    var li = el("li", "xa-station");
    li.id = "st-" + s.id;
    li.setAttribute("data-id", s.id);
    var a = el("a", null, s.name);
    a.href = ROOT + "stations/" + s.id + "/";
    li.appendChild(a);
    var where = [labels("kind", [s.kind])[0], (labels("street", [s.street])[0] || "") +
                 (s.community ? " " + s.community + "社区" : ""),
                 s.address].filter(Boolean).join(" · ");
    li.appendChild(el("span", "xa-meta", where));
    var line = el("span", "xa-open");
    line.setAttribute("data-open-line", "");
    li.appendChild(line);
    if (origin && s.lat != null) li.appendChild(el("span", "xa-meta xa-distance", "距您约 " + distanceText(s.d)));
    return li;
  }
  // The street stations that match (the district-wide services in the page are filtered like any list), in list
  // order or by distance; returns how many of them, with the page's own, are drawn.
  function hubResults(f, now) {
    var active = hubActive(f);
    if (directory) directory.hidden = active;
    if (!found) {
      found = el("section", "xa-group xa-found");
      found.appendChild(el("h2", null, "筛选结果"));
      foundList = el("ul", "xa-results");
      found.appendChild(foundList);
      more = el("button", "md-button xa-more");
      more.type = "button";
      more.addEventListener("click", function () { limit += HUB_PAGE; apply(false); });
      found.appendChild(more);
      list.insertBefore(found, list.firstChild);
    }
    foundList.textContent = "";
    var ids = order.filter(function (id) { return byId[id].street && (!active || matches(byId[id], f, now)); });
    if (!active) {
      more.hidden = true;
      visible = visible.concat(ids);  // the map shows every station until the reader narrows the list
      return visible.length;
    }
    if (origin) {
      ids.forEach(function (id) {
        var s = byId[id];
        s.d = s.lat != null && s.lon != null ? haversine(origin.lat, origin.lon, s.lat, s.lon) : Infinity;
      });
      ids.sort(function (a, b) { return byId[a].d - byId[b].d; });
    }
    var own = visible.length;
    visible = visible.concat(ids);
    ids.slice(0, limit).forEach(function (id) { foundList.appendChild(stationItem(byId[id])); });
    more.hidden = ids.length <= limit;
    more.textContent = "再显示 " + Math.min(HUB_PAGE, ids.length - limit) + " 个（共 " + ids.length + " 个）";
    fillOpenLines();
    return own + Math.min(limit, ids.length);
  }

  /* ---------- Phones: results first (the filters fold into one summary line) ---------- */

  var bar = document.getElementById("xa-filterbar");
  var summary = document.getElementById("xa-filter-summary");
  var toggle = document.getElementById("xa-filter-toggle");
  var clear = document.getElementById("xa-filter-clear");
  var empty = document.getElementById("xa-empty");

  // "筛选：梅林街道 · 现在开放": what each active filter shows the reader, in the form's order.
  function summarise(f) {
    if (!summary) return;
    var parts = [];
    FIELDS.forEach(function (k) {
      var c = form.elements[k];
      if (!f[k] || !c) return;
      if (c.type === "checkbox") parts.push(c.parentNode.textContent.trim());
      else if (c.tagName === "SELECT") parts.push(c.options[c.selectedIndex].text);
      else parts.push("“" + f[k] + "”");
    });
    summary.textContent = "筛选：" + (parts.length ? parts.join(" · ") : "全部站点");
    clear.hidden = !parts.length;
  }
  function fold(folded) {
    form.classList.toggle("xa-filters--folded", folded);
    toggle.setAttribute("aria-expanded", folded ? "false" : "true");
  }
  // Nothing to go to (at night with 现在开放, say): what to do now, right under the summary line. A hotline open
  // around the clock may still match; it is listed below, but it is not a place to go.
  function showEmpty(f) {
    if (!empty) return;
    var places = visible.filter(function (id) { return byId[id] && byId[id].lat != null; }).length;
    empty.hidden = places > 0;
    if (empty.hidden) return;
    document.getElementById("xa-empty-title").textContent = visible.length ?
      (f.open ? "现在没有开放的站点可以前往" : "没有符合条件的站点可以前往") : "没有符合条件的站点";
    document.getElementById("xa-empty-why").textContent = (f.open ?
      "可以先打热线，或不限开放时间查看站点，改天前往或先电话预约。" : "请放宽筛选条件，或清除全部筛选。") +
      (visible.length ? "下方列出的热线或线上服务现在可以使用。" : "");
    document.getElementById("xa-empty-open").hidden = !f.open;
  }
  function showResults() {
    fold(true);
    bar.scrollIntoView({ block: "start" });
    toggle.focus({ preventScroll: true });
  }

  /* Near me: one flat list in distance order, replacing the grouping until the filters are cleared. */
  var nearBox = null, nearMsg = null;
  function say(msg) {
    if (!nearMsg) {
      nearMsg = el("p", "xa-filters__status");
      nearMsg.id = "xa-near-status";
      nearMsg.setAttribute("role", "status");
      count.parentNode.insertBefore(nearMsg, count);
    }
    nearMsg.textContent = msg;
  }
  function sortByDistance(lat, lon) {
    if (hub) {
      origin = { lat: lat, lon: lon };
      limit = HUB_PAGE;
      apply(false);
      say("已按距离排序，最近的在最前。您的位置只在本机浏览器中使用，不会上传。");
      return;
    }
    var rows = items.map(function (li, i) {
      var s = byId[li.getAttribute("data-id")];
      var d = s && s.lat != null && s.lon != null ? haversine(lat, lon, s.lat, s.lon) : Infinity;
      return { li: li, d: d, i: i };
    });
    // Places without coordinates (hotlines, online) keep their order at the end.
    rows.sort(function (a, b) { return a.d === b.d ? a.i - b.i : a.d < b.d ? -1 : 1; });
    if (!nearBox) {
      nearBox = el("section", "xa-near");
      nearBox.appendChild(el("h2", null, "按距离排列"));
      nearBox.appendChild(el("ul", "xa-results"));
      list.insertBefore(nearBox, list.firstChild);
    }
    var ul = $("ul", nearBox);
    rows.forEach(function (r) {
      var tag = $(".xa-distance", r.li);
      if (r.d !== Infinity) {
        if (!tag) { tag = el("span", "xa-meta xa-distance"); r.li.appendChild(tag); }
        tag.textContent = "距您约 " + distanceText(r.d);
      } else if (tag) { tag.parentNode.removeChild(tag); }
      ul.appendChild(r.li);
    });
    tidyGroups();
    say("已按距离排序，最近的在最前。您的位置只在本机浏览器中使用，不会上传。");
  }
  function unsort() {
    origin = null;
    if (!nearBox) return;
    items.forEach(function (li, i) {
      var tag = $(".xa-distance", li);
      if (tag) li.removeChild(tag);
      homes[i].appendChild(li);  // original order, because items are appended in document order
    });
    list.removeChild(nearBox);
    nearBox = null;
  }
  function nearFailed() {
    say("无法获取您的位置（可能未授权定位，或设备不支持）。请在“街道”中选择您所在的街道。");
    form.elements.street.focus();
  }
  function nearMe() {
    if (!navigator.geolocation) { nearFailed(); return; }
    say("正在获取您的位置…");
    navigator.geolocation.getCurrentPosition(function (pos) {
      sortByDistance(pos.coords.latitude, pos.coords.longitude);
    }, nearFailed, { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
  }

  /* The index (and the holiday calendar, and the map's settings) arrive once: at once on a list page, whose filters
     appear when they have; on the hub when the reader first opens or uses the filters, or comes with filters in
     the address. A failed request is asked again the next time. */
  var loading = null;
  function load() {
    if (loading) return loading;
    if (hub) count.textContent = "正在载入全部站点…";
    loading = Promise.all([
      h.getJSON(indexUrl),
      h.getJSON(ROOT + "assets/holidays.json").catch(function () { return null; }),  // without it: weekly hours only
      h.getJSON(ROOT + "stations/map.json")
    ]).then(function (r) {
      var meta = r[2];
      cal = r[1];
      data = { stations: rowsOf(r[0]), tiles: meta.tiles, streets: meta.streets, labels: meta.labels };
      data.stations.forEach(function (s) {
        byId[s.id] = s;
        order.push(s.id);
      });
      if (hub) count.textContent = "";
    });
    loading.catch(function () {
      loading = null;
      if (hub) count.textContent = "站点数据没有载入，请检查网络后再试一次，或在上方按街道查看。";
    });
    return loading;
  }
  // What a change of the filters does: at once when the index is here, after it arrives on the hub.
  function update(write) {
    if (write) limit = HUB_PAGE;
    if (data) { apply(write); return; }
    load().then(function () { fillOpenLines(); apply(write); }).catch(function () {});
  }

  function start() {
    form.hidden = false;
    bar.hidden = false;
    fold(true);
    toggle.addEventListener("click", function () {
      if (hub) load().catch(function () {});  // the reader is about to filter: fetch the index meanwhile
      fold(toggle.getAttribute("aria-expanded") === "true");
    });
    document.getElementById("xa-filter-done").addEventListener("click", showResults);
    clear.addEventListener("click", function () { form.reset(); toggle.focus(); });
    document.getElementById("xa-empty-clear").addEventListener("click", function () { form.reset(); });
    document.getElementById("xa-empty-open").addEventListener("click", function () {
      form.elements.open.checked = false;
      update(true);
    });
    fillForm(readQuery());
    form.addEventListener("focusin", function () { if (hub) load().catch(function () {}); });
    form.addEventListener("input", function () { update(true); });
    form.addEventListener("change", function () { update(true); });
    form.addEventListener("submit", function (e) { e.preventDefault(); update(true); });
    form.addEventListener("reset", function () {
      // The reset event fires before the controls are cleared.
      setTimeout(function () { unsort(); if (nearMsg) nearMsg.textContent = ""; update(true); }, 0);
    });
    document.getElementById("xa-near-me").addEventListener("click", function () {
      if (data) { nearMe(); return; }
      load().then(nearMe, function () {});
    });
    // Keep "open now" true while the page stays open.
    setInterval(function () {
      if (!data) return;
      fillOpenLines();
      if (readForm().open) apply(false);
    }, 60000);
  }

  // The map comes after the list, and only when the site has a tile source: without one it would be a grey box
  // with pins. Wide screens open it at once; on a phone it is one tap away. On the hub it waits for the index.
  function mapToggle(meta) {
    var mapEl = document.getElementById("xa-station-map");
    var button = document.getElementById("xa-map-toggle");
    if (!mapEl || !button || !meta.tiles || !meta.tiles.configured) return;
    document.getElementById("xa-nav-hint").hidden = true;
    button.hidden = false;
    var opened = false;
    var openMap = function () {
      opened = true;
      button.setAttribute("aria-expanded", "true");
      button.textContent = "隐藏地图";
      if (showOnMap) { mapEl.hidden = false; return; }
      load().then(function () { return listMap(ROOT, data, mapEl); })
        .then(function (show) { showOnMap = show; show(visible); })
        .catch(function () { mapEl.hidden = true; });
    };
    button.addEventListener("click", function () {
      if (!opened || mapEl.hidden) { openMap(); return; }
      opened = false;
      mapEl.hidden = true;
      button.setAttribute("aria-expanded", "false");
      button.textContent = "显示地图";
    });
    if (!hub && window.matchMedia && window.matchMedia("(min-width: 48em)").matches) openMap();
  }

  if (hub) {
    start();
    h.getJSON(ROOT + "stations/map.json").then(mapToggle).catch(function () {});
    var asked = readQuery();
    if (FIELDS.some(function (k) { return !!asked[k]; })) update(false);
    return;
  }
  load().then(function () {
    start();
    fillOpenLines();
    apply(false);
    mapToggle(data);
  }).catch(function () { /* the static list stays as it is */ });
}

/* ---------- A station page's small map ---------- */

function stationMap(ROOT, h, mapEl) {
  var lat = parseFloat(mapEl.getAttribute("data-lat")), lon = parseFloat(mapEl.getAttribute("data-lon"));
  if (isNaN(lat) || isNaN(lon)) return;
  var name = mapEl.getAttribute("data-name") || "";
  h.getJSON(ROOT + "stations/map.json").then(function (data) {
    if (!data.tiles || !data.tiles.configured) return null;  // the navigation links above say where it is
    return loadLeaflet(ROOT).then(function (L) {
      mapEl.hidden = false;  // hidden in the HTML so pages without JavaScript show no empty box
      var map = makeMap(L, mapEl, data.tiles);
      var at = shown(lat, lon, data.tiles.crs);
      L.marker(at, { keyboard: false, title: name, alt: name }).addTo(map);
      map.setView(at, 16);
    });
  }).catch(function () { mapEl.hidden = true; });  // the address and coordinates on the page still say where
}

/* ---------- A station page's 复制地址 button (shown only where the browser can copy) ---------- */

function copyButtons() {
  if (!navigator.clipboard || !window.isSecureContext) return;
  all("[data-xa-copy]").forEach(function (b) {
    var source = document.getElementById(b.getAttribute("data-xa-copy"));
    if (!source) return;
    b.hidden = false;
    b.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        b.textContent = "已复制";
      }, function () {
        b.textContent = "请长按地址复制";
      });
    });
  });
}

function start() {
  var list = document.getElementById("xa-station-list");
  if (list) { listPage(ROOT, h, list); return; }
  copyButtons();
  var mapEl = $(".xa-map[data-lat]");
  if (mapEl) stationMap(ROOT, h, mapEl);
}

// A module runs once the page is parsed (modules are deferred), after the modules it imports.
start();
