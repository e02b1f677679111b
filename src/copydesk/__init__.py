"""copydesk: read one news story through every outlet that covers it."""

from copydesk.model import Analysis, Annotated, Article, Span, Story

__version__ = "0.1.0"
__all__ = ["Analysis", "Annotated", "Article", "Span", "Story", "analyze", "__version__"]


def analyze(inputs, **options) -> Analysis:  # noqa: ANN001 - re-exported, documented in pipeline
    """Analyse paths, ``Article`` objects or a mix of both; see :func:`copydesk.pipeline.analyze`."""
    from copydesk.pipeline import analyze as _analyze

    return _analyze(inputs, **options)
