from copydesk import analyze
from copydesk.model import Article, content_id, republished_id


def test_example_story_is_read_whole_and_forms_one_story(example_analysis):
    a = example_analysis
    assert len(a.articles) == 5 and not a.problems
    assert len(a.stories) == 1 and sorted(a.stories[0].articles) == sorted(x.id for x in a.articles)
    for item in a.articles:
        raw = open(item.article.source, encoding="utf-8").read()
        assert item.text == raw  # nothing removed or normalised
        assert item.sentences and item.entities


def test_analyze_accepts_article_objects_and_drops_repeats():
    text = "Flood closes bridge\n\nThe river burst its banks on Sunday, closing the main bridge in Dresden."
    art = Article(id=content_id(text), source="mem:1", text=text, title="Flood closes bridge")
    result = analyze([art, art])
    assert [x.id for x in result.articles] == [art.id]
    assert result.problems == ["mem:1: same article as one already read, skipped"]
    assert result.stories[0].articles == (art.id,)


def test_the_same_text_from_another_source_is_kept_as_another_publication():
    text = "Flood closes bridge\n\nThe river burst its banks on Sunday, closing the main bridge in Dresden."
    first = Article(id=content_id(text), source="site-a/flood.html", text=text)
    copy = Article(id=content_id(text), source="site-b/flood.html", text=text)
    result = analyze([first, copy, copy])
    ids = [x.id for x in result.articles]
    assert len(ids) == 2 and ids[0] == first.id and ids[1] == republished_id(first.id, copy.source)
    assert result.problems == ["site-b/flood.html: same article as one already read, skipped"]


def test_ids_are_stable_across_runs(example_dir, example_analysis):
    again = analyze([example_dir])
    assert [x.id for x in again.articles] == [x.id for x in example_analysis.articles]
    assert [s.id for s in again.stories] == [s.id for s in example_analysis.stories]


def test_a_process_pool_gives_the_same_annotations_in_the_same_order(example_analysis):
    from copydesk.pipeline import annotate_articles

    articles = [a.article for a in example_analysis.articles] * 7  # 35 articles: the pool kicks in
    pooled = annotate_articles(articles, n_process=2)
    assert [a.id for a in pooled] == [a.id for a in articles]
    assert pooled[:5] == example_analysis.articles


ITALIAN = """Il governo propone una nuova legge sui trasporti pubblici a Roma

Il ministro dei Trasporti, Giulia Ferrante, ha presentato mercoledì una proposta di legge che prevede nuovi fondi per le linee di autobus e della metropolitana nella capitale.

"Vogliamo che ogni cittadino possa raggiungere il lavoro in meno di quaranta minuti", ha detto Ferrante durante una conferenza stampa al ministero.

Secondo il testo, lo Stato stanzierà 450 milioni di euro nei prossimi tre anni. I sindacati dei lavoratori del settore propongono invece un piano diverso, che includa assunzioni e turni più brevi.

"Senza nuovi autisti, i nuovi autobus resteranno nei depositi", ha risposto Marco Bellini, segretario del sindacato dei trasporti.
"""

ENGLISH = """Government proposes a new public transport law for Rome

Transport minister Giulia Ferrante presented a bill on Wednesday that provides new money for bus and metro lines in the capital.

"We want every citizen to reach work in under forty minutes," Ferrante told a news conference at the ministry.

"Without new drivers, the new buses will stay in the depots," replied Marco Bellini, secretary of the transport union.
"""


def test_a_non_english_article_gets_no_english_model_entities_or_speakers(tmp_path):
    from copydesk.pipeline import analyze

    (tmp_path / "roma.txt").write_text(ITALIAN, encoding="utf-8")
    (tmp_path / "rome.txt").write_text(ENGLISH, encoding="utf-8")
    got = {a.article.source.rsplit("/", 1)[-1]: a for a in analyze([tmp_path]).articles}
    it, en = got["roma.txt"], got["rome.txt"]
    assert it.article.language == "it" and en.article.language == "en"
    assert it.entities == () and len(it.quotes) == 2 and all(q.speaker is None for q in it.quotes)
    assert it.sentences  # still split into sentences: claims and copy detection read them
    assert any(en.text[e.start : e.end] == "Marco Bellini" for e in en.entities)  # the same names in English are read
    assert {q.speaker for q in en.quotes} >= {"Marco Bellini"}
