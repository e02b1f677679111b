"""Ideas for story grouping (issue 12), each scored with the cross-validation of ``bench/stories.py``.

Not the shipped grouping: a record of what was tried against it, so the next attempt starts from
figures rather than from scratch. Every idea is a similarity matrix over a dev set's articles,
cut by average link as ``stories.graph`` cuts it (likely copies always together), at every
threshold of the grid; ``cross_validate`` then picks the threshold per fold on the training
folds of *both* sets (held-out F1), and from one set for the other (leave-one-set-out). A
"family" row picks the variant *and* the threshold per fold (nested: the honest figure for a
family of variants). Annotated articles come from ``bench/stories.py``'s cache.

Ideas: a lead view (the first sentences) blended with the body; a headline view; an entity
view; the representation's weights (name boost, entity weight, number idf, common-word floor);
component-local idf (inside each connected component of the "clears ``link``" graph, terms
shared by most of the component weigh less: a function of the component's set of articles,
so every path would still agree), alone and with a lead view (which would need a second
stored vector per article).

Component-local idf needs a low link threshold to pay (0.1; at 0.15-0.2 its nested gain is
about 0.001). ``--chain N`` measures what a link threshold does to a news-shaped stream: the
largest connected component after N synthetic dated articles of ``bench/stories_scale.py``
(components are what every regrouping works on; past ``graph.MAX_COMPONENT`` they are
regrouped locally and paths may disagree).

usage: python bench/stories_ideas.py             (writes bench/results/stories_ideas.json)
       python bench/stories_ideas.py --chain N   (writes bench/results/stories_ideas_chain.json)
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import numpy as np
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform
from stories import FOLDS, SETS, cross_validate, folds_of, load

from copydesk.stories import copies, graph
from copydesk.stories import represent as rep
from copydesk.stories.linkage import EPS
from copydesk.stories.similarity import Params, date_factor, term_matrix, times
from copydesk.text.components import components

HERE = Path(__file__).resolve().parent
GRID = [round(0.0125 * i, 4) for i in range(37)]  # 0 .. 0.45: local idf wants low cuts


def cut_all(sim: np.ndarray, ids: list[str], pairs, grid=GRID) -> dict[float, list[list[str]]]:
    """Average-link groups at every threshold (one tree), groups holding a copy pair merged."""
    dist = np.clip(1.0 - (sim + sim.T) / 2.0, 0.0, None)
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    out = {}
    for t in grid:
        by: dict[int, list[int]] = {}
        for i, label in enumerate(fcluster(tree, 1.0 - t + EPS, criterion="distance")):
            by.setdefault(int(label), []).append(i)
        groups = sorted(by.values(), key=lambda g: g[0])
        label_of = {ids[i]: n for n, g in enumerate(groups) for i in g}
        merged = components(range(len(groups)), [(label_of[a], label_of[b]) for a, b in pairs])
        out[t] = sorted(sorted(ids[i] for n in ns for i in groups[n]) for ns in merged)
    return out


def unit_rows(vectors: list[tuple[np.ndarray, np.ndarray]]) -> sparse.csr_matrix:
    return term_matrix([rep.Representation(str(i), ids, w) for i, (ids, w) in enumerate(vectors)]).tocsr()


def lead(item, k: int = 3) -> str:
    """The first ``k`` body sentences (boilerplate left out): who, where, when."""
    body = [s for s in item.sentences if not item.in_boilerplate(s.start, s.end)][:k]
    return "\n".join(item.text[s.start : s.end] for s in body)


class Set:
    """One dev set: articles, gold, folds, copy pairs, and the views' unit term matrices."""

    def __init__(self, name: str) -> None:
        self.items, self.gold = load(name, 1)
        self.folds = folds_of(name, self.gold)
        self.ids = [i.id for i in self.items]
        self.reps = rep.represent_many(self.items)
        self.pairs = copies.pairs(zip(self.ids, copies.signatures(self.items), strict=True))
        t = times(self.reps)
        self.dates = date_factor(t[:, None] - t[None, :], Params())
        self.views = {
            "body": unit_rows([(r.term_ids, r.term_weights) for r in self.reps]),
            **{f"lead{k}": unit_rows([rep.to_sparse(rep.term_weights(lead(i, k))) for i in self.items]) for k in (1, 3, 5)},
            "headline": unit_rows([rep.to_sparse(rep.term_weights(i.article.title or "")) for i in self.items]),
            "entities": unit_rows(
                [rep.to_sparse({"e:" + e.text_of(i.text).lower(): 1.0 for e in i.entities}) for i in self.items]
            ),
        }

    def dated(self, sim: np.ndarray) -> np.ndarray:
        sim = sim * self.dates
        np.fill_diagonal(sim, 1.0)
        return sim

    def blend(self, weights: dict[str, float]) -> np.ndarray:
        return self.dated(sum(w * (self.views[v] @ self.views[v].T).toarray() for v, w in weights.items()))

    def weighted(self, **constants: float) -> np.ndarray:
        """The body view with other representation constants (``represent.NAME_BOOST``...)."""
        saved = {k: getattr(rep, k) for k in constants}
        try:
            for k, v in constants.items():
                setattr(rep, k, v)
            m = unit_rows([(r.term_ids, r.term_weights) for r in rep.represent_many(self.items)])
        finally:
            for k, v in saved.items():
                setattr(rep, k, v)
        return self.dated((m @ m.T).toarray())

    def local_idf(self, link: float, power: float, lead_weight: float = 0.0) -> np.ndarray:
        """Inside each component of the body graph at ``link``: views reweighted by the component's
        own smoothed idf (``log((1+N)/(1+df)) + 1``) raised to ``power``."""
        base = self.blend({"body": 1.0})
        adj = base >= link
        row = {a: i for i, a in enumerate(self.ids)}
        for a, b in self.pairs:
            adj[row[a], row[b]] = adj[row[b], row[a]] = True
        n_comp, label = connected_components(sparse.csr_matrix(adj), directed=False)
        sim = np.zeros_like(base)
        for c in range(n_comp):
            m = np.flatnonzero(label == c)
            part = 0.0
            for view, w in (("body", 1.0 - lead_weight), ("lead3", lead_weight)):
                if not w:
                    continue
                x = self.views[view][m]
                df = np.asarray((x > 0).sum(axis=0)).ravel()
                y = x @ sparse.diags((np.log((1 + len(m)) / (1 + df)) + 1) ** power)
                norm = np.sqrt(np.asarray(y.multiply(y).sum(axis=1)).ravel())
                y = sparse.diags(1 / np.where(norm > 0, norm, 1)) @ y
                part = part + w * (y @ y.T).toarray()
            sim[np.ix_(m, m)] = part
        return self.dated(sim)


