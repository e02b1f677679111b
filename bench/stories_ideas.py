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

Second session (``--new``, ``--pairs``), from the remaining ECB+ errors (same-kind events merged
through undated articles; ECB+'s older half has no date and its leads name no year):

- dates the lead names (``year``/``date`` quantities in the first k body sentences, resolved
  against publication when dated): a similarity factor when both leads name years and none in
  common, and an undated article timed by its lead's first full date (or the middle of its
  year) for the shipped date window. Leads of sibling events do name disjoint years (97% of the
  sibling pairs where both name one, k=3), but so do 10% of same-story pairs, and most
  articles of the merged ECB+ stories name none: nested 0.873 / 0.879 on ECB+, below shipped.
- lead words boosted inside the one vector, a power mean instead of the plain mean in average
  link, weighted / complete linkage: none beats the shipped figure nested.
- a pairwise logistic regression on interpretable features (``FEATURES``), its probability
  the similarity of the same average link, trained with grouped CV over both sets (each
  held-out fold scored by a model that never saw it); feature sets and set weighting nested.
  The only family that gains (ECB+ ~0.905 nested, BASIL 0.99-1.0), though leave-one-set-out
  BASIL (model fitted on ECB+ only) falls to 0.97-0.98, and adding or removing one feature
  moves the ECB+ figure by up to 0.03: ECB+'s 20 topics make it noisy. ``term_cosine_floor``
  says what an exact inverted index would have to search for it: the lowest term cosine at
  which the probability can still clear the threshold when every other feature is at its most
  favourable value: it is negative (any pair could clear), so the shipped exact index could
  not find the links. Gated (similarity 0 under a date-damped term cosine of 0.1, where such
  an index would search), the family keeps most of the gain: nested ECB+ 0.900, BASIL 1.000;
  its best member (all features, gate 0.1) leave-one-set-out 0.877 and 1.000. Gated at the
  shipped 0.2 (today's components) it gains nothing (0.882): the gain needs links under 0.2,
  where ``--chain`` finds the synthetic stream chaining into one component.

usage: python bench/stories_ideas.py             (writes bench/results/stories_ideas.json)
       python bench/stories_ideas.py --chain N   (writes bench/results/stories_ideas_chain.json)
       python bench/stories_ideas.py --new       (second-session families: bench/results/stories_ideas_new.json)
       python bench/stories_ideas.py --pairs     (pairwise model: bench/results/stories_ideas_pairs.json)
"""

from __future__ import annotations

import itertools
import json
import re
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


def cut_all(
    sim: np.ndarray, ids: list[str], pairs, grid=GRID, power: float = 1.0, method: str = "average"
) -> dict[float, list[list[str]]]:
    """Average-link groups at every threshold (one tree), groups holding a copy pair merged.

    ``power``: link on the power mean of the pair similarities (two groups join when the mean of
    ``sim ** power`` clears ``t ** power``); ``method``: another scipy linkage instead."""
    sim = np.clip(sim, 0.0, None) ** power
    dist = np.clip(1.0 - (sim + sim.T) / 2.0, 0.0, None)
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method=method)
    out = {}
    for t in grid:
        by: dict[int, list[int]] = {}
        for i, label in enumerate(fcluster(tree, 1.0 - t**power + EPS, criterion="distance")):
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


def lead_dates(item, k: int) -> tuple[set[int], list[float]]:
    """Years, and full days (epoch days), that the first ``k`` body sentences name: the
    ``year`` and ``date`` quantities there (dates resolved against publication when dated)."""
    body = [s for s in item.sentences if not item.in_boilerplate(s.start, s.end)][:k]
    end = body[-1].end if body else 0
    years, days = set(), []
    for q in item.quantities:
        if q.start >= end:
            continue
        if q.unit == "year" and isinstance(q.value, int):
            years.add(q.value)
        elif q.unit == "date" and isinstance(q.value, str) and re.match(r"\d{4}", q.value):
            years.add(int(q.value[:4]))
            if (t := rep.epoch_days(q.value[:10])) is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", q.value[:10]):
                days.append(t)
    return years, days


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

    def lead_years(self, k: int, conflict: float) -> np.ndarray:
        """The body view, times ``conflict`` where both leads name years and none in common."""
        years = [lead_dates(i, k)[0] for i in self.items]
        clash = np.array([[bool(a and b and not a & b) for b in years] for a in years])
        return self.dated((self.views["body"] @ self.views["body"].T).toarray() * np.where(clash, conflict, 1.0))

    def lead_time(self, k: int, year_ok: bool) -> np.ndarray:
        """The body view with undated articles timed by their lead: its first full date, else
        (``year_ok``) the middle of its latest year; the shipped date window then applies."""
        t = times(self.reps)
        for n, item in enumerate(self.items):
            if np.isnan(t[n]):
                years, days = lead_dates(item, k)
                if days:
                    t[n] = days[0]
                elif year_ok and years:
                    t[n] = rep.epoch_days(f"{max(years)}-07-01")
        sim = (self.views["body"] @ self.views["body"].T).toarray() * date_factor(t[:, None] - t[None, :], Params())
        np.fill_diagonal(sim, 1.0)
        return sim

    def lead_boost(self, k: int, boost: float) -> np.ndarray:
        """One vector, as shipped, but the words of the first ``k`` body sentences weigh ``boost``
        times more: the lead says who, where, when. (Boosting the headline's words too changed
        nothing: the headline is the first sentence of these texts.)"""
        vectors = []
        for item in self.items:
            weights = rep.term_weights(rep.body_of(item), tuple(e.text_of(item.text) for e in item.entities))
            top = rep.term_weights(lead(item, k))
            vectors.append(rep.to_sparse({t: w * (boost if t in top else 1.0) for t, w in weights.items()}))
        m = unit_rows(vectors)
        return self.dated((m @ m.T).toarray())

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


_NUMBER = re.compile(r"\b\d[\d,.]*\d\b")  # numbers of two digits or more (single digits say little)
FEATURES = ("term cosine", "date factor", "lead cosine", "headline cosine", "name jaccard",
            "number jaccard", "lead year conflict", "embedding cosine", "both dated, 3 days apart at most")  # fmt: skip
PAIR_GRID = [round(0.05 + 0.025 * i, 4) for i in range(37)]  # probabilities 0.05 .. 0.95


def jaccard(sets: list[set]) -> np.ndarray:
    vocab = {x: n for n, x in enumerate(sorted(set().union(*sets), key=str))}
    m = sparse.csr_matrix(
        (np.ones(sum(map(len, sets))), ([i for i, s in enumerate(sets) for _ in s], [vocab[x] for s in sets for x in s])),
        shape=(len(sets), max(len(vocab), 1)),
    )
    inter = (m @ m.T).toarray()
    size = np.array([len(s) for s in sets], np.float64)
    union = size[:, None] + size[None, :] - inter
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)


def pair_features(s: Set) -> np.ndarray:
    """(n, n, len(FEATURES)): interpretable evidence that two articles report one event."""
    from copydesk.nlp_models import word_embedder

    cos = lambda v: (s.views[v] @ s.views[v].T).toarray()  # noqa: E731
    years = [lead_dates(i, 3)[0] for i in s.items]
    t = times(s.reps)
    emb = np.asarray(word_embedder().embed([rep.body_of(i)[:4000] for i in s.items]), np.float64)
    emb /= np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-12)
    return np.stack([
        cos("body"),
        s.dates,
        cos("lead3"),
        cos("headline"),
        jaccard([{e.text_of(i.text).lower() for e in i.entities} for i in s.items]),
        jaccard([set(_NUMBER.findall(i.body_text())) for i in s.items]),
        np.array([[float(bool(a and b and not a & b)) for b in years] for a in years]),
        emb @ emb.T,
        np.nan_to_num(np.abs(t[:, None] - t[None, :]), nan=np.inf) <= 3.0,
    ], axis=-1)  # fmt: skip


def pair_model(sets: dict[str, Set], use: list[int], balanced: bool = False, gate: float = 0.0) -> dict:
    """Logistic regression on pair features, trained with grouped CV over both sets; its probability
    is the similarity of the same average link. Per held-out fold, the model saw only the other
    folds' pairs; leave-one-set-out trains on one set (threshold from its own cross-fitted run).
    ``balanced``: each set's pairs weigh the same in total (ECB+ has 20 times BASIL's pairs).
    ``gate``: pairs whose date-damped term cosine is under it get similarity 0, so an exact
    inverted index over the term vectors (searching at ``gate``) would still find every link."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    feats, labels, fold_of = {}, {}, {}
    for n, s in sets.items():
        gold_of = {a: k for k, ids in s.gold.items() for a in ids}
        feats[n] = s.features[..., use]
        labels[n] = np.array([[gold_of[a] == gold_of[b] for b in s.ids] for a in s.ids])
        fold_of[n] = np.array([s.folds[a] for a in s.ids])

    def fit(train: dict[str, np.ndarray]):  # set -> article mask
        x, y, w = [], [], []
        for n, mask in train.items():
            iu = np.triu_indices(len(mask), 1)
            keep = mask[iu[0]] & mask[iu[1]]
            x.append(feats[n][iu][keep])
            y.append(labels[n][iu][keep])
            w.append(np.full(int(keep.sum()), 1.0 / keep.sum() if balanced else 1.0))
        w = np.concatenate(w)
        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(
            np.concatenate(x), np.concatenate(y), logisticregression__sample_weight=w / w.mean()
        )

    def predict(model, n: str) -> np.ndarray:
        k = feats[n].shape[-1]
        p = model.predict_proba(feats[n].reshape(-1, k))[:, 1].reshape(feats[n].shape[:2])
        p *= sets[n].features[..., 0] * sets[n].features[..., 1] >= gate
        np.fill_diagonal(p, 1.0)
        return p

    def cross_fitted(names) -> dict[str, dict[float, list[list[str]]]]:
        runs = {n: {t: [] for t in PAIR_GRID} for n in names}
        for f in range(FOLDS):
            model = fit({n: fold_of[n] != f for n in names})
            for n in names:
                s, held = sets[n], {a for a, x in sets[n].folds.items() if x == f}
                for t, groups in cut_all(predict(model, n), s.ids, s.pairs, PAIR_GRID).items():
                    runs[n][t] += [g2 for g in groups if (g2 := [a for a in g if a in held])]
        return runs

    golds = {n: s.gold for n, s in sets.items()}
    folds = {n: s.folds for n, s in sets.items()}
    runs = cross_fitted(list(sets))
    out = figures(cross_validate(runs, golds, folds))
    out["runs"] = runs  # for the nested figure over feature sets; dropped before writing
    for n in sets:  # leave-one-set-out, trained on the other set only
        other = next(x for x in sets if x != n)
        own = cross_fitted([other])[other]
        t = max(PAIR_GRID, key=lambda t: bcubed_f1(own[t], sets[other].gold))
        model = fit({other: np.ones(len(sets[other].ids), bool)})
        groups = cut_all(predict(model, n), sets[n].ids, sets[n].pairs, [t])[t]
        out[n]["leave_one_set_out_f1"] = round(bcubed_f1(groups, sets[n].gold), 4)
        out[n]["leave_one_set_out_threshold"] = t
    model = fit({n: np.ones(len(s.ids), bool) for n, s in sets.items()})
    lr = model[-1]
    out["coefficients_on_standardised_features"] = {FEATURES[i]: round(float(c), 3) for i, c in zip(use, lr.coef_[0], strict=True)}
    out["intercept"] = round(float(lr.intercept_[0]), 3)
    if 0 in use:  # solve for the term cosine with the others at their best (cosines, jaccards 1; conflict 0)
        scaler, t = model[0], float(np.median([c for c in out["chosen_per_fold"]]))
        best = np.array([0.0 if FEATURES[i] == "lead year conflict" else 1.0 for i in use])
        z = (best - scaler.mean_) / scaler.scale_
        k = use.index(0)
        rest = float(lr.intercept_[0] + lr.coef_[0] @ z - lr.coef_[0][k] * z[k])
        need = np.log(t / (1 - t)) - rest  # coef * (cos - mean) / scale must reach this
        out["term_cosine_floor"] = round(float(need * scaler.scale_[k] / lr.coef_[0][k] + scaler.mean_[k]), 3)
    return out


