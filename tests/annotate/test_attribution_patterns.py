"""Each way newsrooms attribute a quote, on text written for these tests."""

from __future__ import annotations

import pytest

from copydesk.annotate import nlp, quotes
from copydesk.model import Annotated, Article, content_id


def _speakers(text: str) -> dict[str, tuple[str, str | None]]:
    art = Article(id=content_id(text), source="t", text=text)
    [(item, doc)] = list(nlp.parse([Annotated(art)]))
    return {q.text.rstrip(",.!?"): (q.kind, q.speaker) for q in quotes.extract(item, doc)}


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        (  # X said, after the quote
            "The council met on Tuesday.\n\n“We will not raise the fare this year,” Mayor Angela Ortiz said.\n",
            "We will not raise the fare this year",
            "Angela Ortiz",
        ),
        (  # said X, the title
            "“The money is there, and the need is obvious,” said Paul Greer, the city’s finance director.\n",
            "The money is there, and the need is obvious",
            "Paul Greer",
        ),
        (  # X, who …, said
            "Rosa Delgado, who has run the shelter since 2009, said the city “has never once asked us what we need.”\n",
            "has never once asked us what we need",
            "Rosa Delgado",
        ),
        (  # according to X
            "The vote was delayed, according to Senator Mark Howell, who said “nobody had read the bill in full.”\n",
            "nobody had read the bill in full",
            "Mark Howell",
        ),
        (  # X told reporters
            "“We are nowhere near a deal on the budget,” Governor Lena Park told reporters in Albany.\n",
            "We are nowhere near a deal on the budget",
            "Lena Park",
        ),
        (  # colon introduction
            "Union leader Carla Menendez did not hold back: “They offered us less than inflation and called it generous.”\n",
            "They offered us less than inflation and called it generous",
            "Carla Menendez",
        ),
        (  # a signature after a dash
            "Readers wrote in after the debate.\n\n“He never answered a single question about the economy.” ― Maria Lopez\n",
            "He never answered a single question about the economy",
            "Maria Lopez",
        ),
    ],
)
def test_direct_attribution(text, quote, speaker):
    assert _speakers(text)[quote][1] == speaker


def test_colon_paragraph_introduces_the_next_paragraphs_quote():
    text = (
        "The hearing ran late into the evening.\n\n"
        "Senator Mark Howell said in a statement:\n\n"
        "“This bill was written in the dark and it will be voted on in the dark. I will not support it.”\n"
    )
    assert _speakers(text)["This bill was written in the dark and it will be voted on in the dark. I will not support it"][1] == "Mark Howell"


def test_pronoun_and_the_spokesman_continue_a_speaker_named_before():
    text = (
        "Pentagon spokesman John Kirby spoke to reporters on Monday about the deployment in Poland.\n\n"
        "The forces were not permanent, the spokesman said. “These troops are going to Poland to reassure "
        "an ally, and they will rotate home.”\n\n"
        "“We are not looking for a fight with anyone,” he added.\n"
    )
    got = _speakers(text)
    assert got["These troops are going to Poland to reassure an ally, and they will rotate home"][1] == "John Kirby"
    assert got["We are not looking for a fight with anyone"][1] == "John Kirby"


def test_organisations_speak_and_anonymous_officials_are_not_guessed():
    text = (
        "Pentagon spokesman John Kirby briefed reporters on Monday.\n\n"
        "“The rotation will be reviewed every six months,” the Pentagon said in a statement.\n\n"
        "“Nobody in this building wants a war,” a senior official said, speaking on condition of anonymity.\n"
    )
    got = _speakers(text)
    assert got["The rotation will be reviewed every six months"][1] == "Pentagon"
    official = got["Nobody in this building wants a war"][1]
    assert official is not None and "Kirby" not in official


def test_things_that_cannot_speak_are_never_named():
    text = (
        "El Pais published the leaked letters on Wednesday.\n\n"
        "Western allies have rejected calls to slam NATO’s door, but the leaked letters call for “meaningful "
        "arms control discussions and dialogue with Russia on mutual transparency.”\n\n"
        "“Yet Russia has broken the trust that is at the heart of our cooperation,” the statement said.\n\n"
        "Instead, the documents say that more aggression “will force the United States and our Allies to "
        "strengthen our defensive posture.”\n"
    )
    named = {speaker for _kind, speaker in _speakers(text).values()}
    assert not named & {"leaked letters", "statement", "documents", "allies", "Western allies"}


