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


class _Proxy:
    """An object that tells isinstance it is of another class (`claims`), as a proxy or mock does."""

    gi_frame = "frame"  # a generator's frame is refused; a plain object's attribute of that name is not

    def __init__(self, claims: type):
        self.claims = claims

    @property  # type: ignore[misc]
    def __class__(self):
        return self.claims


def _function() -> None:
    pass


def _generator():
    yield 1


class _Plain:
    title = "제목"
    mro = "m"
    _private = "p"


@pytest.mark.parametrize("obj", [_function, _Plain.__init__, _Plain().__init__, _Plain, _Plain(), _generator(), "text",
                                 {"a": 1}, _function.__code__, _Proxy(object), jinja2.StrictUndefined()])
def test_remembered_decisions_are_jinjas(obj) -> None:
    """templates.Sandbox decides each (type, attribute) once; every answer is Jinja's own, asked
    twice so the second comes from memory."""
    ours, jinjas = make_environment_for_test(), jinja2.sandbox.SandboxedEnvironment()
    for attr in ("title", "mro", "_private", "__code__", "__globals__", "gi_frame", "gi_code", "format", "upper",
                 "a", "missing", "__class__", "func_code", "__self__"):
        for _ in range(2):
            try:
                want = ("value", jinjas.getattr(obj, attr))
            except Exception as exc:  # noqa: BLE001 - an undefined that raises on access
                want = ("raised", type(exc))
            try:
                got = ("value", ours.getattr(obj, attr))
            except Exception as exc:  # noqa: BLE001
                got = ("raised", type(exc))
            assert _shown(got) == _shown(want), (obj, attr)


def make_environment_for_test():
    from charterpress.templates import Sandbox
    return Sandbox()


def _shown(outcome):
    kind, value = outcome
    if kind == "raised":
        return outcome
    if isinstance(value, jinja2.Undefined):
        return "undefined", value._undefined_hint, value._undefined_exception
    if callable(value) and getattr(value, "__name__", "") in ("format", "format_map"):
        return "format", getattr(value, "__wrapped__", None)
    return "value", value


def test_an_object_that_claims_another_class_is_asked_about_every_time() -> None:
    ours, jinjas = make_environment_for_test(), jinja2.sandbox.SandboxedEnvironment()
    plain, generator = _Proxy(object), _Proxy(type(_generator()))
    assert ours.getattr(plain, "gi_frame") == jinjas.getattr(plain, "gi_frame") == "frame"
    assert isinstance(ours.getattr(generator, "gi_frame"), jinja2.Undefined)
    assert isinstance(jinjas.getattr(generator, "gi_frame"), jinja2.Undefined)
