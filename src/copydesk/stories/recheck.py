"""Local re-check after a join: recent members move to the nearby story they now fit best.

A stream decides each article once, on the stories as they were; a later article can show that
an earlier one sits better elsewhere. After an article joins story S, the latest members of S
and of the arriving article's best candidate stories are re-scored against those stories and
an article whose best story is now another one moves there; with ``eject`` on, one that no
longer clears the join threshold anywhere founds a story of its own.

The fit is the join score (mean blended cosine with the other members) mixed, with weight
``snn``, with the mean shared-nearest-neighbour similarity to the story's latest members. At
arrival that second-order evidence misleads (the first report of a second quake has only the
first quake's reports as neighbours), but by the
re-check the later reports of each event have become each other's neighbours, and two events
of one kind that share words stop sharing neighbours. Cost is bounded by ``recheck`` members x
``recheck_stories`` stories per arriving article, whatever the size of the store.
"""

from __future__ import annotations

import numpy as np

from copydesk.stories.represent import Representation


def _dots(reps: list[Representation], term_ids: np.ndarray, term_sum: np.ndarray) -> np.ndarray:
    """Term dot product of each rep with one sparse story sum, in one vectorised pass."""
    if not len(term_ids) or not reps:
        return np.zeros(len(reps))
    ids = np.concatenate([r.term_ids for r in reps])
    w = np.concatenate([r.term_weights for r in reps])
    owner = np.repeat(np.arange(len(reps)), [len(r.term_ids) for r in reps])
    pos = np.minimum(np.searchsorted(term_ids, ids), len(term_ids) - 1)
    hit = term_ids[pos] == ids
    return np.bincount(owner[hit], weights=w[hit] * term_sum[pos[hit]], minlength=len(reps))


class SecondOrder:
    """SNN similarities among the articles one re-check looks at, computed once per re-check."""

    def __init__(self, c, articles: list[str]) -> None:
        self.pos = {a: i for i, a in enumerate(articles)}
        self.sims = c.neighbours.block(list(self.pos))

    def mean(self, reps: list[Representation], members: list[str]) -> np.ndarray:
        """Mean SNN of each rep with ``members`` other than itself (0 with none)."""
        cols = [self.pos[m] for m in members if m in self.pos]
        rows = [self.pos[r.article] for r in reps]
        if not cols:
            return np.zeros(len(reps))
        sub = self.sims[np.ix_(rows, cols)]
        own = np.array([r.article in members and r.article in self.pos for r in reps])
        total = sub.sum(axis=1) - np.where(own, self.sims[rows, rows], 0.0)
        n = len(cols) - own
        return np.divide(total, n, out=np.zeros(len(reps)), where=n > 0)


def fits(c, reps: list[Representation], sid: str, second: SecondOrder | None = None) -> np.ndarray:
    """Mean blended cosine of each rep with the members of ``sid`` other than itself (-inf: none).

    With ``second`` (SNN on), the fit is ``(1 - snn) x`` that plus ``snn x`` the mean SNN
    similarity with the story's latest members.
    """
    s = c.stories[sid]
    b = c.params.blend
    raw = (1 - b) * _dots(reps, s.term_ids, s.term_sum)
    raw += b * (np.stack([r.embedding for r in reps]) @ s.emb_sum)
    n = np.full(len(reps), float(len(s.members)))
    inside = np.array([c.story_for(r.article) == sid for r in reps])
    # A member's own unit vectors are in the sums: take them out (up to the term truncation).
    own = np.array([(1 - b) * float(r.term_weights @ r.term_weights) + b * float(r.embedding @ r.embedding)
                    for r in reps])  # fmt: skip
    raw = np.where(inside, raw - own, raw)
    n = np.where(inside, n - 1, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        first = np.where(n > 0, raw / np.maximum(n, 1), -np.inf)
    if second is None:
        return first
    w = c.params.snn
    return (1 - w) * first + w * second.mean(reps, c.latest(sid))


def recheck(c, target: str, candidates: list[str]) -> list[tuple[str, str, str]]:
    """Re-score the latest members of ``target`` and ``candidates``; move misplaced ones.

    Returns the moves as (article, from story, to story). An article moves only when its best
    story beats its current one; a lone article must also clear the join threshold to leave;
    with ``eject``, a member under the threshold everywhere leaves for a new story. Articles
    pinned as copies never move.
    """
    p = c.params
    stories: list[str] = []
    for sid in [target, *candidates]:
        sid = c.resolve(sid)
        if sid in c.stories and sid not in stories and len(stories) <= p.recheck_stories:
            stories.append(sid)
    if len(stories) < 2 and not p.eject:
        return []
    pool = [a for sid in stories for a in c.latest(sid)]
    reps = [c.reps[a] for a in pool if a in c.reps and a not in c.pinned]
    if not reps:
        return []
    seq = [c.stories[sid].seq for sid in stories]
    second = SecondOrder(c, pool) if p.snn else None  # the reps are pool members
    table = np.stack([fits(c, reps, sid, second) for sid in stories], axis=1)  # reps x stories
    moves = []
    for i, r in enumerate(reps):
        if r.article not in c.reps:  # a move pushed it out of its story's latest members
            continue
        cur = stories.index(c.story_for(r.article))
        here = table[i, cur] if np.isfinite(table[i, cur]) else p.threshold
        # Best other story; on a tie the older one, so the order of equal scores does not matter.
        order = sorted(range(len(stories)), key=lambda j: (-round(table[i, j], 6), seq[j]))
        best = order[0]
        src = stories[cur]
        if best == cur or not table[i, best] > here + p.recheck_margin:
            # Nowhere fits better. With ``eject``, one that would not join its story today (and
            # is not alone in it) founds a story of its own.
            if not (p.eject and here < p.threshold and len(c.stories[src].members) > 1):
                continue
            stories.append(c.new_story(r.article))
            seq.append(c.stories[stories[-1]].seq)
            table = np.column_stack([table, np.full(len(reps), -np.inf)])
            best = len(stories) - 1
        dst = stories[best]
        c.move(r.article, dst)
        moves.append((r.article, src, dst))
        if src not in c.stories:  # retired: nothing more can move in or out of it
            table[:, cur] = -np.inf
        else:
            table[:, cur] = fits(c, reps, src, second)
        table[:, best] = fits(c, reps, dst, second)
    return moves
