"""Item statistics against values computed by hand on a 5 × 3 matrix, the Rasch fit on simulated data, and the
item_analysis command on good and bad files."""

import io
import json

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from exams.services.analysis import analysis_from_file, rasch_difficulties
from exams.services.analysis.stats import groups, kr20

# candidate: (Q1, Q2, Q3) scores; totals 3, 2, 2, 1, 0
MATRIX = {"A": (1, 1, 1), "B": (1, 1, 0), "C": (1, 0, 1), "D": (0, 1, 0), "E": (0, 0, 0)}
# Q1's key is A: D chose B, E skipped; Q2 and Q3 are multiple-answer (key "A,C")
RESPONSES = {
    "Q1": {"A": "A", "B": "A", "C": "A", "D": "B", "E": ""},
    "Q2": {"A": "A,C", "B": "A;C", "C": "A", "D": "A C", "E": "B"},
    "Q3": {"A": "C", "B": "B", "C": "C", "D": "B", "E": ""},
}


def csv_text(rows=None) -> str:
    lines = ["candidate,item,response,correct"]
    for candidate, scores in MATRIX.items():
        for index, item in enumerate(("Q1", "Q2", "Q3")):
            lines.append(f'{candidate},{item},"{RESPONSES[item][candidate]}",{scores[index]}')
    return "\n".join(rows or lines) + "\n"


def report():
    result, errors = analysis_from_file(io.StringIO(csv_text()))
    assert errors == []
    return result


def test_facility_reliability_and_sem_match_the_hand_computation():
    result = report()
    assert result["n_candidates"] == 5 and result["n_items"] == 3
    assert [result["items"][q]["p"] for q in ("Q1", "Q2", "Q3")] == [0.6, 0.6, 0.4]
    # totals 3,2,2,1,0: mean 1.6, variance 1.04; Σpq = 0.72; KR-20 = 3/2 × (1 − 0.72/1.04)
    assert result["kr20"] == pytest.approx(0.4615, abs=1e-4)
    assert result["sem"] == pytest.approx(0.7483, abs=1e-4)  # √1.04 × √(1 − 0.4615…)
    assert result["distribution"] == {"0": 1, "1": 1, "2": 2, "3": 1}


def test_item_rest_correlations_match_the_hand_computation():
    items = report()["items"]
    assert items["Q1"]["r_pbis"] == pytest.approx(0.6455, abs=1e-4)  # 0.2 / (√0.24 × √0.4)
    assert items["Q2"]["r_pbis"] == pytest.approx(0.0, abs=1e-4)  # covariance with the rest is 0
    assert items["Q3"]["r_pbis"] == pytest.approx(0.3273, abs=1e-4)  # 0.12 / (√0.24 × √0.56)
    assert items["Q1"]["alpha_if_deleted"] == pytest.approx(-0.4, abs=1e-4)  # 2 × (1 − 0.48/0.4)


def test_option_shares_overall_and_by_group():
    items = report()["items"]
    assert items["Q1"]["options"] == {"A": 0.6, "B": 0.2}
    assert items["Q1"]["skipped"] == 0.2
    assert items["Q2"]["options"] == {"A": 0.8, "B": 0.2, "C": 0.6}  # labels split on , ; and spaces
    # one candidate per group (27 % of 5 rounds to 1): A on top, E at the bottom
    assert items["Q1"]["options_upper"] == {"A": 1.0} and items["Q1"]["options_lower"] == {}
    assert items["Q1"]["d27"] == 1.0


def test_upper_and_lower_groups_take_27_percent():
    totals = np.array([9, 1, 8, 2, 7, 3, 6, 4, 5, 0])
    upper, lower = groups(totals)
    assert sorted(totals[upper]) == [7, 8, 9] and sorted(totals[lower]) == [0, 1, 2]


def test_kr20_is_undefined_without_variance_or_with_one_item():
    assert kr20(np.ones((4, 3), dtype=int)) is None
    assert kr20(np.array([[1], [0]])) is None


def test_rasch_orders_items_by_difficulty_and_leaves_out_extremes():
    result = report()["items"]
    # A (all correct) and E (none) have no finite ability; among B, C, D, Q1 and Q2 are equally easy, Q3 harder
    assert result["Q1"]["rasch_b"] == pytest.approx(result["Q2"]["rasch_b"], abs=1e-3)
    assert result["Q3"]["rasch_b"] > result["Q1"]["rasch_b"]
    everyone_right = np.array([[1, 1, 0], [1, 0, 1], [1, 1, 1], [1, 0, 0]])
    assert rasch_difficulties(everyone_right)[0] is None


def test_rasch_recovers_simulated_difficulties():
    rng = np.random.default_rng(7)
    truth = np.linspace(-2, 2, 20)
    ability = rng.normal(0, 1, 3000)
    chance = 1 / (1 + np.exp(truth[None, :] - ability[:, None]))
    scores = (rng.random(chance.shape) < chance).astype(int)
    estimate = np.array(rasch_difficulties(scores))
    assert np.abs(estimate - truth).max() < 0.2


def test_the_command_writes_the_report(tmp_path):
    source = tmp_path / "responses.csv"
    source.write_text(csv_text(), encoding="utf-8")
    out = tmp_path / "report.json"
    call_command("item_analysis", str(source), "--out", str(out))
    written = json.loads(out.read_text(encoding="utf-8"))
    assert {"n_candidates", "kr20", "sem", "items"} <= set(written)
    assert set(written["items"]["Q1"]) >= {"p", "r_pbis", "d27", "options"}


def test_a_bad_file_names_each_row_and_column_and_writes_nothing(tmp_path):
    lines = csv_text().splitlines()
    lines[2] = "A,Q2,B,yes"  # line 3: correct is not 0/1
    lines[5] = "B,Q1,A,1"  # line 6 repeats B,Q1 (line 5)
    lines.insert(6, ",Q1,A,1")  # line 7: no candidate
    source = tmp_path / "bad.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "report.json"
    errors = io.StringIO()
    with pytest.raises(CommandError, match="3 errors"):
        call_command("item_analysis", str(source), "--out", str(out), stderr=errors)
    said = errors.getvalue()
    assert "line 3, column correct" in said and "line 6, column item" in said and "line 7, column candidate" in said
    assert not out.exists()


def test_a_file_without_the_columns_is_refused(tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text("who,item,answer\nA,Q1,B\n", encoding="utf-8")
    with pytest.raises(CommandError, match="candidate"):
        call_command("item_analysis", str(source), "--out", str(tmp_path / "r.json"))
