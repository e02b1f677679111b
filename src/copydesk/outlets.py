"""Names of news outlets and wire agencies, so "Nytimes", "nytimes.com" and "NYT" read as one outlet.

Credit lines, provenance notes and mastheads spell outlets many ways; the signals and the
readers normalise them here, in one place.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from urllib.parse import urlsplit

# canonical name -> spellings seen in credits, notes and domains (compared case-insensitively,
# with a leading "the" and a trailing ".com"/".co.uk" etc. ignored).
_OUTLETS: dict[str, tuple[str, ...]] = {
    "The New York Times": ("new york times", "nytimes", "ny times", "nyt", "nytimes.com"),
    "The Washington Post": ("washington post", "washingtonpost", "wapo", "wash post"),
    "The Washington Times": ("washington times", "washingtontimes"),
    "The Wall Street Journal": ("wall street journal", "wsj"),
    "New York Post": ("new york post", "nypost", "ny post"),
    "The Guardian": ("guardian", "theguardian"),
    "BBC": ("bbc", "bbc news", "bbc.co.uk"),
    "CNN": ("cnn",),
    "NPR": ("npr",),
    "Bloomberg": ("bloomberg", "bloomberg news"),
    "Financial Times": ("financial times", "ft"),
    "The Times": ("the times", "thetimes"),
    "The Telegraph": ("telegraph", "daily telegraph"),
    "The Independent": ("independent",),
    "Daily Mail": ("daily mail", "dailymail", "mail online", "mailonline"),
    "Los Angeles Times": ("los angeles times", "latimes", "la times"),
    "USA Today": ("usa today", "usatoday"),
    "Politico": ("politico",),
    "Axios": ("axios",),
    "Fox News": ("fox news", "foxnews"),
    "NBC News": ("nbc news", "nbcnews"),
    "CBS News": ("cbs news", "cbsnews"),
    "ABC News": ("abc news", "abcnews"),
    "Al Jazeera": ("al jazeera", "aljazeera"),
    "El País": ("el pais", "el país", "elpais"),
    "Le Monde": ("le monde", "lemonde"),
    "Der Spiegel": ("spiegel", "der spiegel"),
    "Deutsche Welle": ("deutsche welle", "dw"),
    "NDTV": ("ndtv",),
    "Hindustan Times": ("hindustan times", "hindustantimes", "ht"),
    "The Times of India": ("times of india", "timesofindia", "toi"),
    "The Hindu": ("the hindu", "thehindu"),
    "Business Standard": ("business standard", "business-standard"),
    "Mint": ("mint", "livemint"),
    "The Economic Times": ("economic times", "economictimes"),
    "Outlook": ("outlook", "outlookindia"),
    "ABC (Australia)": ("abc.net.au",),
    "The Sydney Morning Herald": ("sydney morning herald", "smh"),
    "South China Morning Post": ("south china morning post", "scmp"),
    "The Moscow Times": ("moscow times", "themoscowtimes"),
    "Kyiv Independent": ("kyiv independent", "kyivindependent"),
    "Interfax": ("interfax",),
}

# Wire agencies: copy carrying their name was (at least in part) bought, not reported.
_WIRES: dict[str, tuple[str, ...]] = {
    "Associated Press": ("ap", "associated press", "the associated press", "apnews", "ap news"),
    "Reuters": ("reuters", "thomson reuters"),
    "Agence France-Presse": ("afp", "agence france-presse", "agence france presse", "afp news"),
    "dpa": ("dpa", "deutsche presse-agentur"),
    "United Press International": ("upi", "united press international"),
    "Press Trust of India": ("pti", "press trust of india"),
    "Asian News International": ("ani", "asian news international"),
    "Indo-Asian News Service": ("ians", "indo-asian news service"),
    "Xinhua": ("xinhua", "xinhua news agency"),
    "TASS": ("tass",),
    "RIA Novosti": ("ria novosti", "ria"),
    "Anadolu Agency": ("anadolu", "anadolu agency", "aa"),
    "EFE": ("efe",),
    "ANSA": ("ansa",),
    "Kyodo News": ("kyodo", "kyodo news"),
    "Yonhap": ("yonhap",),
    "Australian Associated Press": ("aap", "australian associated press"),
    "The Canadian Press": ("canadian press", "cp"),
    "Press Association": ("pa", "press association", "pa media"),
    "Bloomberg": ("bloomberg news",),
}

_SUFFIX = re.compile(r"\.(?:com|co\.uk|co\.in|in|net|org|com\.au|net\.au|co)$")


def _key(name: str) -> str:
    k = " ".join(name.strip().strip(".,;:()[]\"'“”").lower().split())
    k = re.sub(r"^(?:www\.|https?://(?:www\.)?)", "", k).rstrip("/")
    k = _SUFFIX.sub("", k)
    return k[4:] if k.startswith("the ") and k[4:] else k


def _index(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for canon, names in table.items():
        for n in (canon, *names):
            out.setdefault(_key(n), canon)
    return out


_WIRE_INDEX = _index(_WIRES)
_OUTLET_INDEX = _index(_OUTLETS)
WIRE_NAMES: frozenset[str] = frozenset(_WIRES)


def wire(name: str) -> str | None:
    """The canonical name of the wire agency ``name`` spells ("AP" -> "Associated Press"), or None."""
    return _WIRE_INDEX.get(_key(name))


def canonical(name: str) -> str | None:
    """The canonical name of the outlet or agency ``name`` spells ("Nytimes" -> "The New York Times")."""
    k = _key(name)
    return _OUTLET_INDEX.get(k) or _WIRE_INDEX.get(k)


def is_wire(name: str) -> bool:
    """True when ``name`` spells a wire agency (its copy is syndicated by design)."""
    return wire(name) is not None


# House sign-offs that name the outlet running the story, not its source: the New York Post
# closes stories it assembled from agency copy with "With Post wires".
_HOUSE_WIRES: dict[str, str] = {"post": "New York Post"}


def house_wires(name: str) -> str | None:
    """The outlet whose house sign-off "With <name> wires" is ("Post" -> "New York Post"), or None."""
    return _HOUSE_WIRES.get(_key(name)) or (None if wire(name) else canonical(name))


def _load_domains() -> dict[str, str]:
    text = resources.files("copydesk").joinpath("data/news_domains.tsv").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {domain.strip().lower(): name.strip() for domain, name in rows}


_DOMAINS = _load_domains()


@functools.lru_cache(maxsize=1)
def _extractor():  # noqa: ANN202 - tldextract's type
    import tldextract

    # the suffix list bundled with the package: no network, no cache directory
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def host(url: str) -> str | None:
    """The host of ``url`` in lower case without "www." ("https://www.BBC.co.uk/x" -> "bbc.co.uk")."""
    u = url.strip()
    parsed = urlsplit(u if "//" in u else "//" + u)
    h = (parsed.hostname or "").lower().rstrip(".")
    if not h or "." not in h or h.replace(".", "").isdigit():
        return None
    return h[4:] if h.startswith("www.") else h


def registrable_domain(url: str) -> str | None:
    """The domain a registrant owns ("news.bbc.co.uk" -> "bbc.co.uk"), from tldextract's bundled list."""
    h = host(url)
    if h is None:
        return None
    parts = _extractor()(h)
    return ".".join(p for p in (parts.domain, parts.suffix) if p) if parts.domain else h


def from_url(url: str) -> str | None:
    """The outlet a URL belongs to: a known news domain's name, else its registrable domain.

    "https://www.nytimes.com/2022/…" -> "The New York Times"; "https://example-news.org/a" ->
    "example-news.org"; None when the URL has no host (a file path, say).
    """
    h = host(url)
    if h is None:
        return None
    labels = h.split(".")
    for i in range(len(labels) - 1):  # the host, then each parent: "news.sky.com", "sky.com"
        name = _DOMAINS.get(".".join(labels[i:]))
        if name:
            return name
    return registrable_domain(h)
