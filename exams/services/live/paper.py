"""The candidate's paper as the live exam sends it (the protocol's `parts`) and checks answers against it.

Built from exams.selectors.candidate_paper_for_candidate (no key) once per paper and kept in the cache under the
papers' ids and digests: a login storm of 2,000 candidates reads one small row per candidate, not the items. A
paper replaced before the start has a new digest, so a stale copy is never served.
"""

import datetime as dt
import hashlib
import logging
import re
from urllib.parse import unquote

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from common.text import clean_text
from exams.models import Candidate, CandidatePaper, CandidateSeat, ItemAsset, ItemVersion, Part, RoomSession, Shift
from exams.selectors import candidate_papers_for_candidates
from exams.services.banks.rendering import PLACEHOLDER, render
from exams.services.live import clock

LIVE_MODES = (Part.Mode.COMPUTER, Part.Mode.COMPUTER_ESSAY)
TEXT_KINDS = ("fill_in", "numerical", "essay")  # answered with the "text" extension field
CHOICE_KINDS = ("single", "multiple", "true_false")
_TIMEOUT = 6 * 3600
_WARMING_PREFIX = "congvu:live:paper-warming:"
_WARMING_S = 120  # a room's warm-up asked for by a cache miss is asked for again at most this often
# live_papers_warm_due: the rooms of a shift starting within WARM_AHEAD (or due since at most LATE_START and not
# started) are warmed, each at most every _DUE_S (the papers stay cached _TIMEOUT).
WARM_AHEAD = dt.timedelta(hours=2)
LATE_START = dt.timedelta(hours=3)
_DUE_PREFIX = "congvu:live:paper-due:"
_DUE_S = 30 * 60
log = logging.getLogger(__name__)
_local: dict[str, dict] = {}  # this process's copies (the cache may be a network hop away)
_LOCAL_MAX = 5000


def live_parts(*, shift: Shift) -> list[Part]:
    """The parts of a shift sat on a computer, in their order."""
    return list(shift.parts.filter(mode__in=LIVE_MODES).order_by("round", "order", "pk"))


def _papers(candidate_id: int, shift: Shift) -> list[tuple[int, int, str]]:
    return _papers_of([candidate_id], shift).get(candidate_id, [])


def _papers_of(candidate_ids, shift: Shift) -> dict[int, list[tuple[int, int, str]]]:
    """Candidate id → (part id, paper id, digest) of his computer papers for `shift`, in the parts' order (as
    live_parts), in one query: a handshake runs this."""
    # Unordered (sorted below): the model's ordering joins parts, candidates and exams twice.
    rows = (
        CandidatePaper.objects.filter(candidate_id__in=candidate_ids, part__shifts=shift, part__mode__in=LIVE_MODES)
        .order_by()
        .values_list("candidate_id", "part__round", "part__order", "part_id", "pk", "digest")
    )
    papers: dict[int, list] = {}
    for candidate_id, *row in sorted(rows):
        papers.setdefault(candidate_id, []).append(tuple(row[2:]))
    return papers


def _key(candidate_id: int, shift: Shift, papers: list[tuple[int, int, str]]) -> str:
    digest = hashlib.sha256(repr(papers).encode()).hexdigest()[:16]
    return f"congvu:live:paper:{candidate_id}:{shift.pk}:{digest}"


def _question(question: dict) -> dict:
    shown = {
        "id": question["version"],
        "kind": question["kind"],
        "text": question["stem"],
        "options": question["options"],
        "number": question["number"],
        "format": question["format"],
        "points": question["points"],
    }
    if "matches" in question:
        shown["matches"] = question["matches"]
    return shown


_IMAGE = re.compile(r'<img\b[^>]*?\bsrc="' + re.escape(PLACEHOLDER) + r'([^"]*)"')


def _html(text: str, fmt: str, urls: dict[str, str], used: set[str], *, inline: bool = False) -> str:
    html = str(render(text, fmt, None))
    used.update(unquote(name) for name in _IMAGE.findall(html))
    html = str(render(text, fmt, urls)).strip()
    if inline and html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


