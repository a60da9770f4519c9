"""Papers (đề thi) of Exams I: blueprints, generation, the pool's review and draw, and verification."""

from exams.services.papers.blueprint import blueprint_save
from exams.services.papers.generation import (
    attempts_exist,
    bank_min_multiple,
    paper_form_regenerate,
    papers_draw,
    papers_draw_check,
    papers_generate,
    papers_generate_check,
    papers_replace_check,
    plan_make,
)
from exams.services.papers.jobs import papers_draw_start, papers_generate_start, papers_job_running
from exams.services.papers.review import paper_form_decide, paper_form_preview
from exams.services.papers.verify import papers_verify

__all__ = [
    "attempts_exist",
    "bank_min_multiple",
    "blueprint_save",
    "paper_form_decide",
    "paper_form_preview",
    "paper_form_regenerate",
    "papers_draw",
    "papers_draw_check",
    "papers_draw_start",
    "papers_generate",
    "papers_generate_check",
    "papers_generate_start",
    "papers_job_running",
    "papers_replace_check",
    "papers_verify",
    "plan_make",
]
