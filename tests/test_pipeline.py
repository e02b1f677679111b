from copydesk import analyze
from copydesk.model import Article, content_id


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