def _with_images(questions: list[dict]) -> list[int]:
    """Give every question written in HTML or Markdown its safe `html` (and its options theirs), the bank's images
    pointing at the candidate's image URL; returns the ids of the images his paper shows (the only ones he may
    open: exams.services.live.images). A plain text has no images and stays as it is."""
    rich = [question for question in questions if question["format"] != "plain"]
    if not rich:
        return []
    banks = dict(ItemVersion.objects.filter(pk__in=[q["id"] for q in rich]).values_list("pk", "item__bank_id"))
    assets: dict[int, dict[str, int]] = {}
    for pk, bank_id, name in ItemAsset.objects.filter(bank_id__in=set(banks.values())).values_list(
        "pk", "bank_id", "name"
    ):
        assets.setdefault(bank_id, {})[name] = pk
    shown: set[int] = set()
    for question in rich:
        names = assets.get(banks.get(question["id"]), {})
        urls = {name: reverse("exams:candidate-exam-image", args=[pk]) for name, pk in names.items()}
        used: set[str] = set()
        question["html"] = _html(question["text"], question["format"], urls, used)
        for option in question["options"]:
            option["html"] = _html(option["text"], question["format"], urls, used, inline=True)
        shown.update(names[name] for name in used if name in names)
    return sorted(shown)


def _part_names(part_ids) -> dict[int, str]:
    return dict(Part.objects.filter(pk__in=part_ids).values_list("pk", "name"))


def _build(candidate_id: int, papers: list[tuple[int, int, str]], reads: dict | None = None, names=None) -> dict:
    """The live paper from his papers' rows; `reads` (part id → candidate id → the selector's paper) and `names`
    (part id → name), read already for many candidates, else read here."""
    names = names or _part_names([part_id for part_id, _p, _d in papers])
    parts, index, images = [], {}, []
    for part_id, _paper, _digest in papers:
        if reads is None:
            read = candidate_papers_for_candidates(candidate_ids=[candidate_id], part_id=part_id)[candidate_id]
        else:
            read = reads[part_id][candidate_id]
        questions = [_question(question) for question in read["questions"]]
        images += _with_images(questions)
        parts.append({"id": part_id, "title": names[part_id], "questions": questions})
        for question in questions:
            index[question["id"]] = {
                "kind": question["kind"],
                "options": [option["id"] for option in question["options"]],
                "matches": len(question.get("matches", [])),
                "part": part_id,
            }
    return {"parts": parts, "index": index, "total": len(index), "images": sorted(set(images))}


def _keep_local(key: str, paper: dict) -> None:
    if len(_local) >= _LOCAL_MAX:
        _local.clear()
    _local[key] = paper


def live_paper(*, candidate: Candidate, shift: Shift, room_session_id: int | None = None) -> dict:
    """{"parts": the protocol's parts, "index": question id → {kind, options, matches, part}, "total": n, "images":
    ids of the bank images his questions show} for the candidate's computer parts of `shift` (empty when he has no
    paper yet). Cached per paper digest. A miss with the candidate's `room_session_id` also has a worker warm his
    room's papers (live_papers_warm_soon, once per room): in a login storm before the start, the first candidates
    of a room build their own papers and the others then find theirs cached."""
    papers = _papers(candidate.pk, shift)
    key = _key(candidate.pk, shift, papers)
    paper = _local.get(key)
    if paper is None:
        paper = cache.get(key)
        if paper is None:
            if room_session_id is not None and papers:
                _room_warm_once(room_session_id)
            paper = _build(candidate.pk, papers)
            cache.set(key, paper, _TIMEOUT)
        _keep_local(key, paper)
    return paper


def _room_warm_once(room_session_id: int) -> None:
    if cache.add(_WARMING_PREFIX + str(room_session_id), 1, _WARMING_S):
        live_papers_warm_soon(room_session_id=room_session_id)


def live_papers_warm_soon(*, room_session_id: int) -> None:
    """Have a worker run live_papers_warm for the room once the current transaction commits. Embedded mode has no
    worker: each paper is then built at its candidate's first connect."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    from exams.tasks import live_papers_warm

    def send() -> None:
        try:
            live_papers_warm.apply_async((room_session_id,))
        except Exception:  # the papers are then built at each candidate's first connect
            log.warning("could not queue the paper warm-up of room %s", room_session_id, exc_info=True)

    transaction.on_commit(send)


def live_papers_warm_due(*, now: dt.datetime | None = None) -> int:
    """Have a worker warm the papers of every room not yet started whose shift starts within WARM_AHEAD (or was due
    to start at most LATE_START ago), each room at most every half hour: on exam day the candidates who sit down and
    log in before the start find their papers built, and nothing is built while they all log in at once. The beat
    runs it every minute; returns how many rooms it queued (none in embedded mode, which has no worker)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return 0
    now = clock.now_or(now)
    rooms = RoomSession.objects.filter(
        started_at__isnull=True, shift__starts_at__lte=now + WARM_AHEAD, shift__starts_at__gte=now - LATE_START
    ).order_by()
    queued = 0
    for room_session_id in rooms.values_list("pk", flat=True):
        if cache.add(_DUE_PREFIX + str(room_session_id), 1, _DUE_S):
            live_papers_warm_soon(room_session_id=room_session_id)
            queued += 1
    return queued


