"""Page inputs of an exam's setup (input shapes only: exams.services.setup checks the rules and writes)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exams import selectors
from exams.models import Exam, Part, RegulationProfile
from exams.roles import ExamRole
from hrm.forms import UnitChoiceField, date_field
from hrm.models import OrgUnit

DATETIME_INPUT = forms.DateTimeInput(
    format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off", "size": 16}
)


def _profile_label(profile: RegulationProfile) -> str:
    end = f" – {profile.valid_to:%d/%m/%Y}" if profile.valid_to else ""
    return f"{profile.name} ({profile.get_staff_type_display()}, {profile.valid_from:%d/%m/%Y}{end})"


class ProfileChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _profile_label(obj)


class ExamForm(forms.Form):
    """An exam's fields; the profile list offers those of an exam kind not ended before today (and the exam's own)."""

    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=Exam.Kind.choices)
    held_on = date_field(_("Exam date"))
    profile = ProfileChoiceField(label=_("Regulation profile"), queryset=RegulationProfile.objects.none())
    organiser = UnitChoiceField(label=_("Organising agency"), queryset=OrgUnit.objects.none(), required=False)
    paper_mode = forms.ChoiceField(label=_("Papers"), choices=Exam.PaperMode.choices)
    pool_size = forms.IntegerField(label=_("Papers in the pool"), min_value=0, max_value=500, required=False)
    shuffle_questions = forms.BooleanField(label=_("Shuffle questions per candidate"), required=False)
    shuffle_options = forms.BooleanField(label=_("Shuffle options per candidate"), required=False)
    partial_credit = forms.BooleanField(label=_("Partial credit for multiple-answer items"), required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    seb_browser_exam_keys = forms.CharField(
        label=_("Safe Exam Browser: Browser Exam Keys"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One key per line (64 hexadecimal characters). Empty: Safe Exam Browser is not required."),
    )
    seb_config_keys = forms.CharField(
        label=_("Safe Exam Browser: Config Keys"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One key per line (64 hexadecimal characters). Empty: Safe Exam Browser is not required."),
    )

    def __init__(self, *args, exam: Exam | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        offered = selectors.profile_list_offered()
        if exam is not None:
            offered = offered | RegulationProfile.objects.filter(pk=exam.profile_id)
        self.fields["profile"].queryset = offered.distinct()
        self.fields["organiser"].queryset = OrgUnit.objects.open()
        self.fields["held_on"].help_text = _("The profile must be in force on this date.")

    def clean_pool_size(self):
        return self.cleaned_data.get("pool_size") or 0


def exam_initial(exam: Exam) -> dict:
    fields = ExamForm.base_fields
    return {name: getattr(exam, name) for name in fields if name != "organiser"} | {"organiser": exam.organiser_id}


class ExamStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Exam.Status.choices)


class PositionForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=255)
    rank = forms.ModelChoiceField(label=_("Rank or professional title"), queryset=None, required=False)
    requires_language = forms.BooleanField(label=_("Requires a foreign language"), required=False)
    description = forms.CharField(label=_("Requirements"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, exam: Exam, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rank"].queryset = selectors.rank_list_for_exam(exam=exam)


class QuotaForm(forms.Form):
    agency = UnitChoiceField(label=_("Agency"), queryset=OrgUnit.objects.none())
    quota = forms.IntegerField(label=_("Quota"), min_value=0, max_value=10000, help_text=_("0 removes the quota."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = OrgUnit.objects.open()


class PartForm(forms.Form):
    round = forms.IntegerField(label=_("Round"), min_value=1, max_value=9, initial=1)
    key = forms.SlugField(label=_("Key"), max_length=30, help_text=_("general, language, it, written, interview…"))
    name = forms.CharField(label=_("Name"), max_length=255)
    mode = forms.ChoiceField(label=_("Mode"), choices=Part.Mode.choices)
    position = forms.ModelChoiceField(
        label=_("Only for position"), queryset=None, required=False, empty_label=_("Every candidate")
    )
    bank = forms.ModelChoiceField(label=_("Question bank"), queryset=None, required=False)
    questions = forms.IntegerField(label=_("Questions"), min_value=0, max_value=1000, initial=0)
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=1440)
    max_score = forms.DecimalField(label=_("Maximum score"), min_value=0, max_digits=6, decimal_places=2, initial=100)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=0)

    def __init__(self, *args, exam: Exam, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = exam.positions.order_by("code")
        self.fields["bank"].queryset = selectors.bank_list_for_user(user=user)


class PrefillForm(forms.Form):
    round2_form = forms.ChoiceField(label=_("Round-2 form"), required=False)
    agency_minutes = forms.IntegerField(
        label=_("Minutes of a part whose length the agency sets"), min_value=1, max_value=1440, required=False
    )

    def __init__(self, *args, forms_offered: dict, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(key, " + ".join(label for _key, label in parts)) for key, parts in forms_offered.items()]
        self.fields["round2_form"].choices = choices or [("", "—")]


class RoomForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=5000)
    location = forms.CharField(label=_("Location"), max_length=255, required=False)


class ShiftForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    starts_at = forms.DateTimeField(
        label=_("Starts at (Vietnam time)"), input_formats=["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"], widget=DATETIME_INPUT
    )
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=1440)
    parts = forms.ModelMultipleChoiceField(
        label=_("Parts taken"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, exam: Exam, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parts"].queryset = selectors.part_list_for_exam(exam=exam)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = obj.person.full_name if obj.person_id else obj.get_full_name()
        return f"{obj.username} — {name}" if name else obj.username


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.shift.name} · {obj.room.name}"


class StaffForm(forms.Form):
    user = UserChoiceField(label=_("Person (login)"), queryset=None)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(r.value, r.label) for r in (ExamRole.EXAM_BOARD, ExamRole.PROCTOR, ExamRole.GRADER)],
    )
    room_session = SessionChoiceField(
        label=_("Room session (proctors)"), queryset=None, required=False, empty_label=_("—")
    )
    valid_from = date_field(_("From"), required=False)
    valid_to = date_field(_("Until (not included)"), required=False)

    def __init__(self, *args, exam: Exam, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = selectors.user_list_assignable()
        self.fields["room_session"].queryset = selectors.room_session_list_for_exam(exam=exam)


class ExamFilterForm(forms.Form):
    """The exam list's search box and status filter (a form: a NUL byte or an unknown status is refused, not sent
    to the database)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=60)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Exam.Status.choices])

    def values(self) -> tuple[str, str]:
        """(query, status), each "" when what was sent is not valid (the other one still applies)."""
        self.is_valid()
        return (self.cleaned_data.get("q") or "").strip(), self.cleaned_data.get("status") or ""
