"""The tabs of an exam's pages (overview, positions, parts, rooms, candidates, seating, papers, …).

Each page group registers its own tab when its views module is imported (`exam_tab_register`); the exam pages
include `exams/exam/_tabs.html`, which shows the tabs in order with the current one marked.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class ExamTab:
    url_name: str  # takes the exam's id as its one argument
    label: object
    order: int


_tabs: dict[str, ExamTab] = {}


def exam_tab_register(*, url_name: str, label, order: int) -> None:
    """Add a tab to every exam's pages (registering the same url name again replaces it)."""
    _tabs[url_name] = ExamTab(url_name, label, order)


def exam_tabs(*, exam_id: int, current: str = "") -> list[dict]:
    """The tabs of exam `exam_id`, in order, each with its url, label and whether it is the `current` url name."""
    return [
        {"url": reverse(tab.url_name, args=[exam_id]), "label": tab.label, "current": tab.url_name == current}
        for tab in sorted(_tabs.values(), key=lambda tab: (tab.order, tab.url_name))
    ]
