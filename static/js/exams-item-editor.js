// The question editor: show only the option columns the chosen type uses (the page works without it).
(function () {
  "use strict";
  var form = document.querySelector("[data-item-editor]");
  if (!form) { return; }
  var kind = form.querySelector("select[name=kind]");
  // columns of the option table: 1 #, 2 text, 3 share, 4 matches, 5 value, 6 tolerance, 7 feedback, 8 remove
  var shown = {
    single: [1, 2, 3, 7, 8], multiple: [1, 2, 3, 7, 8], fill_in: [1, 2, 3, 7, 8],
    numerical: [1, 3, 5, 6, 7, 8], matching: [1, 2, 4, 8], true_false: [1, 7], essay: []
  };
  function apply() {
    var cols = shown[kind.value] || [1, 2, 3, 4, 5, 6, 7, 8];
    form.querySelectorAll(".option-rows tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        cell.hidden = cols.indexOf(i + 1) < 0;
      });
    });
    var options = form.querySelector("[data-options] .table-scroll");
    if (options) { options.hidden = kind.value === "essay"; }
    var tf = form.querySelector("[data-field=true_false]");
    if (tf) { tf.hidden = kind.value !== "true_false"; }
    var rows = form.querySelectorAll(".option-rows tbody tr");
    rows.forEach(function (row, i) { row.hidden = kind.value === "true_false" && i > 1; });
  }
  kind.addEventListener("change", apply);
  apply();
})();
