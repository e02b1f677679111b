"""A self-contained HTML report of an ``Analysis``: inline CSS, a few lines of JS, no external URLs.

Each section is its own Jinja2 partial under ``templates/`` (autoescape on). Article text is
shown as received, with its spans marked by ``render/marks.py`` (as the web pages mark them).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from copydesk import __version__, identity
from copydesk.model import Analysis, Annotated, Story
from copydesk.render import copy_section, marks, timeline, view

TEMPLATES = Path(__file__).parent / "templates"


# Past this many articles (and with more than one story) `--html` writes an index page plus one
# page per story: a report is ~20 kB per article, so 100 articles is ~2 MB, about what a browser
# still opens at once; the 569 articles of ECB+ dev made one 12 MB page.
MAX_ONE_PAGE_ARTICLES = 100


def render(analysis: Analysis, generated: str | None = None, title: str | None = None) -> str:
    """The whole report as one HTML document (deterministic: no timestamp unless ``generated``)."""
    return _page(analysis, analysis.stories, _orphans(analysis), {}, None, generated, title)


def pages(analysis: Analysis, name: str = "report.html", generated: str | None = None) -> dict[str, str]:
    """The report as files: relative path -> HTML.

    One page (``name``) up to ``MAX_ONE_PAGE_ARTICLES`` articles or for a single story; beyond,
    ``name`` is an index of the stories and each story is its own self-contained page under
    ``<stem>_files/`` (articles in no story on ``<stem>_files/unplaced.html``).
    """
    if len(analysis.articles) <= MAX_ONE_PAGE_ARTICLES or len(analysis.stories) <= 1:
        return {name: render(analysis, generated)}
    folder = Path(name).stem + "_files"
    links = {s.id: f"{folder}/story-{view.safe_id(s.id)}.html" for s in analysis.stories}
    orphans = _orphans(analysis)
    out = {name: _page(analysis, [], [], links, None, generated, None,
                       orphans_href=f"{folder}/unplaced.html" if orphans else None)}  # fmt: skip
    back = f"../{Path(name).name}"
    for story in analysis.stories:
        out[links[story.id]] = _page(analysis, [story], [], {}, back, generated, story.title)
    if orphans:
        out[f"{folder}/unplaced.html"] = _page(analysis, [], orphans, {}, back, generated, "Articles in no story")
    return out


def write(analysis: Analysis, path: Path, generated: str | None = None) -> list[Path]:
    """Write the report at ``path`` (plus its story pages when it is split); returns the files, ``path`` first."""
    written = []
    for rel, html in pages(analysis, path.name, generated).items():
        target = path.parent / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        written.append(target)
    return written


def _orphans(analysis: Analysis) -> list[Annotated]:
    in_story = {i for s in analysis.stories for i in s.articles}
    return [a for a in analysis.articles if a.id not in in_story]


def _page(
    analysis: Analysis,
    stories: list[Story],
    orphans: list[Annotated],
    links: dict[str, str],
    back: str | None,
    generated: str | None,
    title: str | None,
    orphans_href: str | None = None,
) -> str:
    """One HTML page: ``stories`` and ``orphans`` in full; with ``links`` an index to story pages;
    with ``back`` a story page that links to its index."""
    labels = view.article_labels(analysis)
    cited = cited_spans(analysis)
    shown = [m for s in stories for m in view.story_members(analysis, s)] + orphans
    texts = {a.id: marks.marked_text(a, cited.get(a.id, ())) for a in shown}
    return (
        _env()
        .get_template("report.html")
        .render(
            analysis=analysis,
            stories=stories,
            toc_stories=[] if back else analysis.stories,
            story_links=links or {s.id: f"#story-{view.safe_id(s.id)}" for s in stories},
            index_href=back,
            orphans_href=orphans_href,
            labels=labels,
            texts=texts,
            orphans=orphans,
            outlets=view.outlets(analysis),
            version=__version__,
            generated=generated,
            title=title or _title(analysis),
            heading=title or "copydesk report",
        )
    )


def _story_timeline(analysis: Analysis, story: Story, labels: dict[str, str]) -> timeline.Timeline:
    return timeline.timeline(story, view.story_members(analysis, story), labels,
                             lambda i: f"#art-{view.safe_id(i)}")  # fmt: skip


def _story_date(analysis: Analysis, story: Story) -> str:
    """The day a story ran: the median of its articles' publication dates (one misread date, such
    as a birth date taken for the publication date, does not move it)."""
    times = sorted(t for m in view.story_members(analysis, story) if (t := timeline.published_at(m)))
    return times[(len(times) - 1) // 2].strftime("%Y-%m-%d") if times else ""


def cited_spans(analysis: Analysis) -> dict[str, set[tuple[int, int]]]:
    """Per article, every span a section of its story links to (``marks.cited_spans``)."""
    out: dict[str, set[tuple[int, int]]] = {}
    for s in analysis.stories:
        for aid, spans in marks.cited_spans(s, view.story_members(analysis, s)).items():
            out.setdefault(aid, set()).update(spans)
    return out


def _title(analysis: Analysis) -> str:
    if len(analysis.stories) == 1:
        return analysis.stories[0].title
    return "copydesk report"


def _story_outlets(analysis: Analysis, story: Story) -> int:
    return len(view.outlets(analysis, view.story_members(analysis, story)))


@cache
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        anchor=view.anchor_id,
        safe_id=view.safe_id,
        cited_text=view.cited_text,
        snippet=view.snippet,
        quoted=view.quoted,
        plural=view.plural,
        members=view.story_members,
        families=view.families_of,
        ranked_claims=view.ranked_claims,
        ranked_relations=view.ranked_relations,
        quotes_by_speaker=view.quotes_by_speaker,
        quoted_terms=view.quoted_terms,
        signal_summary=view.signal_summary,
        direction_text=view.direction_text,
        story_outlets=_story_outlets,
        copy_families=copy_section.families,
        copy_lineage=copy_section.lineage,
        identify=identity.identify,
        copy_relations=copy_section.copies,
        copy_graph=copy_section.graph_svg,
        aligned_passages=copy_section.aligned,
        relation_arrow=copy_section.arrow,
        independent_of_all=copy_section.independent_of_all,
        independent_pairs=view.independent_pairs,
        furniture_summary=view.furniture_summary,
        language_note=view.language_note,
        story_timeline=_story_timeline,
        story_date=_story_date,
        reuse_lines=view.reuse_lines,
        elsewhere_in=view.elsewhere_in,
    )
    return env
