"""The ``copydesk`` command: a thin layer over :mod:`copydesk.pipeline` and :mod:`copydesk.store`."""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated as Arg

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from copydesk import __version__


def _no_type_column(params: list) -> list:
    """Typer's rich help writes a type after every parameter: ``<bool>`` after a flag, which takes
    no value, and ``<list[str]>`` after an argument whose name already says what it takes. Drop both."""
    for p in params:
        if getattr(p, "is_flag", False) or getattr(p, "param_type_name", "") == "argument":
            p.display_type_rich = lambda ctx: None
    return params


class _Command(typer.core.TyperCommand):
    def get_params(self, ctx):  # noqa: ANN001, ANN201 - click's signature
        return _no_type_column(super().get_params(ctx))


class _Group(typer.core.TyperGroup):
    command_class = _Command

    def get_params(self, ctx):  # noqa: ANN001, ANN201 - click's signature
        return _no_type_column(super().get_params(ctx))


app = typer.Typer(
    cls=_Group,
    help="""Read one news story through every outlet that covers it.

Examples:

    copydesk analyze examples/nato-leak-2022 --html report.html

    copydesk ingest today/ --db news.db && copydesk serve --db news.db

    copydesk stories --db news.db --json analysis.json
""",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
)
err = Console(stderr=True, highlight=False)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def _main(
    version: Arg[bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Read one news story through every outlet that covers it."""

DEFAULT_DB = "copydesk.db"
PATHS_HELP = "Files or directories (.txt, .html, .jsonl, feeds, .warc(.gz)), or http(s) URLs to fetch."
DB_HELP = "The store: a SQLite file, or a PostgreSQL database as postgresql://user@host/dbname"
STAGE_NAMES = {"annotate": "Reading articles", "stories": "Analysing stories", "load": "Loading articles"}


@contextmanager
def progress_bar(enabled: bool = True):
    """A rich progress bar on stderr, one task per pipeline stage; yields the pipeline callback."""
    if not enabled or not err.is_terminal:
        yield lambda stage, done, total: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(STAGE_NAMES.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 story``, ``2 stories``, ``0 articles``."""
    return f"{n} {word if n == 1 else (many or (word[:-1] + 'ies' if word.endswith('y') else word + 's'))}"


def report_problems(problems: list[str]) -> None:
    for line in problems:
        err.print(f"[yellow]skipped[/yellow] {line}", markup=True, soft_wrap=True)


def write_outputs(analysis, json_out: Path | None, md_out: Path | None, html_out: Path | None) -> None:  # noqa: ANN001
    from copydesk.render import html, json, markdown

    for path, render in ((json_out, json.dumps), (md_out, markdown.render)):
        if path is None:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render(analysis), encoding="utf-8")
        typer.echo(f"wrote {path.resolve()}")
    if html_out is not None:  # one page, or an index and a page per story (html.MAX_ONE_PAGE_ARTICLES)
        written = html.write(analysis, html_out)
        more = f" and {plural(len(written) - 1, 'page')} under {html_out.stem}_files/" if len(written) > 1 else ""
        typer.echo(f"wrote {html_out.resolve()}{more}")


@app.command(cls=_Command)
def analyze(
    paths: Arg[list[str], typer.Argument(metavar="PATH", help=PATHS_HELP)],
    json_out: Arg[Path | None, typer.Option("--json", help="Write the analysis as JSON here.")] = None,
    md_out: Arg[Path | None, typer.Option("--md", help="Write a Markdown report here.")] = None,
    html_out: Arg[Path | None, typer.Option("--html", help="Write a self-contained HTML report here (past 100 articles: an index here and a page per story in NAME_files/).")] = None,
    processes: Arg[int, typer.Option("--processes", "-p", help="Worker processes for the per-article stages (one per core is best on large inputs).")] = 1,
    quiet: Arg[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Analyze articles in memory (no store) and write reports.

    Examples:

        copydesk analyze examples/nato-leak-2022 --json analysis.json --html report.html

        copydesk analyze crawl.warc.gz feed.xml --md story.md

        copydesk analyze https://example.org/news/story.html --json analysis.json
    """
    from copydesk.pipeline import analyze as run

    with progress_bar(not quiet) as update:
        result = run(paths, progress=update, n_process=processes)
    report_problems(result.problems)
    if not result.articles:
        err.print("[red]error:[/red] no article could be read from the inputs given", markup=True)
        raise typer.Exit(1)
    typer.echo(f"{plural(len(result.articles), 'article')} in {plural(len(result.stories), 'story')}")
    if not (json_out or md_out or html_out):
        from copydesk.render import markdown

        typer.echo(markdown.render(result))
    write_outputs(result, json_out, md_out, html_out)


@app.command(cls=_Command)
def ingest(
    paths: Arg[list[str], typer.Argument(metavar="PATH", help=PATHS_HELP)],
    db: Arg[str, typer.Option("--db", help=DB_HELP + " (a SQLite file is created if missing).")] = DEFAULT_DB,
    processes: Arg[int, typer.Option("--processes", "-p", help="Worker processes for the per-article stages (one per core is best on large inputs).")] = 1,
    quiet: Arg[bool, typer.Option("--quiet", "-q", help="No progress bar and no line per article.")] = False,
) -> None:
    """Add articles to a store and update its stories. Safe to re-run: known articles are skipped.

    Examples:

        copydesk ingest examples/nato-leak-2022 --db news.db

        copydesk ingest today/*.html --db news.db

        copydesk ingest today/ --db postgresql://newsroom@db.example.org/copydesk
    """
    from copydesk.ingest import ingest as run
    from copydesk.store import shown

    with progress_bar(not quiet) as update:
        result = run(paths, db, progress=update, n_process=processes)
    report_problems(result.problems)
    typer.echo(
        f"{len(result.added)} added, {len(result.duplicates)} already in the store, "
        f"{plural(result.stories, 'story')} in {shown(db)} ({len(result.updated)} updated)"
    )
    for article_id, story_id, founded in [] if quiet else result.joined:
        typer.echo(f"  {article_id} -> {'new story' if founded else 'story'} {story_id}")
    if not result.added and not result.duplicates:
        err.print("[red]error:[/red] no article could be read from the inputs given", markup=True)
        raise typer.Exit(1)


@app.command(cls=_Command)
def stories(
    db: Arg[str, typer.Option("--db", help=DB_HELP + ", made by `copydesk ingest`.")] = DEFAULT_DB,
    limit: Arg[int, typer.Option("--limit", "-n", help="How many stories, latest activity first.")] = 30,
    json_out: Arg[Path | None, typer.Option("--json", help="Write every article and story as JSON here (the `analyze --json` contract).")] = None,
) -> None:
    """List a store's stories: id, title, size, outlets, independent sources, last activity.

    Examples:

        copydesk stories --db news.db

        copydesk stories --db news.db -n 100

        copydesk stories --db news.db --json analysis.json

        copydesk stories --db postgresql://newsroom@db.example.org/copydesk
    """
    from rich.table import Table

    from copydesk.store import Store, is_url, shown

    if not is_url(db) and not Path(db).exists():
        err.print(f"[red]error:[/red] no store at {db}; make one with `copydesk ingest PATH --db {db}`", markup=True)
        raise typer.Exit(1)
    with Store(db) as store:
        if json_out is not None:
            write_outputs(store.analysis(), json_out, None, None)
            return
        total, rows = store.count_stories(), store.story_rows(limit=limit)
    table = Table(title=f"{plural(total, 'story')} in {shown(db)}", show_lines=False)
    for name, style in (("story", "dim"), ("title", "bold"), ("size", None), ("outlets", None),
                        ("independent", None), ("last activity", None)):  # fmt: skip
        table.add_column(name, style=style, overflow="fold", justify="right" if name in ("size", "independent") else "left")
    for r in rows:
        table.add_row(r.id, r.title, str(r.size), ", ".join(r.outlets[:4]) or "-", str(r.independent),
                      (r.activity or "-")[:16].replace("T", " "))  # fmt: skip
    Console(highlight=False, width=max(Console().width, 140)).print(table)


@app.command(cls=_Command)
def repair(
    db: Arg[str, typer.Option("--db", help=DB_HELP + ", made by `copydesk ingest`.")] = DEFAULT_DB,
    quiet: Arg[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Make a store consistent: every article in one story, every story's analysis up to date.

    Ingest does this as it goes; run it after upgrading copydesk or after a crash, to fix the
    store without adding anything.

    Examples:

        copydesk repair --db news.db
    """
    from copydesk.ingest import repair as run
    from copydesk.store import is_url, shown

    if not is_url(db) and not Path(db).exists():
        err.print(f"[red]error:[/red] no store at {db}", markup=True)
        raise typer.Exit(1)
    with progress_bar(not quiet) as update:
        result = run(db, progress=update)
    typer.echo(f"{plural(result.stories, 'story')} in {shown(db)} ({len(result.updated)} analysed again)")


@app.command(cls=_Command)
def serve(
    db: Arg[str, typer.Option("--db", help=DB_HELP + ", made by `copydesk ingest`.")] = DEFAULT_DB,
    host: Arg[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Arg[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    token: Arg[
        str | None, typer.Option("--token", envvar="COPYDESK_TOKEN", help="Allow POST /api/articles with this token.")
    ] = None,
    workers: Arg[int, typer.Option("--workers", min=1, max=64, help="Server processes (one per core).")] = 1,
) -> None:
    """Browse, search and (with a token) add to a store in the browser. Read-only without a token.

    Examples:

        copydesk serve --db news.db

        COPYDESK_TOKEN=change-me copydesk serve --db news.db --host 0.0.0.0 --port 8080 --workers 2

        copydesk serve --db postgresql://newsroom@db.example.org/copydesk --workers 2
    """
    from copydesk.store import is_url, shown
    from copydesk.web import serve as run

    if not is_url(db) and not Path(db).exists():  # a typo would otherwise serve a new, empty store
        err.print(f"[red]error:[/red] no store at {db}; make one with `copydesk ingest PATH --db {db}`", markup=True)
        raise typer.Exit(1)
    typer.echo(f"serving {shown(db)} on http://{host}:{port}/ ({'writable with token' if token else 'read-only'})")
    run(db, host=host, port=port, token=token, workers=workers)


@app.command(cls=_Command)
def spark(
    inputs: Arg[list[str], typer.Argument(help="Files, directories (any Hadoop URI) or .parquet datasets.")],
    out: Arg[str, typer.Option("--out", help="Output folder: Parquet tables articles/, stories/, problems/ and analysis.json.")],
    master: Arg[str | None, typer.Option("--master", help="Spark master URL (default: local[*], or what spark-submit set).")] = None,
    partitions: Arg[int, typer.Option("--partitions", min=1, help="Partitions for the per-article stages and shuffles.")] = 8,
) -> None:
    """Run the whole analysis as a Spark job (extra `spark`: pyspark, and a Java 17 runtime).

    The same stages as `analyze`, spread over a cluster; the stories equal `analyze`'s.

    Examples:

        copydesk spark examples/nato-leak-2022 --out out/ --master 'local[2]' --partitions 4

        spark-submit --master yarn $(which copydesk) spark s3a://bucket/crawl/ --out s3a://bucket/result/
    """
    from copydesk.scale import job, session

    try:
        spark_session = session.start(master, partitions)
    except session.SparkMissing as e:
        err.print(f"[red]error:[/red] {e}", markup=True)
        raise typer.Exit(2) from e
    summary = job.run(spark_session, inputs, out, partitions=partitions)
    report_problems(summary.problems)
    if not summary.articles:
        err.print("[red]error:[/red] no article could be read from the inputs given", markup=True)
        raise typer.Exit(1)
    typer.echo(f"{summary.articles} articles in {summary.stories} stories; tables under {out}")
    if summary.json_path:
        typer.echo(f"wrote {summary.json_path}")


@app.command(cls=_Command)
def load(
    out: Arg[Path, typer.Argument(help="A `copydesk spark --out` folder (its articles/ and stories/ tables).")],
    db: Arg[str, typer.Option("--db", help=DB_HELP + " (created if missing).")] = DEFAULT_DB,
    quiet: Arg[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Put a Spark result into a store, so the web app can serve it. Known articles are skipped.

    Examples:

        copydesk load out/ --db news.db

        copydesk load out/ --db postgresql://newsroom@db.example.org/copydesk
    """
    from copydesk.scale.load import load as run
    from copydesk.store import shown

    try:
        with progress_bar(not quiet) as update:
            result = run(out, db, progress=update)
    except (FileNotFoundError, ImportError) as e:
        err.print(f"[red]error:[/red] {e}", markup=True)
        raise typer.Exit(1) from e
    typer.echo(
        f"{len(result.added)} added, {len(result.duplicates)} already in the store, "
        f"{plural(result.stories, 'story')} in {shown(db)} ({len(result.updated)} analysed again)"
    )


@app.command(cls=_Command)
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main() -> None:
    """Console-script entry point: run the app, turning unexpected errors into one clear line."""
    from copydesk.nlp_models import ModelMissing

    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except ModelMissing as e:  # the message says which package to install
        err.print(f"error: {e}", markup=False, highlight=False, soft_wrap=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
