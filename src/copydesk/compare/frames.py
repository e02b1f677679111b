"""Who did what to what: predicate frames of a story's claim sentences, and the agents outlets name.

A frame is one non-reporting verb of a sentence with its agent (active subject, or the
"by" phrase of a passive) and its object (direct object, passive subject, or clausal
complement), each as a span of the article. Conjoined and raising verbs inherit the
subject of the verb they hang on ("were obtained, published … and confirmed by X";
"denied leaking … but appeared to confirm …").

Frames come from re-parsing the story's claim sentences through the shared spaCy pipeline
(loaded once per process; identical sentences of copies are parsed once), so the per-article
data model needs no parse-tree field and stories rebuilt from a store get the same frames.

``agent_divergences`` reports the same act done to the same thing (same verb, objects that
share a content word) credited to agents that share no word across independent sources:
"The Pentagon confirmed the documents" against "officials … appeared to confirm the documents".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations

from copydesk.compare.claims import STOP, units
from copydesk.linking import components
from copydesk.model import Annotated, Divergence, Variant

# Verbs that report speech or only link: the act they name is the saying, not the fact.
REPORTING = frozenset("""say tell add ask note write state report be have do continue make take get go come give
describe call quote explain insist argue claim suggest warn predict believe think know see want seem appear
accord include""".split())
# Heads of agent phrases that name an actor by role: officials, offices and institutions.
ROLES = frozenset("""official spokesman spokeswoman spokesperson minister secretary president chancellor premier
diplomat aide adviser advisor source officer administration government ministry department agency office
police prosecutor court judge lawmaker senator congressman governor mayor leader general commander ambassador
envoy analyst expert researcher scientist investigator authority regulator company firm executive""".split())
SUBJ = {"nsubj", "csubj"}
OBJ = {"dobj", "nsubjpass", "ccomp", "attr", "oprd", "xcomp"}
MAX_SENTENCES = 4000  # a story this large is parsed for frames only up to here (cost bound)


@dataclass(frozen=True, slots=True)
class Frame:
    """One act in one sentence: ``verb`` (lemma) done by ``agent`` to ``obj``; spans are article offsets."""

    article: str
    verb: str
    start: int  # clause span: agent to end of object
    end: int
    agent: str
    agent_words: frozenset[str]
    obj_words: frozenset[str]  # the object's key nouns (lemmas)
    obj: str = ""  # the object's head word as written


def frames(members: Sequence[Annotated]) -> list[Frame]:
    """The frames of every claim sentence of the story's articles, in article order."""
    todo = [(m.id, u) for m in members for u in units(m)][:MAX_SENTENCES]
    parsed = _parse_all(sorted({u.text for _, u in todo}))
    out: list[Frame] = []
    for article, u in todo:
        for verb, s, e, agent, aw, ow, head in parsed[u.text]:
            out.append(Frame(article, verb, u.start + s, u.start + e, agent, aw, ow, head))
    return out


_CACHE: dict[str, tuple[tuple, ...]] = {}


def _parse_all(texts: Sequence[str]) -> dict[str, tuple[tuple, ...]]:
    """Frames of each sentence, parsed in one batch (named entities not needed: the parse and tags are)."""
    from copydesk.models import spacy_pipeline

    todo = [t for t in texts if t not in _CACHE]
    if todo:
        if len(_CACHE) > 20000:  # a long-running process: keep memory bounded
            _CACHE.clear()
        for text, doc in zip(todo, spacy_pipeline().pipe(todo, disable=["ner"]), strict=True):
            _CACHE[text] = _doc_frames(doc)
    return {t: _CACHE[t] for t in texts}


def _doc_frames(doc) -> tuple[tuple, ...]:  # noqa: ANN001 - spacy Doc
    """Frames of one parsed sentence as offset tuples relative to it."""
    found = []
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() in REPORTING:
            continue
        agent, obj = _agent(tok), _object(tok)
        if agent is None or obj is None or not _named_actor(agent):
            continue
        a_toks, o_toks = _phrase(agent), _phrase(obj)
        aw = _words(a_toks) | _apposition(agent)
        ow = _key_nouns(obj)
        if not aw or not ow:
            continue
        lo = min(a_toks[0].idx, tok.idx, o_toks[0].idx)
        last = max(a_toks[-1], o_toks[-1], tok, key=lambda t: t.i)
        hi = last.idx + len(last.text)
        head = _head_noun(obj)
        found.append((tok.lemma_.lower(), lo, hi, " ".join(t.text for t in a_toks), aw, ow, head.text))
    return tuple(found)


def _named_actor(tok) -> bool:  # noqa: ANN001
    """An agent worth comparing: a name ("The Pentagon", "Reuters") or a role ("a senior official").

    Descriptions such as "the country" or "his troops" point back to something named
    elsewhere; comparing them would report a difference in wording, not in who acted.
    """
    return tok.pos_ == "PROPN" or tok.lemma_.lower() in ROLES


def _head_noun(tok):  # noqa: ANN001, ANN202
    """The noun a clause object is about: its subject for a clause ("confirm the documents were genuine")."""
    if tok.pos_ in ("VERB", "AUX"):
        subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return subj if subj is not None else tok
    return tok


