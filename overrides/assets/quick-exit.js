/* Quick exit, after the GOV.UK "Exit this page" pattern.
 * The button is a plain link that works without JavaScript. With JavaScript, the button or
 * pressing Shift three times (within 5 seconds) blanks the page at once and replaces the
 * current history entry with a neutral site, so that Back does not come back here. */
(function () {
  "use strict";

  /* Material's language switcher fetches "sitemap.xml" relative to every
   * <link rel="alternate">; our hreflang links are per page, so each fetch would fail (and go
   * to the production host). Hide them from it while it starts, then put them back. */
  var alternates = document.querySelectorAll('link[rel="alternate"][hreflang]');
  alternates.forEach(function (el) { el.setAttribute("rel", "x-alternate"); });
  document.addEventListener("DOMContentLoaded", function () {
    setTimeout(function () {
      alternates.forEach(function (el) { el.setAttribute("rel", "alternate"); });
    }, 0);
  });

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
