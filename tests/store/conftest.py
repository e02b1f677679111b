"""Article-like annotated items built by hand, so store tests need no parser."""

from __future__ import annotations

import re

import pytest

from copydesk.model import Annotated, Article, Quantity, Quote, Span, content_id

TEXT = (
    "Ministers meet as strike talks stall\n"
    "By Jane Roe, Staff Reporter\n"
    "LONDON — Rail unions said on Monday that 3,000 workers would walk out. "
    '"We have no choice," said Mick Lynch, the union\'s general secretary.\n'
    "Photo: John Smith/AFP via Getty Images\n"
    "With Post wires\n"
)


def _span(text: str, needle: str, label: str, kind: str = "", value: str | None = None) -> tuple[Span, ...]:
    i = text.find(needle)
    return () if i < 0 else (Span(i, i + len(needle), label, kind, value),)


def make_item(
    text: str = TEXT, title: str | None = "Ministers meet as strike talks stall", **meta
) -> Annotated:
    """An annotated article with spans, quotes and quantities of every sort wherever ``text`` has them."""
    aid = content_id(text)
    first_line = text.split("\n", 1)[0]
    article = Article(
        id=aid,
        source=meta.pop("source", f"/tmp/{aid}.txt"),
        text=text,
        title=title,
        outlet=meta.pop("outlet", "The Daily Example"),
        url=meta.pop("url", "https://example.com/news/strike"),
        published=meta.pop("published", "2022-06-20"),
        authors=meta.pop("authors", ("Jane Roe",)),
        marks=(Span(0, len(first_line), "page", "headline"),),
    )
    quotes, quantities = [], []
    q0, q1 = text.find('"We have'), text.find('," said') + 2
    if 0 <= q0 < q1:
        quotes.append(Quote(aid, q0, q1, text[q0:q1], "speech", "Mick Lynch", q1 + 6, q1 + 16, "g1"))
    for m in re.finditer(r"\d[\d,]*", text):
        quantities.append(
            Quantity(aid, m.start(), m.end(), m.group(), int(m.group().replace(",", "")), "workers")
        )
    if quantities:  # one of each value type the store must keep apart
        q = quantities[0]
        quantities += [
            Quantity(aid, q.start, q.end, q.text, 3000.5),
            Quantity(aid, 0, 3, text[:3], "2022-06-20"),
        ]
    return Annotated(
        article,
        boilerplate=_span(text, "By Jane Roe, Staff Reporter", "boilerplate", "byline")
        + _span(text, "Photo: John Smith/AFP via Getty Images", "boilerplate", "caption"),
        signals=_span(text, "With Post wires", "signal", "wire", "New York Post"),
        sentences=tuple(
            Span(m.start(), m.end(), "sentence") for m in re.finditer(r"[A-Z\"][^.!?\n]*[.!?]", text)
        ),
        entities=_span(text, "Mick Lynch", "entity", "PERSON"),
        quotes=tuple(quotes),
        quantities=tuple(quantities),
    )


def variant(n: int) -> Annotated:
    """A distinct article (own id) of the same shape."""
    return make_item(TEXT.replace("3,000", f"{3000 + n:,}"), title=f"Strike update {n}")


@pytest.fixture
def item() -> Annotated:
    return make_item()