def bcubed_f1(groups, gold: dict[str, list[str]]) -> float:
    from copydesk.stories.metrics import bcubed

    return bcubed(groups, list(gold.values()))["f1"]


def pairs_main() -> None:
    sets = {n: Set(n) for n in SETS}
    for s in sets.values():
        s.features = pair_features(s)
    result: dict = {"features": FEATURES, "grid": PAIR_GRID, "models": {}}
    runs = {}  # model -> set -> threshold -> cross-fitted groups
    subsets = {
        "all features": list(range(len(FEATURES))),
        "without embedding": [0, 1, 2, 3, 4, 5, 6, 8],
        "without embedding and names": [0, 1, 2, 3, 5, 6, 8],
        "without embedding, names and days": [0, 1, 2, 3, 5, 6],
        "term, date, lead, headline": [0, 1, 2, 3],
        "term cosine + date factor only": [0, 1],
    }
    for name, use, balanced in [(f"{k}{', sets balanced' if b else ''}", u, b) for k, u in subsets.items() for b in (False, True)]:
        r = result["models"][name] = pair_model(sets, use, balanced)
        runs[name] = r.pop("runs")
        print(f"  {name:35s} held-out " + "  ".join(f"{n} {r[n]['held_out_f1']:.4f}" for n in SETS)
              + "   leave-one-set-out " + "  ".join(f"{n} {r[n]['leave_one_set_out_f1']:.4f}" for n in SETS)
              + f"  thresholds {r['chosen_per_fold']} term cosine floor {r.get('term_cosine_floor')}"
              + f"\n    coefficients {r['coefficients_on_standardised_features']}",
              flush=True)  # fmt: skip
    gated = {}
    for name, use in {k: subsets[k] for k in ("all features", "without embedding and names")}.items():
        for gate in (0.1, 0.15, 0.2):
            r = result["models"][f"{name}, gated at term cosine {gate}"] = pair_model(sets, use, False, gate)
            gated[f"{name}, gated at term cosine {gate}"] = r.pop("runs")
            print(f"  {name}, gated at {gate}: held-out " + "  ".join(f"{n} {r[n]['held_out_f1']:.4f}" for n in SETS)
                  + "   leave-one-set-out " + "  ".join(f"{n} {r[n]['leave_one_set_out_f1']:.4f}" for n in SETS),
                  flush=True)  # fmt: skip
    nested = {n: {(m, t): g for m, by_set in gated.items() for t, g in by_set[n].items()} for n in SETS}
    r = result["nested_over_gated_models"] = figures(
        cross_validate(nested, {n: s.gold for n, s in sets.items()}, {n: s.folds for n, s in sets.items()})
    )
    for n in SETS:
        del r[n]["leave_one_set_out_f1"]
    print("  NESTED over the gated models held-out " + "  ".join(f"{n} {r[n]['held_out_f1']:.4f}" for n in SETS))
    nested = {n: {(m, t): g for m, by_set in runs.items() for t, g in by_set[n].items()} for n in SETS}
    r = result["nested_over_models"] = figures(
        cross_validate(nested, {n: s.gold for n, s in sets.items()}, {n: s.folds for n, s in sets.items()})
    )
    for n in SETS:  # its models saw both sets: the per-model rows hold the true leave-one-set-out
        del r[n]["leave_one_set_out_f1"]
    print("  NESTED over the models (feature set, weighting and threshold chosen per fold) held-out "
          + "  ".join(f"{n} {r[n]['held_out_f1']:.4f}" for n in SETS), flush=True)  # fmt: skip
    out = HERE / "results" / "stories_ideas_pairs.json"
    out.write_text(json.dumps(result, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"-> {out}", file=sys.stderr)


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
    if sys.argv[1:2] == ["--pairs"]:
        return pairs_main()
    sets = {n: Set(n) for n in SETS}
    plain = Params(threshold=0.2)  # the shipped grouping
    for s in sets.values():  # its "term cosine" row: check the cut here matches StoryGraph's
        assert cut_all(s.blend({"body": 1.0}), s.ids, s.pairs, [0.2])[0.2] == sorted(
            sorted(g) for g in graph.group(s.reps, s.pairs, plain)
        )
    ideas: dict[str, dict[str, dict]] = {}  # family -> variant -> set -> {threshold: groups}

    def add(family: str, variant: str, sim_of, **cut) -> None:
        ideas.setdefault(family, {})[variant] = {n: cut_all(sim_of(s), s.ids, s.pairs, **cut) for n, s in sets.items()}

    add("term cosine (shipped)", "body", lambda s: s.blend({"body": 1.0}))
    second = sys.argv[1:2] == ["--new"]
    if second:  # the second session's families (bench/results/stories_ideas_new.json)
        for k, c in itertools.product((1, 3, 5, 1000), (0.0, 0.25, 0.5)):
            add("lead years conflict", f"lead {k} sentences, factor {c}", lambda s, k=k, c=c: s.lead_years(k, c))
        for k, y in itertools.product((1, 3, 5), (False, True)):
            add("lead date as time", f"lead {k} sentences, year {y}", lambda s, k=k, y=y: s.lead_time(k, y))
        for p in (0.5, 0.75, 1.5, 2.0, 3.0):
            add("power-mean link", f"power {p}", lambda s: s.blend({"body": 1.0}), power=p)
        for m in ("weighted", "complete"):
            add("other linkage", m, lambda s: s.blend({"body": 1.0}), method=m)
        for k, b in itertools.product((1, 3, 5), (1.5, 2.0, 3.0)):
            add("lead boost", f"lead {k} sentences x{b}", lambda s, k=k, b=b: s.lead_boost(k, b))
    else:  # the first session's families (bench/results/stories_ideas.json)
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
    out = HERE / "results" / ("stories_ideas_new.json" if second else "stories_ideas.json")
    out.write_text(json.dumps(result, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"-> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
