"""Site templates run sandboxed and load only from templates/ and the theme."""

from __future__ import annotations

import jinja2.sandbox
import pytest

from charterpress.build import render
from charterpress.diagnostics import BuildFailed
from charterpress.templates import make_environment
from conftest import TODAY

OVERRIDE = '{% extends "!theme/page.html" %}\n{% block content %}\n{{ BODY }}\n{% endblock %}\n'


def _failure(make_site, body: str, extra: dict[str, str] | None = None) -> list[str]:
    site = make_site({"templates/page.html": OVERRIDE.replace("{{ BODY }}", body), **(extra or {})})
    with pytest.raises(BuildFailed) as failure:
        render(site, TODAY)
    return [str(d) for d in failure.value.diagnostics]


def test_environment_is_sandboxed(tmp_path) -> None:
    env = make_environment(tmp_path)
    assert isinstance(env, jinja2.sandbox.SandboxedEnvironment)
    assert env.autoescape is True and env.undefined is jinja2.StrictUndefined


@pytest.mark.parametrize("expression", [
    "{{ ''.__class__.__mro__ }}",
    "{{ config.__class__.__init__.__globals__ }}",
    "{{ site_path.__globals__ }}",
    "{{ ui.__class__.__subclasses__() }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{% for x in range(10000000) %}{% endfor %}",
    "{{ 1 / 0 }}",
    "{{ [][3] }}",
    "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
])
def test_unsafe_expressions_are_located_errors(make_site, expression: str) -> None:
    [message] = _failure(make_site, expression)
    assert message.startswith("templates/page.html:3: template error while rendering pages/privacy.md: ")
    assert "Traceback" not in message


def test_include_cannot_climb_out(make_site) -> None:
    assert _failure(make_site, '{% include "../../etc/passwd" %}') == [
        "templates/page.html:3: template error while rendering pages/privacy.md: template "
        "'../../etc/passwd' not found (templates load only from the site's templates/ folder and the "
        "theme, by names without '..')"
    ]


def test_a_symlinked_template_is_not_read(make_site, tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("비밀번호 1234", encoding="utf-8")
    site = make_site({"templates/page.html": OVERRIDE.replace("{{ BODY }}", '{% include "leak.html" %}')})
    (site / "templates" / "leak.html").symlink_to(secret)
    with pytest.raises(BuildFailed) as failure:
        render(site, TODAY)
    assert [str(d) for d in failure.value.diagnostics] == [
        "templates/page.html:3: template error while rendering pages/privacy.md: template 'leak.html' "
        "leads outside the site's templates/ folder (symbolic link); copy the file in instead"
    ]


def test_safe_overrides_still_work(make_site) -> None:
    site = make_site({"templates/page.html": OVERRIDE.replace("{{ BODY }}", "<p>{{ page.title }}</p>")})
    page = next(f for f in render(site, TODAY).files if f.path == "privacy/index.html")
    assert "<p>개인정보처리방침</p>" in page.data.decode("utf-8")
