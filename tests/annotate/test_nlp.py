from copydesk.annotate import nlp
from copydesk.model import Annotated, Article, Span, content_id

TEXT = (
    "Getty Images/Reuters\n"
    "BERLIN — Chancellor Olaf Scholz met President Emmanuel Macron in Berlin on Monday. "
    "The two leaders discussed energy prices.\n"
)


def test_sentences_and_entities_are_offsets_into_the_original_text_and_skip_boilerplate():
    art = Article(id=content_id(TEXT), source="t", text=TEXT)
    credit_end = TEXT.index("\n")
    item = Annotated(art, boilerplate=(Span(0, credit_end, "boilerplate", "credit"),))
    [(out, doc)] = list(nlp.parse([item]))
    sentences = [s.text_of(TEXT) for s in out.sentences]
    assert any(s.startswith("BERLIN") or "Olaf Scholz" in s for s in sentences)
    assert "The two leaders discussed energy prices." in sentences
    assert all(s.start >= credit_end for s in out.sentences)
    people = {e.text_of(TEXT) for e in out.entities if e.kind == "PERSON"}
    assert "Emmanuel Macron" in people
    assert any(e.kind == "GPE" and e.text_of(TEXT) == "Berlin" for e in out.entities)
    assert all(e.value == e.text_of(TEXT) for e in out.entities)
    assert not any("Getty" in e.text_of(TEXT) for e in out.entities)
