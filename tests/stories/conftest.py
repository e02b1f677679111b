"""Article-like texts for the story tests: two events of one kind, and an unrelated one."""

from __future__ import annotations

import pytest

from copydesk.model import Annotated, Article, content_id

CHILE = [
    "A magnitude 6.1 earthquake struck northern Chile on Monday, damaging homes in Iquique and "
    "cutting power to thousands, the national emergency office Onemi said. Residents of Arica fled "
    "to higher ground as a precaution, though no tsunami warning was issued.",
    "Power was cut in Iquique after a 6.1-magnitude quake shook northern Chile on Monday. The "
    "emergency agency Onemi reported cracked walls in Arica and said hospitals were working normally. "
    "The quake was centred 80 km from Iquique at a depth of 40 km, according to the USGS.",
    "Chile's Onemi said on Monday that a strong earthquake of magnitude 6.1 damaged some homes in "
    "Iquique and Arica. Residents described shaking that lasted nearly a minute as power failed "
    "across the north of the country.",
]
JAVA = [
    "A magnitude 5.7 earthquake hit West Java on Thursday, killing at least 12 people in Cianjur and "
    "collapsing a school, Indonesia's disaster agency BNPB said. Rescuers searched the rubble through "
    "the night as aftershocks rattled the district.",
    "Indonesia's disaster agency BNPB said 12 people died when a 5.7 quake struck Cianjur in West Java "
    "on Thursday. A school and a mosque collapsed, and President Joko Widodo ordered rescuers to the "
    "district as aftershocks continued.",
]
REHAB = [
    "The actress Lindsay Lohan checked into the Betty Ford Center in Rancho Mirage on Friday to begin "
    "a 90-day court-ordered stay, her lawyer Shawn Holley told reporters outside the Santa Monica court.",
]


def item(
    text: str, published: str | None = None, outlet: str | None = None, title: str | None = None
) -> Annotated:
    return Annotated(
        Article(
            id=content_id(text), source="test", text=text, published=published, outlet=outlet, title=title
        )
    )


@pytest.fixture(scope="module")
def corpus() -> dict[str, list[Annotated]]:
    return {
        "chile": [item(t, outlet=f"Outlet {i}") for i, t in enumerate(CHILE)],
        "java": [item(t) for t in JAVA],
        "rehab": [item(t) for t in REHAB],
    }
