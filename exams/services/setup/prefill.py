"""The parts of an exam pre-filled from its profile: round 1 and the round-2 form the board picks.

Reads the profile's machine-readable rules (`config["rules"]`) when it has them, and its descriptive config
otherwise (the decree's structure as seeded: `round1.parts`, `chuyen_vien_can_su_posts`, `round2.forms`…). The
language part comes only when a position requires a foreign language: for everyone when every position does,
otherwise one per such position. Round-2 lengths the rules do not carry come from the descriptive config; a length
the decree leaves to the agency (thực hành) is asked for.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from exams.models import Exam, Part, Position
from exams.services.setup.exams import exam_ensure_structure_editable
from exams.services.setup.structure import part_create

# The decrees' words for the parts (descriptive config) → the rules' part keys, the label and how it is taken.
VOCABULARY = {
    "kien_thuc_chung": ("general", "Kiến thức chung", Part.Mode.COMPUTER),
    "ngoai_ngu": ("language", "Ngoại ngữ", Part.Mode.COMPUTER),
    "tin_hoc": ("it", "Tin học", Part.Mode.COMPUTER),
    "viet": ("written", "Viết", Part.Mode.PAPER),
    "phong_van": ("interview", "Phỏng vấn", Part.Mode.ORAL),
    "van_dap": ("oral", "Vấn đáp", Part.Mode.ORAL),
    "thuc_hanh": ("practical", "Thực hành", Part.Mode.PRACTICAL),
    "de_an": ("project", "Đề án", Part.Mode.PROJECT),
}
SLUG_OF = {key: slug for slug, (key, _label, _mode) in VOCABULARY.items()}
MODE_OF = {key: mode for key, _label, mode in VOCABULARY.values()}
MINUTES_KEYS = ("minutes", "paper_minutes", "minutes_max", "minutes_max_incl_prep")
FORM_RE = re.compile(r"^([a-z_+]+)")


@dataclass
class PartPlan:
    round: int
    key: str
    name: str
    mode: str
    minutes: int | None
    questions: int = 0
    max_score: Decimal = Decimal(100)
    position: Position | None = None
    order: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def mode_label(self) -> str:
        return Part.Mode(self.mode).label


# --- Reading the profile -----------------------------------------------------------------------
def _descriptive(exam: Exam) -> dict:
    return {key: value for key, value in (exam.profile.config or {}).items() if key != "rules"}


def _minutes_in(node, slug: str) -> int | None:
    """The length of part `slug` anywhere in the descriptive config ("viet": {"paper_minutes": 180},
    {"form": "van_dap", "minutes": 30}, "phong_van 30min")."""
    if isinstance(node, str):
        match = re.match(rf"^{slug}\s+(\d+)\s*min", node)
        return int(match.group(1)) if match else None
    if isinstance(node, dict):
        own = node.get(slug) if isinstance(node.get(slug), dict) else (node if node.get("form") == slug else None)
        found = next((int(own[key]) for key in MINUTES_KEYS if own and own.get(key)), None)
        if found:
            return found
        node = list(node.values())
    if isinstance(node, list):
        return next(filter(None, (_minutes_in(child, slug) for child in node)), None)
    return None


def _round1_from_rules(rules: dict) -> tuple[str, list[dict]]:
    round1 = rules.get("round1") or {}
    mode = Part.Mode.COMPUTER if round1.get("mode", "computer") == "computer" else Part.Mode.PAPER
    parts = []
    for key, part in (round1.get("parts") or {}).items():
        scale = part.get("scale")
        parts.append(
            {
                "key": key,
                "name": part.get("label") or key,
                "questions": part.get("questions") or 0,
                "minutes": part.get("minutes"),
                "max_score": Decimal(str(scale)) if scale else Decimal(100),
                "skip": not part.get("required", True) and key != "language",
            }
        )
    return mode, parts


def _round1_descriptive(config: dict) -> tuple[str, list[dict]]:
    round1 = config.get("round1") or (config.get("chuyen_vien_can_su_posts") or {}).get("round1") or {}
    mode = Part.Mode.COMPUTER if "computer" in str(round1.get("mode", "computer")) else Part.Mode.PAPER
    listed = round1.get("parts")
    if listed is None and round1.get("questions"):
        listed = [{"part": "kien_thuc_chung", "questions": round1["questions"], "minutes": round1.get("minutes")}]
    parts = []
    for part in listed or []:
        key, label, _mode = VOCABULARY.get(part.get("part"), (part.get("part"), part.get("part"), mode))
        skip = bool(part.get("omitted_when_on_computer")) and mode == Part.Mode.COMPUTER
        parts.append(
            {
                "key": key,
                "name": label,
                "questions": part.get("questions") or 0,
                "minutes": part.get("minutes"),
                "max_score": Decimal(100),
                "skip": skip,
            }
        )
    return mode, parts


def round2_forms(*, exam: Exam) -> dict[str, list[tuple[str, str]]]:
    """The round-2 forms the exam's profile allows: {form key: [(part key, label), …]}, in the profile's order."""
    rules = (exam.profile.config or {}).get("rules") or {}
    if rules.get("round2"):
        round2 = rules["round2"]
        labels = {key: part.get("label", key) for key, part in (round2.get("parts") or {}).items()}
        return {form: [(key, labels.get(key, key)) for key in weights] for form, weights in round2["forms"].items()}
    config = _descriptive(exam)
    round2 = config.get("round2") or (config.get("chuyen_vien_can_su_posts") or {}).get("round2") or {}
    forms = {}
    for text in round2.get("forms") or []:
        match = FORM_RE.match(str(text))
        slugs = [s for s in match.group(1).split("+") if s in VOCABULARY] if match else []
        if slugs:
            keys = [VOCABULARY[s][0] for s in slugs]
            forms["_".join(keys)] = [(VOCABULARY[s][0], VOCABULARY[s][1]) for s in slugs]
    return forms


def _default_form(forms: dict) -> str:
    return "written" if "written" in forms else next(iter(forms), "")


# --- The plan ----------------------------------------------------------------------------------
def _language_positions(exam: Exam) -> list[Position | None]:
    positions = list(exam.positions.order_by("code"))
    needing = [p for p in positions if p.requires_language]
    if not needing:
        return []
    return [None] if len(needing) == len(positions) else needing


def _round1_plans(exam: Exam) -> list[PartPlan]:
    rules = (exam.profile.config or {}).get("rules")
    mode, parts = _round1_from_rules(rules) if rules else _round1_descriptive(_descriptive(exam))
    plans = []
    for part in parts:
        if part["skip"]:
            continue
        targets = _language_positions(exam) if part["key"] == "language" else [None]
        for position in targets:
            name = part["name"] if position is None else f"{part['name']} ({position.code})"
            plans.append(
                PartPlan(
                    round=1,
                    key=part["key"],
                    name=name,
                    mode=mode,
                    minutes=part["minutes"],
                    questions=part["questions"] if mode == Part.Mode.COMPUTER else 0,
                    max_score=part["max_score"],
                    position=position,
                )
            )
    return plans


def _round2_plans(exam: Exam, form: str, agency_minutes: int | None) -> list[PartPlan]:
    forms = round2_forms(exam=exam)
    if not forms:
        return []
    form = form or _default_form(forms)
    if form not in forms:
        raise ApplicationError(_("The profile has no round-2 form “%(form)s”.") % {"form": form}, field="round2_form")
    config, plans = _descriptive(exam), []
    for key, label in forms[form]:
        minutes = _minutes_in(config, SLUG_OF.get(key, key))
        plan = PartPlan(round=2, key=key, name=label, mode=MODE_OF.get(key, Part.Mode.PAPER), minutes=minutes)
        if minutes is None:
            if not agency_minutes:
                raise ApplicationError(
                    _("The profile leaves the length of “%(part)s” to the agency: give it in minutes.")
                    % {"part": label},
                    field="agency_minutes",
                )
            plan.minutes = agency_minutes
            plan.notes.append(_("length set by the agency"))
        plans.append(plan)
    return plans


def parts_prefill_plan(*, exam: Exam, round2_form: str = "", agency_minutes: int | None = None) -> list[PartPlan]:
    """The parts the exam's profile gives (round 1, then the round-2 `round2_form`), numbered in order; parts the
    exam already has (same key and position) are marked, not repeated."""
    plans = _round1_plans(exam) + _round2_plans(exam, round2_form, agency_minutes)
    existing = set(exam.parts.values_list("key", "position_id"))
    for order, plan in enumerate(plans, start=1):
        plan.order = order
        if (plan.key, plan.position.pk if plan.position else None) in existing:
            plan.notes.append(_("already in the exam"))
    return plans


@transaction.atomic
def parts_prefill(*, exam: Exam, actor, round2_form: str = "", agency_minutes: int | None = None) -> list[Part]:
    """Create the parts of the profile's plan that the exam does not have yet (refused once papers exist); each
    creation audited. Safe to run twice: the second run adds nothing."""
    exam_ensure_structure_editable(exam=exam)
    plans = parts_prefill_plan(exam=exam, round2_form=round2_form, agency_minutes=agency_minutes)
    existing = set(exam.parts.values_list("key", "position_id"))
    created = []
    for plan in plans:
        if (plan.key, plan.position.pk if plan.position else None) in existing:
            continue
        created.append(
            part_create(
                exam=exam,
                actor=actor,
                round=plan.round,
                key=plan.key,
                name=plan.name,
                mode=plan.mode,
                position=plan.position,
                questions=plan.questions,
                minutes=plan.minutes,
                max_score=plan.max_score,
                order=plan.order,
            )
        )
    return created
