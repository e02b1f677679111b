"""The analysis as a Spark job (``copydesk spark``): the same stage functions as
:mod:`copydesk.pipeline`, spread over a cluster.

Modules, one job each: ``session`` (the SparkSession), ``sources`` (inputs → articles and
problems, through the readers), ``annotate`` (per-article stages in ``mapInPandas``),
``edges`` (exact term-similarity pairs and MinHash copy pairs), ``components`` (connected
components by iterative joins), ``group`` (per component: the StoryGraph's own grouping; per
story: ``analyze_story``), ``reuse`` (passages reused across stories: candidates by joins,
verified by ``provenance.compare_items``), ``output`` (Parquet tables and the JSON contract), ``job`` (the
whole chain). Needs the ``spark`` extra (pyspark) and a Java runtime.
"""
