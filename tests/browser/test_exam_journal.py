"""The exam page's offline journal (static/js/exam-journal.js) run in Chromium: sequence numbers, what stays until
acked, what a reopened tab finds in localStorage, and the reconnect backoff."""

import pytest

from tests.browser.conftest import assert_offline_and_clean

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journal_page(page):
    page.goto("/exams/login/")
    page.add_script_tag(url="/static/js/exam-journal.js")
    page.evaluate("localStorage.clear()")
    return page


def test_answers_get_increasing_seqs_and_leave_only_when_acked(journal_page):
    result = journal_page.evaluate(
        """() => {
        const j = new ExamJournal(localStorage, 17);
        j.sync(12);                                  // the server has seen up to 12
        const a = j.record(901, [3605]), b = j.record(902, [3610]), c = j.record(903, []);
        j.ack(b.seq);
        const stored = localStorage.getItem("congvu.exam.17");
        return {seqs: [a.seq, b.seq, c.seq], left: j.unacked().map(e => e.seq), stored};
    }"""
    )
    assert result["seqs"] == [13, 14, 15]
    assert result["left"] == [13, 15]
    assert '"seq":15' in result["stored"]


def test_a_newer_answer_supersedes_an_unacked_older_one_for_the_same_question(journal_page):
    result = journal_page.evaluate(
        """() => {
        const j = new ExamJournal(localStorage, 3);
        j.record(901, [1]); j.record(902, [5]); j.record(901, [2]);
        return {pending: j.unacked().map(e => [e.seq, e.question, e.choices]), late_ack: j.ack(1)};
    }"""
    )
    assert result["pending"] == [[2, 902, [5]], [3, 901, [2]]]
    assert result["late_ack"] is None  # the ack of the superseded answer changes nothing


def test_a_reopened_tab_finds_unacked_answers_and_continues_the_numbers(journal_page):
    journal_page.evaluate(
        """() => { const j = new ExamJournal(localStorage, 8); j.sync(4); j.record(901, [7]); j.record(902, [9]);
                   j.flag(903, true); }"""
    )
    journal_page.reload()
    journal_page.add_script_tag(url="/static/js/exam-journal.js")
    result = journal_page.evaluate(
        """() => {
        const j = new ExamJournal(localStorage, 8);
        const restored = j.unacked().map(e => e.seq);
        const merged = j.merge({"901": [1], "904": [2]});
        j.sync(3);                                  // an older server state does not lower the numbers
        const next = j.record(905, [4]).seq;
        const other = new ExamJournal(localStorage, 9).unacked().length;   // another attempt's key is separate
        return {restored, merged, next, flags: j.flags, other};
    }"""
    )
    assert result["restored"] == [5, 6]
    assert result["merged"] == {"901": [7], "902": [9], "904": [2]}
    assert result["next"] == 7 and result["flags"] == {"903": True} and result["other"] == 0


def test_clear_forgets_the_attempt_and_backoff_grows_to_a_ceiling(journal_page):
    result = journal_page.evaluate(
        """() => {
        const j = new ExamJournal(localStorage, 5); j.record(1, [2]); j.clear();
        return {gone: localStorage.getItem("congvu.exam.5"),
                delays: [0, 1, 2, 3, 10].map(n => ExamJournal.backoff(n, 0)), jitter: ExamJournal.backoff(0, 1)};
    }"""
    )
    assert result["gone"] is None
    assert result["delays"] == [500, 1000, 2000, 4000, 15000]
    assert result["jitter"] == 650
    assert_offline_and_clean(journal_page)
