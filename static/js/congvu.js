/* Congvu page behaviour: no framework, no external script. */
(function () {
  "use strict";
  document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });

  function render(box, state) {
    var pct = state.percent != null ? state.percent : (state.total ? Math.floor(state.done * 100 / state.total) : 0);
    box.querySelector(".bar").style.width = pct + "%";
    box.querySelector(".progress").setAttribute("aria-valuenow", pct);
    box.querySelector("[data-percent]").textContent = pct;
    box.querySelector("[data-done]").textContent = state.done;
    box.querySelector("[data-total]").textContent = state.total;
    if (state.message != null) box.querySelector("[data-message]").textContent = state.message;
    box.dataset.state = state.status;
    if (state.status === "succeeded" || state.status === "failed") {
      if (!box.dataset.reloaded) { box.dataset.reloaded = "1"; window.location.reload(); }
      return true;
    }
    return false;
  }

  function poll(box) {
    fetch(box.dataset.statusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (state) { if (!render(box, state)) setTimeout(function () { poll(box); }, 1000); })
      .catch(function () { setTimeout(function () { poll(box); }, 2000); });
  }

  document.querySelectorAll("[data-job-progress]").forEach(function (box) {
    var finished = ["succeeded", "failed"];
    if (box.closest("main").querySelector("[data-job-result]:not([hidden])")) return;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var polling = false;
    function startPolling() { if (!polling) { polling = true; poll(box); } }
    try {
      var ws = new WebSocket(scheme + window.location.host + box.dataset.wsPath);
      ws.onmessage = function (e) { var msg = JSON.parse(e.data); if (msg.type === "job.progress") render(box, msg.state); };
      ws.onerror = startPolling;
      ws.onclose = function () { if (finished.indexOf(box.dataset.state) < 0) startPolling(); };
    } catch (e) { startPolling(); }
    // Progress from another process may not reach this socket: poll as well, more slowly.
    setTimeout(startPolling, 1500);
  });
})();

// Print buttons (no inline handlers: the Content Security Policy forbids them).
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (button) { event.preventDefault(); window.print(); }
});

// Menu groups (<details>): one open at a time, closed by a click elsewhere or Escape. Without script they still open.
document.addEventListener("click", function (event) {
  document.querySelectorAll("details[data-navgroup][open]").forEach(function (group) {
    if (!group.contains(event.target)) group.removeAttribute("open");
  });
});
document.addEventListener("keydown", function (event) {
  if (event.key !== "Escape") return;
  document.querySelectorAll("details[data-navgroup][open]").forEach(function (group) { group.removeAttribute("open"); });
});

// Unit picker (hrm.forms.UnitPicker, or any select[data-unit-picker]): a search box over the select that finds units
// by the beginnings of the words of their name, with or without accents ("ba tri" finds "Huyện Ba Tri"; "xa an" finds
// "Xã An Quy", not "Xã hội"), as hrm.selectors.units.unit_choices does. Without script the select works.
(function () {
  "use strict";
  function fold(text) {
    return text.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/\s+/g, " ").trim();
  }
  function visible(entries) {
    return entries.filter(function (entry) { return !entry.option.hidden; });
  }
  document.querySelectorAll("select[data-unit-picker]").forEach(function (select) {
    var entries = Array.prototype.map.call(select.options, function (option) {
      return { option: option, words: fold(option.textContent).split(" ") };
    });
    var box = document.createElement("input");
    box.type = "search";
    box.className = "unit-search";
    box.autocomplete = "off";
    box.placeholder = select.dataset.placeholder || "";
    if (select.id) {
      box.id = select.id + "-search";
      var label = document.querySelector('label[for="' + select.id + '"]');
      if (label) box.setAttribute("aria-label", label.textContent.trim() + " — " + box.placeholder);
    }
    box.setAttribute("aria-controls", select.id || "");
    select.parentNode.insertBefore(box, select);

    function collapse() {
      if (!select.multiple) select.removeAttribute("size");
    }
    function filter() {
      var words = fold(box.value).split(" ").filter(Boolean);
      entries.forEach(function (entry) {
        var blank = entry.option.value === "";
        entry.option.hidden = words.length > 0 && (blank || !words.every(function (typed) {
          return entry.words.some(function (word) { return word.lastIndexOf(typed, 0) === 0; });  // begins a word
        }));
      });
      var shown = visible(entries);
      if (!select.multiple) {
        if (words.length) select.size = Math.max(2, Math.min(8, shown.length)); else collapse();
        var current = select.options[select.selectedIndex];
        if (shown.length && (!current || current.hidden)) select.value = shown[0].option.value;
      }
      select.classList.toggle("unit-none", words.length > 0 && shown.length === 0);
    }
    function pick() {
      box.value = "";
      entries.forEach(function (entry) { entry.option.hidden = false; });
      select.classList.remove("unit-none");
      collapse();
    }
    box.addEventListener("input", filter);
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {  // picks the first match instead of sending the form half filled
        event.preventDefault();
        if (!select.multiple && visible(entries).length) { pick(); select.focus(); }
      } else if (event.key === "ArrowDown") {
        event.preventDefault();
        select.focus();
      }
    });
    select.addEventListener("change", function () { if (!select.multiple && box.value) pick(); });
    select.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !select.multiple && box.value) { event.preventDefault(); pick(); }
    });
  });
})();
