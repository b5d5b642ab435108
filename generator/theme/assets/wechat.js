/* WeChat's in-app browser (user agent "MicroMessenger") does not download files: a tap on an .ics, .xlsx, .zip or
   .csv link (or a webcal: subscription) does nothing there. In WeChat only, such a tap shows how to open the page
   in the phone's browser instead of failing silently. Nothing changes in any other browser. */
var IN_WECHAT = /MicroMessenger/i.test(navigator.userAgent || "");
var DOWNLOAD = /\.(ics|xlsx|zip|csv)$/i;
var NOTE_ID = "xa-wechat-note";

function isDownload(a) {
  var href = a.getAttribute("href") || "";
  if (/^webcal:/i.test(href)) return true;
  var path = a.pathname || "";
  return DOWNLOAD.test(path);
}

function note() {
  var box = document.getElementById(NOTE_ID);
  if (box) return box;
  box = document.createElement("p");
  box.id = NOTE_ID;
  box.className = "xa-wechat-note";
  box.setAttribute("role", "alert");
  var strong = document.createElement("strong");
  strong.textContent = "微信里无法直接下载文件。";
  box.appendChild(strong);
  box.appendChild(document.createTextNode("请点右上角 ··· 选择\u201c在浏览器打开\u201d，再在浏览器里点这个链接。"));
  return box;
}

function show(a) {
  var box = note();
  var host = a.closest("li, p, dd, td") || a.parentNode;
  host.parentNode.insertBefore(box, host.nextSibling);
  box.scrollIntoView({ block: "nearest" });
}

function onClick(e) {
  var a = e.target.closest ? e.target.closest("a[href]") : null;
  if (!a || !isDownload(a)) return;
  e.preventDefault();
  show(a);
}

// A short note before the first download link, so the reader knows before tapping.
function downloadHint() {
  var links = Array.prototype.slice.call(document.querySelectorAll("a[href]")).filter(isDownload);
  if (!links.length) return;
  var hint = document.createElement("p");
  hint.className = "xa-wechat-hint";
  hint.textContent = "在微信中打开时无法下载文件或订阅日历：请点右上角 ··· 选择\u201c在浏览器打开\u201d。";
  var article = document.querySelector(".md-content__inner") || document.body;
  var h1 = article.querySelector("h1");
  if (h1) h1.parentNode.insertBefore(hint, h1.nextSibling);
  else article.insertBefore(hint, article.firstChild);
}

if (IN_WECHAT) {
  document.addEventListener("click", onClick);
  document.addEventListener("DOMContentLoaded", downloadHint);
}
