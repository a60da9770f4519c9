"""`{% exam_tabs_for exam as tabs %}`: the exam's tabs with the one of the current page marked."""

from django import template

from exams.tabs import exam_tabs

register = template.Library()


@register.simple_tag(takes_context=True)
def exam_tabs_for(context, exam):
    match = getattr(context.get("request"), "resolver_match", None)
    return exam_tabs(exam_id=exam.pk, current=match.view_name if match else "")
