from copydesk.model import Annotated, Article, content_id
from copydesk.stories import grouping

QUAKE_1 = "A magnitude 6.1 earthquake struck northern Chile on Monday, damaging homes in Iquique and cutting power."
QUAKE_2 = "Power was cut in Iquique after the earthquake of magnitude 6.1 hit northern Chile, officials said Monday."
REHAB = "The actress checked into a rehab clinic in Malibu, her publicist told a celebrity magazine on Friday."


def item(text: str) -> Annotated:
    return Annotated(Article(id=content_id(text), source=text[:10], text=text))


def test_same_event_articles_group_and_unrelated_ones_do_not():
    items = [item(QUAKE_1), item(REHAB), item(QUAKE_2)]
    groups = grouping.group(items)
    assert sorted(map(sorted, groups)) == sorted(
        [sorted([items[0].id, items[2].id]), [items[1].id]]
    )


def test_story_id_is_stable_whatever_the_member_order():
    assert grouping.story_id(["b", "a"]) == grouping.story_id(["a", "b"])
    assert grouping.story_id(["a"]) != grouping.story_id(["b"])


def test_single_and_empty_inputs():
    one = item(REHAB)
    assert grouping.group([one]) == [[one.id]]
    assert grouping.group([]) == []
