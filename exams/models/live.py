"""The live exam (issue #15): a candidate's attempt at one shift, its answers and their hash chain, what the browser
reports, and the room's log (biên bản) of every proctor command and incident.

The server owns the clock: `Attempt.deadline` is the instant the attempt closes while it runs; while paused, the
time left is frozen as `deadline - paused_at`, and a resume moves the deadline by the pause (credited in
`paused_ms`). Extensions add to `extra_ms` and move the deadline. See docs/exam-protocol.md.

When the exam's regulation times the parts one after the other (rules round1.timed_in_turn), `part_plan` lists the
parts with their allowances and `deadline` is the end of the current part (`part_index`): the clock's closer moves
to the next part at that deadline, and the last part's end closes the attempt.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext


class Attempt(models.Model):
    """A candidate's sitting of one shift on a computer: the computer parts of the shift, one clock, one result."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for the start")
        IN_PROGRESS = "in_progress", _("In progress")
        PAUSED = "paused", _("Paused")
        SUBMITTED = "submitted", _("Submitted")

    class Ending(models.TextChoices):
        CANDIDATE = "candidate", _("Submitted by the candidate")
        TIMEOUT = "timeout", _("Time ran out")
        FORCED = "forced", _("Submitted by the proctor")

    candidate = models.ForeignKey(
        "exams.Candidate", verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="attempts"
    )
    shift = models.ForeignKey("exams.Shift", verbose_name=_("shift"), on_delete=models.CASCADE, related_name="attempts")
    room_session = models.ForeignKey(
        "exams.RoomSession", verbose_name=_("room session"), on_delete=models.CASCADE, related_name="attempts"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.WAITING)
    duration_ms = models.PositiveIntegerField(_("time allowed (ms)"))
    extra_ms = models.PositiveIntegerField(_("time added (ms)"), default=0)
    paused_ms = models.PositiveBigIntegerField(_("time paused (ms)"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    ending = models.CharField(_("ended by"), max_length=10, choices=Ending.choices, blank=True)
    last_seq = models.PositiveIntegerField(_("last answer sequence"), default=0)
    answered = models.PositiveSmallIntegerField(_("questions answered"), default=0)
    questions = models.PositiveSmallIntegerField(_("questions"), default=0)
    flags = models.JSONField(_("flagged questions"), default=list, blank=True)
    chain_hash = models.CharField(_("hash of the last answer"), max_length=64, blank=True)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=7, decimal_places=2, null=True, blank=True)
    result = models.JSONField(_("result by part"), default=dict, blank=True)
    verification_code = models.CharField(_("verification code"), max_length=20, blank=True)
    # the one live connection (a channel name), and what the proctor's seat map shows of it
    connection = models.CharField(_("live connection"), max_length=120, blank=True, editable=False)
    connected_at = models.DateTimeField(_("connected at"), null=True, blank=True, editable=False)
    last_seen_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True, editable=False)
    relogin_allowed = models.BooleanField(_("relogin allowed"), default=False)
    # parts timed one after the other: [[part id, allowance ms], ...] in order (empty: one clock for the shift)
    part_plan = models.JSONField(_("parts timed in turn"), default=list, blank=True)
    part_index = models.PositiveSmallIntegerField(_("current part (from 0)"), default=0)

    class Meta:
        ordering = ["shift", "room_session", "candidate__candidate_number"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [models.UniqueConstraint(fields=["candidate", "shift"], name="exams_attempt_one_per_shift")]
        indexes = [models.Index(fields=["status", "deadline"], name="exams_attempt_due")]

    def __str__(self):
        return f"{self.candidate} · {self.shift}"


class AttemptAnswer(models.Model):
    """The answer in force for one question of an attempt: the highest `seq` wins, an older one is ignored."""

    attempt = models.ForeignKey(Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="answers")
    question = models.PositiveBigIntegerField(_("question (item version)"))
    choices = models.JSONField(_("options chosen"), default=list, blank=True)
    text = models.CharField(_("answer text"), max_length=500, blank=True)
    seq = models.PositiveIntegerField(_("sequence"))
    saved_at = models.DateTimeField(_("saved at"))

    class Meta:
        ordering = ["attempt", "question"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="exams_answer_unique")]

    def __str__(self):
        return f"{self.attempt_id} · {self.question} · {self.seq}"


