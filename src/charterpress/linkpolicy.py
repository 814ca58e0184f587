"""The one URL policy: which link targets an editor may publish, judged as a browser reads them.

Every address an editor writes anywhere (site.yaml, Markdown links and images, 정보목록 원문
links, 사전정보공표 and 청구 절차 links, survey attachments) passes `link_problem` before it is
published. Allowed are http, https, mailto and tel addresses and paths inside the site; every
other scheme (`javascript:`, `data:`, `vbscript:`, `file:` …) is refused, however it is written.

A browser does not read an address the way it is typed. In an HTML attribute it first decodes
character references (`&#106;avascript&colon;`); its URL parser then strips leading and trailing
C0 controls and spaces and removes tabs and newlines anywhere (`java<TAB>script:`); the scheme is
matched without regard to case. So the target is judged in that form, and again after undoing
percent-escapes (`%6Aavascript:`, `%2e%2e`), so that no later decoding step can turn an accepted
address into a script.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote

from charterpress import urls

WEB_SCHEMES = frozenset({"http", "https"})
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# WHATWG URL: a scheme is an ASCII letter followed by letters, digits, '+', '-' or '.', then ':'.
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_C0_OR_SPACE = "".join(chr(c) for c in range(0x21))
_MAX_DECODINGS = 4  # '&amp;#106;' or '%2525…' decoded again and again; more layers change nothing


@dataclass(frozen=True)
class LinkRules:
    """What one kind of field accepts."""

    schemes: frozenset[str]  # absolute addresses with these schemes
    expected: str  # what the field expects, in the words of an error message
    site_paths: bool = False  # paths from the site root: /charter/
    relative: bool = False  # page-relative paths and #fragments: guide/, #top
    host: bool = False  # an absolute address must name a host (https://host/…)


# Markdown links and images: any safe address, a site path, a relative path or a fragment.
ANY_LINK = LinkRules(LINK_SCHEMES, "an http, https, mailto or tel address, or a path inside the site",
                     site_paths=True, relative=True)
# site.yaml menu and footer links, 사전정보공표 and 청구 절차 links, survey attachments.
SITE_OR_WEB = LinkRules(WEB_SCHEMES, "a path inside the site such as /charter/, or https://…",
                        site_paths=True, host=True)
# base_url, homepage, the feedback endpoint, 정보목록 원문 links.
WEB_ADDRESS = LinkRules(WEB_SCHEMES, "https://…", host=True)


def browser_form(target: str) -> str:
    """`target` as a browser's URL parser receives it from an HTML attribute."""
    text = target
    for _ in range(_MAX_DECODINGS):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return _TAB_OR_NEWLINE.sub("", text).strip(_C0_OR_SPACE)


def readings(target: str) -> list[str]:
    """Every form the target can take on its way to a browser: as read, then percent-decoded."""
    forms = [browser_form(target)]
    for _ in range(_MAX_DECODINGS):
        decoded = browser_form(unquote(forms[-1]))
        if decoded == forms[-1]:
            break
        forms.append(decoded)
    return forms


def scheme_of(form: str) -> str | None:
    """The scheme of an address in browser form, lowercased, or None for a relative address."""
    match = _SCHEME.match(form)
    return match.group(1).lower() if match else None


def link_problem(target: str, rules: LinkRules = ANY_LINK) -> str | None:
    """Why `target` may not be published in a field with these rules, or None.

    The message starts with the target in quotes, so each caller can say which field it was.
    """
    shown = quoted(target)
    for form in readings(target):
        problem = _form_problem(form, rules)
        if problem:
            read = "" if form == target else f" (a browser reads it as {quoted(form)})"
            return f"{shown}{read} {problem}"
    return None


def _form_problem(form: str, rules: LinkRules) -> str | None:
    scheme = scheme_of(form)
    if scheme is not None:
        if scheme in LINK_SCHEMES - rules.schemes:
            return f"is a '{scheme}:' address (expected {rules.expected})"
        if scheme not in rules.schemes:
            return f"is not allowed: '{scheme}:' addresses are never published (expected {rules.expected})"
        if rules.host and not _has_host(form):
            return f"has no host (expected {rules.expected})"
        if urls.split(form) is None:
            return f"is not a valid address: a '[' left open, or a port that is not a number up to 65535 (expected {rules.expected})"
        return None
    if not form.startswith("/") and not rules.relative:
        return f"is not a web address (expected {rules.expected})"
    if form.startswith("/") and not (rules.site_paths or rules.relative):
        return f"is not a web address (expected {rules.expected})"
    return _path_problem(form)


def _has_host(form: str) -> bool:
    rest = form[form.index(":") + 1:]
    return rest.startswith("//") and len(rest) > 2 and rest[2] not in "/?#"


def _path_problem(form: str) -> str | None:
    """A relative address or site path: it must stay a path inside this site wherever it is joined."""
    if "\\" in form:
        return "contains a backslash, which browsers read as '/' (write '/' instead)"
    if form.startswith("//"):
        return "has no scheme, so it leaves the site for another host (write https://…)"
    path = re.split(r"[?#]", form, maxsplit=1)[0]
    if ":" in path:
        return ("has a ':' in its path, which becomes a scheme when the link is made relative "
                "(write a path without ':' or a full https:// address)")
    if ".." in path.split("/"):
        return "must not climb out of the site with '..' (write /path/ from the site root)"
    return None


def quoted(text: str) -> str:
    """The text in single quotes, control characters made visible: 'java\\tscript:'."""
    shown = "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)
    return f"'{shown}'"
