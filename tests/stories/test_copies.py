import numpy as np

from copydesk.model import Span
from copydesk.stories import copies

from .conftest import item

WIRE = (
    "BRUSSELS (Reuters) - European Union finance ministers agreed on Tuesday to delay a decision on "
    "the bloc's new fiscal rules until March, after Germany and France failed to settle a dispute over "
    "how fast highly indebted countries must cut their deficits. Dutch finance minister Eelco Heinen said "
    "the talks had been constructive but that several capitals wanted more time to study the figures. "
    "The Commission had proposed a four-year adjustment path, extendable to seven years for countries "
    "that commit to reforms and investment."
)
INDEPENDENT = (
    "EU finance ministers put off a deal on fiscal rules on Tuesday. Germany wants debt to fall faster "
    "than France would like, officials in Brussels said, and Eelco Heinen of the Netherlands called the "
    "meeting constructive. A decision is now expected in March."
)


def _republished(text: str) -> tuple[str, tuple[Span, ...]]:
    """The wire text under a site's caption and footer, marked as boilerplate."""
    head, foot = (
        "Photo: Ministers arrive in Brussels. AFP\n",
        "\nCopyright 2024 Daily Courier. All rights reserved.",
    )
    full = head + text + foot
    return full, (
        Span(0, len(head), "boilerplate", "caption"),
        Span(len(full) - len(foot), len(full), "boilerplate", "footer"),
    )


def test_a_republication_with_its_own_chrome_is_found_as_a_copy_of_the_wire():
    from dataclasses import replace

    text, marks = _republished(WIRE)
    wire, site, other = item(WIRE), replace(item(text), boilerplate=marks), item(INDEPENDENT)
    sigs = copies.signatures([wire, other, site])
    found = copies.sources(zip([wire.id, other.id, site.id], sigs, strict=True))
    assert found == {site.id: wire.id}  # the independent report of the same meeting is no copy


def test_only_earlier_articles_are_sources_so_any_prefix_gives_the_same_answer():
    text, _ = _republished(WIRE)
    a, b = item(WIRE), item(text)
    sigs = copies.signatures([a, b])
    assert copies.sources([(b.id, sigs[1]), (a.id, sigs[0])]) == {a.id: b.id}
    assert copies.sources([(b.id, sigs[1])]) == {}


def test_empty_bodies_are_never_copies_of_each_other():
    a, b = item(" \n "), item("\n\n")
    sigs = copies.signatures([a, b])
    assert copies.is_empty(sigs[0]) and copies.is_empty(sigs[1])
    assert copies.sources(zip([a.id, b.id], sigs, strict=True)) == {}
    assert copies.signatures([]).shape == (0, sigs.shape[1]) and sigs.dtype == np.uint32
