from dataclasses import replace

from copydesk.stories.cluster import cluster
from copydesk.stories.records import records
from copydesk.stories.represent import represent_many

from .conftest import CHILE, REHAB, item

OUTLETS = ["Reuters", "AP", "Reuters"]
HEADLINES = ["Quake hits Chile", "Chile quake cuts power", "Onemi: homes damaged"]


def test_records_give_title_size_outlets_dates_and_entities():
    chile = [
        item(text, published=f"2024-03-0{i + 1}", outlet=outlet, title=headline)
        for i, (text, outlet, headline) in enumerate(zip(CHILE, OUTLETS, HEADLINES, strict=True))
    ]
    reps = represent_many([*chile, item(REHAB[0])])
    reps[0] = replace(reps[0], entities=("Onemi", "Iquique"))  # as the NER stage would find them
    first, second = records(cluster(reps))
    assert first.size == 3 and second.size == 1  # dated stories first, latest activity first
    assert first.outlets == ("Reuters", "AP")  # most articles first
    assert first.first_seen.startswith("2024-03-01") and first.last_seen.startswith("2024-03-03")
    assert first.title in HEADLINES
    assert first.entities == ("Iquique", "Onemi")
    assert second.first_seen is None and second.title.startswith("The actress Lindsay Lohan")
