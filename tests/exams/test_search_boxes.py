"""Search boxes of the exam pages take what a user (or a crafted link) types: a NUL byte, an unknown status or an
over-long text is ignored, never a server error (PostgreSQL refuses NUL in a query string)."""

import pytest
from django.urls import reverse

from tests.exams.factories_cands import promotion_exam, staff_with_history

pytestmark = pytest.mark.django_db

# what is typed → what is searched: NUL bytes dropped, over 60 characters not searched at all
ODD = {"\x00": "", "a\x00b": "ab", "x" * 300: "", "' or 1=1 --": "' or 1=1 --", "%": "%"}


@pytest.mark.parametrize("q", ODD)
def test_the_exam_list_search_ignores_odd_text(client, examiner, q):
    exam, _position = promotion_exam()
    client.force_login(examiner)
    response = client.get(reverse("exams:exam-list"), {"q": q, "status": "nonsense"})
    assert response.status_code == 200 and response.context["status"] == ""
    assert response.context["q"] == ODD[q]


@pytest.mark.parametrize("q", ODD)
def test_the_staff_picker_search_ignores_odd_text(client, examiner, province, q):
    exam, _position = promotion_exam()
    staff_with_history(unit=province["c1"], full_name="Nguyễn Văn Đủ")
    client.force_login(examiner)
    response = client.get(reverse("exams:staff-pick", args=[exam.pk]), {"q": q})
    assert response.status_code == 200
    assert response.context["q"] == ODD[q]
