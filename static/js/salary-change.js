// The salary change form (hrm/templates/hrm/salary_change.html): show only the fields the chosen reason uses.
// Hidden fields are also disabled, so they are not sent; without this script every field shows.
(function () {
  "use strict";
  var form = document.querySelector("[data-salary-form]");
  if (!form) return;
  var reason = form.querySelector("[name=reason]");
  var uses = {
    regular: ["step", "position_allowance", "other_allowance"],
    early: ["step", "position_allowance", "other_allowance"],
    // a promotion's step is the rules' (equal or next higher coefficient, TT 02/2007/TT-BNV): not asked for
    promotion: ["rank", "position_allowance", "other_allowance"],
    transfer: ["rank", "step", "position_allowance", "other_allowance"],
    seniority: ["seniority_percent", "position_allowance", "other_allowance"],
    correction: ["rank", "step", "seniority_percent", "position_allowance", "other_allowance"]
  };
  var optional = ["rank", "step", "seniority_percent", "position_allowance", "other_allowance"];

  function update() {
    var shown = uses[reason.value] || optional;
    optional.forEach(function (name) {
      var box = form.querySelector("[data-field=" + name + "]");
      if (!box) return;
      var off = shown.indexOf(name) < 0 && !box.classList.contains("has-error");
      box.hidden = off;
      box.querySelectorAll("input, select").forEach(function (input) { input.disabled = off; });
    });
  }
  reason.addEventListener("change", update);
  update();
})();
