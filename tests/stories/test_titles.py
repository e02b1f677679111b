from dataclasses import replace

import pytest

from copydesk.model import Relation
from copydesk.stories import titles

from .conftest import CHILE, item


@pytest.mark.parametrize(
    "title",
    [
        "18 September 2013 Last updated at 13: 59 GMT",
        "WEDNESDAY, JULY 29, 2009",
        "May 2, 2013, 1: 12 PM",
        "updated 8: 41 p. m. EST, Tue March 3, 2009",
        "share",
        "Enter City and State or Zip Code",
        "",
        "   ",
    ],
)
def test_page_furniture_is_not_a_headline(title):
    assert titles.is_furniture(title)


@pytest.mark.parametrize(
    "title",
    ["Quake hits northern Chile", "Obama wins", "U.S. wins", "P.M. resigns", "U.S. and NATO Don’t Budge in Answering Russian Demands"],
)
def test_real_headlines_are_kept(title):
    assert not titles.is_furniture(title)
    assert titles.headline(item(CHILE[0], title=title)) == title


def test_a_furniture_title_gives_way_to_the_lead_sentence():
    a = item(CHILE[0], title="Monday, March 4, 2024 10:02 AM", outlet="Daily Courier")
    assert titles.headline(a).startswith("A magnitude 6.1 earthquake struck northern Chile")
    assert titles.is_furniture("Daily Courier", outlet="Daily Courier")


def test_the_story_takes_an_originals_headline_not_a_spun_copys():
    original = item(CHILE[0], title="Strong quake damages homes in northern Chile")
    spun = item(CHILE[0].replace("damaging", "harming"), title="Powerful Quake Damage Homes in North Chile")
    other = item(CHILE[2], title="Chile quake: homes damaged in Iquique and Arica")
    members = [spun, original, other]
    rewritten = Relation(original.id, spun.id, "rewritten_copy", 0.8, direction="a->b")
    assert titles.story_title(members, [rewritten]) != spun.article.title
    unknown = replace(rewritten, direction="common_source")  # both copies: the independent one names it
    assert titles.story_title(members, [unknown]) == other.article.title
    assert titles.story_title([spun]) == spun.article.title  # a copy alone still names its story


def test_an_original_without_a_headline_yields_to_one_with_a_headline():
    untitled, titled = item(CHILE[1]), item(CHILE[2], title="Chile quake damages homes")
    assert titles.story_title([untitled, titled]) == "Chile quake damages homes"
    assert titles.story_title([untitled]).startswith("Power was cut in Iquique")
    assert titles.story_title([item(" ")]) == titles.UNTITLED
