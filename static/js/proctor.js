// The proctor's console of one room (exams/templates/exams/live/proctor.html, docs/exam-protocol.md): the seat map
// from the socket's `roster`, each `candidate` message replacing one seat, the remaining time counting down here
// between updates, the commands with their reason dialog, and the room's minutes reloaded after each change.
(function () {
  "use strict";
  var root = document.querySelector("[data-proctor-console]");
  if (!root) return;
  var labels = JSON.parse(document.getElementById("proctor-labels").textContent);
  var map = root.querySelector("[data-seat-map]");
  var connection = root.querySelector("[data-connection]");
  var flash = root.querySelector("[data-flash]");
  var dialog = root.querySelector("[data-command-dialog]");
  var seatActions = root.querySelector("[data-seat-actions]");
  var seats = {};      // candidate id -> seat dict, plus `_at` (when its remaining_ms was true)
  var selected = null; // candidate id of the seat the proctor clicked
  var room = null;
  var socket = null;
  var retry = 1000;

  function text(el, value) { el.textContent = value == null ? "" : String(value); }
  function fmt(ms) {
    var s = Math.max(0, Math.round(ms / 1000));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return (h ? h + ":" + (m < 10 ? "0" : "") : "") + m + ":" + (r < 10 ? "0" : "") + r;
  }
  function remaining(seat) {
    return seat.status === "in_progress" ? seat.remaining_ms - (Date.now() - seat._at) : seat.remaining_ms;
  }
  function timeOfDay(iso) {
    if (!iso) return labels.never;
    var d = new Date(iso);
    return d.toLocaleTimeString("vi-VN", { hour12: false });
  }

  function say(message, isError) {
    text(flash, message);
    flash.hidden = false;
    flash.classList.toggle("error", !!isError);
    clearTimeout(say.timer);
    say.timer = setTimeout(function () { flash.hidden = true; }, 6000);
  }

  function setConnection(state) {
    connection.dataset.state = state;
    text(connection, labels[state] || state);
  }

  // --- the seat map ----------------------------------------------------------------------------------------
  function seatCard(seat) {
    var card = map.querySelector('[data-seat="' + seat.id + '"]');
    if (!card) {
      card = document.createElement("button");
      card.type = "button";
      card.className = "seat";
      card.setAttribute("role", "listitem");
      card.dataset.seat = seat.id;
      card.innerHTML = '<span class="seat-no"></span><span class="dot" aria-hidden="true"></span>' +
        '<span class="seat-name"></span><span class="seat-number"></span>' +
        '<span class="seat-progress"></span><span class="seat-time"></span>' +
        '<span class="seat-status"></span><span class="seat-part" hidden></span>' +
        '<span class="seat-events" hidden></span>';
      map.appendChild(card);
    }
    return card;
  }

  function renderSeat(seat) {
    var card = seatCard(seat);
    card.dataset.status = seat.status;
    card.dataset.connected = seat.connected ? "1" : "0";
    card.classList.toggle("selected", String(selected) === String(seat.id));
    text(card.querySelector(".seat-no"), seat.seat != null ? labels.seat + " " + seat.seat : "");
    text(card.querySelector(".seat-name"), seat.name);
    text(card.querySelector(".seat-number"), seat.number);
    text(card.querySelector(".seat-progress"), seat.answered + "/" + seat.total + " " + labels.answered);
    text(card.querySelector(".seat-time"), fmt(remaining(seat)));
    var status = labels.status[seat.status] || seat.status;
    text(card.querySelector(".seat-status"), status + (seat.relogin_allowed ? " · " + labels.relogin_allowed : ""));
    var part = card.querySelector(".seat-part");  // parts timed in turn: the part he works on
    part.hidden = !seat.part;
    text(part, seat.part ? labels.part.replace("%(n)s", seat.part.number).replace("%(of)s", seat.part.of) : "");
    var events = card.querySelector(".seat-events");
    var recent = seat.events || [];
    events.hidden = recent.length === 0;
    text(events, recent.length ? "⚠ " + recent.length : "");
    events.title = recent.map(function (e) { return timeOfDay(e.at) + " " + (labels.events[e.kind] || e.kind); }).join("\n");
    card.title = seat.name + " — " + labels.last_seen + ": " + timeOfDay(seat.last_seen);
  }

  function renderCounts() {
    var counts = { connected: 0, in_progress: 0, paused: 0, submitted: 0, all: 0 };
    Object.keys(seats).forEach(function (id) {
      var seat = seats[id];
      counts.all += 1;
      if (seat.connected) counts.connected += 1;
      if (counts[seat.status] !== undefined) counts[seat.status] += 1;
    });
    root.querySelectorAll("[data-count]").forEach(function (dd) {
      var key = dd.dataset.count;
      text(dd, key === "connected" ? counts.connected + "/" + counts.all : counts[key]);
    });
  }

  function renderRoom() {
    if (!room) return;
    var badge = root.querySelector("[data-room-status]");
    badge.className = "status live-" + room.status;
    text(badge, labels.status[room.status + "_room"] || room.status);
    root.querySelectorAll(".console-actions [data-command]").forEach(function (button) {
      var c = button.dataset.command;
      button.disabled = (c === "start" && room.status !== "waiting") ||
        (c === "pause" && room.status !== "in_progress") || (c === "resume" && room.status !== "paused");
    });
  }

  function setSeat(seat) {
    seat._at = Date.now();
    seats[seat.id] = seat;
    renderSeat(seat);
  }

  function roster(message) {
    room = message.room;
    seats = {};
    map.querySelectorAll("[data-seat]").forEach(function (card) { card.remove(); });
    message.candidates.sort(function (a, b) { return (a.seat || 0) - (b.seat || 0); }).forEach(setSeat);
    if (!message.candidates.length) { var p = document.createElement("p"); p.className = "muted"; text(p, labels.no_seat); map.appendChild(p); }
    renderCounts();
    renderRoom();
    showSelection();
  }

  setInterval(function () {
    Object.keys(seats).forEach(function (id) {
      var seat = seats[id];
      if (seat.status === "in_progress") text(seatCard(seat).querySelector(".seat-time"), fmt(remaining(seat)));
    });
  }, 1000);

  // --- the room's minutes --------------------------------------------------------------------------------
  function reloadLog() {
    fetch(root.dataset.logUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (lines) {
        var body = root.querySelector("[data-room-log]");
        body.textContent = "";
        lines.forEach(function (line) {
          var tr = document.createElement("tr");
          var at = new Date(line.at);
          var when = at.toLocaleTimeString("vi-VN", { hour12: false }) + " " + at.toLocaleDateString("vi-VN", { day: "2-digit", month: "2-digit", year: "numeric" });
          var who = line.candidate ? line.candidate.number + " — " + line.candidate.name : "";
          var what = line.detail ? line.kind_label + " (" + line.detail + ")" : line.kind_label;
          [when, line.actor, what, who, line.reason].forEach(function (value) {
            var td = document.createElement("td"); text(td, value); tr.appendChild(td);
          });
          body.appendChild(tr);
        });
      })
      .catch(function () { /* the next change reloads it */ });
  }

  // --- commands ----------------------------------------------------------------------------------------------
  function send(command) {
    if (!socket || socket.readyState !== WebSocket.OPEN) { return false; }
    socket.send(JSON.stringify(command));
    return true;
  }

  function showSelection() {
    if (!seatActions) return;
    var seat = selected != null ? seats[selected] : null;
    seatActions.hidden = !seat;
    map.querySelectorAll(".seat.selected").forEach(function (card) { card.classList.remove("selected"); });
    if (!seat) return;
    seatCard(seat).classList.add("selected");
    text(seatActions.querySelector("[data-seat-selected]"), seat.number + " — " + seat.name);
    seatActions.querySelectorAll("[data-command]").forEach(function (button) {
      var c = button.dataset.command;
      var closed = seat.status === "submitted";
      button.disabled = closed || (c === "pause" && seat.status !== "in_progress") ||
        (c === "resume" && seat.status !== "paused") || (c === "force_submit" && seat.status === "waiting");
      if (c === "incident") button.disabled = false;
    });
  }

  map.addEventListener("click", function (event) {
    var card = event.target.closest("[data-seat]");
    if (!card) return;
    selected = String(selected) === card.dataset.seat ? null : card.dataset.seat;
    showSelection();
  });
  if (seatActions) {
    seatActions.querySelector("[data-seat-clear]").addEventListener("click", function () { selected = null; showSelection(); });
  }

  function needs(kind) {
    return { reason: kind === "pause" || kind === "extend" || kind === "force_submit" || kind === "incident",
             minutes: kind === "extend", optionalReason: kind === "allow_relogin" || kind === "resume" };
  }

  function openDialog(kind, candidate) {
    var form = dialog.querySelector("form");
    var need = needs(kind);
    dialog.dataset.kind = kind;
    dialog.dataset.candidate = candidate || "";
    var title = labels.commands[kind];
    if (!candidate && kind === "pause") title = labels.room_pause;
    if (!candidate && kind === "resume") title = labels.room_resume;
    text(dialog.querySelector("[data-dialog-title]"), title);
    var seat = candidate ? seats[candidate] : null;
    text(dialog.querySelector("[data-dialog-who]"), seat ? seat.number + " — " + seat.name : labels.whole_room);
    dialog.querySelector('[data-field="minutes"]').hidden = !need.minutes;
    dialog.querySelector('[data-field="reason"]').hidden = !(need.reason || need.optionalReason) || kind === "resume" || kind === "allow_relogin";
    text(dialog.querySelector("[data-reason-label]"), kind === "incident" ? labels.incident_text : labels.reason);
    form.reason.value = "";
    form.reason.required = need.reason;
    dialog.querySelector("[data-dialog-error]").hidden = true;
    dialog.showModal();
    (need.minutes ? form.minutes : (need.reason ? form.reason : dialog.querySelector("[data-dialog-send]"))).focus();
  }

  root.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-command]");
    if (!button || button.disabled) return;
    var kind = button.dataset.command;
    var candidate = button.hasAttribute("data-for-seat") ? selected : null;
    if (kind === "start") {
      if (window.confirm(labels.confirm_start) && !send({ type: "start" })) say(labels.not_open, true);
      return;
    }
    openDialog(kind, candidate);
  });

  if (dialog) {
    dialog.querySelector("[data-dialog-cancel]").addEventListener("click", function () { dialog.close(); });
    dialog.querySelector("form").addEventListener("submit", function (event) {
      event.preventDefault();
      var form = event.target;
      var kind = dialog.dataset.kind;
      var command = { type: kind };
      if (dialog.dataset.candidate) command.candidate = Number(dialog.dataset.candidate);
      if (kind === "extend") command.minutes = Number(form.minutes.value);
      if (kind === "incident") command.text = form.reason.value.trim();
      else if (!dialog.querySelector('[data-field="reason"]').hidden) command.reason = form.reason.value.trim();
      if (!send(command)) { showDialogError(labels.not_open); }
    });
  }

  function showDialogError(message) {
    var box = dialog && dialog.querySelector("[data-dialog-error]");
    if (box && dialog.open) { text(box, message); box.hidden = false; } else { say(message, true); }
  }

  // --- the socket ----------------------------------------------------------------------------------------------
  function onMessage(event) {
    var message = JSON.parse(event.data);
    if (message.type === "roster") { roster(message); }
    else if (message.type === "candidate") { setSeat(message.candidate); renderCounts(); showSelection(); }
    else if (message.type === "incident") { reloadLog(); }
    else if (message.type === "done") {
      if (message.room) { room = Object.assign(room || {}, message.room); renderRoom(); }
      if (dialog && dialog.open) dialog.close();
      say(labels.done.replace("%(command)s", labels.commands[message.command] || message.command));
      reloadLog();
    } else if (message.type === "error") { showDialogError(message.message || message.code); }
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var opened = false;
    setConnection("connecting");
    socket = new WebSocket(scheme + window.location.host + root.dataset.wsPath);
    socket.onopen = function () { opened = true; retry = 1000; setConnection("connected"); };
    socket.onmessage = onMessage;
    socket.onclose = function () {
      setConnection(opened ? "offline" : "refused");
      if (!opened) retry = Math.min(retry * 2, 15000);
      setTimeout(connect, retry);
    };
  }
  connect();
})();