def _key_nouns(obj) -> frozenset[str]:  # noqa: ANN001
    """The object's head noun and the noun of its "of" phrase ("the authenticity of the documents")."""
    head = _head_noun(obj)
    keys = {head}
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            keys |= {g for g in c.children if g.dep_ == "pobj"}
    # A noun the tagger took for a verb ("replies") still heads a nominal slot.
    nominal = ("NOUN", "PROPN")
    return frozenset(t.lemma_.lower() for t in keys
                     if (t.pos_ in nominal or t.dep_ in ("nsubjpass", "dobj", "pobj")) and t.lower_ not in STOP)


def _agent(verb):  # noqa: ANN001, ANN202 - spaCy tokens
    """The doer: "by X" of a passive, else the subject, else the subject of the verb it is joined to."""
    tok = verb
    for _ in range(4):
        for c in tok.children:
            if c.dep_ == "agent":
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        if tok is verb or not _passive(verb):
            for c in tok.children:
                if c.dep_ in SUBJ:
                    return c
        # A joined verb shares its head's subject; a raising verb ("appeared to confirm") too.
        if tok.dep_ in ("conj", "xcomp") and tok.head is not tok and tok.head.pos_ in ("VERB", "AUX"):
            tok = tok.head
        else:
            return None
    return None


def _passive(verb) -> bool:  # noqa: ANN001
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or verb.tag_ == "VBN"


def _object(verb):  # noqa: ANN001, ANN202
    """What the act is done to: the direct object or clause, or the subject of a passive (inherited along conj)."""
    for c in verb.children:
        if c.dep_ in ("dobj", "ccomp"):
            return c
    tok = verb
    for _ in range(4):
        for c in tok.children:
            if c.dep_ == "nsubjpass":
                return c
        if tok.dep_ == "conj" and tok.head is not tok:
            tok = tok.head
        else:
            break
    return None


def _phrase(tok) -> list:  # noqa: ANN001
    """A head's phrase, cut before relative clauses and appositions so the words stay on the thing named.

    Of its prepositional phrases only those that say whose or which one ("of the documents")
    are kept; "officials on Wednesday" names officials, not Wednesday.
    """
    keep = [tok]
    for c in tok.children:
        if c.dep_ in ("relcl", "appos", "punct", "cc", "conj", "advcl", "acl") and c.i > tok.i:
            continue
        if c.dep_ == "prep" and c.lower_ not in ("of", "from", "at", "for"):
            continue
        keep.extend(c.subtree)
    keep.sort(key=lambda t: t.i)
    # contiguous run around the head only
    run = [tok]
    idx = {t.i for t in keep}
    i = tok.i - 1
    while i in idx:
        run.insert(0, tok.doc[i])
        i -= 1
    i = tok.i + 1
    while i in idx:
        run.append(tok.doc[i])
        i += 1
    return run


def _apposition(tok) -> frozenset[str]:  # noqa: ANN001
    """Words of an apposition ("John Kirby, the Pentagon press secretary"): the same agent named by role."""
    out: set[str] = set()
    for c in tok.children:
        if c.dep_ == "appos":
            out |= _words(list(c.subtree))
    return frozenset(out)


def _words(toks: Sequence) -> frozenset[str]:
    return frozenset(
        t.lemma_.lower()[:5] for t in toks
        if t.pos_ in ("NOUN", "PROPN", "ADJ", "NUM") and t.lower_ not in STOP and t.is_alpha
    )


SAME_THING = 0.5  # WordLlama similarity of two object nouns that name one thing ("replies" / "responses")


def _same_thing(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a & b) or any(_similarity(x, y) >= SAME_THING for x in a for y in b)


@lru_cache(maxsize=8192)
def _similarity(a: str, b: str) -> float:
    from copydesk.models import word_embedder

    return float(word_embedder().similarity(a, b))


def agent_divergences(members: Sequence[Annotated], found: Sequence[Frame] | None = None) -> list[Divergence]:
    """The same act on the same thing credited to agents that independent sources name with no word in common."""
    fs = list(found) if found is not None else frames(members)
    by_id = {m.id: m for m in members}
    links = [
        (i, j) for i, j in combinations(range(len(fs)), 2)
        if fs[i].article != fs[j].article and fs[i].verb == fs[j].verb and _same_thing(fs[i].obj_words, fs[j].obj_words)
    ]
    out = []
    for g in components(range(len(fs)), links):
        # Compared per article: the caller splits copies' edits from independent differences.
        agents: dict[str, set[str]] = {}
        for i in g:
            agents.setdefault(fs[i].article, set()).update(fs[i].agent_words)
        if not any(not (agents[x] & agents[y]) for x, y in combinations(agents, 2)):
            continue
        variants = tuple(Variant(fs[i].article, fs[i].start, fs[i].end, by_id[fs[i].article].text[fs[i].start:fs[i].end])
                         for i in g)
        out.append(Divergence(f"who did it: “{fs[g[0]].verb}” the {fs[g[0]].obj}", variants))
    return out
