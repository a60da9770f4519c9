// The result slip's Print button (kept out of the template: the pages carry no inline script).
(function () {
  "use strict";
  var button = document.querySelector("[data-print]");
  if (button) button.addEventListener("click", function () { window.print(); });
})();
