"""exams.rules.eligibility: pure functions, no database."""

import datetime as dt

import pytest

from exams.rules.eligibility import (
    DisciplineSpell,
    EligibilityRuleError,
    PriorityFacts,
    RankSpell,
    StaffFacts,
    Target,
    eligibility_check,
    months_between,
    parse_eligibility,
    priority_rank,
)

RULES = {
    "eligibility": {
        "form": "exam",
        "targets": [
            {
                "to": "cvc",
                "from": "cv",
                "min_years": 9,
                "min_months_in_rank": 12,
                "certificates": {"state_management": ["cvc", "cvcc"]},
            },
        ],
        "rating": {"at_least": "HTTNV", "order": ["HTXSNV", "HTTNV", "HTNV", "KHTNV"], "years": 1},
        "no_discipline": True,
        "priority_order": ["female", "older"],
    }
}
ON = dt.date(2026, 6, 1)
TARGET = Target(rank="01.002", category="cvc", series="hanh_chinh", grade=2)


def facts(**kwargs):
    values = {
        "rank": "01.003",
        "category": "cv",
        "series": "hanh_chinh",
        "grade": 3,
        "spells": (RankSpell("01.003", "cv", dt.date(2015, 1, 1), None),),
        "ratings": {2025: "HTTNV"},
        "certificates": {"state_management": "cvc"},
    }
    values.update(kwargs)
    return StaffFacts(**values)


def check(**kwargs):
    return eligibility_check(facts=facts(**kwargs), target=TARGET, rules=parse_eligibility(RULES), on=ON)


def failed(verdict):
    return [r.key for r in verdict.reasons if not r.ok]


def test_eligible_when_every_condition_holds():
    verdict = check()
    assert verdict.eligible and failed(verdict) == []
    assert [r.key for r in verdict.reasons] == [
        "rank",
        "years",
        "months_in_rank",
        "rating",
        "discipline",
        "certificate",
    ]


def test_years_count_every_rank_of_the_same_category():
    spells = (
        RankSpell("06.031", "cv", dt.date(2014, 1, 1), dt.date(2020, 1, 1)),
        RankSpell("01.003", "cv", dt.date(2020, 1, 1), None),
    )
    verdict = check(spells=spells)
    years = next(r for r in verdict.reasons if r.key == "years")
    assert years.ok and years.params["months"] == 12 * 12 + 5


def test_too_few_years_is_named_with_the_months_held():
    verdict = check(spells=(RankSpell("01.003", "cv", dt.date(2020, 1, 1), None),))
    assert failed(verdict) == ["years"]
    assert next(r for r in verdict.reasons if r.key == "years").params == {"months": 77, "min_years": 9, "from": "cv"}


def test_months_in_the_current_rank():
    spells = (
        RankSpell("06.031", "cv", dt.date(2010, 1, 1), dt.date(2026, 1, 1)),
        RankSpell("01.003", "cv", dt.date(2026, 1, 1), None),
    )
    assert failed(check(spells=spells)) == ["months_in_rank"]


def test_rating_below_the_bar_or_missing():
    assert failed(check(ratings={2025: "HTNV"})) == ["rating"]
    assert failed(check(ratings={2024: "HTXSNV"})) == ["rating"]  # last year's is the one that counts


def test_discipline_in_force_only():
    lifted = (DisciplineSpell("Khiển trách", dt.date(2024, 1, 1), dt.date(2025, 1, 1)),)
    assert check(disciplines=lifted).eligible
    current = (DisciplineSpell("Cảnh cáo", dt.date(2026, 3, 1), None),)
    verdict = check(disciplines=current)
    assert failed(verdict) == ["discipline"]
    assert next(r for r in verdict.reasons if r.key == "discipline").params["name"] == "Cảnh cáo"


def test_wrong_rank_and_missing_certificate():
    assert failed(check(rank="01.004", category="cs")) == ["rank", "months_in_rank"]  # no time in 01.004
    assert failed(check(certificates={"state_management": ""})) == ["certificate"]


def test_a_target_without_a_rule_is_refused():
    verdict = eligibility_check(facts=facts(), target=Target("01.001", "cvcc"), rules=parse_eligibility(RULES), on=ON)
    assert not verdict.eligible and [r.key for r in verdict.reasons] == ["target"]


def test_months_between():
    assert months_between(dt.date(2020, 1, 31), dt.date(2020, 2, 29)) == 0
    assert months_between(dt.date(2020, 1, 1), dt.date(2021, 1, 1)) == 12
    assert months_between(dt.date(2021, 1, 1), dt.date(2020, 1, 1)) == 0


def test_malformed_rules_name_the_key():
    with pytest.raises(EligibilityRuleError, match="eligibility.form"):
        parse_eligibility({"eligibility": {**RULES["eligibility"], "form": "lottery"}})
    with pytest.raises(EligibilityRuleError, match="eligibility.rating.at_least"):
        parse_eligibility(
            {"eligibility": {**RULES["eligibility"], "rating": {"at_least": "X", "order": [], "years": 1}}}
        )
    with pytest.raises(EligibilityRuleError, match="eligibility"):
        parse_eligibility({})


def test_priority_order_women_minorities_older_longer_service():
    people = [
        PriorityFacts("kinh-man-old", "male", "Kinh", dt.date(1970, 1, 1), dt.date(1995, 1, 1)),
        PriorityFacts("kinh-woman-young", "female", "Kinh", dt.date(1990, 1, 1), dt.date(2012, 1, 1)),
        PriorityFacts("khmer-woman-young", "female", "Khmer", dt.date(1991, 1, 1), dt.date(2013, 1, 1)),
        PriorityFacts("kinh-woman-old", "female", "Kinh", dt.date(1980, 1, 1), dt.date(2005, 1, 1)),
        PriorityFacts("kinh-woman-old-longer", "female", "Kinh", dt.date(1980, 1, 1), dt.date(2001, 1, 1)),
    ]
    order = ("female", "ethnic_minority", "older", "longer_service")
    assert priority_rank(people=people, order=order) == [
        "khmer-woman-young",
        "kinh-woman-old-longer",
        "kinh-woman-old",
        "kinh-woman-young",
        "kinh-man-old",
    ]
    with pytest.raises(EligibilityRuleError):
        priority_rank(people=people, order=("height",))
