"""Turn a regulation profile's `config` JSON into a readable outline of labelled terms.

The outline is a list of nodes {"label", "value", "children"}; templates render it as nested definition lists,
so new keys in future decrees show up with a humanised label rather than as raw JSON.
"""

import re

from django.utils.translation import gettext_lazy as _

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

LABELS = {
    "verification": _("Verification"),
    "in_force": _("In force from"),
    "round1": _("Round 1"),
    "round2": _("Round 2"),
    "mode": _("Mode"),
    "parts": _("Parts"),
    "part": _("Part"),
    "questions": _("Questions"),
    "minutes": _("Minutes"),
    "pass": _("Pass rule"),
    "pass_min": _("Minimum to pass"),
    "pass_rule": _("Pass rule"),
    "scale": _("Scale (points)"),
    "forms": _("Forms"),
    "form": _("Form"),
    "ranking": _("Ranking"),
    "winner": _("Winners"),
    "tie_break": _("Tie-break"),
    "review": _("Review (phúc khảo)"),
    "review_allowed": _("Review allowed"),
    "result_shown_immediately": _("Result shown immediately"),
    "result_shown_immediately_on_computer": _("Result shown immediately on computer"),
    "omitted_when_on_computer": _("Omitted when taken on computer"),
    "waived_if": _("Waived if"),
    "only_if_post_requires_language": _("Only if the post requires a foreign language"),
    "note": _("Note"),
    "nhan_vien_posts": _("Nhân viên posts"),
    "chuyen_vien_can_su_posts": _("Chuyên viên / cán sự posts"),
    "chuyen_vien_chinh_posts": _("Chuyên viên chính posts"),
    "chuyen_vien_cao_cap_posts": _("Chuyên viên cao cấp posts"),
    "single_test": _("Single test"),
    "viet": _("Written (viết)"),
    "phong_van": _("Interview (phỏng vấn)"),
    "combined_weights": _("Combined weights"),
    "rounding_decimals": _("Decimals kept"),
    "foreign_language": _("Foreign language"),
    "xet_tuyen": _("Selection (xét tuyển)"),
    "probation": _("Probation"),
    "thang_hang": _("Promotion (thăng hạng)"),
    "legal_basis": _("Legal basis"),
    "types": _("Certificate types"),
    "papers": _("Papers"),
    "each_paper_min_fraction": _("Minimum fraction of each paper"),
    "typical_scale": _("Typical scale"),
    "question_counts_and_minutes": _("Question counts and minutes"),
    "observed": _("Observed at exam centres"),
    "old_certificates": _("Old certificates"),
    "centre": _("Exam centre"),
    "mcq_questions": _("MCQ questions"),
    "mcq_minutes": _("MCQ minutes"),
    "practical_tasks": _("Practical tasks"),
    "practical_minutes": _("Practical minutes"),
    "paper_written_only": _("Paper-based written tests only"),
    "request_window_working_days": _("Request window (working days)"),
    "finish_within_days": _("Finished within (days)"),
    "finish_extended_max_days": _("Extended at most to (days)"),
    "no_review_for": _("No review for"),
    "prep_minutes_max": _("Preparation (max minutes)"),
    "minutes_max": _("Minutes (max)"),
    "minutes_max_incl_prep": _("Minutes incl. preparation (max)"),
}
# structure first, then how winners are chosen, then notes
ORDER_KEYS = [
    "legal_basis",
    "in_force",
    "types",
    "papers",
    "mode",
    "nhan_vien_posts",
    "chuyen_vien_can_su_posts",
    "chuyen_vien_chinh_posts",
    "chuyen_vien_cao_cap_posts",
    "round1",
    "round2",
    "part",
    "centre",
    "single_test",
    "form",
    "forms",
    "parts",
    "questions",
    "minutes",
    "minutes_max",
    "prep_minutes_max",
    "minutes_max_incl_prep",
    "scale",
    "pass",
    "pass_min",
    "pass_rule",
    "winner",
    "ranking",
    "tie_break",
    "review",
    "review_allowed",
    "xet_tuyen",
    "foreign_language",
    "thang_hang",
    "probation",
]
ORDER = {key: index for index, key in enumerate(ORDER_KEYS)}
LAST_KEYS = {"note": 1, "verification": 2}
# Vietnamese exam terms stored as ASCII codes, shown with their diacritics (they are Vietnamese names, not UI text)
TERMS = {
    "kien_thuc_chung": "Kiến thức chung",
    "ngoai_ngu": "Ngoại ngữ",
    "tin_hoc": "Tin học",
    "van_dap": "vấn đáp",
    "thuc_hanh": "thực hành",
    "viet": "viết",
    "phong_van": "phỏng vấn",
    "de_an": "đề án",
    "viet+phong_van": "viết + phỏng vấn",
    "co_ban": "cơ bản",
    "nang_cao": "nâng cao",
}
TITLE_KEYS = ("part", "centre")  # a list item's heading comes from one of these keys


def label_for(key: str) -> str:
    return str(LABELS.get(key, key.replace("_", " ").capitalize()))


def _scalar(value) -> str:
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if value is None:
        return ""
    text = str(value)
    if ISO_DATE.fullmatch(text):
        return f"{text[8:10]}/{text[5:7]}/{text[:4]}"
    return TERMS.get(text, text)


def _list_node(label: str, values: list) -> dict:
    if all(not isinstance(v, (dict, list)) for v in values):
        return {"label": label, "value": "", "items": [_scalar(v) for v in values], "children": []}
    children = []
    for index, value in enumerate(values, start=1):
        title = next((_scalar(value[k]) for k in TITLE_KEYS if isinstance(value, dict) and k in value), f"#{index}")
        children.append(_node(title, value))
    return {"label": label, "value": "", "items": [], "children": children}


def _node(label: str, value) -> dict:
    if isinstance(value, dict):
        return {"label": label, "value": "", "items": [], "children": config_outline(value)}
    if isinstance(value, list):
        return _list_node(label, value)
    return {"label": label, "value": _scalar(value), "items": [], "children": []}


def _key_order(key: str) -> tuple[int, int]:
    return LAST_KEYS.get(key, 0), ORDER.get(key, len(ORDER))


# The machine-readable rules (exams.rules) repeat the described structure for the program: not shown to people.
HIDDEN_KEYS = {"rules"}


def config_outline(config: dict) -> list[dict]:
    """The config as nested labelled nodes; known keys in a fixed order (jsonb does not keep it), others after."""
    keys = sorted((key for key in config if key not in HIDDEN_KEYS), key=_key_order)
    return [_node(label_for(key), config[key]) for key in keys]


SOURCE_KEYS = {"verification"}  # the reference data's notes on its own sources: for administrators only


def without_source_notes(config):
    """`config` without the verification notes of its sources, at every depth."""
    if isinstance(config, dict):
        return {key: without_source_notes(value) for key, value in config.items() if key not in SOURCE_KEYS}
    if isinstance(config, list):
        return [without_source_notes(value) for value in config]
    return config
