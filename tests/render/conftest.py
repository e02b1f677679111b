"""A hand-built analysis of two outlets covering one story, with every layer filled in."""

from __future__ import annotations

import pytest

from copydesk.model import (
    Analysis,
    Annotated,
    Article,
    Claim,
    Divergence,
    Evidence,
    Quantity,
    Quote,
    Relation,
    SourceRef,
    Span,
    Story,
    SummarySentence,
    Variant,
)

WIRE = (
    "Port strike halts container traffic\n\n"
    "ROTTERDAM (AP) — Dockworkers walked off the job on Monday, halting traffic at Europe's busiest "
    "port, the union said. About 1,200 workers joined the strike.\n\n"
    '"We will stay out until the company listens," union leader Maria Jansen told reporters.\n\n'
    "Photo: Peter Dejong/AP\n"
    "Copyright 2024 The Associated Press. All rights reserved."
)
LOCAL = (
    "Rotterdam dock strike | News & Views\n\n"
    "Around 1,500 dockworkers at the Port of Rotterdam stopped work Monday morning.\n\n"
    '"We will stay out until the company listens to us," said Maria Jansen, who leads the FNV union. '
    "The port authority said <ships> were waiting offshore.\n\n"
    "Read more: Strikes spread across Europe"
)


def find(text: str, sub: str) -> tuple[int, int]:
    i = text.index(sub)
    return i, i + len(sub)


def _wire() -> Annotated:
    art = Article(
        id="wire01",
        source="feeds/ap.xml",
        text=WIRE,
        title="Port strike halts container traffic",
        outlet="Associated Press",
        url="https://example.org/ap/port-strike",
        published="2024-03-04",
        authors=("Mike Corder",),
    )
    q = find(WIRE, '"We will stay out until the company listens,"')
    spk = find(WIRE, "Maria Jansen")
    num = find(WIRE, "About 1,200 workers")
    return Annotated(
        art,
        boilerplate=(
            Span(*find(WIRE, "Photo: Peter Dejong/AP"), "boilerplate", "credit"),
            Span(
                *find(WIRE, "Copyright 2024 The Associated Press. All rights reserved."),
                "boilerplate",
                "footer",
            ),
        ),
        signals=(Span(*find(WIRE, "(AP)"), "signal", "wire", "Associated Press"),),
        sentences=(
            Span(
                *find(
                    WIRE,
                    "ROTTERDAM (AP) — Dockworkers walked off the job on Monday, halting traffic at Europe's busiest port, the union said.",
                ),
                "sentence",
            ),
        ),
        entities=(
            Span(*find(WIRE, "ROTTERDAM"), "entity", "GPE", "ROTTERDAM"),
            Span(*spk, "entity", "PERSON", "Maria Jansen"),
        ),
        quotes=(Quote("wire01", *q, WIRE[q[0] : q[1]], "speech", "Maria Jansen", *spk, "g1"),),
        quantities=(Quantity("wire01", *num, WIRE[num[0] : num[1]], 1200, "workers", "strikers", "about"),),
    )


def _local() -> Annotated:
    art = Article(
        id="local02",
        source="pages/local.html",
        text=LOCAL,
        title="Rotterdam dock strike | News & Views",
        outlet="Rijnmond Daily",
    )
    q = find(LOCAL, '"We will stay out until the company listens to us,"')
    spk = find(LOCAL, "Maria Jansen")
    num = find(LOCAL, "Around 1,500 dockworkers")
    return Annotated(
        art,
        boilerplate=(Span(*find(LOCAL, "Read more: Strikes spread across Europe"), "boilerplate", "teaser"),),
        entities=(Span(*spk, "entity", "PERSON", "Maria Jansen"),),
        quotes=(Quote("local02", *q, LOCAL[q[0] : q[1]], "speech", "Maria Jansen", *spk, "g1"),),
        quantities=(
            Quantity("local02", *num, LOCAL[num[0] : num[1]], 1500, "dockworkers", "strikers", "around"),
        ),
    )


def build() -> Analysis:
    wire, local = _wire(), _local()
    w_num, l_num = find(WIRE, "About 1,200 workers"), find(LOCAL, "Around 1,500 dockworkers")
    w_sent = find(WIRE, "Dockworkers walked off the job on Monday")
    l_sent = find(LOCAL, "stopped work Monday morning")
    story = Story(
        id="story01",
        title="Rotterdam dockworkers strike",
        articles=("wire01", "local02"),
        quotes=wire.quotes + local.quotes,
        quantities=wire.quantities + local.quantities,
        relations=(
            Relation(
                "wire01",
                "local02",
                "independent",
                0.12,
                (Evidence(*w_sent, *l_sent, 0.4),),
                None,
                "few shared 5-grams | different wording",
            ),
        ),
        families=(("wire01",), ("local02",)),
        claims=(
            Claim(
                "c1",
                "Dockworkers at Rotterdam went on strike on Monday.",
                (SourceRef("wire01", *w_sent), SourceRef("local02", *l_sent)),
                2,
                "corroborated",
            ),
            Claim(
                "c2",
                "The port authority said ships were waiting offshore.",
                (
                    SourceRef(
                        "local02", *find(LOCAL, "The port authority said <ships> were waiting offshore.")
                    ),
                ),
                1,
                "single_source",
            ),
        ),
        divergences=(
            Divergence(
                "number of strikers",
                (
                    Variant("wire01", *w_num, WIRE[w_num[0] : w_num[1]]),
                    Variant("local02", *l_num, LOCAL[l_num[0] : l_num[1]]),
                ),
            ),
        ),
        summary=(
            SummarySentence(
                "Dockworkers in Rotterdam struck on Monday, halting traffic at the port.",
                (SourceRef("wire01", *w_sent), SourceRef("local02", *l_sent)),
            ),
            SummarySentence(
                "Reports put the number of strikers between 1,200 and 1,500.",
                (SourceRef("wire01", *w_num), SourceRef("local02", *l_num)),
            ),
        ),
    )
    return Analysis(articles=[wire, local], stories=[story], problems=["bad.bin: not a text file, skipped"])


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return build()
