"""Where pages live: output paths, and links between them that work under any sub-path."""

from __future__ import annotations

import posixpath
from urllib.parse import SplitResult, urlsplit

HOME = "index.html"
CHARTER = "charter/index.html"
HISTORY = "charter/history/index.html"
CONTACTS = "contacts/index.html"
NOT_FOUND = "404.html"
SEARCH = "search/index.html"
# Free-page slugs the site search owns: its page and the folder of its index.
SEARCH_SLUGS = frozenset({"search", "pagefind"})


def split(target: str) -> SplitResult | None:
    """urlsplit, but None for text it cannot split ('https://[x': an IPv6 bracket left open, or
    a port that is not a number), which it would raise ValueError for."""
    try:
        parts = urlsplit(target)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return None
    return parts


def department_path(slug: str) -> str:
    return f"charter/{slug}/index.html"


def page_path(slug: str) -> str:
    return f"{slug}/index.html"


def site_path(output_path: str) -> str:
    """The address of an output file from the site root: 'charter/index.html' → '/charter/'."""
    if output_path == HOME:
        return "/"
    if output_path.endswith("/index.html"):
        return "/" + output_path[: -len("index.html")]
    return "/" + output_path


def relative(from_output: str, target: str) -> str:
    """A link from the page at `from_output` to the site path `target` ('/contacts/#fax')."""
    path, hash_, fragment = target.partition("#")
    if not path:
        return target
    rel = _relpath(path, posixpath.dirname(from_output))
    if path.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    if ":" in rel.split("/")[0]:
        rel = "./" + rel  # 'a:b' would be read as a scheme; the URL policy refuses such paths anyway
    return rel + hash_ + fragment


def _relpath(path: str, start: str) -> str:
    """posixpath.relpath of two paths from the site root, without its normalising where no part
    is '.' or '..' (then both are lists of names): a sixth of its cost, for the ~20 links of
    every page."""
    to = [part for part in path.split("/") if part]
    here = [part for part in start.split("/") if part]
    if "." in to or ".." in to or "." in here or ".." in here:
        # Both from the site root: given as absolute paths, relpath needs no os.getcwd().
        return posixpath.relpath("/" + path.lstrip("/"), "/" + start)
    common = 0
    for a, b in zip(to, here):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def absolute(base_path: str, target: str) -> str:
    """A link from the site's base path, for pages served at any depth (404.html)."""
    return base_path.rstrip("/") + target


DISCLOSURES = "disclosures/index.html"
PROACTIVE = "disclosures/proactive/index.html"
PROCEDURE = "disclosures/procedure/index.html"
FEED = "disclosures/feed.xml"
ALL_LISTS = "disclosures/disclosures-all"  # + .csv / .json
# 공개구분 filter pages get ASCII folder names, so addresses survive every mail client and log.
DISCLOSURE_SLUGS = {"공개": "open", "부분공개": "partial", "비공개": "closed", "열람제한": "restricted"}


def month_dir(year: int, month: int) -> str:
    return f"disclosures/{year:04d}/{month:02d}/"


def listing_path(year: int, month: int, disclosure: str | None = None, page: int = 1) -> str:
    """A month's list page: …/2026/10/, …/2026/10/page/2/, …/2026/10/closed/page/2/."""
    path = month_dir(year, month)
    if disclosure:
        path += DISCLOSURE_SLUGS[disclosure] + "/"
    if page > 1:
        path += f"page/{page}/"
    return path + "index.html"


SURVEYS = "surveys/index.html"


SURVEYS_JSON = "surveys/surveys.json"
SURVEYS_SCHEMA = "surveys/surveys.schema.json"


def survey_path(slug: str) -> str:
    return f"surveys/{slug}/index.html"


def survey_json_path(slug: str) -> str:
    return f"surveys/{slug}/survey.json"


COMMITMENTS = "commitments/index.html"
COMMITMENTS_JSON = "commitments/commitments.json"
COMMITMENTS_SCHEMA = "commitments/commitments.schema.json"
