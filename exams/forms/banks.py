"""Page inputs of the question banks: bank and topic forms, the item editor (an item form and its option rows),
import and export."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from exams.models import Difficulty, ItemVersion, QuestionBank, Subject, Topic
from exams.services.banks.content import ItemDraft, OptionDraft, true_false_options

Kind = ItemVersion.Kind
EXPORT_FORMATS = [
    ("gift", "GIFT (.gift)"),
    ("aiken", "Aiken (.txt)"),
    ("moodlexml", "Moodle XML (.xml)"),
    ("xlsx", _("Excel template (.xlsx)")),
]


class BankForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40, help_text=_("e.g. KTC-2026: letters, digits, dashes."))
    name = forms.CharField(label=_("Name"), max_length=255)
    subject = forms.ModelChoiceField(label=_("Subject"), queryset=Subject.objects.all())
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class BankEditForm(BankForm):
    code = None


class SubjectForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=255)
    kind = forms.ChoiceField(label=_("Kind"), choices=Subject.Kind.choices, initial=Subject.Kind.PROFESSIONAL)
    it_module = forms.CharField(label=_("IT module"), max_length=10, required=False)


class TopicForm(forms.Form):
    """One form for every topic action: create (name, parent), rename (topic, name), move (topic, parent), delete."""

    ACTIONS = [("create", _("Add")), ("rename", _("Rename")), ("move", _("Move")), ("delete", _("Delete"))]
    action = forms.ChoiceField(choices=ACTIONS)
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.none(), required=False)
    parent = forms.ModelChoiceField(
        label=_("Under"), queryset=Topic.objects.none(), required=False, empty_label=_("(top level)")
    )
    name = forms.CharField(label=_("Name"), max_length=255, required=False)

    def __init__(self, *args, bank: QuestionBank, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = self.fields["parent"].queryset = bank.topics.all()


class ItemFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    topic = forms.ModelChoiceField(label=_("Topic (with subtopics)"), queryset=Topic.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("All")), *Kind.choices], required=False)
    difficulty = forms.TypedChoiceField(
        label=_("Difficulty"),
        choices=[("", _("All")), *Difficulty.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All")), *ItemVersion.Status.choices], required=False)
    retired = forms.BooleanField(label=_("Retired items"), required=False)

    def __init__(self, *args, bank: QuestionBank, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = bank.topics.all()

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = dict(self.cleaned_data)
        data["topic"] = data["topic"].pk if data.get("topic") else None
        return data


class ItemForm(forms.Form):
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.none())
    kind = forms.ChoiceField(label=_("Type"), choices=Kind.choices)
    difficulty = forms.TypedChoiceField(
        label=_("Difficulty"), choices=Difficulty.choices, coerce=int, initial=Difficulty.UNDERSTAND
    )
    code = forms.CharField(label=_("Code"), max_length=100, required=False)
    stem_format = forms.ChoiceField(label=_("Text format"), choices=ItemVersion.Format.choices)
    stem = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20_000)
    true_false = forms.TypedChoiceField(
        label=_("Right answer (true/false questions)"),
        choices=[("1", _("True")), ("0", _("False"))],
        coerce=lambda v: v == "1",
        required=False,
        initial="1",
    )
    general_feedback = forms.CharField(
        label=_("General feedback"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    points = forms.DecimalField(label=_("Default points"), max_digits=6, decimal_places=2, initial=1, min_value=0)
    shuffle_options = forms.BooleanField(label=_("Options may be shuffled"), required=False, initial=True)
    case_sensitive = forms.BooleanField(label=_("Fill-in answers are case-sensitive"), required=False)

    def __init__(self, *args, bank: QuestionBank, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = bank.topics.all()


class OptionForm(forms.Form):
    text = forms.CharField(
        label=_("Option / accepted answer / left side"), required=False, widget=forms.TextInput(attrs={"size": 30})
    )
    percent = forms.DecimalField(
        label=_("Share of points (%)"),
        required=False,
        max_digits=8,
        decimal_places=3,
        min_value=-100,
        max_value=100,
        widget=forms.NumberInput(attrs={"step": "any", "style": "width:6rem"}),
    )
    match_text = forms.CharField(label=_("Matches (right side)"), required=False)
    value = forms.DecimalField(
        label=_("Value"),
        required=False,
        max_digits=20,
        decimal_places=6,
        widget=forms.NumberInput(attrs={"step": "any", "style": "width:7rem"}),
    )
    tolerance = forms.DecimalField(
        label=_("± tolerance"),
        required=False,
        max_digits=20,
        decimal_places=6,
        min_value=0,
        widget=forms.NumberInput(attrs={"step": "any", "style": "width:6rem"}),
    )
    feedback = forms.CharField(label=_("Feedback"), required=False)

    def blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(k) not in (None, "") for k in ("text", "match_text", "value", "feedback"))


OptionFormSet = forms.formset_factory(OptionForm, extra=0, can_delete=True, max_num=20, absolute_max=20)


def item_draft(form: ItemForm, options) -> ItemDraft:
    """The draft an editor's valid form and option rows describe (blank and deleted rows left out)."""
    data = form.cleaned_data
    kind = data["kind"]
    rows = [o.cleaned_data for o in options if o.cleaned_data and not o.cleaned_data.get("DELETE") and not o.blank()]
    if kind == Kind.TRUE_FALSE:
        feedback = [r.get("feedback", "") for r in rows] + ["", ""]
        drafted = true_false_options(
            answer=bool(data.get("true_false")), true_feedback=feedback[0], false_feedback=feedback[1]
        )
    elif kind == Kind.ESSAY:
        drafted = []
    else:
        drafted = [
            OptionDraft(
                r.get("text", ""),
                (r.get("percent") or Decimal(0)) / 100,
                r.get("feedback", ""),
                r.get("match_text", ""),
                r.get("value"),
                r.get("tolerance"),
            )
            for r in rows
        ]
    return ItemDraft(
        kind=kind,
        stem=data["stem"],
        stem_format=data["stem_format"],
        options=drafted,
        general_feedback=data.get("general_feedback", ""),
        points=data.get("points") or Decimal(1),
        shuffle_options=data.get("shuffle_options", False),
        case_sensitive=data.get("case_sensitive", False),
        code=data.get("code", ""),
        difficulty=data["difficulty"],
    )


def option_initial(draft: ItemDraft) -> list[dict]:
    """The editor's option rows of a stored draft."""
    return [
        {
            "text": o.text,
            "percent": o.fraction * 100,
            "feedback": o.feedback,
            "match_text": o.match_text,
            "value": o.value,
            "tolerance": o.tolerance,
        }
        for o in draft.options
    ]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Question file (.gift, .txt, .aiken, .xml, .xlsx)"))
    dry_run = forms.BooleanField(
        label=_("Dry run: check and show what would be added, write nothing"), required=False, initial=True
    )


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=EXPORT_FORMATS)
    approved_only = forms.BooleanField(label=_("Approved versions only"), required=False)


class AssetForm(forms.Form):
    file = forms.FileField(label=_("Image (PNG, JPEG or GIF)"))


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Why"), max_length=500, required=False)
