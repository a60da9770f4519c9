"""Where a candidate sits: one seat per shift he takes (a shift is taken when it holds a part he must sit).

`Candidate.room_session` and `Candidate.seat` keep his first seat (the earliest shift), which the candidate's page
and the room scopes read; every seat of every shift is here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CandidateSeat(models.Model):
    candidate = models.ForeignKey(
        "exams.Candidate", verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="seats"
    )
    shift = models.ForeignKey("exams.Shift", verbose_name=_("shift"), on_delete=models.CASCADE, related_name="+")
    room_session = models.ForeignKey(
        "exams.RoomSession", verbose_name=_("room session"), on_delete=models.CASCADE, related_name="seats"
    )
    number = models.PositiveSmallIntegerField(_("seat"))

    class Meta:
        ordering = ["shift__starts_at", "room_session__room__name", "number"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "shift"], name="exams_seat_one_per_shift"),
            models.UniqueConstraint(fields=["room_session", "number"], name="exams_seat_unique_number"),
            models.CheckConstraint(condition=models.Q(number__gt=0), name="exams_seat_number_positive"),
        ]

    def __str__(self):
        return f"{self.room_session} · {self.number:02d}"
