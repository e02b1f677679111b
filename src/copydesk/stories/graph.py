"""Stories as a function of the set of articles, kept up to date as articles arrive.

The stories of a set of articles are its average-link groups (``stories.linkage``) under the
similarity of ``stories.similarity``, with likely copies always together. Average link never
joins two groups unless some pair across them clears the threshold, so the groups can be
computed one connected component of the "clears the threshold" graph at a time. That makes
the grouping incremental without making it order-dependent: each arriving article is linked
to every stored article it clears the threshold with (``stories.index``, exact), its component
is merged with theirs, and only that component is grouped again. Whatever the order and the
batch sizes, the same articles end in the same stories with the same ids: ``copydesk
analyze``, an ingest in one run and ingests one article at a time agree by construction.

A story's id derives from its founder, its earliest member (undated ones last, then by id).
When a regrouping retires an id, it redirects to the new story holding most of the old one's
members, so an id that was ever shown keeps resolving.

A component larger than ``MAX_COMPONENT`` (a long chain of related coverage) is not grouped
again whole: only the stories the new articles reach are, which bounds the work per article.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from copydesk.model import stable_id
from copydesk.stories import similarity
from copydesk.stories.index import TermIndex
from copydesk.stories.linkage import average_link
from copydesk.stories.represent import Representation
from copydesk.text.components import components

MAX_COMPONENT = 2000  # average link over m articles costs m^2: beyond this, regroup locally


def story_id(founder: str) -> str:
    """A story's id: derived from its founding article."""
    return "s-" + stable_id(founder, length=12)


def order_key(rep: Representation) -> tuple:
    """Canonical article order: dated first by time, then by id (undated after, by id)."""
    return (rep.time is None, rep.time or 0.0, rep.article)


