// Test helpers that tests/browser/pagecheck.py injects into every page it checks (an init
// script: it runs before the page's own scripts). Not part of the site.
(() => {
  "use strict";

  // Transitions and animations off, so that every check sees the settled state at once (a
  // drawer that has slid in, a menu that has closed) instead of waiting for it.
  const css = "*, *::before, *::after { transition: none !important; animation: none !important; }"
    + " html { scroll-behavior: auto !important; }";
  const addStyle = () => {
    const style = document.createElement("style");
    style.textContent = css;
    document.head.appendChild(style);
  };
  if (document.head) { addStyle(); } else { document.addEventListener("DOMContentLoaded", addStyle); }

  const keys = new WeakMap();
  const elements = new Map();
  let next = 0;

  // What a keyboard user sees of the focused element: a focus indicator (outline or
  // box-shadow), and some of the element not covered by anything (WCAG 2.4.7, 2.4.11).
  function describe(el) {
    if (!keys.has(el)) { keys.set(el, ++next); elements.set(next, el); }
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0
      && s.outlineColor !== "transparent" && !/,\s*0\)$/.test(s.outlineColor);
    const shadow = Boolean(s.boxShadow) && s.boxShadow !== "none";
    const r = el.getBoundingClientRect();
    let seen = false;
    if (r.width > 0 && r.height > 0) {
      for (const x of [r.left + 2, r.left + r.width / 2, r.right - 2]) {
        for (const y of [r.top + 2, r.top + r.height / 2, r.bottom - 2]) {
          if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) { continue; }
          const hit = document.elementFromPoint(x, y);
          if (hit && (hit === el || el.contains(hit) || hit.contains(el))) { seen = true; }
        }
      }
    }
    const label = (el.getAttribute("aria-label") || el.textContent || el.value || "")
      .trim().replace(/\s+/g, " ").slice(0, 40);
    const cls = (el.getAttribute("class") || "").replace("focus-visible", "").trim();
    return {
      key: keys.get(el),
      id: el.tagName.toLowerCase() + (cls ? "." + cls.split(/\s+/).join(".") : "")
        + (el.getAttribute("href") ? `[href="${el.getAttribute("href")}"]` : "")
        + (label ? ` "${label}"` : ""),
      quickExit: el.matches("[data-quick-exit-link]"),
      indicator: outline || shadow,
      seen: seen,
      size: [Math.round(r.width), Math.round(r.height)],
    };
  }

  // Every element that receives focus, described the moment it does (after the browser has
  // scrolled it into view), so that Tab can be pressed many times between two reads.
  const log = [];
  document.addEventListener("focusin", (event) => { log.push(describe(event.target)); }, true);

  window.__pagecheck = {
    log: log,
    // Back to the top with nothing focused, as on a fresh load; empty the log.
    reset() {
      const body = document.body;
      body.setAttribute("tabindex", "-1");
      body.focus({ preventScroll: true });
      body.blur();
      body.removeAttribute("tabindex");
      window.scrollTo(0, 0);
      log.length = 0;
    },
    // An element described as unseen the moment it took focus may be revealed by the page's
    // own focus handler a moment later (Material opens the search when its field is focused):
    // focus it again, let the page react for two frames, and describe it then.
    async recheck(key) {
      const el = elements.get(key);
      if (!el) { return null; }
      el.focus();
      const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
      let info = null;
      for (let n = 0; n < 30; n++) {  // about half a second
        await frame();
        info = document.activeElement === el ? describe(el) : null;
        if (!info || (info.seen && info.indicator)) { break; }
      }
      this.reset();
      return info;
    },
    // About how many elements Tab will stop at, to press Tab that often in one go.
    tabbable() {
      const selector = "a[href], area[href], button, input, select, textarea, summary, iframe,"
        + " [tabindex], [contenteditable='true']";
      return [...document.querySelectorAll(selector)].filter((el) => !el.disabled
        && el.tabIndex >= 0 && el.checkVisibility({ visibilityProperty: true })).length;
    },
    // Starts axe after the next frame (layout settled); the result lands in `axe`.
    startAxe(tags) {
      this.axe = null;
      requestAnimationFrame(() => {
        window.axe.run(document, {
          runOnly: { type: "tag", values: tags },
          resultTypes: ["violations"],
        }).then(
          (r) => { this.axe = JSON.stringify(r.violations); },
          (e) => { this.axe = JSON.stringify({ error: String(e) }); },
        );
      });
    },
    axe: null,
  };
})();
