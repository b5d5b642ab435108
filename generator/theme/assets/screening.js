/* Self-screening (PHQ-9, GAD-7): scores the form on this device. It sends nothing, stores nothing and leaves the
   URL alone: no request, no cookie or storage, no form submission. The texts, bands and crisis boxes are the
   page's own (rendered from the reviewed YAML); this script only shows and hides them. The scorer mirrors
   generator/screening.py:score(), and tests/browser/test_screening.py checks that both agree at every band edge (it
   imports score from this ES module). */
/* answers: the chosen option scores in item order; bands: [{min, max}] covering 0..max; safety: item number
   (1-based) whose answer above the lowest option is urgent, or 0. Returns null while an answer is missing. */
export function score(answers, bands, safety) {
  var total = 0;
  for (var i = 0; i < answers.length; i++) {
    if (typeof answers[i] !== "number") return null;
    total += answers[i];
  }
  var band = null;
  for (var j = 0; j < bands.length; j++) {
    if (bands[j].min <= total && total <= bands[j].max) band = bands[j];
  }
  return { total: total, band: band, urgent: safety > 0 && answers[safety - 1] > 0 };
}

function start() {
  var form = document.getElementById("xa-screen");
  if (!form) return;
  var result = document.getElementById("xa-screen-result");
  var urgentBox = document.getElementById("xa-screen-urgent");
  var resultUrgent = document.getElementById("xa-screen-result-urgent");
  var crisis = result.querySelector(".xa-crisis");
  var missing = document.getElementById("xa-screen-missing");
  var safety = parseInt(form.getAttribute("data-xa-safety"), 10) || 0;
  var items = Array.prototype.slice.call(form.querySelectorAll(".xa-screen__item"));
  var bandEls = Array.prototype.slice.call(result.querySelectorAll(".xa-screen__band"));
  var bands = bandEls.map(function (el) {
    return { min: parseInt(el.getAttribute("data-min"), 10), max: parseInt(el.getAttribute("data-max"), 10), el: el };
  });

  function answers() {
    return items.map(function (fs) {
      var checked = fs.querySelector("input:checked");
      return checked ? parseInt(checked.value, 10) : undefined;
    });
  }

  /* Item 9 answered above "not at all": the crisis lines appear at once, under the question, before any result. */
  function checkSafety() {
    if (!safety || !urgentBox) return;
    var a = answers()[safety - 1];
    urgentBox.hidden = !(typeof a === "number" && a > 0);
  }

  function show() {
    var a = answers();
    var gaps = [];
    a.forEach(function (v, i) { if (typeof v !== "number") gaps.push(i + 1); });
    if (gaps.length) {
      result.hidden = true;
      missing.textContent = "还有 " + gaps.length + " 道题没有回答：第 " + gaps.join("、") + " 题。每道题都回答后才能计分。";
      missing.hidden = false;
      var first = items[gaps[0] - 1].querySelector("input");
      first.focus();
      return;
    }
    missing.hidden = true;
    missing.textContent = "";
    var r = score(a, bands, safety);
    document.getElementById("xa-screen-total").textContent = String(r.total);
    bands.forEach(function (b) { b.el.hidden = b !== r.band; });
    if (resultUrgent) resultUrgent.hidden = !r.urgent;
    // Every result carries the crisis lines: first when item 9 was endorsed, otherwise after the next steps.
    if (crisis) {
      if (r.urgent) result.insertBefore(crisis, resultUrgent.nextSibling);
      else result.insertBefore(crisis, document.querySelector(".xa-screen__privacy"));
    }
    result.hidden = false;
    result.focus();
  }

  function reset() {
    form.reset();
    result.hidden = true;
    missing.hidden = true;
    if (urgentBox) urgentBox.hidden = true;
    var first = form.querySelector("input");
    if (first) first.focus();
  }

  form.addEventListener("change", function (e) {
    checkSafety();
    if (!result.hidden && e.target && e.target.type === "radio") result.hidden = true;  // the shown score is stale
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });  // nothing ever leaves the page
  document.getElementById("xa-screen-score").addEventListener("click", show);
  document.getElementById("xa-screen-reset").addEventListener("click", reset);
  document.getElementById("xa-screen-actions").hidden = false;
  checkSafety();
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