def test_a_statement_speaks_for_whoever_issued_it():
    text = (
        "The Security Council issued a statement after a late-afternoon meeting on Friday.\n\n"
        "“The test is a clear violation of five previous resolutions,” the statement said.\n"
    )
    assert _speakers(text)["The test is a clear violation of five previous resolutions"][1] == "Security Council"


def test_a_scare_quoted_word_is_a_term_without_a_speaker():
    text = "Washington insisted that the battalions were not “permanent,” since they rotate, the minister said.\n"
    assert _speakers(text)["permanent"] == ("term", None)


def test_each_signed_quote_takes_its_own_signature_not_the_one_before():
    text = (
        "We asked readers what they heard in the debate.\n"
        "“He talked about the wall again and never about wages.” ― Marta Quiroga\n"
        "“Nobody on that stage spoke to people who work two jobs.”― Tomas Echevarria Ruiz\n"
        "“I switched off after twenty minutes.” ― Delia Fuentes.\n"
    )
    got = _speakers(text)
    assert got["He talked about the wall again and never about wages"][1] == "Marta Quiroga"
    assert got["Nobody on that stage spoke to people who work two jobs"][1] == "Tomas Echevarria Ruiz"
    assert got["I switched off after twenty minutes"][1] == "Delia Fuentes"


def test_a_dash_followed_by_prose_is_no_signature():
    text = "“We will rebuild the bridge by spring,” the governor said ― a promise few believed.\n"
    assert _speakers(text)["We will rebuild the bridge by spring"][1] != "promise"


def test_a_cue_in_the_next_paragraph_belongs_to_that_paragraph():
    # no full stop between the paragraphs' sentences would stop a parser running them together
    text = (
        "Nora Blake, his partner for a decade, called him a master of the impossible deal. "
        "\"He could close a deal that nobody else in the room could even describe\"\n\n"
        "The firm was a juggernaut, Mr. Okafor said, until it collapsed in 1999.\n"
    )
    assert _speakers(text)["He could close a deal that nobody else in the room could even describe"][1] != "Okafor"


def test_she_said_reaches_a_surname_the_tagger_did_not_take_for_a_person():
    text = (
        "The documentary by Ava DuVernay opens on Friday.\n\n"
        "DuVernay said she made the film because “most people have never read that clause at all,” she said.\n"
    )
    assert _speakers(text)["most people have never read that clause at all"][1] == "DuVernay"


def test_a_transcript_names_its_speakers_and_a_paragraph_continues_one():
    text = (
        "Partial transcript as follows:\n\n"
        "\"WALLACE: Governor, will the former mayor be at the debate tomorrow night?\n\n"
        "\"HOLLIS: He will not be attending the debate. We are going to talk about jobs and nothing else.\n\n"
        "\"And frankly, the people of this state are tired of the sideshow and want answers on taxes.\"\n"
    )
    got = _speakers(text)
    assert got["WALLACE: Governor, will the former mayor be at the debate tomorrow night"][1] == "Wallace"
    assert got["HOLLIS: He will not be attending the debate. We are going to talk about jobs and nothing else"][1] == "Hollis"
    assert got["And frankly, the people of this state are tired of the sideshow and want answers on taxes"][1] == "Hollis"


def test_a_family_speaks_and_a_poll_speaks_for_its_respondents():
    text = (
        "Harris’s family has asked the county to release the footage “as a matter of simple transparency for everyone.”\n\n"
        "Only 41 percent of likely voters said the governor was “doing a good job on the economy,” the survey found.\n"
    )
    got = _speakers(text)
    assert got["as a matter of simple transparency for everyone"][1].endswith("family")
    assert got["doing a good job on the economy"][1].endswith("likely voters")


def test_a_line_saying_an_outlet_reports_is_an_introduction_not_a_credit():
    text = (
        "Few Small Donors for the Senator.\n\n"
        "Fewer than a quarter of the senator’s donors gave less than $200.\n\n"
        "The Boston Globe reports:\n\n"
        "\"Just 24 percent of the contributors to the senator's campaign so far have given $200 or less, "
        "far fewer than in his first race.\"\n\n"
        "The senator has held a dozen fundraisers with wealthy donors this summer.\n"
    )
    assert _speakers(text)["Just 24 percent of the contributors to the senator's campaign so far have given $200 or less, far fewer than in his first race"][1] == "Boston Globe"
