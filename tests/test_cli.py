"""The CLI end to end, through typer's runner, on the example and on bad inputs."""

import json

from typer.testing import CliRunner

from copydesk.cli import app

runner = CliRunner()


def test_analyze_writes_json_markdown_and_html(tmp_path, example_dir):
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["analyze", str(example_dir), "--json", str(out / "a.json"), "--md", str(out / "r.md"),
              "--html", str(out / "r.html"), "-q"]
    )
    assert result.exit_code == 0, result.output
    assert "5 articles in 1 story\n" in result.output
    assert f"wrote {(out / 'a.json').resolve()}" in result.output
    data = json.loads((out / "a.json").read_text())
    assert data["version"] == 1 and len(data["articles"]) == 5 and len(data["stories"]) == 1
    assert (out / "r.html").read_text().lstrip().lower().startswith("<!doctype html")
    assert (out / "r.md").read_text().strip()


def test_bad_inputs_are_skipped_with_one_line_each_and_the_rest_is_processed(tmp_path, example_dir):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 40)
    good = tmp_path / "good.txt"
    good.write_text((example_dir / "003_97f70ff2491d9350.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(
        app, ["analyze", str(tmp_path), str(tmp_path / "missing.txt"), "--json", str(tmp_path / "o.json"), "-q"]
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    skipped = [line for line in result.output.splitlines() if line.startswith("skipped")]
    assert any("empty.txt" in s for s in skipped)
    assert any("blob.bin" in s for s in skipped)
    assert any("missing.txt" in s for s in skipped)
    assert len(json.loads((tmp_path / "o.json").read_text())["articles"]) == 1


def test_no_readable_input_is_an_error_without_traceback(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = runner.invoke(app, ["analyze", str(tmp_path / "empty.txt"), "-q"])
    assert result.exit_code == 1
    assert "no article could be read" in result.output
    assert "Traceback" not in result.output


def test_help_shows_examples():
    result = runner.invoke(app, ["analyze", "--help"])
    assert result.exit_code == 0 and "copydesk analyze" in result.output


def test_ingest_is_idempotent(db, example_dir):
    first = runner.invoke(app, ["ingest", str(example_dir), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert first.output.startswith("5 added, 0 already in the store, 1 story in")
    assert first.output.count("-> new story") == 1 and first.output.count("-> story") == 4
    again = runner.invoke(app, ["ingest", str(example_dir), "--db", str(db), "-q"])
    assert again.exit_code == 0, again.output
    assert again.output.startswith("0 added, 5 already in the store, 1 story in")
    assert "->" not in again.output  # -q: no line per article
    assert "(0 updated)" in again.output
    listed = runner.invoke(app, ["stories", "--db", str(db)])
    assert listed.exit_code == 0, listed.output
    (story_id,) = {line.split()[-1] for line in first.output.splitlines() if "-> " in line}
    assert "1 story in" in listed.output and story_id in listed.output
    from copydesk.store import Store

    with Store(db) as store:  # the list names outlets as every report does (identity.py), not raw fields
        assert store.story_rows()[0].outlets == ("NDTV", "New York Post", "The Washington Times")


def test_serve_refuses_a_store_that_does_not_exist(tmp_path):
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "typo.db")])
    assert result.exit_code == 1 and "no store at" in result.output
    assert not (tmp_path / "typo.db").exists()


def test_stories_json_from_a_store_is_what_analyze_json_gives(tmp_path, db, example_dir):
    # On SQLite and on PostgreSQL alike: the same stories as `analyze`, so the same as each other.
    import json

    files = sorted(example_dir.iterdir())
    for part in (files[3:], files[:1], files[1:3]):  # three runs, out of order
        assert runner.invoke(app, ["ingest", *map(str, part), "--db", str(db), "-q"]).exit_code == 0
    exported = runner.invoke(app, ["stories", "--db", str(db), "--json", str(tmp_path / "s.json")])
    assert exported.exit_code == 0, exported.output
    analyzed = runner.invoke(app, ["analyze", str(example_dir), "-q", "--json", str(tmp_path / "a.json")])
    assert analyzed.exit_code == 0, analyzed.output
    store, batch = (json.loads((tmp_path / f).read_text()) for f in ("s.json", "a.json"))
    assert store["stories"] == batch["stories"]  # same ids, members, findings and summary
    by_id = sorted(batch["articles"], key=lambda a: a["id"])
    assert sorted(store["articles"], key=lambda a: a["id"]) == by_id


def test_stories_without_a_store_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["stories", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no store at" in result.output


def test_a_postgresql_url_is_not_printed_with_its_password(pg, example_dir):
    url = pg.new_db()
    with_password = url.replace("@", ":hunter2@", 1)  # the test server trusts loopback: it is ignored
    result = runner.invoke(app, ["ingest", str(example_dir / "002_83e9eba0623523ef.txt"), "--db", with_password, "-q"])
    assert result.exit_code == 0, result.output
    assert "hunter2" not in result.output and ":***@" in result.output


def test_version_flag_and_examples_in_the_top_level_help():
    from copydesk import __version__

    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == __version__
    assert "Examples" in runner.invoke(app, ["--help"]).output


def test_help_shows_no_type_after_flags_or_arguments():
    for args in (["--help"], ["analyze", "--help"], ["ingest", "--help"], ["repair", "--help"]):
        out = runner.invoke(app, args, env={"COLUMNS": "120"}).output
        assert "<bool>" not in out and "list[" not in out, (args, out)
        assert "--help" in out
    out = runner.invoke(app, ["analyze", "--help"], env={"COLUMNS": "120"}).output
    assert "<int>" in out and "PATH" in out and "URL" in out  # options that take a value keep their type
