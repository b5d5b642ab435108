/* The 404 page is one static file served for every unknown URL. Under /registry/ a reader most likely scanned
   a QR code or typed a registration number that is not on the register: say so, show the number they asked
   for (as text, never as markup) and put it in the lookup box. Elsewhere the registry part is hidden. An ES module
   like the other engine scripts; it needs no other file. */
function setup() {
  var section = document.getElementById("xa-404-registry");
  if (!section) return;
  var scope = window.__md_scope ? new URL(window.__md_scope).pathname : "/";
  var path = location.pathname;
  if (path.indexOf(scope) === 0) path = path.slice(scope.length);
  var m = /^\/?registry\/([^/]*)/.exec(path);
  if (!m) {
    section.hidden = true;
    return;
  }
  var number = "";
  try { number = decodeURIComponent(m[1]); } catch (e) { number = m[1]; }
  number = number.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, "").slice(0, 40);
  document.getElementById("xa-404-title").textContent = "登记名册中没有这个编号";
  document.getElementById("xa-404-registry-title").textContent = "这个登记编号查询不到";
  var general = document.getElementById("xa-404-general");
  if (general) general.hidden = true;
  if (number) {
    document.getElementById("xa-404-number").textContent = "（您访问的编号：" + number + "）";
    var box = document.getElementById("xa-404-q");
    if (box) box.value = number;
  }
  document.title = "登记编号查询不到 - " + document.title.replace(/^.*? - /, "");
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
else setup();
