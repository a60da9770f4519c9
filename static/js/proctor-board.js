// The board of a shift (exams/templates/exams/live/proctor_board.html): per room, how many candidates are
// connected, started, paused and submitted, and how many incidents, counted here from the socket's `board` message
// and every `candidate` and `incident` message after it.
(function () {
  "use strict";
  var root = document.querySelector("[data-proctor-board]");
  if (!root) return;
  var labels = JSON.parse(document.getElementById("proctor-labels").textContent);
  var connection = root.querySelector("[data-connection]");
  var rooms = {};      // room id -> {status, incidents, seats: {candidate id -> seat}}
  var roomOf = {};     // candidate id -> room id
  var retry = 1000;

  function text(el, value) { if (el) el.textContent = value == null ? "" : String(value); }

  function counts(seats) {
    var c = { seated: 0, connected: 0, started: 0, paused: 0, submitted: 0 };
    Object.keys(seats).forEach(function (id) {
      var seat = seats[id];
      c.seated += 1;
      if (seat.connected) c.connected += 1;
      if (seat.status !== "waiting") c.started += 1;
      if (seat.status === "paused") c.paused += 1;
      if (seat.status === "submitted") c.submitted += 1;
    });
    return c;
  }

  function renderRoom(id) {
    var row = root.querySelector('tr[data-room="' + id + '"]');
    var state = rooms[id];
    if (!row || !state) return;
    var c = counts(state.seats);
    c.incidents = state.incidents;
    Object.keys(c).forEach(function (key) { text(row.querySelector('[data-cell="' + key + '"]'), c[key]); });
    var status = row.querySelector('[data-cell="status"]');
    status.innerHTML = '<span class="status live-' + state.status + '"></span>';
    text(status.firstChild, labels.status[state.status + "_room"] || state.status);
  }

  function renderTotal() {
    var total = { seated: 0, connected: 0, started: 0, paused: 0, submitted: 0, incidents: 0 };
    Object.keys(rooms).forEach(function (id) {
      var c = counts(rooms[id].seats);
      c.incidents = rooms[id].incidents;
      Object.keys(total).forEach(function (key) { total[key] += c[key]; });
    });
    var row = root.querySelector('tr[data-room="total"]');
    Object.keys(total).forEach(function (key) { text(row.querySelector('[data-cell="' + key + '"]'), total[key]); });
  }

  function board(message) {
    rooms = {};
    roomOf = {};
    message.rooms.forEach(function (room) {
      var seats = {};
      room.candidates.forEach(function (seat) { seats[seat.id] = seat; roomOf[seat.id] = room.id; });
      rooms[room.id] = { status: room.status, incidents: room.incidents, seats: seats };
      renderRoom(room.id);
    });
    renderTotal();
  }

  function candidate(seat) {
    var id = roomOf[seat.id];
    if (id === undefined || !rooms[id]) return;
    rooms[id].seats[seat.id] = seat;
    // A room's own state follows its seats: any seat working means the room runs.
    var statuses = Object.keys(rooms[id].seats).map(function (k) { return rooms[id].seats[k].status; });
    if (statuses.indexOf("in_progress") >= 0) rooms[id].status = "in_progress";
    else if (statuses.indexOf("paused") >= 0) rooms[id].status = "paused";
    renderRoom(id);
    renderTotal();
  }

  function incident(line) {
    if (line.kind !== "incident") return;
    var id = line.room !== undefined ? line.room : roomOf[line.candidate];
    if (id === undefined || !rooms[id]) return;
    rooms[id].incidents += 1;
    renderRoom(id);
    renderTotal();
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var opened = false;
    connection.dataset.state = "connecting";
    text(connection, labels.connecting);
    var socket = new WebSocket(scheme + window.location.host + root.dataset.wsPath);
    socket.onopen = function () { opened = true; retry = 1000; connection.dataset.state = "connected"; text(connection, labels.connected); };
    socket.onmessage = function (event) {
      var message = JSON.parse(event.data);
      if (message.type === "board") board(message);
      else if (message.type === "candidate") candidate(message.candidate);
      else if (message.type === "incident") incident(message.incident);
    };
    socket.onclose = function () {
      connection.dataset.state = opened ? "offline" : "refused";
      text(connection, opened ? labels.offline : labels.refused);
      if (!opened) retry = Math.min(retry * 2, 15000);
      setTimeout(connect, retry);
    };
  }
  connect();
})();
