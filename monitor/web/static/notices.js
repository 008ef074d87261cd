// Copies a notice's text to the clipboard. A separate file: the Content-Security-Policy allows
// no inline script.
(function () {
  "use strict";

  function copy(button) {
    var source = document.getElementById(button.dataset.copy);
    var status = document.getElementById("copy-status");
    if (!source) { return; }
    function done(ok) {
      if (status) { status.textContent = ok ? "Kopierad." : "Kunde inte kopiera; markera texten och kopiera själv."; }
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.value).then(function () { done(true); }, function () { done(false); });
      return;
    }
    source.select();
    try { done(document.execCommand("copy")); } catch (e) { done(false); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), function (button) {
      button.addEventListener("click", function () { copy(button); });
    });
  });
})();
