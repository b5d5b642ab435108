/* Elder-friendly mode (适老化): larger text, stronger contrast, bigger tap targets, simpler layout.
   The class is set before first paint by an inline line in main.html; this file adds the toggle and
   remembers the choice in localStorage (nothing is sent anywhere). */
var KEY = "xinan-elder";
function enabled() { return document.documentElement.classList.contains("xa-elder"); }
function apply(on) {
  document.documentElement.classList.toggle("xa-elder", on);
  try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* private mode: the toggle still works for this page */ }
  var b = document.getElementById("xa-elder-toggle");
  if (b) {
    b.setAttribute("aria-pressed", on ? "true" : "false");
    b.textContent = on ? "标准模式" : "长辈模式";
    b.title = on ? "恢复标准字号和版式" : "切换为大字号、高对比度的长辈模式";
  }
}
function addToggle() {
  var header = document.querySelector(".md-header__inner");
  if (!header || document.getElementById("xa-elder-toggle")) return;
  var b = document.createElement("button");
  b.type = "button";
  b.id = "xa-elder-toggle";
  b.className = "xa-elder-toggle";
  b.addEventListener("click", function () { apply(!enabled()); });
  var anchor = header.querySelector(".md-header__source") || null;
  header.insertBefore(b, anchor);
  apply(enabled());
}
document.addEventListener("DOMContentLoaded", addToggle);
