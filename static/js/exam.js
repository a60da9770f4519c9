// The candidate's exam page over the socket of docs/exam-protocol.md: waiting room, the paper, the server's
// countdown, per-answer save state, flags, keyboard navigation, the offline journal (exam-journal.js), submit and
// the result. The server owns the clock and the attempt's status; this page only shows them. Parts timed in turn
// (the state's `timing`): one part at a time, its countdown, the closed parts read-only, "finish this part".
(function () {
  "use strict";
  var root = document.querySelector("[data-exam]");
  if (!root) return;
  var T = JSON.parse(document.getElementById("exam-texts").textContent);
  var $ = function (sel) { return root.querySelector(sel); };
  // a ping every 10 s keeps the clock in step (2,000 candidates: 200 pings a second); 25 s of silence = a dead link
  var PING_MS = 10000, DEAD_MS = 25000, TICK_MS = 250;

  var journal = new window.ExamJournal(window.localStorage, root.dataset.attempt);
  var exam = {
    status: root.dataset.status, questions: [], index: {}, answers: {}, flags: {}, saveState: {},
    current: 0, remainingMs: null, syncedAt: 0, finished: false, timing: null, parts: []
  };
  var link = { socket: null, online: false, retries: 0, stopped: false, lastHeard: 0, retryTimer: null, flagQueue: [] };
  var submitWhenDrained = false, finishWhenDrained = null;

  // --- the socket --------------------------------------------------------------------------------------------
  function connect() {
    if (link.stopped || link.socket) return;
    link.retryTimer = null;
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + root.dataset.socket);
    link.socket = socket;
    showConnection("connecting");
    socket.onopen = function () {
      link.online = true; link.retries = 0; link.lastHeard = Date.now();
      showConnection("online");
    };
    socket.onmessage = function (event) {
      link.lastHeard = Date.now();
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      receive(message);
    };
    socket.onclose = function () {
      if (link.socket !== socket) return;
      link.online = false; link.socket = null; link.flagQueue = [];
      if (link.stopped) return;
      showConnection("offline");
      markUnsentOffline();
      link.retryTimer = window.setTimeout(connect, window.ExamJournal.backoff(link.retries++));
    };
  }

  function send(message) {
    if (!link.online || !link.socket) return false;
    link.socket.send(JSON.stringify(message));
    return true;
  }

  function drop() {  // the network is gone (or silent): close now, the onclose handler reconnects
    if (link.socket) { try { link.socket.close(); } catch (e) { /* already closing */ } }
  }

  function heartbeat() {
    if (!link.online) return;
    if (Date.now() - link.lastHeard > DEAD_MS) { drop(); return; }
    send({ type: "ping" });
  }

  function stop(text) {
    link.stopped = true;
    drop();
    show("[data-body]", false); show("[data-waiting]", false); show("[data-offline]", false);
    $("[data-stopped-text]").textContent = text;
    show("[data-stopped]", true);
    showConnection("stopped");
  }

  // --- messages from the server ------------------------------------------------------------------------------
  var handlers = {
    state: function (m) {
      if (m.parts) loadPaper(m.parts);
      journal.sync(m.last_seq || 0);
      exam.answers = journal.merge(m.answers || {});
      exam.flags = {};
      (m.flags || []).forEach(function (q) { exam.flags[q] = true; });
      Object.keys(journal.flags).forEach(function (q) { exam.flags[q] = journal.flags[q]; });
      Object.keys(exam.answers).forEach(function (q) { exam.saveState[q] = "saved"; });
      journal.unacked().forEach(function (e) { exam.saveState[e.question] = "sending"; });
      setRemaining(m.remaining_ms);
      exam.timing = m.timing || null;
      applyStatus(m.status, m);
      resend();
    },
    part: function (m) {
      var before = exam.timing && exam.timing.current;
      exam.timing = m.timing; setRemaining(m.remaining_ms);
      if (finishWhenDrained === before) finishWhenDrained = null;
      notice(T.part_moved.replace("%(name)s", partTitle(before)).replace("%(next)s", partTitle(m.current)));
      var first = exam.questions.findIndex(function (q) { return q.partId === m.current; });
      if (first >= 0) exam.current = first;
      render();
    },
    ack: function (m) {
      if (m.seq === null || m.seq === undefined) {
        var flag = link.flagQueue.shift();
        if (flag) journal.flagDone(flag.question, flag.flagged);
        return;
      }
      var entry = journal.ack(m.seq);
      if (entry && !journal.pendingFor(entry.question)) exam.saveState[entry.question] = "saved";
      render();
      if (submitWhenDrained && journal.unacked().length === 0) submitNow();
      if (finishWhenDrained !== null && journal.unacked().length === 0) finishPartNow();
    },
    started: function (m) { setRemaining(m.remaining_ms); applyStatus("in_progress", m); },
    time: function (m) { setRemaining(m.remaining_ms); if (m.status) applyStatus(m.status, m); },
    paused: function (m) { if (m.remaining_ms !== undefined) setRemaining(m.remaining_ms); applyStatus("paused", m); },
    resumed: function (m) { setRemaining(m.remaining_ms); applyStatus("in_progress", m); },
    extended: function (m) {
      setRemaining(m.remaining_ms);
      notice(T.extended.replace("%(reason)s", m.reason || ""));
    },
    submitted: function (m) { finish(m); },
    kicked: function () { stop(T.kicked); },
    error: function (m) {
      // another connection is live (perhaps this page's own, not yet dropped by the server): try again later
      if (m.code === "already_connected") { notice(T.already); link.retries = Math.max(link.retries, 3); return; }
      if (m.seq !== null && m.seq !== undefined) {
        var entry = journal.ack(m.seq);
        if (entry) exam.saveState[entry.question] = "refused";
        render();
      }
      notice(T.error.replace("%(message)s", m.message || m.code || ""));
    }
  };

  function receive(message) {
    var handler = handlers[message.type];
    if (handler && !exam.finished) handler(message);
  }

  function resend() {
    journal.unacked().forEach(function (e) {
      send({ type: "answer", seq: e.seq, question: e.question, choices: e.choices });
    });
    Object.keys(journal.flags).forEach(function (q) { sendFlag(Number(q), journal.flags[q]); });
  }

  // --- the paper ---------------------------------------------------------------------------------------------
  function loadPaper(parts) {
    exam.questions = []; exam.index = {}; exam.parts = parts;
    parts.forEach(function (part) {
      part.questions.forEach(function (q) {
        exam.index[q.id] = exam.questions.length;
        exam.questions.push({ id: q.id, kind: q.kind, text: q.text, html: q.html, options: q.options || [],
          part: part.title, partId: part.id });
      });
    });
    exam.current = Math.min(exam.current, Math.max(exam.questions.length - 1, 0));
    $("[data-total]").textContent = exam.questions.length;
    show("[data-paper-ready]", exam.questions.length > 0);
  }

  function applyStatus(status, message) {
    exam.status = status;
    if (status === "submitted") {
      // a `time` reply may come before the `submitted` push that carries the ending and result: wait for it a little
      if (message && message.type === "time") window.setTimeout(function () { finish(message); }, 3000);
      else finish(message || {});
      return;
    }
    var started = status === "in_progress" || status === "paused";
    show("[data-waiting]", !started);
    show("[data-body]", started);
    show("[data-paused]", status === "paused");
    render();
  }

  function chosen(question) { return exam.answers[String(question)] || []; }

  // --- parts timed in turn: only the current part is open; the later ones are not shown yet -------------------
  function partTitle(id) {
    var part = exam.parts.filter(function (p) { return p.id === id; })[0];
    return part ? part.title : "";
  }

  function partOpen(q) { return !exam.timing || q.partId === exam.timing.current; }

  function lastShown() {  // the index of the last question the candidate may see (the end of the current part)
    if (!exam.timing || exam.timing.current === null) return exam.questions.length - 1;
    var last = -1;
    exam.questions.forEach(function (q, i) {
      var part = exam.timing.parts.filter(function (p) { return p.id === q.partId; })[0];
      if (!part || part.status !== "waiting") last = i;
    });
    return last;
  }

  function isLastPart() {
    if (!exam.timing) return true;
    var parts = exam.timing.parts;
    return !parts.length || parts[parts.length - 1].id === exam.timing.current;
  }

  function renderParts() {
    var list = $("[data-parts]"), now = $("[data-part-now]");
    var timed = !!exam.timing && exam.timing.current !== null;
    list.hidden = !timed; now.hidden = !timed;
    show("[data-finish-part]", timed && !isLastPart() && exam.status === "in_progress");
    show("[data-submit]", isLastPart());
    if (!timed) return;
    list.textContent = "";
    exam.timing.parts.forEach(function (part, i) {
      var status = part.status === "closed" ? T.part_closed
        : part.status === "waiting" ? T.part_waiting.replace("%(minutes)s", Math.round(part.duration_ms / 60000)) : "";
      var item = el("li", { "class": "part " + part.status, "data-part": part.id }, partTitle(part.id));
      if (status) item.appendChild(el("small", {}, " · " + status));
      if (part.status === "current") {
        item.setAttribute("aria-current", "step");
        now.textContent = T.part_of.replace("%(n)s", i + 1).replace("%(of)s", exam.timing.parts.length)
          .replace("%(name)s", partTitle(part.id));
      }
      list.appendChild(item);
    });
  }

  function askFinishPart() {
    if (!exam.timing || exam.status !== "in_progress" || isLastPart()) return;
    $("[data-confirm-text]").textContent = T.confirm_part.replace("%(name)s", partTitle(exam.timing.current));
    var yes = $("[data-confirm-yes]");
    yes.value = "finish"; yes.textContent = T.confirm_part_yes;
    $("[data-confirm]").showModal();
  }

  function finishPartNow() {
    var part = finishWhenDrained !== null ? finishWhenDrained : exam.timing.current;
    if (!link.online) { notice(T.offline); finishWhenDrained = null; return; }
    if (journal.unacked().length) { finishWhenDrained = part; resend(); return; }
    finishWhenDrained = null;
    send({ type: "finish_part", part: part });
  }

  function choose(question, optionId) {
    if (exam.status !== "in_progress") return;
    var q = exam.questions[exam.index[question]];
    if (!partOpen(q)) { notice(T.read_only); return; }
    var choices = chosen(question).slice();
    if (q.kind === "multiple") {
      var at = choices.indexOf(optionId);
      if (at >= 0) choices.splice(at, 1); else choices.push(optionId);
    } else {
      choices = [optionId];
    }
    exam.answers[String(question)] = choices;
    var entry = journal.record(question, choices);
    exam.saveState[question] = send({ type: "answer", seq: entry.seq, question: question, choices: choices })
      ? "sending" : "offline";
    render();
  }

  function sendFlag(question, flagged) {
    if (send({ type: "flag", question: question, flagged: flagged })) {
      link.flagQueue.push({ question: question, flagged: flagged });
    }
  }

  function toggleFlag() {
    var q = exam.questions[exam.current];
    if (!q || exam.status !== "in_progress" || !partOpen(q)) return;
    var flagged = !exam.flags[q.id];
    exam.flags[q.id] = flagged;
    journal.flag(q.id, flagged);
    sendFlag(q.id, flagged);
    render();
  }

  function go(index) {
    if (index < 0 || index >= exam.questions.length || index > lastShown()) return;
    exam.current = index;
    render();
  }

  function markUnsentOffline() {
    journal.unacked().forEach(function (e) { exam.saveState[e.question] = "offline"; });
    render();
  }

  // --- drawing -----------------------------------------------------------------------------------------------
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function show(selector, visible) { var node = $(selector); if (node) node.hidden = !visible; }

  function saveLabel(state) {
    return { sending: T.sending, saved: T.saved, offline: T.unsaved, refused: T.refused }[state] || "";
  }

  function renderQuestion() {
    var box = $("[data-question]");
    box.textContent = "";
    var q = exam.questions[exam.current];
    if (!q) return;
    var head = el("div", { "class": "q-head" });
    head.appendChild(el("span", { "class": "q-number" },
      T.question + " " + (exam.current + 1) + " " + T.of + " " + exam.questions.length));
    if (q.part) head.appendChild(el("span", { "class": "q-part" }, q.part));
    var state = exam.saveState[q.id] || "";
    head.appendChild(el("span", { "class": "q-save " + state, "data-save-state": state }, saveLabel(state)));
    box.appendChild(head);
    if (q.html) {  // sanitised on the server; images only the bank's own, served by the project
      var rich = el("div", { "class": "q-text" });
      rich.innerHTML = q.html;
      box.appendChild(rich);
    } else {
      box.appendChild(el("p", { "class": "q-text" }, q.text));
    }
    if (!partOpen(q)) box.appendChild(el("p", { "class": "q-readonly muted", "data-read-only": "" }, T.read_only));
    var list = el("ol", { "class": "q-options", type: "A" });
    var picked = chosen(q.id);
    q.options.forEach(function (option, i) {
      var id = "opt-" + option.id;
      var item = el("li");
      var input = el("input", { type: q.kind === "multiple" ? "checkbox" : "radio", name: "q" + q.id, id: id,
        "data-option": option.id });
      input.checked = picked.indexOf(option.id) >= 0;
      input.disabled = exam.status !== "in_progress" || !partOpen(q);
      input.addEventListener("change", function () { choose(q.id, option.id); });
      var label = el("label", { "for": id });
      label.appendChild(el("span", { "class": "key" }, String(i + 1)));
      if (option.html) {
        var span = el("span", { "class": "opt-text" });
        span.innerHTML = " " + option.html;
        label.appendChild(span);
      } else {
        label.appendChild(document.createTextNode(" " + option.text));
      }
      item.appendChild(input); item.appendChild(label);
      list.appendChild(item);
    });
    box.appendChild(list);
    var tools = el("div", { "class": "q-tools toolbar" });
    var prev = el("button", { type: "button", "data-prev": "" }, "← " + T.previous);
    prev.disabled = exam.current === 0;
    prev.addEventListener("click", function () { go(exam.current - 1); });
    var flag = el("button", { type: "button", "data-flag": "", "aria-pressed": exam.flags[q.id] ? "true" : "false" },
      exam.flags[q.id] ? T.unflag : T.flag);
    flag.disabled = !partOpen(q);
    flag.addEventListener("click", toggleFlag);
    var next = el("button", { type: "button", "data-next": "" }, T.next + " →");
    next.disabled = exam.current >= lastShown();
    next.addEventListener("click", function () { go(exam.current + 1); });
    tools.appendChild(prev); tools.appendChild(flag); tools.appendChild(next);
    box.appendChild(tools);
  }

  function renderNavigator() {
    var nav = $("[data-navigator]");
    nav.textContent = "";
    var last = lastShown();
    exam.questions.forEach(function (q, i) {
      if (i > last) return;
      var classes = ["nav-q"];
      if (!partOpen(q)) classes.push("closed");
      if (chosen(q.id).length) classes.push("answered");
      if (exam.flags[q.id]) classes.push("flagged");
      if (exam.saveState[q.id] === "offline" || exam.saveState[q.id] === "sending") classes.push("unsaved");
      var button = el("button", { type: "button", "class": classes.join(" "), "data-nav": q.id }, String(i + 1));
      if (i === exam.current) button.setAttribute("aria-current", "true");
      button.addEventListener("click", function () { go(i); });
      nav.appendChild(button);
    });
  }

  function answeredCount() {
    return exam.questions.filter(function (q) { return chosen(q.id).length > 0; }).length;
  }

  function render() {
    if (exam.finished) return;
    $("[data-answered]").textContent = answeredCount();
    renderParts();
    renderQuestion();
    renderNavigator();
  }

  function showConnection(state) {
    var node = $("[data-conn]");
    node.dataset.state = state;
    node.textContent = { connecting: T.connecting, online: T.online, offline: T.offline.split(":")[0] }[state] || "";
    var banner = $("[data-offline]");
    banner.textContent = T.offline;
    banner.hidden = state !== "offline";
  }

  var noticeTimer = null;
  function notice(text) {
    var node = $("[data-notice]");
    node.textContent = text; node.hidden = false;
    window.clearTimeout(noticeTimer);
    noticeTimer = window.setTimeout(function () { node.hidden = true; }, 8000);
  }

  // --- the clock ---------------------------------------------------------------------------------------------
  function setRemaining(ms) {
    if (ms === null || ms === undefined) return;
    exam.remainingMs = ms; exam.syncedAt = performance.now();
  }

  function remaining() {
    if (exam.remainingMs === null) return null;
    if (exam.status !== "in_progress") return exam.remainingMs;
    return Math.max(0, exam.remainingMs - (performance.now() - exam.syncedAt));
  }

  function clockText(ms) {
    var s = Math.ceil(ms / 1000), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return (h ? h + ":" + two(m) : two(m)) + ":" + two(sec);
  }

  var askedAtZero = 0;  // when the page last asked the server at zero (it closes the attempt; asked again each second)
  function tick() {
    var ms = remaining(), clock = $("[data-clock]");
    if (ms === null) return;
    clock.textContent = clockText(ms);
    clock.classList.toggle("low", ms < 5 * 60000 && exam.status === "in_progress");
    if (ms === 0 && exam.status === "in_progress" && Date.now() - askedAtZero > 1000) {
      askedAtZero = Date.now();
      send({ type: "ping" });
    }
  }

  // --- submit and the result ---------------------------------------------------------------------------------
  function askSubmit() {
    if (exam.status !== "in_progress") return;
    var left = exam.questions.length - answeredCount();
    $("[data-confirm-text]").textContent = T.confirm + (left ? " " + T.confirm_left.replace("%(n)s", left) : "");
    var yes = $("[data-confirm-yes]");
    yes.value = "submit"; yes.textContent = yes.dataset.submitText || yes.textContent;
    $("[data-confirm]").showModal();
  }

  function submitNow() {
    if (!link.online) { notice(T.offline); submitWhenDrained = false; return; }
    if (journal.unacked().length) { submitWhenDrained = true; resend(); notice(T.submitting); return; }
    submitWhenDrained = false;
    notice(T.submitting);
    send({ type: "submit" });
  }

  function finish(message) {
    if (exam.finished) return;
    exam.finished = true; exam.status = "submitted";
    journal.clear();
    link.stopped = true; drop();
    show("[data-body]", false); show("[data-waiting]", false); show("[data-paused]", false);
    show("[data-offline]", false); show("[data-notice]", false);
    $("[data-conn]").hidden = true; $("[data-clock]").hidden = true;
    var title = { timeout: T.timeout, forced: T.forced }[message.ending] || T.submitted;
    $("[data-done-title]").textContent = title;
    renderResult(message.result);
    if (message.verification_code) {
      $("[data-code]").textContent = message.verification_code;
      $("[data-hash]").textContent = message.chain_hash || T.no_answers;
      show("[data-proof]", true);
    }
    var slip = $("[data-slip]");
    slip.href = root.dataset.resultUrl.replace("/0/", "/" + root.dataset.attempt + "/");
    slip.hidden = false;
    show("[data-done]", true);
  }

  // result (only where the profile shows it at once): {parts: [{name, score, max_score, ...}], round1: {passed, why}}
  function renderResult(result) {
    var box = $("[data-result]");
    box.textContent = "";
    if (!result) return;
    var list = el("dl", { "class": "facts" });
    (result.parts || []).forEach(function (part) {
      list.appendChild(el("dt", {}, part.name || T.score));
      list.appendChild(el("dd", { "data-score": "" }, Number(part.score) + " / " + Number(part.max_score)));
    });
    var round1 = result.round1 || {};
    if (round1.passed === true || round1.passed === false) {
      list.appendChild(el("dt", {}, T.outcome));
      list.appendChild(el("dd", { "data-outcome": "", "class": round1.passed ? "pass" : "fail" },
        round1.why || (round1.passed ? T.passed : T.failed)));
    }
    box.appendChild(list);
  }

  // --- keyboard, integrity events, start ---------------------------------------------------------------------
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if ($("[data-confirm]").open || exam.status !== "in_progress" || exam.finished) return;
    var q = exam.questions[exam.current];
    if (event.key === "ArrowRight") { go(exam.current + 1); event.preventDefault(); }
    else if (event.key === "ArrowLeft") { go(exam.current - 1); event.preventDefault(); }
    else if (event.key === "f" || event.key === "F") { toggleFlag(); event.preventDefault(); }
    else if (/^[1-9]$/.test(event.key) && q && q.options[Number(event.key) - 1]) {
      choose(q.id, q.options[Number(event.key) - 1].id); event.preventDefault();
    }
  });

  function report(kind) { if (exam.status === "in_progress") send({ type: "event", kind: kind }); }
  window.addEventListener("blur", function () { report("blur"); });
  window.addEventListener("focus", function () { report("focus"); });
  document.addEventListener("copy", function () { report("copy"); });
  document.addEventListener("paste", function () { report("paste"); });
  document.addEventListener("fullscreenchange", function () { if (!document.fullscreenElement) report("fullscreen_exit"); });
  window.addEventListener("offline", drop);
  window.addEventListener("online", function () {  // back at once, not after the backoff
    if (link.socket || link.stopped) return;
    window.clearTimeout(link.retryTimer);
    connect();
  });

  $("[data-submit]").addEventListener("click", askSubmit);
  $("[data-finish-part]").addEventListener("click", askFinishPart);
  $("[data-confirm-yes]").dataset.submitText = $("[data-confirm-yes]").textContent;
  $("[data-confirm]").addEventListener("close", function () {
    if ($("[data-confirm]").returnValue === "submit") submitNow();
    if ($("[data-confirm]").returnValue === "finish") finishPartNow();
  });

  journal.unacked().forEach(function (e) { exam.saveState[e.question] = "offline"; });
  window.setInterval(tick, TICK_MS);
  window.setInterval(heartbeat, PING_MS);
  connect();
})();
