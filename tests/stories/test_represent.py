import numpy as np

from copydesk.model import Annotated, Article, Span
from copydesk.stories.represent import (
    epoch_days,
    idf,
    represent,
    sparse_dot,
    term_id,
    term_weights,
    to_sparse,
)


def test_rare_words_names_and_numbers_weigh_more_than_common_words():
    w = term_weights("Officials said the Waitrose store in Banstead burned after 50 firefighters arrived.")
    assert "the" not in w and "in" not in w  # too common to tell events apart
    assert w["said"] < w["officials"] < w["firefighters"]
    assert w["banstead"] > w["store"]
    assert w["50"] > w["store"]
    assert w["banstead"] == 2 * idf("banstead")  # capitalised mid-sentence: a name


def test_repeating_a_word_does_not_change_its_weight():
    assert term_weights("The quake hit. The quake hit.") == term_weights("The quake hit.")


def test_entities_add_their_own_terms():
    w = term_weights("Lindsay Lohan checked in.", ["Lindsay Lohan"])
    assert w["e:lindsay lohan"] == max(idf("lindsay"), idf("lohan"))


def test_sparse_vectors_are_unit_and_hash_ids_are_stable():
    ids, weights = to_sparse({"quake": 3.0, "chile": 4.0})
    assert np.isclose(np.linalg.norm(weights), 1.0)
    assert list(ids) == sorted(ids)
    assert term_id("quake") == term_id("quake") != term_id("Quake")
    assert np.isclose(sparse_dot(ids, weights, ids, weights), 1.0)


def test_boilerplate_is_left_out_and_dates_become_days():
    text = "Photo: Getty Images\nA magnitude 6.1 earthquake struck Iquique on Monday."
    art = Article(id="x", source="t", text=text, published="2024-01-02", title="Quake hits Chile")
    item = Annotated(art, boilerplate=(Span(0, 19, "boilerplate", "credit"),))
    r = represent(item)
    plain = to_sparse(term_weights("Quake hits Chile\n" + text[19:]))
    assert list(r.term_ids) == list(plain[0])  # "getty" and "images" are not in it
    assert r.time == epoch_days("2024-01-02") == 19724.0
    assert epoch_days("not a date") is None and epoch_days(None) is None