def figures(cv: dict) -> dict:
    out = {"chosen_per_fold": cv["thresholds_per_fold"], "best_on_both": cv["best_on_both"]}
    for n in SETS:
        out[n] = {"held_out_f1": cv[n]["f1"], "leave_one_set_out_f1": cv["leave_out_" + n]["f1"]}
    return out


def chain(n: int) -> None:
    """Largest component, time per article and B-cubed on ``n`` synthetic articles, per link threshold."""
    import time

    from stories_scale import represent_stream, synthetic_stream

    from copydesk.stories.graph import StoryGraph
    from copydesk.stories.metrics import bcubed

    stream = synthetic_stream(n)
    reps = represent_stream(stream, dated=True)
    gold: dict[int, list[str]] = {}
    for r, (_, _, story) in zip(reps, stream, strict=True):
        gold.setdefault(story, []).append(r.article)
    out = {}
    for link in (0.1, 0.15, 0.175, 0.2):
        g, spent = StoryGraph(Params(threshold=link)), []
        for r in reps:
            t0 = time.perf_counter()
            g.add([r])
            spent.append(time.perf_counter() - t0)
        out[link] = {
            "largest_component": max(len(m) for m in g.component_members.values()),
            "mean_ms_last_1000": round(1000 * float(np.mean(spent[-1000:])), 2),
            "bcubed_f1_at_this_threshold": round(bcubed(g.groups(), list(gold.values()))["f1"], 4),
        }
        print(f"link {link}: {out[link]}", flush=True)
    path = HERE / "results" / "stories_ideas_chain.json"
    path.write_text(json.dumps({"articles": n, "links": out}, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--chain":
        return chain(int(sys.argv[2]))
    sets = {n: Set(n) for n in SETS}
    plain = Params(threshold=0.2)  # the shipped grouping
    for s in sets.values():  # its "term cosine" row: check the cut here matches StoryGraph's
        assert cut_all(s.blend({"body": 1.0}), s.ids, s.pairs, [0.2])[0.2] == sorted(
            sorted(g) for g in graph.group(s.reps, s.pairs, plain)
        )
    ideas: dict[str, dict[str, dict]] = {}  # family -> variant -> set -> {threshold: groups}

    def add(family: str, variant: str, sim_of) -> None:
        ideas.setdefault(family, {})[variant] = {n: cut_all(sim_of(s), s.ids, s.pairs) for n, s in sets.items()}

    add("term cosine (shipped)", "body", lambda s: s.blend({"body": 1.0}))
    for k, w in itertools.product((1, 3, 5), (0.3, 0.5)):
        add("lead view", f"lead {k} sentences, weight {w}", lambda s, k=k, w=w: s.blend({"body": 1 - w, f"lead{k}": w}))
    for view, w in itertools.product(("headline", "entities"), (0.1, 0.2)):
        add(f"{view} view", f"{view} {w}", lambda s, v=view, w=w: s.blend({"body": 1 - w, v: w}))
    for nb, ew, ni, mi in itertools.product((1.0, 2.0, 3.0), (0.0, 1.0, 2.0), (3.0, 6.0), (1.5, 3.0)):
        add("representation weights", f"name x{nb} entity {ew} number idf {ni} min idf {mi}",
            lambda s, c=dict(NAME_BOOST=nb, ENTITY_WEIGHT=ew, NUMBER_IDF=ni, MIN_IDF=mi): s.weighted(**c))  # fmt: skip
    for link, power in itertools.product((0.1, 0.125, 0.15), (1.0, 2.0)):
        add("component-local idf", f"link {link} power {power}", lambda s, a=link, p=power: s.local_idf(a, p))
    for link, w in itertools.product((0.1, 0.15), (0.3, 0.5)):
        add("component-local idf + lead view", f"link {link} power 2 lead {w}",
            lambda s, a=link, w=w: s.local_idf(a, 2.0, w))  # fmt: skip

    golds = {n: s.gold for n, s in sets.items()}
    folds = {n: s.folds for n, s in sets.items()}
    result: dict = {"folds": FOLDS, "grid": GRID, "families": {}}
    for family, variants in ideas.items():
        rows = {v: figures(cross_validate(runs, golds, folds)) for v, runs in variants.items()}
        nested = {n: {(v, t): g for v, runs in variants.items() for t, g in runs[n].items()} for n in SETS}
        result["families"][family] = {"variants": rows, "nested": figures(cross_validate(nested, golds, folds))}
        print(family)
        for v, r in [*rows.items(), ("NESTED over the family", result["families"][family]["nested"])]:
            print(f"  {v:45s} held-out " + "  ".join(f"{n} {r[n]['held_out_f1']:.4f}" for n in SETS)
                  + "   leave-one-set-out " + "  ".join(f"{n} {r[n]['leave_one_set_out_f1']:.4f}" for n in SETS),
                  flush=True)  # fmt: skip
    out = HERE / "results" / "stories_ideas.json"
    out.write_text(json.dumps(result, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"-> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
