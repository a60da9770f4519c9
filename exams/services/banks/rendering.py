"""Safe HTML of item texts, in the three formats Moodle uses (plain, HTML, Markdown), and the candidate's view of
an item (the one rendering the preview and the live exam page share: options lettered A, B, C…, no key).

HTML is sanitised with nh3 (the Ammonia sanitiser) when it is saved and again when it is shown; Markdown is
rendered by markdown-it-py with raw HTML turned off, then sanitised too. Images may only come from the bank
itself: `@@PLUGINFILE@@/name` (Moodle's own placeholder) becomes the project's URL of that bank's image, and any
other image source is dropped, so nothing is fetched from outside (exam rooms are offline) and no text can call
out to a tracker.
"""

import functools
import re
from urllib.parse import unquote

import nh3
from django.urls import reverse
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

from exams.models import ItemVersion

Format = ItemVersion.Format
Kind = ItemVersion.Kind
PLACEHOLDER = "@@PLUGINFILE@@/"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
TAGS = {
    "p",
    "br",
    "b",
    "strong",
    "i",
    "em",
    "u",
    "s",
    "sub",
    "sup",
    "span",
    "div",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "img",
    "pre",
    "code",
    "blockquote",
    "hr",
    "h3",
    "h4",
    "h5",
    "h6",
    "small",
    "mark",
    "dl",
    "dt",
    "dd",
}
ATTRIBUTES = {"img": {"src", "alt", "width", "height"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}
_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')


def _keep_attribute(tag: str, attribute: str, value: str):
    if tag == "img" and attribute == "src" and not value.startswith(PLACEHOLDER):
        return None  # an image from anywhere but the bank is dropped
    return value


def html_clean(text: str) -> str:
    """`text` (HTML) with only harmless tags and attributes; images only from the bank (`@@PLUGINFILE@@/…`)."""
    return nh3.clean(text, tags=TAGS, attributes=ATTRIBUTES, attribute_filter=_keep_attribute, url_schemes=set())


@functools.cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("link")


def text_html(text: str, fmt: str) -> str:
    """The safe HTML of a text in format `fmt`, images still as placeholders."""
    if fmt == Format.HTML:
        return html_clean(text)
    if fmt == Format.MARKDOWN:
        return html_clean(_markdown().render(text))
    return linebreaks(escape(text))


def _asset_urls(html: str, assets: dict[str, str]) -> str:
    def replace(match):
        name = unquote(match.group(2)[len(PLACEHOLDER) :])
        url = assets.get(name)
        return f"{match.group(1)}{escape(url)}{match.group(3)}" if url else f"{match.group(1)}{match.group(3)}"

    return _SRC.sub(replace, html)


def bank_asset_urls(*, bank_id: int) -> dict[str, str]:
    """{image name: the project's URL of it} for a bank's images."""
    from exams.models import ItemAsset

    return {
        name: reverse("exams:asset", args=[bank_id, pk])
        for pk, name in ItemAsset.objects.filter(bank_id=bank_id).values_list("pk", "name")
    }


def render(text: str, fmt: str, assets: dict[str, str] | None = None) -> SafeString:
    """Safe HTML of `text` with the bank's images linked (`assets`: name → URL)."""
    html = text_html(text, fmt)
    if assets is not None and PLACEHOLDER in html:
        html = _asset_urls(html, assets)
    return mark_safe(html)  # noqa: S308 - sanitised above


def _inline(text: str, fmt: str, assets) -> SafeString:
    """An option's text: one line, without the paragraph a plain or Markdown text is wrapped in."""
    html = str(render(text, fmt, assets)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return mark_safe(html)  # noqa: S308 - sanitised by render


def version_render_for_candidate(*, version: ItemVersion, options=None, option_order=None, assets=None) -> dict:
    """What a candidate sees of a version: the stem and the options as he may answer them, never the key.

    `option_order` (option ids) is the candidate's shuffled order (his paper's layout); by default the stored order.
    For matching, the right-hand answers are offered in `option_order` (or stored order) as one list of choices."""
    options = list(options if options is not None else version.options.all())
    if option_order:
        by_id = {o.pk: o for o in options}
        options = [by_id[i] for i in option_order if i in by_id]
    fmt = version.stem_format
    view = {"id": version.pk, "kind": version.kind, "stem": render(version.stem, fmt, assets), "options": []}
    if version.kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE):
        view["options"] = [
            {"id": o.pk, "letter": LETTERS[i % 26], "html": _inline(o.text, fmt, assets)} for i, o in enumerate(options)
        ]
    elif version.kind == Kind.MATCHING:
        view["prompts"] = [
            {"id": o.pk, "html": _inline(o.text, fmt, assets)}
            for o in sorted(options, key=lambda o: o.position)
            if o.text
        ]
        view["choices"] = [
            {"id": o.pk, "letter": LETTERS[i % 26], "html": escape(o.match_text)} for i, o in enumerate(options)
        ]
    return view


def version_render_for_board(*, version: ItemVersion, options=None, assets=None) -> dict:
    """The board's view of a version: the candidate's view plus the key, shares of points and feedback."""
    options = list(options if options is not None else version.options.all())
    fmt = version.stem_format
    view = version_render_for_candidate(version=version, options=options, assets=assets)
    view["general_feedback"] = render(version.general_feedback, fmt, assets) if version.general_feedback else ""
    view["key"] = [
        {
            "letter": LETTERS[i % 26],
            "html": _inline(o.text, fmt, assets) if o.text else "",
            "percent": o.fraction * 100,
            "right": o.fraction > 0,
            "feedback": render(o.feedback, fmt, assets) if o.feedback else "",
            "match_text": o.match_text,
            "value": o.value,
            "tolerance": o.tolerance,
        }
        for i, o in enumerate(options)
    ]
    return view
