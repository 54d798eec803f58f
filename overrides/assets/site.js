/* The site's own scripts in one file (one request). It runs before Material's bundle, which it
 * loads on demand (themeOnDemand), so that the quick exit is the first thing that works. Each part
 * is its own function and does nothing on a page without its elements. */

/* Quick exit, after the GOV.UK "Exit this page" pattern.
 * The button is a plain link that works without JavaScript. With JavaScript, the button or
 * pressing Shift three times (within 5 seconds) blanks the page at once and replaces the
 * current history entry with a neutral site, so that Back does not come back here. */
(function quickExit() {
  "use strict";

  var link = document.querySelector("[data-quick-exit-link]");
  if (!link) { return; }
  var leaving = false;

  function exit(event) {
    if (event) { event.preventDefault(); }
    if (leaving) { return; }
    leaving = true;
    document.title = "";
    document.documentElement.classList.add("quick-exit-active");
    document.body.innerHTML = "";
    /* Like the link's rel="noreferrer": the neutral site must not learn where the reader was
     * (location.replace would send this site's address as Referer). */
    var policy = document.createElement("meta");
    policy.name = "referrer";
    policy.content = "no-referrer";
    document.head.appendChild(policy);
    window.location.replace(link.href);
  }

  link.addEventListener("click", exit);

  var presses = 0;
  var timer = null;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") { presses = 0; return; }
    if (event.repeat) { return; }
    presses += 1;
    clearTimeout(timer);
    timer = setTimeout(function () { presses = 0; }, 5000);
    if (presses >= 3) { presses = 0; exit(); }
  });
})();

/* Search on demand. Material's bundle starts its search as the page loads: it fetches the
 * language's search index (30-50 KB compressed) and starts the search worker (lunr), though few
 * readers search. This part holds both back until the reader opens the search box (a click or
 * tap on it, focus in it, or "/", "s" or "f", with which Material focuses it), or arrives from a
 * search result (?h=: Material marks the terms with the index). It runs before the bundle and
 * holds back the index request (XMLHttpRequest) and the search Worker, nothing else; Material's
 * search then works as it always does. Without JavaScript there is no search box, as before. */
(function searchOnDemand() {
  "use strict";
  if (!window.XMLHttpRequest || !window.Worker || typeof EventTarget !== "function") { return; }
  var INDEX = "search/search_index.json";
  var WORKER = "/workers/search.";
  var opened = false;
  var waiting = [];

  function open() {
    if (opened) { return; }
    opened = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }

  function whenOpen(go) {
    if (opened) { go(); } else { waiting.push(go); }
  }

  /* Material fetches the index with XMLHttpRequest: its request waits to be sent. */
  var xhr = XMLHttpRequest.prototype;
  var xhrOpen = xhr.open;
  var xhrSend = xhr.send;
  xhr.open = function (method, url) {
    this.onDemand = !opened && String(url).indexOf(INDEX) !== -1;
    return xhrOpen.apply(this, arguments);
  };
  xhr.send = function () {
    var request = this;
    var args = arguments;
    if (!request.onDemand) { return xhrSend.apply(request, args); }
    whenOpen(function () { xhrSend.apply(request, args); });
  };

  var RealWorker = window.Worker;
  function start(url, options) {
    return options === undefined ? new RealWorker(url) : new RealWorker(url, options);
  }
  function OnDemandWorker(url, options) {
    if (opened || String(url).indexOf(WORKER) === -1) { return start(url, options); }
    var proxy = new EventTarget();
    var queue = [];
    var real = null;
    /* Material talks to its worker by postMessage and "message" events only. */
    proxy.postMessage = function (message) {
      if (real) { real.postMessage(message); } else { queue.push(message); }
    };
    proxy.terminate = function () {
      queue = [];
      if (real) { real.terminate(); } else { real = false; }
    };
    whenOpen(function () {
      if (real === false) { return; }
      real = start(url, options);
      real.addEventListener("message", function (event) {
        proxy.dispatchEvent(new MessageEvent("message", { data: event.data }));
      });
      real.addEventListener("error", function () { proxy.dispatchEvent(new Event("error")); });
      queue.splice(0).forEach(function (message) { real.postMessage(message); });
    });
    return proxy;
  }
  OnDemandWorker.prototype = RealWorker.prototype;
  window.Worker = OnDemandWorker;

  var toggle = document.getElementById("__search");
  if (toggle) {
    toggle.addEventListener("change", function () { if (toggle.checked) { open(); } });
  }
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest("[data-md-component=search]")) { open(); }
  });
  if (/[?&]h=/.test(location.search)) { open(); }
})();

