/* The file inputs of common.widgets.FilePicker: show the chosen file's name beside the "Chọn tệp" button. */
(function () {
  "use strict";
  document.querySelectorAll("[data-file-picker]").forEach(function (box) {
    var input = box.querySelector("input[type=file]");
    var name = box.querySelector("[data-file-picker-name]");
    var empty = name.textContent;
    function show() {
      var files = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
      name.textContent = files.length ? files.join(", ") : empty;
      box.classList.toggle("has-file", files.length > 0);
    }
    name.hidden = false;
    input.addEventListener("change", show);
    show();
  });
})();
