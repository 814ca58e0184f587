"""chrome.py renders the theme's search box, menu, owner block and footer once per distinct input:
the pages must be the bytes an include on every page makes, and a site's own partial (or one that
reads more of the page) is rendered for every page."""

from __future__ import annotations

import posixpath
import random

import jinja2
import pytest
from conftest import DEMO, TODAY, files_of

from charterpress import chrome, urls
from charterpress.build import render
from charterpress.render import Renderer
from charterpress.templates import make_environment

PAGE = "---\ntitle: 안내 {n}\nowner:\n  department: {dept}\n---\n\n## 절차\n\n- 접수 [연락처](/contacts/)\n"


def _free_pages(count: int) -> dict[str, str]:
    return {f"pages/p{n}.md": PAGE.format(n=n, dept=("민원과", "총무과")[n % 2]) for n in range(count)}


def _each_page_included(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chrome, "PARTIALS", {})  # no partial is known: every one renders as an include


@pytest.mark.parametrize("variant", ["demo", "default menu", "satisfaction form"])
def test_reused_chrome_is_the_bytes_of_an_include_on_every_page(variant, make_site, monkeypatch) -> None:
    if variant == "demo":
        site = DEMO  # its own menu, 정보목록 and survey pages at several depths, a 404 page
    else:
        site = make_site(_free_pages(8))  # the menu lists five of them: the other three share one
        if variant == "satisfaction form":
            settings = (site / "site.yaml").read_text(encoding="utf-8")
            (site / "site.yaml").write_text(settings + "feedback:\n  endpoint: https://survey.example.kr/answer\n",
                                            encoding="utf-8")
    reused = files_of(render(site, TODAY))
    _each_page_included(monkeypatch)
    assert files_of(render(site, TODAY)) == reused


def test_the_chrome_is_reused(make_site, monkeypatch) -> None:
    site = make_site(_free_pages(8))
    result = render(site, TODAY)
    rendered = []
    original = jinja2.Template.render

    def counted(self, *args, **kwargs):
        rendered.append(self.name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", counted)
    renderer = Renderer(result.site, site)
    for page in result.site.pages:
        renderer.free_page_html(page)
    assert rendered.count("page.html") == len(result.site.pages) == 9  # and the privacy page
    # nine pages in folders of one depth; the privacy page links to itself as "./", the others "../privacy/"
    assert rendered.count("partials/footer.html") == 2
    assert rendered.count("partials/menu.html") == 6  # each of the five it lists, and one for the rest


def test_a_site_partial_is_rendered_for_every_page(make_site) -> None:
    site = make_site({**_free_pages(3), "templates/partials/footer.html": "<footer>{{ page.title }}</footer>\n"})
    pages = {f.path: f.data.decode() for f in render(site, TODAY).files if f.path.startswith("p")}
    for n in range(3):
        assert f"<footer>안내 {n}</footer>" in pages[f"p{n}/index.html"]


@pytest.mark.parametrize("text, reusable", [
    ("<footer>{{ config.name }} <a href=\"{{ url('/') }}\">x</a></footer>", True),
    ("<footer>{{ page.title }}</footer>", False),  # an attribute its key does not cover
    ("<footer>{{ page }}</footer>", False),  # the page itself
    ("<footer>{{ updated }}</footer>", False),  # a page's own variable
    ("{% include 'partials/menu.html' %}", False),  # what it includes is not looked at
])
def test_only_partials_that_read_what_the_key_covers_are_reused(text, reusable, tmp_path) -> None:
    (tmp_path / "templates" / "partials").mkdir(parents=True)
    (tmp_path / "templates" / "partials" / "footer.html").write_text(text, encoding="utf-8")
    env = make_environment(tmp_path)
    assert chrome.reads_only(env, "partials/footer.html", frozenset()) is reusable


def test_a_new_site_is_not_shown_the_last_ones_chrome(make_site) -> None:
    """serve renders again with the same Renderer, given the new site (live.py)."""
    site = make_site(_free_pages(1))
    first = render(site, TODAY).site
    renderer = Renderer(first, site)
    assert "시험구립도서관" in renderer.free_page_html(first.pages[0])[0].decode().split("<footer")[1]
    settings = (site / "site.yaml").read_text(encoding="utf-8")
    (site / "site.yaml").write_text(settings.replace("name: ", "name: 새이름 ", 1), encoding="utf-8")
    second = render(site, TODAY).site
    renderer.site = second
    assert "새이름" in renderer.free_page_html(second.pages[0])[0].decode().split("<footer")[1]


def test_fast_relative_links_are_relpaths() -> None:
    """urls._relpath skips posixpath.relpath's normalising when no part is '.' or '..'."""
    parts = ["a", "b", ".", "..", "", "x.y", "한글", ":c"]
    rnd = random.Random(17)
    for _ in range(20000):
        path = "/".join(rnd.choice(parts) for _ in range(rnd.randint(0, 5)))
        start = "/".join(rnd.choice(parts) for _ in range(rnd.randint(0, 4)))
        assert urls._relpath(path, start) == posixpath.relpath("/" + path.lstrip("/"), "/" + start), (path, start)