/* Material's script (its bundle) loads at the reader's first touch, click, key, scroll or focus.
 * It is what costs a phone the most main-thread time at load, and a reader who only reads needs
 * none of it: the text, the menu, the language switcher and the quick exit work without it, as
 * they do without JavaScript. Until it loads the page keeps Material's no-JavaScript layout
 * (html.site-lazy; site.css), except that the search button shows: the tap on it loads the
 * bundle, and searchOnDemand (above) lets the index through once search is open. The bundle
 * starts on DOMContentLoaded, which has passed by then: it gets that event once more.
 * The page's <script> names the bundle (data-theme-script, from the installed theme). */
(function themeOnDemand() {
  "use strict";
  var me = document.currentScript;
  var src = me && me.getAttribute("data-theme-script");
  if (!src) { return; }
  var root = document.documentElement;
  var EVENTS = ["pointerdown", "touchstart", "keydown", "wheel", "scroll", "focusin"];
  var loaded = false;
  root.classList.remove("no-js");
  root.classList.add("site-lazy");

  /* Material fetches "sitemap.xml" relative to every <link rel="alternate"> as it starts; our
   * hreflang links are per page, so each fetch would fail (and go to the production host).
   * Hide them from it while it starts, then put them back. */
  function alternates(rel) {
    document.querySelectorAll('link[rel="' + (rel === "alternate" ? "x-alternate" : "alternate") +
      '"][hreflang]').forEach(function (el) { el.setAttribute("rel", rel); });
  }

  /* A shortcut key that started the loading ("/", "s" or "f" opens search) is passed on to
   * the bundle once it runs, unless it was typed into a field. */
  function shortcut(event) {
    var t = event && event.type === "keydown" && event.target;
    if (!t || event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) {
      return null;
    }
    if (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) { return null; }
    return { key: event.key, code: event.code, shiftKey: event.shiftKey };
  }

  function load(event) {
    /* Only the reader scrolls the page; boxes inside it may scroll as the page lays out. */
    if (loaded || (event && event.type === "scroll" && event.target !== document)) { return; }
    loaded = true;
    var key = shortcut(event);
    EVENTS.forEach(function (name) { window.removeEventListener(name, load, true); });
    alternates("x-alternate");
    var script = document.createElement("script");
    script.src = src;
    script.onload = function () {
      if (document.readyState !== "loading") {
        document.dispatchEvent(new Event("DOMContentLoaded"));
      }
      root.classList.remove("site-lazy");
      setTimeout(function () {
        if (key) {
          key.bubbles = true;
          key.cancelable = true;
          (document.activeElement || document.body).dispatchEvent(new KeyboardEvent("keydown", key));
        }
        alternates("alternate");
        document.dispatchEvent(new Event("site:theme"));
      }, 0);
    };
    document.body.appendChild(script);
  }
  EVENTS.forEach(function (name) {
    window.addEventListener(name, load, { capture: true, passive: true });
  });
  /* Arriving from a search result (?h=): Material marks the search terms in the page. */
  if (/[?&]h=/.test(location.search)) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", load);
    } else { load(); }
  }
})();

/* "Open now" on helpline cards and in the help strip, computed from the hours printed in the page
 * (data-open, from data/helplines.yml) by the device's clock, in Latvian time (Europe/Riga).
 * No request, no storage. Without JavaScript the hours stay as text and nothing is claimed.
 * The rule is the same as sitekit/hours.py open_at(); tests/browser/test_open_now.py checks it at
 * fixed clock times. */
