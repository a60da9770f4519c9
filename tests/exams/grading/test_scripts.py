"""Written answers marked by two graders: anonymous codes, assignment, independence, the third grader on a gap, the
final mark by the profile's rule (exams.rules.marking)."""

from decimal import Decimal

import pytest

from common.errors import ApplicationError
from exams.models import Mark, Script, ScriptMark
from exams.rules.marking import DEFAULT, marking_outcome, marking_rule
from exams.services.grading.scripts import script_mark_enter, scripts_assign, scripts_prepare
from tests.exams.grading.conftest import written_setup
from tests.hrm.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def written():
    setup = written_setup()
    scripts_prepare(part=setup["part"], actor=None)
    scripts_assign(part=setup["part"], graders=setup["graders"], actor=None)
    return setup


def marks_of(script):
    return {m.turn: m for m in script.marks.all()}


def test_every_candidate_gets_one_anonymous_code_and_two_different_graders(written):
    scripts = list(Script.objects.filter(part=written["part"]))
    assert len(scripts) == 3 and len({s.code for s in scripts}) == 3
    for script in scripts:
        assert len(script.code) == 8 and script.candidate.candidate_number not in script.code
        first, second = marks_of(script)[1].grader, marks_of(script)[2].grader
        assert first != second and {first, second} <= set(written["graders"])
    assert scripts_prepare(part=written["part"], actor=None) == 0  # idempotent


def test_close_marks_give_their_mean_as_the_graders_mark():
    setup = written_setup(candidates=1)
    scripts_prepare(part=setup["part"], actor=None)
    scripts_assign(part=setup["part"], graders=setup["graders"][:2], actor=None)
    script = Script.objects.get(part=setup["part"])
    one, two = marks_of(script)[1], marks_of(script)[2]
    script_mark_enter(mark=one, grader=one.grader, score="70")
    assert not Mark.objects.exists()  # waiting for the second grader
    script_mark_enter(mark=two, grader=two.grader, score="75,5")
    mark = Mark.objects.get(candidate=script.candidate, part=setup["part"])
    assert mark.score == Decimal("72.75") and mark.source == Mark.Source.GRADERS
    assert mark.details["code"] == script.code and mark.details["marks"] == ["70.00", "75.50"]


def test_a_gap_above_the_threshold_sends_the_script_to_a_third_grader_who_decides(written):
    script = Script.objects.filter(part=written["part"]).first()
    one, two = marks_of(script)[1], marks_of(script)[2]
    script_mark_enter(mark=one, grader=one.grader, score=50)
    script_mark_enter(mark=two, grader=two.grader, score=65)  # 15 > 10 % of 100
    third = ScriptMark.objects.get(script=script, turn=3)
    assert third.grader not in (one.grader, two.grader) and third.grader in written["graders"]
    assert not Mark.objects.filter(candidate=script.candidate).exists()
    script_mark_enter(mark=third, grader=third.grader, score=60)
    mark = Mark.objects.get(candidate=script.candidate, part=written["part"])
    assert mark.score == Decimal("62.50")  # the third (60) and the closer of the first two (65)


def test_a_grader_marks_only_his_own_scripts_within_the_scale(written):
    script = Script.objects.filter(part=written["part"]).first()
    one, two = marks_of(script)[1], marks_of(script)[2]
    with pytest.raises(ApplicationError, match="not assigned to you"):
        script_mark_enter(mark=one, grader=two.grader, score=50)
    for bad in ("101", "-1", "mười"):
        with pytest.raises(ApplicationError) as refused:
            script_mark_enter(mark=one, grader=one.grader, score=bad)
        assert "score" in refused.value.message_dict
    one.refresh_from_db()
    assert one.score is None


def test_once_final_no_mark_changes(written):
    script = Script.objects.filter(part=written["part"]).first()
    one, two = marks_of(script)[1], marks_of(script)[2]
    script_mark_enter(mark=one, grader=one.grader, score=80)
    script_mark_enter(mark=two, grader=two.grader, score=80)
    with pytest.raises(ApplicationError, match="final score"):
        script_mark_enter(mark=one, grader=one.grader, score=10)


def test_assignment_needs_two_graders_of_this_exam(written):
    outsider = UserFactory()
    for graders in ([written["graders"][0]], [written["graders"][0], outsider]):
        with pytest.raises(ApplicationError) as refused:
            scripts_assign(part=written["part"], graders=graders, actor=None)
        assert "graders" in refused.value.message_dict


def test_an_objective_part_has_no_scripts():
    from tests.exams.live.conftest import build_live

    ready = build_live(candidates=1)
    with pytest.raises(ApplicationError):
        scripts_prepare(part=ready["part"], actor=None)


def test_the_marking_rule_is_data_of_the_profile():
    assert marking_rule({}).gap == Decimal(DEFAULT["third_if_gap_over"])
    rule = marking_rule({"marking": {"third_if_gap_over": "0.2", "final_with_third": "third"}})
    assert marking_outcome(rule, maximum=100, first=50, second=65).final == Decimal("57.50")
    assert marking_outcome(rule, maximum=100, first=50, second=75, third=70).final == 70
    assert marking_outcome(rule, maximum=100, first=50, second=None).final is None


def test_with_no_free_grader_the_board_names_the_third_who_must_not_be_one_of_the_first_two():
    from exams.services.grading import script_third_assign
    from tests.exams.factories_setup import grader_of

    setup = written_setup(candidates=1, graders=2)
    scripts_prepare(part=setup["part"], actor=None)
    scripts_assign(part=setup["part"], graders=setup["graders"], actor=None)
    script = Script.objects.get(part=setup["part"])
    one, two = marks_of(script)[1], marks_of(script)[2]
    script_mark_enter(mark=one, grader=one.grader, score=30)
    script_mark_enter(mark=two, grader=two.grader, score=80)
    assert 3 not in marks_of(script)  # nobody else grades this part yet
    with pytest.raises(ApplicationError):
        script_third_assign(script=script, grader=one.grader, actor=None)
    third = script_third_assign(script=script, grader=grader_of(setup["exam"], username="third_one"), actor=None)
    script_mark_enter(mark=third, grader=third.grader, score=70)
    assert Mark.objects.get(candidate=script.candidate).score == Decimal("75.00")
