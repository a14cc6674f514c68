"""Templates render the services' shapes: mixed feed items, rich text, no inline script."""

from __future__ import annotations

import re
from pathlib import Path

from gateway_service import i18n
from gateway_service.web.richtext import rich_text
from gateway_service.web.templating import TEMPLATES, environment

POST = {
    "kind": "post",
    "id": "p-1",
    "author": {"employee_id": "e-1", "display_name": "Ann <b>", "active": True},
    "text": "Hi @{e-2} <script>x</script> #Launch",
    "mentions": [{"employee_id": "e-2", "display_name": "Bo"}],
    "topics": ["launch"],
    "created_at": "2026-03-05T14:30:00+00:00",
    "edited_at": None,
    "reactions": {"total": 2, "counts": {}, "mine": None},
    "comment_count": 1,
    "why": {"score": 1.5, "reasons": ["You follow Ann"]},
}
ARTICLE = {
    "kind": "article",
    "id": "a-1",
    "language": "de",
    "title": "Neu",
    "summary": "Kurz",
    "must_read": True,
}
POLL = {"kind": "poll", "id": "q-1", "group_id": "g-1", "question": "Lunch?"}


def test_a_mixed_feed_page_renders_each_kind() -> None:
    i18n.use_locale("en")
    page = {"items": [POST, ARTICLE, POLL], "next_cursor": "abc"}
    html = environment().get_template("home/items.html").render(page=page, order="ranked")
    assert '<a class="mention" href="/people/e-2">@Bo</a>' in html
    assert '<a class="topic" href="/topics/launch">#Launch</a>' in html
    assert "<script>" not in html and "Ann &lt;b&gt;" in html  # escaped, never raw
    assert "You follow Ann" in html and "2 reactions" in html and "1 comment" in html
    assert 'href="/news/a-1?lang=de" lang="de">Neu</a>' in html and "Must read" in html
    assert 'href="/polls/q-1">Lunch?</a>' in html
    assert 'hx-get="/?order=ranked&cursor=abc"' in html


def test_rich_text_leaves_unknown_markers_as_ids() -> None:
    assert str(rich_text({"text": "@{e-9}", "mentions": []})) == (
        '<a class="mention" href="/people/e-9">@e-9</a>'
    )


def test_no_template_has_inline_script_or_event_handlers() -> None:
    for path in Path(TEMPLATES).rglob("*.html"):
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), path
        assert not re.search(r"\son[a-z]+\s*=", text), path
        assert " style=" not in text, path
