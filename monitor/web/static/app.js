// Keyboard shortcuts for the daily run-through. Plain script, no dependencies, no inline code
// (the Content-Security-Policy allows only this file).
(function () {
  "use strict";

  function typing(event) {
    var tag = (event.target.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || event.target.isContentEditable;
  }

  function submitStatus(itemId, status, note, next) {
    var form = document.getElementById("key-action");
    form.action = "/items/" + itemId + "/status";
    form.elements.to.value = status;
    form.elements.note.value = note || "";
    form.elements.next.value = next || "";
    form.submit();
  }

  function queuePage() {
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr.row"));
    var current = 0;
    function focus(index) {
      if (!rows.length) { return; }
      current = Math.max(0, Math.min(rows.length - 1, index));
      rows.forEach(function (row, i) { row.classList.toggle("current", i === current); });
      rows[current].scrollIntoView({ block: "nearest" });
    }
    focus(0);
    document.addEventListener("keydown", function (event) {
      if (typing(event) || event.ctrlKey || event.metaKey || event.altKey || !rows.length) { return; }
      var row = rows[current];
      var box = row.querySelector("input[type=checkbox]");
      if (event.key === "j") { focus(current + 1); }
      else if (event.key === "k") { focus(current - 1); }
      else if (event.key === "x") { box.checked = !box.checked; }
      else if (event.key === "Enter" || event.key === "o") { window.location = "/items/" + row.dataset.item; }
      else if (event.key === "c" || event.key === "d") {
        var reason = "";
        if (event.key === "d") {
          reason = window.prompt("Skäl för att avfärda:");
          if (!reason) { return; }
        }
        var back = window.location.pathname + window.location.search;
        submitStatus(row.dataset.item, event.key === "c" ? "confirmed" : "dismissed", reason, back);
      } else if (event.key === "n") {
        var next = document.getElementById("next-page");
        if (next) { window.location = next.href; }
      } else { return; }
      event.preventDefault();
    });
  }

  function itemPage(layout) {
    document.addEventListener("keydown", function (event) {
      if (typing(event) || event.ctrlKey || event.metaKey || event.altKey) { return; }
      var next = layout.dataset.next;
      if (event.key === "n" && next) { window.location = "/items/" + next; }
      else if (event.key === "c" && document.getElementById("action-confirmed")) {
        submitStatus(layout.dataset.item, "confirmed", "", next);
      } else if (event.key === "e" && document.getElementById("action-escalated")) {
        submitStatus(layout.dataset.item, "escalated", "", "");
      } else if (event.key === "d" && document.getElementById("action-dismissed")) {
        var reason = window.prompt("Skäl för att avfärda:");
        if (!reason) { return; }
        submitStatus(layout.dataset.item, "dismissed", reason, next);
      } else { return; }
      event.preventDefault();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var layout = document.querySelector(".item-layout");
    if (layout) { itemPage(layout); } else if (document.getElementById("bulk")) { queuePage(); }
  });
})();
