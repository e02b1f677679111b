"""Pick a quote's speaker among its candidates with a small logistic model.

The weights (``data/speaker_ranker.json``) were fitted by ``bench/speaker_ranker_train.py``
on the PolNeAR training split only; scoring is a dot product, so nothing but the JSON loads
at run time. A candidate below ``min_probability`` is not guessed: the quote stays unattributed.
"""

from __future__ import annotations

import json
import math
from functools import cache
from importlib import resources

from copydesk.annotate.speaker_candidates import Candidate

MODEL = "speaker_ranker.json"


@cache
def weights() -> dict:
    """The fitted model: ``{"bias": b, "weights": {feature: w}, "min_probability": p}``."""
    return json.loads(resources.files("copydesk").joinpath("data", MODEL).read_text())


def probability(c: Candidate, model: dict | None = None) -> float:
    m = model or weights()
    w = m["weights"]
    z = m["bias"] + sum(w.get(k, 0.0) * v for k, v in c.features.items())
    return 1.0 / (1.0 + math.exp(-z))


def choose(cands: list[Candidate], model: dict | None = None) -> Candidate | None:
    """The most probable candidate, or None when none reaches the model's threshold."""
    m = model or weights()
    best = max(cands, key=lambda c: probability(c, m), default=None)
    if best is None or probability(best, m) < m.get("min_probability", 0.0):
        return None
    return best
