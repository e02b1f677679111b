from dataclasses import replace

from copydesk.model import Span
from copydesk.stories import grouping
from copydesk.stories.graph import StoryGraph
from copydesk.stories.represent import represent_many
from copydesk.stories.similarity import Params

from .conftest import item


def _sets(groups):
    return sorted(sorted(g) for g in groups)


def test_two_quakes_and_a_rehab_make_three_stories(corpus):
    items = (
        corpus["chile"][:1] + corpus["java"][:1] + corpus["rehab"] + corpus["chile"][1:] + corpus["java"][1:]
    )
    groups = grouping.group(items)
    expected = [[a.id for a in corpus[k]] for k in ("chile", "java", "rehab")]
    assert _sets(groups) == _sets(expected)


def test_batch_equals_feeding_one_by_one(corpus):
    items = corpus["java"] + corpus["chile"] + corpus["rehab"]
    g = StoryGraph()
    for r in represent_many(items):
        g.add([r])
    assert grouping.group(items) == g.groups()


def test_story_id_comes_from_the_founder_and_groups_list_it_first(corpus):
    items = corpus["chile"]
    [members] = grouping.group(items)
    assert members[0] == min(a.id for a in items)  # undated: the founder is the smallest id
    assert grouping.story_id(members) == grouping.story_id([members[0]])
    assert grouping.story_id(["a"]) != grouping.story_id(["b"])


def test_single_and_empty_inputs(corpus):
    one = corpus["rehab"][0]
    assert grouping.group([one]) == [[one.id]]
    assert grouping.group([]) == []


def test_a_likely_copy_shares_its_source_story_even_when_similarity_alone_would_split_them(corpus):
    source = corpus["chile"][0]
    lead = "Readers' pick: the morning's most read story.\n"
    text = lead + source.text + "\nMore from our partners: Five gadgets for your kitchen."
    copy = replace(
        item(text),
        boilerplate=(
            Span(0, len(lead), "boilerplate", "teaser"),
            Span(len(lead) + len(source.text), len(text), "boilerplate", "footer"),
        ),
    )
    strict = Params(threshold=1.01)  # nothing joins on similarity: only copy forcing can group
    groups = grouping.group([source, corpus["java"][0], copy], strict)
    assert _sets(groups) == _sets([[source.id, copy.id], [corpus["java"][0].id]])
