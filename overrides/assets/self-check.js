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
(function () {
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