class AnswerEvent(models.Model):
    """Every answer message accepted, append-only, chained: `hash` = sha256(previous hash, seq, question, answer).

    `verify_attempts` recomputes the chain and compares it with the attempt's answers and final hash."""

    attempt = models.ForeignKey(Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveIntegerField(_("sequence"))
    question = models.PositiveBigIntegerField(_("question (item version)"))
    choices = models.JSONField(_("options chosen"), default=list, blank=True)
    text = models.CharField(_("answer text"), max_length=500, blank=True)
    at = models.DateTimeField(_("received at"))
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        ordering = ["attempt", "seq"]
        verbose_name = _("answer event")
        verbose_name_plural = _("answer events")
        constraints = [models.UniqueConstraint(fields=["attempt", "seq"], name="exams_answerevent_unique")]

    def __str__(self):
        return f"{self.attempt_id} · {self.seq}"


class IntegrityEvent(models.Model):
    """What the candidate's browser reported (focus lost, copy, paste, fullscreen exit), for the proctor."""

    class Kind(models.TextChoices):
        BLUR = "blur", _("Left the exam window")
        FOCUS = "focus", _("Came back to the exam window")
        COPY = "copy", _("Copied")
        PASTE = "paste", _("Pasted")
        FULLSCREEN_EXIT = "fullscreen_exit", _("Left full screen")

    attempt = models.ForeignKey(
        Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="integrity_events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["attempt", "at"]
        verbose_name = _("integrity event")
        verbose_name_plural = _("integrity events")

    def __str__(self):
        return f"{self.attempt_id} · {self.kind}"


class RoomLog(models.Model):
    """One line of a room session's minutes (biên bản): a proctor's command or an incident, who, when and why."""

    class Kind(models.TextChoices):
        START = "start", _("Started the room")
        PAUSE = "pause", _("Paused")
        RESUME = "resume", _("Resumed")
        EXTEND = "extend", _("Added time")
        ALLOW_RELOGIN = "allow_relogin", _("Allowed a login on another machine")
        FORCE_SUBMIT = "force_submit", _("Submitted for the candidate")
        INCIDENT = "incident", _("Incident")
        TIMEOUT = "timeout", _("Time ran out")
        PART_END = "part_end", _("Finished a part")

    room_session = models.ForeignKey(
        "exams.RoomSession", verbose_name=_("room session"), on_delete=models.CASCADE, related_name="log"
    )
    attempt = models.ForeignKey(
        Attempt, verbose_name=_("attempt"), null=True, blank=True, on_delete=models.CASCADE, related_name="log"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["room_session", "at", "pk"]
        verbose_name = _("room log entry")
        verbose_name_plural = _("room log")

    def __str__(self):
        return f"{self.room_session} · {self.kind}"

    @property
    def detail(self) -> str:
        """What the line adds to its kind, as the minutes print it (exams.services.live.commands and .closing write
        `data`): minutes added, seats concerned, time paused, the part a candidate ended (early or at its time)."""
        data = self.data or {}
        parts = []
        if "minutes" in data:
            parts.append(pgettext("proctor", "+%(n)s minutes") % {"n": data["minutes"]})
        if "attempts" in data:
            parts.append(pgettext("proctor", "%(n)s candidates") % {"n": data["attempts"]})
        if "part" in data:
            parts.append(pgettext("proctor", "part %(n)s") % {"n": data["part"]})
        if data.get("ending"):
            how = {"early": pgettext("proctor", "finished early"), "timeout": pgettext("proctor", "time ran out")}
            parts.append(how.get(data["ending"], data["ending"]))
        if data.get("paused_ms"):
            seconds = round(data["paused_ms"] / 1000)
            parts.append(pgettext("proctor", "paused %(m)s min %(s)s s") % {"m": seconds // 60, "s": seconds % 60})
        return ", ".join(parts)
