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