def live_papers_warm(*, room_session_id: int) -> int:
    """Put the live paper of every candidate seated in a room session into the cache (a worker runs it after the
    room starts): the start storm's handshakes then read one cached paper each instead of building it from the
    items. The room's papers are read together (a few queries for the room, not per candidate). Returns how many
    it built; safe to run twice (papers already cached are left alone)."""
    seats = list(CandidateSeat.objects.filter(room_session_id=room_session_id).select_related("shift"))
    if not seats:
        return 0
    shift = seats[0].shift
    papers = _papers_of([seat.candidate_id for seat in seats], shift)
    keys = {candidate_id: _key(candidate_id, shift, rows) for candidate_id, rows in papers.items()}
    cached = cache.get_many(list(keys.values()))
    missing = [candidate_id for candidate_id, key in keys.items() if key not in cached]
    if not missing:
        return 0
    part_ids = {part_id for candidate_id in missing for part_id, _p, _d in papers[candidate_id]}
    reads = {part_id: candidate_papers_for_candidates(candidate_ids=missing, part_id=part_id) for part_id in part_ids}
    names = _part_names(part_ids)
    built = {keys[c]: _build(c, papers[c], reads, names) for c in missing}
    cache.set_many(built, _TIMEOUT)
    return len(built)


def question_counts(*, shift: Shift, candidate_ids: list[int]) -> dict[int, int]:
    """Candidate id → number of questions of his computer papers for `shift` (one query)."""
    part_ids = [part.pk for part in live_parts(shift=shift)]
    counts: dict[int, int] = {}
    rows = CandidatePaper.objects.filter(candidate_id__in=candidate_ids, part_id__in=part_ids).order_by()
    for candidate_id, layout in rows.values_list("candidate_id", "layout"):
        counts[candidate_id] = counts.get(candidate_id, 0) + len(layout)
    return counts


class AnswerInvalid(Exception):
    """An answer message that does not fit the candidate's paper; `code` is the protocol's error code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


TEXT_MAX = 500


def _choices(spec: dict, choices) -> list:
    if not isinstance(choices, list):
        raise AnswerInvalid("bad_choices", _("“choices” must be a list of option ids."))
    if spec["kind"] == "matching":  # one match key (or null) per left-hand option, in the paper's order
        if len(choices) != len(spec["options"]) or any(
            c is not None and (not _is_int(c) or not 0 <= c < spec["matches"]) for c in choices
        ):
            raise AnswerInvalid("bad_choices", _("“choices” must give one match (or null) per left-hand option."))
        return choices
    if any(not _is_int(c) or c not in spec["options"] for c in choices):
        raise AnswerInvalid("bad_option", _("An option chosen is not one of this question's options."))
    chosen = sorted(set(choices))
    if spec["kind"] in ("single", "true_false") and len(chosen) > 1:
        raise AnswerInvalid("bad_choices", _("This question takes one option only."))
    return chosen


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def question_known(*, paper: dict, question) -> bool:
    """Whether `question` is a question id of the candidate's paper."""
    return _is_int(question) and question in paper["index"]


def answer_normalize(*, paper: dict, question, choices=None, text=None) -> tuple[list, str]:
    """(choices, text) of an answer to `question` checked against the candidate's paper (live_paper): option ids
    of that question, sorted; a text only for fill-in, numerical and essay questions. AnswerInvalid otherwise."""
    spec = paper["index"].get(question) if _is_int(question) else None
    if spec is None:
        raise AnswerInvalid("bad_question", _("This question is not in your paper."))
    if spec["kind"] in TEXT_KINDS:
        if choices not in (None, []):
            raise AnswerInvalid("bad_choices", _("This question is answered with a text, not options."))
        if text is not None and not isinstance(text, str):
            raise AnswerInvalid("bad_text", _("“text” must be a string."))
        text = clean_text(text or "")  # no control character (PostgreSQL refuses NUL: the whole batch would fail)
        if len(text) > TEXT_MAX:
            raise AnswerInvalid("bad_text", _("The answer is longer than %(max)s characters.") % {"max": TEXT_MAX})
        return [], text
    if text:
        raise AnswerInvalid("bad_text", _("This question is answered with options, not a text."))
    return _choices(spec, [] if choices is None else choices), ""
