"""Variant groups of one quote across outlets, and the word diff between variants."""

from __future__ import annotations

from copydesk.compare.quote_groups import are_variants, group, word_diff
from copydesk.model import Quote

LONG = "We did not make this document public, but now that it is, it confirms to the entire world what we have been saying."


def _q(article: str, start: int, text: str, speaker: str | None = None, kind: str = "speech") -> Quote:
    return Quote(article, start, start + len(text), text, kind, speaker)


def test_exact_trimmed_changed_and_split_variants_share_a_group():
    quotes = [
        _q("a", 10, LONG, "John Kirby"),
        _q("b", 40, "We did not make this document public,", "John Kirby"),
        _q("b", 90, "But now that it is, it confirms to the entire world what we have been saying.", None),
        _q("c", 5, "We didn’t make this document public, but now it confirms to the world what we said.", "Kirby"),
        _q("d", 0, "Prices will rise by about 6% in the second half of the year.", "Karen Whitfield"),
    ]
    out, groups = group(quotes)
    assert len({q.group for q in out[:4]}) == 1
    assert out[4].group != out[0].group
    assert out[2].speaker == "John Kirby"  # the outlet that dropped the attribution gets it back
    [g] = groups
    assert len(g.variants) == 4
    assert g.variants[0].text == LONG and g.variants[0].diff == ()


def test_different_quotes_of_one_story_stay_apart():
    assert not are_variants(
        "The money is there, and the need is obvious.",
        "Nobody on this council has seen a single alternative.",
    )
    assert not are_variants("blank check", "blank checks")
    assert are_variants("transparency mechanism", "Transparency mechanism.")


def test_word_diff_marks_changed_words():
    ops = word_diff("the United States has neither missiles nor combat units", "the United States does not have missiles and combat units")
    changed = [(o.op, o.a, o.b) for o in ops if o.op != "equal"]
    assert ("replace", "has neither", "does not have") in changed
    assert ("replace", "nor", "and") in changed
    assert all(o.a == o.b or o.op != "equal" for o in ops)


def test_group_ids_are_stable():
    quotes = [_q("a", 1, LONG), _q("b", 2, LONG)]
    assert group(quotes)[0][0].group == group(list(reversed(quotes)))[0][1].group
