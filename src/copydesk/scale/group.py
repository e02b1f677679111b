"""Stories per connected component, then the cross-article stages per story.

Per component (``groupBy(component)``, cogrouped with the component's copy pairs): rebuild the
members' representations and run ``stories.graph.group`` on them, the StoryGraph's own
average-link grouping. The in-process stories are average-link groups computed one connected
component at a time, so grouping each component here gives the same stories with the same
founder-derived ids. Components of one article skip the Python round trip.

Per story (``groupBy(story)``, cogrouped with the story's relations across stories): the
members' annotated articles, founder first, go to ``pipeline.analyze_story``, and the
relations to ``compare.reuse.attach``.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

from copydesk import codec, pipeline
from copydesk.render.json import article_from_dict
from copydesk.scale import reuse
from copydesk.stories import graph, similarity
from copydesk.stories.represent import Representation

ASSIGNED = "id string, story string, rank int"
STORIES = "story string, founder string, size int, title string, story_json string"


def assign_stories(reps: Any, comps: Any, copy_edges: Any, params: similarity.Params) -> Any:
    """(id, story, rank): each article's story and its place in it (0: the founder)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    with_comp = reps.join(comps, "id").withColumn("n", F.count("*").over(Window.partitionBy("component")))
    single = with_comp.where(F.col("n") == 1).select("id", _story_id_col("id").alias("story"), F.lit(0).alias("rank"))
    many = with_comp.where(F.col("n") > 1).select("component", "id", "term_ids", "term_weights", "time")
    of_a = comps.select(F.col("id").alias("a"), F.col("component").alias("component"))  # fresh columns: no self-join
    pairs = copy_edges.join(of_a, "a").select("component", "a", "b")
    grouped = many.groupBy("component").cogroup(pairs.groupBy("component")).applyInPandas(_group_component(params), ASSIGNED)
    return single.unionByName(grouped)


def _story_id_col(col: str) -> Any:
    from pyspark.sql import functions as F

    return F.udf(lambda a: graph.story_id(a), "string")(F.col(col))


def _group_component(params: similarity.Params):  # noqa: ANN202 - a closure for applyInPandas
    def run(members: Any, pairs: Any) -> Any:
        import pandas as pd

        reps = [
            Representation(
                article=aid,
                term_ids=np.asarray(ids, np.int64),
                term_weights=np.asarray(w, np.float32),
                time=None if t is None or math.isnan(t) else float(t),
            )
            for aid, ids, w, t in zip(members["id"], members["term_ids"], members["term_weights"], members["time"], strict=True)
        ]  # fmt: skip
        copy_pairs = list(zip(pairs["a"], pairs["b"], strict=True)) if len(pairs) else []
        rows = []
        for group in graph.group(reps, copy_pairs, params):
            sid = graph.story_id(group[0])
            rows += [(aid, sid, rank) for rank, aid in enumerate(group)]
        return pd.DataFrame(rows, columns=["id", "story", "rank"])

    return run


def analyze_stories(annotated: Any, assigned: Any, found: Any) -> Any:
    """One row per story: its id, founder, size, title and the ``Story`` as JSON, with the
    cross-story relations ``found`` (``scale.reuse.relations``) its members take part in."""
    rows = annotated.select("id", "annotated").join(assigned, "id").select("story", "rank", "annotated")
    grouped = rows.groupBy("story").cogroup(reuse.per_story(found).groupBy("story"))
    return grouped.applyInPandas(_analyze_one, STORIES)


def _analyze_one(rows: Any, found: Any) -> Any:
    import pandas as pd

    rows = rows.sort_values("rank")
    members = [article_from_dict(json.loads(a)) for a in rows["annotated"]]
    story = reuse.with_reuse(pipeline.analyze_story(members, rows["story"].iloc[0]), found)
    return pd.DataFrame(
        [(story.id, members[0].id, len(members), story.title, codec.dumps(story))],
        columns=["story", "founder", "size", "title", "story_json"],
    )