class StoryGraph:
    """Articles, their components and their stories; ``add`` places new articles.

    >>> g = StoryGraph()                                        # doctest: +SKIP
    >>> g.add(represent_many(items))                            # doctest: +SKIP
    >>> g.groups()                                              # doctest: +SKIP
    """

    def __init__(self, params: similarity.Params | None = None) -> None:
        self.params = params or similarity.Params()
        self.reps: dict[str, Representation] = {}
        self.index = TermIndex()
        self.component: dict[str, str] = {}  # union-find parent; a root is its own parent
        self.component_members: dict[str, list[str]] = {}  # root -> its articles
        self.copies: dict[str, set[str]] = {}  # likely copies, both ways: always one story
        self.story_of: dict[str, str] = {}
        self.stories: dict[str, list[str]] = {}  # id -> members in canonical order
        self.redirects: dict[str, str] = {}  # retired id -> the id that took most of its members
        self.changed: set[str] = set()  # stories created or changed since ``take_changes``
        self.removed: set[str] = set()  # ids retired since ``take_changes``
        self.moved: set[str] = set()  # articles whose story or component changed since then
        self.version = ""  # the store's grouping version this copy matches ("": none)
        self.upto = 0  # the store's last article number (articles.n) this copy has seen

    # -- public API -----------------------------------------------------------------------

    def add(self, reps: Iterable[Representation], copies: Iterable[tuple[str, str]] = ()) -> list[str]:
        """Place new articles (already known ids are ignored); ``copies`` pairs articles that
        share most of their text. Returns the ids of the stories that changed."""
        reach: dict[str, set[str]] = {}  # new article -> the articles it links to
        for rep in reps:
            if rep.article in self.reps:
                continue
            near = self.index.neighbours(rep, self.params)
            self.reps[rep.article] = rep
            self.index.add(rep)
            self.component[rep.article] = rep.article
            self.component_members[rep.article] = [rep.article]
            self.moved.add(rep.article)
            reach[rep.article] = set(near)
            for other in near:
                self._union(rep.article, other)
        for a, b in copies:
            if a in self.reps and b in self.reps and a != b:
                self._link_copies(a, b)
                self._union(a, b)
                reach.setdefault(a, set()).add(b)
        changed: set[str] = set()
        for root in sorted({self.find(a) for a in reach}):
            changed |= self._regroup(root, reach)
        return sorted(changed)

    def restore(
        self,
        reps: Sequence[Representation],
        stories: dict[str, list[str]],
        roots: dict[str, str],
        copies: Iterable[tuple[str, str]] = (),
        redirects: Iterable[tuple[str, str]] = (),
    ) -> None:
        """Load saved state into an empty graph: articles, their stories and component roots."""
        self.index.add_many(list(reps))
        self.reps = {r.article: r for r in reps}
        for sid, members in stories.items():
            self.stories[sid] = sorted(members, key=lambda a: order_key(self.reps[a]))
            self.story_of.update(dict.fromkeys(members, sid))
        for a, root in roots.items():
            self.component[a] = root if root in roots else a
            self.component_members.setdefault(self.component[a], []).append(a)
        for a, b in copies:
            self._link_copies(a, b)
        self.redirects.update(redirects)

    def dirty(self) -> bool:
        """Whether there are changes not yet taken (saved)."""
        return bool(self.changed or self.removed or self.moved)

    def find(self, article: str) -> str:
        """The root of an article's component."""
        root = article
        while self.component[root] != root:
            root = self.component[root]
        while self.component[article] != root:  # path compression
            self.component[article], article = root, self.component[article]
        return root

    def resolve(self, sid: str) -> str:
        """The live id of a story (follows redirects; an unknown id is returned as is)."""
        seen = {sid}
        while sid in self.redirects:
            sid = self.redirects[sid]
            if sid in seen:  # a cycle would be a bug; stop rather than hang
                break
            seen.add(sid)
        return sid

    def groups(self) -> list[list[str]]:
        """Stories as member lists (founder first), ordered by founder."""
        founders = sorted((self.reps[m[0]] for m in self.stories.values()), key=order_key)
        return [self.stories[self.story_of[r.article]] for r in founders]

    def take_changes(self) -> tuple[set[str], set[str], set[str]]:
        """Changed story ids, retired ids and moved articles since the last call; resets them."""
        out = (self.changed, self.removed, self.moved)
        self.changed, self.removed, self.moved = set(), set(), set()
        return out

    # -- internals ------------------------------------------------------------------------

    def _link_copies(self, a: str, b: str) -> None:
        self.copies.setdefault(a, set()).add(b)
        self.copies.setdefault(b, set()).add(a)

    def _union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if len(self.component_members[ra]) < len(self.component_members[rb]):
            ra, rb = rb, ra
        self.component[rb] = ra
        moved = self.component_members.pop(rb)
        self.component_members[ra].extend(moved)
        self.moved.update(moved)  # their stored component root changes

    def _regroup(self, root: str, reach: dict[str, set[str]]) -> set[str]:
        members = self.component_members[root]
        if len(members) > MAX_COMPONENT:
            # Local: the new articles, and every story one of them links to.
            new = [a for a in members if a in reach]
            local = set(new)
            for a in new:
                for other in reach[a]:
                    sid = self.story_of.get(other)
                    local.update(self.stories[sid] if sid else (other,))
            members = list(local)
        reps = sorted((self.reps[a] for a in members), key=order_key)
        groups = average_link(similarity.matrix(reps, self.params), self.params.threshold)
        # Copies always share a story: groups holding the two sides of a copy pair become one.
        label = {reps[i].article: n for n, g in enumerate(groups) for i in g}
        links = [(label[a], label[b]) for a in label for b in self.copies.get(a, ()) if b in label]
        merged = components(range(len(groups)), links)
        stories = [sorted((reps[i] for n in ns for i in groups[n]), key=order_key) for ns in merged]
        stories.sort(key=lambda rs: order_key(rs[0]))
        return self._replace([[r.article for r in rs] for rs in stories])

    def _replace(self, groups: Sequence[Sequence[str]]) -> set[str]:
        """Make ``groups`` the stories of their articles; retire ids no group keeps. Returns the
        ids of the stories that changed."""
        changed: set[str] = set()
        old: dict[str, list[str]] = {}
        for g in groups:
            for a in g:
                if a in self.story_of:
                    old.setdefault(self.story_of[a], []).append(a)
        new_ids = []
        for g in groups:
            sid = story_id(g[0])
            new_ids.append(sid)
            if self.stories.get(sid) != list(g):
                self.stories[sid] = list(g)
                changed.add(sid)
            self.redirects.pop(sid, None)  # an id live again no longer redirects
            self.removed.discard(sid)
            for a in g:
                if self.story_of.get(a) != sid:
                    self.story_of[a] = sid
                    self.moved.add(a)
        live = set(new_ids)
        for sid, had in sorted(old.items()):
            if sid in live:
                continue
            # Retired (a regrouped set always holds whole stories, so none of it is left behind): point it where most of its articles went (ties: the earliest story).
            votes = Counter(self.story_of[a] for a in had)
            target = min(votes, key=lambda s: (-votes[s], new_ids.index(s)))
            self.stories.pop(sid, None)
            self.redirects[sid] = target  # ``resolve`` follows any later hops
            self.removed.add(sid)
            self.changed.discard(sid)
        self.changed |= changed
        return changed


def group(reps: Sequence[Representation], copies: Iterable[tuple[str, str]] = (),
          params: similarity.Params | None = None) -> list[list[str]]:  # fmt: skip
    """The stories of ``reps`` in one go (what feeding them in any order and batches gives)."""
    g = StoryGraph(params)
    g.add(reps, copies)
    return g.groups()

