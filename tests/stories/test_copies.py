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
    found = copies.pairs(zip([wire.id, other.id, site.id], sigs, strict=True))
    assert found == [(site.id, wire.id)]  # the independent report of the same meeting is no copy


def test_the_same_pairs_come_out_in_any_feed_order():
    text, _ = _republished(WIRE)
    a, b, c = item(WIRE), item(text), item(INDEPENDENT)
    sigs = dict(zip([a.id, b.id, c.id], copies.signatures([a, b, c]), strict=True))
    orders = [[a, b, c], [c, b, a], [b, c, a]]
    found = [{frozenset(p) for p in copies.pairs((x.id, sigs[x.id]) for x in order)} for order in orders]
    assert found[0] == found[1] == found[2] == {frozenset((a.id, b.id))}
    assert copies.pairs([(b.id, sigs[b.id])]) == []


def test_empty_bodies_are_never_copies_of_each_other():
    a, b = item(" \n "), item("\n\n")
    sigs = copies.signatures([a, b])
    assert copies.is_empty(sigs[0]) and copies.is_empty(sigs[1])
    assert copies.pairs(zip([a.id, b.id], sigs, strict=True)) == []
    assert copies.signatures([]).shape == (0, sigs.shape[1]) and sigs.dtype == np.uint32