(function openNow() {
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

/* "Is this OK?" self-check (docs/<lang>/self-check.md).
 *
 * The page is a plain list inside [data-self-check]: each item is a statement (its first
 * paragraph, class "self-check__statement") followed by its explanation. Without JavaScript
 * the reader sees all of it. This script turns each item into a yes/no radio group (fieldset and
 * legend, native radios: Tab, arrow keys and Space work), shows an item's explanation only
 * while it is answered "yes", and keeps a short result (role="status") up to date.
 *
 * Private by design: it runs only in the browser, sends nothing, stores nothing (no storage, no
 * cookies), never touches the URL or history, and clears the answers when the page is left, so
 * that Back does not show them again. Every text comes from the page (data-yes, data-no and the
 * [data-self-check-message] templates), so the script has no language of its own.
 * On pages without [data-self-check] it does nothing. */
(function selfCheck() {
  "use strict";

  var root = document.querySelector("[data-self-check]");
  if (!root) { return; }
  var yesText = root.getAttribute("data-yes");
  var noText = root.getAttribute("data-no");
  var list = root.querySelector("ol, ul");
  if (!yesText || !noText || !list) { return; }

  function message(name) {
    var el = root.querySelector('[data-self-check-message="' + name + '"]');
    return el ? el.textContent.trim() : "";
  }

  function option(name, value, text) {
    var label = document.createElement("label");
    label.className = "self-check__option";
    var input = document.createElement("input");
    input.type = "radio";
    input.name = name;
    input.value = value;
    input.autocomplete = "off";
    var span = document.createElement("span");
    span.textContent = text;
    label.appendChild(input);
    label.appendChild(span);
    return label;
  }

  var items = [];
  Array.prototype.forEach.call(list.children, function (li, index) {
    if (li.tagName !== "LI") { return; }
    var statement = li.querySelector(".self-check__statement") || li.querySelector("p");
    if (!statement || statement.parentNode !== li) { return; }
    var name = "self-check-" + (index + 1);

    var fieldset = document.createElement("fieldset");
    fieldset.className = "self-check__question";
    var legend = document.createElement("legend");
    legend.className = "self-check__statement";
    while (statement.firstChild) { legend.appendChild(statement.firstChild); }
    fieldset.appendChild(legend);
    var options = document.createElement("div");
    options.className = "self-check__options";
    options.appendChild(option(name, "yes", yesText));
    options.appendChild(option(name, "no", noText));
    fieldset.appendChild(options);

    var explanation = document.createElement("div");
    explanation.className = "self-check__explanation";
    while (statement.nextSibling) { explanation.appendChild(statement.nextSibling); }
    explanation.hidden = true;

    li.replaceChild(fieldset, statement);
    li.appendChild(explanation);
    li.classList.add("self-check__item");
    items.push({ li: li, name: name, text: legend.textContent.trim(), explanation: explanation });
  });
  if (!items.length) { return; }

  var result = root.querySelector("[data-self-check-result]");
  if (!result) {
    result = document.createElement("div");
    list.parentNode.insertBefore(result, list.nextSibling);
  }
  result.classList.add("self-check__result");
  var status = document.createElement("p");
  status.className = "self-check__status";
  status.setAttribute("role", "status");
  var recap = document.createElement("div");
  recap.className = "self-check__recap";
  recap.hidden = true;
  var recapTitle = document.createElement("p");
  recapTitle.textContent = message("recap");
  var recapList = document.createElement("ul");
  recap.appendChild(recapTitle);
  recap.appendChild(recapList);
  result.insertBefore(recap, result.firstChild);
  result.insertBefore(status, recap);

  Array.prototype.forEach.call(root.querySelectorAll("[data-self-check-js-only]"), function (el) {
    el.hidden = false;
  });
  root.classList.add("self-check--enhanced");

  function answer(item) {
    var checked = item.li.querySelector('input[name="' + item.name + '"]:checked');
    return checked ? checked.value : "";
  }

  function update() {
    var yes = [];
    var answered = 0;
    items.forEach(function (item) {
      var value = answer(item);
      if (value) { answered += 1; }
      item.explanation.hidden = value !== "yes";
      item.li.classList.toggle("self-check__item--yes", value === "yes");
      if (value === "yes") { yes.push(item); }
    });
    var text = "";
    if (yes.length) {
      text = message("some");
    } else if (answered === items.length) {
      text = message("none");
    }
    if (status.textContent !== text) { status.textContent = text; }
    recapList.textContent = "";
    yes.forEach(function (item) {
      var entry = document.createElement("li");
      entry.textContent = item.text;
      recapList.appendChild(entry);
    });
    recap.hidden = !yes.length;
  }

  root.addEventListener("change", update);
  /* Leaving the page clears the answers: a page kept in the back/forward cache would
   * otherwise show them to whoever presses Back. */
  window.addEventListener("pagehide", function () {
    Array.prototype.forEach.call(root.querySelectorAll('input[type="radio"]'), function (input) {
      input.checked = false;
    });
    update();
  });
  update();
})();

/* Tables: Material puts each table in a box that scrolls sideways when the table is wider than
 * the screen. A box that can scroll must be reachable by keyboard (WCAG 2.1.1; axe
 * "scrollable-region-focusable"), at whatever width the reader turns to: each box joins the Tab
 * order as a region named after the section it is in. */
(function scrollableTables() {
  "use strict";
  function heading(box) {
    for (var el = box; el; el = el.previousElementSibling || el.parentElement) {
      if (/^H[1-6]$/.test(el.tagName) && el.id) { return el; }
      if (el.classList && el.classList.contains("md-content__inner")) { return null; }
    }
    return null;
  }
  function label(box) {
    var h = heading(box);
    if (h) { box.setAttribute("aria-labelledby", h.id); }
  }
  /* Before Material's bundle has run (themeOnDemand) a table scrolls itself; after, its box does. */
  function mark() {
    document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (box) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      label(box);
    });
    document.querySelectorAll(".md-typeset table:not([class])").forEach(function (table) {
      if (table.closest(".md-typeset__scrollwrap")) {
        if (table.hasAttribute("data-site-scroll")) {
          ["tabindex", "aria-labelledby", "data-site-scroll"].forEach(function (name) {
            table.removeAttribute(name);
          });
        }
      } else if (!table.hasAttribute("tabindex")) {
        table.setAttribute("tabindex", "0");
        table.setAttribute("data-site-scroll", "");
        label(table);
      }
    });
  }
  document.addEventListener("site:theme", mark);
  if (document.readyState === "complete") { mark(); } else { window.addEventListener("load", mark); }
})();
