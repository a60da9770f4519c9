// The exam page's offline journal (docs/exam-protocol.md): every answer gets the next sequence number and is kept
// in localStorage (one key per attempt) until the server acks it; after a reconnect the unacked answers are sent
// again in sequence order. Pure logic over a Storage-like object, so it is tested on its own (tests/browser).
(function (root) {
  "use strict";

  function ExamJournal(storage, attemptId) {
    this.storage = storage;
    this.key = "congvu.exam." + attemptId;
    this.seq = 0;          // the last sequence number given out (or seen from the server)
    this.pending = [];     // [{seq, question, choices}] not acked yet, in seq order
    this.flags = {};       // question id → true, kept so that a flag set offline is sent again
    this.load();
  }

  ExamJournal.prototype.load = function () {
    var raw = null;
    try { raw = this.storage.getItem(this.key); } catch (e) { raw = null; }
    if (!raw) return;
    try {
      var saved = JSON.parse(raw);
      this.seq = saved.seq || 0;
      this.pending = (saved.pending || []).slice().sort(function (a, b) { return a.seq - b.seq; });
      this.flags = saved.flags || {};
    } catch (e) { /* a damaged entry: start again from the server's state */ }
  };

  ExamJournal.prototype.save = function () {
    var data = JSON.stringify({ seq: this.seq, pending: this.pending, flags: this.flags });
    try { this.storage.setItem(this.key, data); } catch (e) { /* full or disabled: the memory copy still works */ }
  };

  // The server's state after (re)connecting: numbers go on after the highest it has seen.
  ExamJournal.prototype.sync = function (lastSeq) {
    if ((lastSeq || 0) > this.seq) this.seq = lastSeq;
    this.save();
  };

  // A new answer: the next seq; an older unacked answer to the same question is superseded (never sent again).
  ExamJournal.prototype.record = function (question, choices) {
    this.seq += 1;
    var entry = { seq: this.seq, question: question, choices: choices.slice() };
    this.pending = this.pending.filter(function (e) { return e.question !== question; });
    this.pending.push(entry);
    this.save();
    return entry;
  };

  // An ack (or a refusal) for seq: that entry leaves the journal. Returns it, or null if it was not there.
  ExamJournal.prototype.ack = function (seq) {
    var found = null;
    this.pending = this.pending.filter(function (e) {
      if (e.seq === seq) { found = e; return false; }
      return true;
    });
    if (found) this.save();
    return found;
  };

  ExamJournal.prototype.unacked = function () {
    return this.pending.slice().sort(function (a, b) { return a.seq - b.seq; });
  };

  ExamJournal.prototype.pendingFor = function (question) {
    for (var i = 0; i < this.pending.length; i++) if (this.pending[i].question === question) return this.pending[i];
    return null;
  };

  ExamJournal.prototype.flag = function (question, flagged) {
    this.flags[question] = !!flagged;
    this.save();
  };

  ExamJournal.prototype.flagDone = function (question, flagged) {
    if (this.flags[question] === flagged) delete this.flags[question];
    this.save();
  };

  // The server's answers with the unacked local ones over them (they are newer).
  ExamJournal.prototype.merge = function (answers) {
    var merged = {};
    Object.keys(answers || {}).forEach(function (q) { merged[q] = answers[q].slice(); });
    this.unacked().forEach(function (e) { merged[String(e.question)] = e.choices.slice(); });
    return merged;
  };

  ExamJournal.prototype.clear = function () {
    this.pending = [];
    this.flags = {};
    try { this.storage.removeItem(this.key); } catch (e) { /* nothing to remove */ }
  };

  // Reconnect delays: 0.5 s doubling to 15 s, with up to 30 % jitter so a room does not reconnect in one burst.
  ExamJournal.backoff = function (attempt, random) {
    var base = Math.min(15000, 500 * Math.pow(2, attempt));
    return Math.round(base * (1 + 0.3 * (random === undefined ? Math.random() : random)));
  };

  root.ExamJournal = ExamJournal;
})(window);
