/* "Open now" on helpline cards and in the help strip, computed from the hours printed in the page
 * (data-open, from data/helplines.yml) by the device's clock, in Latvian time (Europe/Riga).
 * No request, no storage. Without JavaScript the hours stay as text and nothing is claimed.
 * The rule is the same as sitekit/hours.py open_at(); tests/browser/test_open_now.py checks it at
 * fixed clock times. */
(function () {
  "use strict";
  var items = document.querySelectorAll("[data-open]");
  if (!items.length) { return; }
  var DAYS = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
  var parts = {};
  new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Riga", weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23"
  }).formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
  var day = DAYS[parts.weekday];
  var minute = parseInt(parts.hour, 10) * 60 + parseInt(parts.minute, 10);

  items.forEach(function (el) {
    var spec;
    try { spec = JSON.parse(el.getAttribute("data-open")); } catch (e) { return; }
    var always = spec === "always";
    var open = always;
    var workdays = false;
    if (!always && Array.isArray(spec)) {
      open = spec.some(function (p) { return p.d.indexOf(day) >= 0 && p.f <= minute && minute < p.t; });
      workdays = spec.some(function (p) { return p.w; });
    }
    var text = el.getAttribute(always ? "data-text-always" : open ? "data-text-open" : "data-text-closed");
    if (workdays) { text += " " + el.getAttribute("data-text-holiday"); }
    el.textContent = text;
    el.classList.add(open ? "is-open" : "is-closed");
    el.hidden = false;
    if (!open) {
      var card = el.closest("[data-open-card]");
      var alternatives = card && card.querySelector("[data-open-alternatives]");
      if (alternatives) { alternatives.hidden = false; }
    }
  });
})();
