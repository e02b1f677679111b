"""One annotated article to the store's rows and back, field for field.

Known fields get columns (queryable); quotes and quantities also keep their whole
dataclass as JSON, and article fields without a column go to ``articles.extra``, so an
optional field the model gains later still round-trips exactly.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from copydesk import codec
from copydesk.model import Annotated, Article, Quantity, Quote, Span
from copydesk.store.sql import Connection

SPAN_LAYERS = ("boilerplate", "signals", "sentences", "entities")  # Annotated's span tuples
ARTICLE_COLUMNS = ("id", "source", "title", "outlet", "url", "published", "authors", "text")
_ARTICLE_SELECT = "SELECT " + ", ".join(ARTICLE_COLUMNS) + ", extra FROM articles"
_KNOWN_ARTICLE = set(ARTICLE_COLUMNS) | {"marks"}
_KNOWN_ANNOTATED = {"article", "quotes", "quantities", *SPAN_LAYERS}


def insert(tx: Connection, item: Annotated, added_at: str) -> None:
    """Write one article, its spans, quotes, quantities and search rows (inside ``tx``'s transaction)."""
    a = item.article
    tx.execute(
        "INSERT INTO articles (id, source, title, outlet, url, published, authors, text, added_at, extra) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (a.id, a.source, a.title, a.outlet, a.url, a.published,
         json.dumps(list(a.authors), ensure_ascii=False), a.text, added_at, _extra(item)),
    )  # fmt: skip
    tx.execute("UPDATE store_counts SET value = value + 1 WHERE name = 'articles'")  # count(*) would scan
    layers = {"marks": a.marks, **{name: getattr(item, name) for name in SPAN_LAYERS}}
    tx.executemany(
        'INSERT INTO spans (article_id, field, seq, label, kind, start, "end", value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
        [(a.id, f, i, s.label, s.kind, s.start, s.end, s.value) for f, ss in layers.items() for i, s in enumerate(ss)],
    )  # fmt: skip
    tx.executemany(
        'INSERT INTO quotes (article_id, seq, start, "end", text, kind, speaker, speaker_start, speaker_end, grp, data) '
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(a.id, i, q.start, q.end, q.text, q.kind, q.speaker, q.speaker_start, q.speaker_end, q.group, codec.dumps(q))
         for i, q in enumerate(item.quotes)],
    )  # fmt: skip
    tx.executemany(
        'INSERT INTO quantities (article_id, seq, start, "end", text, value, unit, about, data) '
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(a.id, i, q.start, q.end, q.text, json.dumps(q.value), q.unit, q.about, codec.dumps(q))
         for i, q in enumerate(item.quantities)],
    )  # fmt: skip
    tx.execute(
        "INSERT INTO search (title, body, kind, article_id) VALUES (?, ?, 'article', ?)",
        (a.title or "", a.text, a.id),
    )
    tx.executemany(
        "INSERT INTO search (title, body, kind, article_id, start, \"end\") VALUES ('', ?, 'quote', ?, ?, ?)",
        [(q.text, a.id, q.start, q.end) for q in item.quotes],
    )


def load(conn: Connection, ids: Sequence[str] | None) -> list[Annotated]:
    """Articles with every annotation: all in insertion order (``ids=None``) or those of ``ids``."""
    if ids is None:
        where, params = "", ()
        rows = conn.execute(_ARTICLE_SELECT + " ORDER BY n").fetchall()
    else:
        where = f"WHERE article_id IN ({','.join('?' * len(ids))})"  # placeholders only: values stay bound
        params = tuple(ids)
        rows = conn.execute(_ARTICLE_SELECT + f" WHERE id IN ({','.join('?' * len(ids))})", params).fetchall()
    spans: dict[str, dict[str, list[Span]]] = defaultdict(lambda: defaultdict(list))
    q = f'SELECT article_id, field, label, kind, start, "end", value FROM spans {where} ORDER BY article_id, field, seq'
    for aid, layer, label, kind, start, end, value in conn.execute(q, params):
        spans[aid][layer].append(Span(start, end, label, kind, value))
    quotes: dict[str, list[Quote]] = defaultdict(list)
    q = (
        'SELECT article_id, start, "end", text, kind, speaker, speaker_start, speaker_end, grp, data '
        f"FROM quotes {where} ORDER BY article_id, seq"
    )
    for aid, *cols, data in conn.execute(q, params):
        quotes[aid].append(codec.loads(Quote, data) if data else Quote(aid, *cols))
    quantities: dict[str, list[Quantity]] = defaultdict(list)
    q = f'SELECT article_id, start, "end", text, value, unit, about, data FROM quantities {where} ORDER BY article_id, seq'
    for aid, start, end, text, value, unit, about, data in conn.execute(q, params):
        quantities[aid].append(
            codec.loads(Quantity, data)
            if data
            else Quantity(aid, start, end, text, json.loads(value), unit, about)
        )
    out = []
    for aid, source, title, outlet, url, published, authors, text, extra in rows:
        s = spans.get(aid, {})
        more = json.loads(extra) if extra else {}
        article = Article(
            id=aid, source=source, text=text, title=title, outlet=outlet, url=url, published=published,
            authors=tuple(json.loads(authors)), marks=tuple(s.get("marks", ())),
            **_decode_fields(Article, more.get("article", {})),
        )  # fmt: skip
        layers: dict[str, Any] = {name: tuple(s.get(name, ())) for name in SPAN_LAYERS}
        out.append(
            Annotated(
                article,
                quotes=tuple(quotes.get(aid, ())),
                quantities=tuple(quantities.get(aid, ())),
                **layers,
                **_decode_fields(Annotated, more.get("annotated", {})),
            )
        )
    return out


def _extra(item: Annotated) -> str | None:
    """JSON of the fields that have no column (None when the model has none)."""
    extra = {
        "article": _unknown_fields(item.article, _KNOWN_ARTICLE),
        "annotated": _unknown_fields(item, _KNOWN_ANNOTATED),
    }
    extra = {k: v for k, v in extra.items() if v}
    return json.dumps(extra, ensure_ascii=False) if extra else None


def _unknown_fields(obj: Any, known: set[str]) -> dict[str, Any]:
    return {
        f.name: codec.to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.name not in known
    }


def _decode_fields(cls: type, values: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: codec.decode_field(cls, k, v) for k, v in values.items() if k in names}
