"""Clean logs: a refused request is one line, without a traceback; real errors keep theirs."""

import logging
import sys

from common.logging import ClientErrorsWithoutTraceback


def _record(status):
    try:
        raise PermissionError("no")
    except PermissionError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden: /x", (), exc_info)
    record.status_code = status
    return record


def test_a_403_is_logged_without_its_traceback():
    record = _record(403)
    assert ClientErrorsWithoutTraceback().filter(record) and record.exc_info is None


def test_a_500_keeps_its_traceback():
    record = _record(500)
    assert ClientErrorsWithoutTraceback().filter(record) and record.exc_info is not None


def test_a_403_page_writes_no_traceback_to_the_log(client, outsider, caplog, settings):
    console = settings.LOGGING["handlers"]["console"]
    assert [settings.LOGGING["filters"][name]["()"] for name in console["filters"]] == [
        "common.logging.ClientErrorsWithoutTraceback"
    ]
    client.force_login(outsider)
    handler = logging.StreamHandler()
    handler.addFilter(ClientErrorsWithoutTraceback())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/hrm/staff/").status_code == 403
    forbidden = [r for r in caplog.records if r.name == "django.request"]
    assert forbidden and all(handler.filter(r) and r.exc_info is None for r in forbidden)


def test_a_403_prints_one_line_and_no_traceback_in_debug_mode_too(client, outsider, settings, capfd):
    """What `make run` prints (DEBUG on): Django's own console handler must not repeat the line with a traceback."""
    from django.utils.log import configure_logging

    settings.DEBUG = True
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)  # as at start-up, writing to the captured stderr
    client.force_login(outsider)
    assert client.get("/hrm/staff/").status_code == 403
    printed = capfd.readouterr().err
    assert printed.count("Forbidden") == 1 and "Traceback" not in printed
