/* New staff record: show the coefficient the chosen rank and step give on the recruitment date.
   The table (the salary groups each rank is paid in, period by period) and the sentences come from the page;
   the service computes the coefficient again and refuses a step the group does not have. */
(function () {
  "use strict";
  var form = document.querySelector("[data-staff-hire]");
  var out = form && form.querySelector("[data-hire-coefficient]");
  if (!out) return;
  var table = JSON.parse(out.dataset.table || "{}");

  function pad(n) { return (n.length < 2 ? "0" : "") + n; }

  function isoDate(text) {  // dd/mm/yyyy (or dd-mm-yyyy, yyyy-mm-dd) → yyyy-mm-dd, else null
    var m = /^\s*(\d{1,2})[\/\-.](\d{1,2})[\/\-.](\d{4})\s*$/.exec(text);
    if (m) return m[3] + "-" + pad(m[2]) + "-" + pad(m[1]);
    m = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/.exec(text);
    return m ? m[1] + "-" + m[2] + "-" + m[3] : null;
  }

  function fill(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (all, key) { return values[key] != null ? values[key] : all; });
  }

  function period(rank, on) {
    var periods = table[rank] || [];
    for (var i = 0; i < periods.length; i++) {
      if (periods[i].from <= on && (!periods[i].to || on < periods[i].to)) return periods[i];
    }
    return null;
  }

  function update() {
    var rank = form.elements.rank.value;
    var step = String(parseInt(form.elements.step.value, 10));
    var on = isoDate(form.elements.on.value);
    var found = rank && on ? period(rank, on) : null;
    var text = "", state = "";
    if (rank && on && !found) {
      text = out.dataset.textNoGroup; state = "refused";
    } else if (found && found.steps[step]) {
      text = fill(out.dataset.textCoefficient, { group: found.group, step: step, coefficient: found.steps[step] });
      state = "ok";
    } else if (found && step !== "NaN") {
      var steps = Object.keys(found.steps).map(Number).sort(function (a, b) { return a - b; });
      text = fill(out.dataset.textNoStep, { group: found.group, first: steps[0], last: steps[steps.length - 1] });
      state = "refused";
    }
    out.textContent = text;
    out.dataset.state = state;
  }

  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
