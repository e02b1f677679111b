"""One story's sentence vectors: each text embedded once, with the rows embedding it alone gives."""

from __future__ import annotations

import numpy as np

from copydesk.compare.vectors import SentenceVectors
from copydesk.nlp_models import word_embedder

TEXTS = ["The health ministry confirmed the theft of the patient records on Monday.",
         "Hackers demanded a ransom of $2 million, according to a statement.",
         "The health ministry confirmed the theft of the patient records on Monday."]  # a copy's sentence


def test_rows_equal_embedding_each_text_alone_and_repeats_reuse_the_first():
    vectors = SentenceVectors()
    rows = vectors.of(TEXTS)
    alone = np.vstack([np.asarray(word_embedder().embed([t])) for t in TEXTS])
    assert np.array_equal(rows, alone)
    assert np.array_equal(vectors.of(TEXTS[1:2]), alone[1:2])
    assert vectors.of([]).shape[0] == 0
