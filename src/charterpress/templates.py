"""The Jinja environment: a site's own templates/ over the built-in theme, autoescaped and strict.

Templates are trusted code, but a site's templates/ folder is edited by more people than the
program, so they run sandboxed: no attributes that start with '_' (`''.__class__.__mro__`), no
functions marked unsafe, ranges capped. They load only from the site's templates/ and the theme;
a name that climbs out with '..' is not found. Either mistake is a located template error.
"""

from __future__ import annotations

import functools
import traceback
import types
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox
import yaml

from charterpress import urls
from charterpress.body import Group, ItemList
from charterpress.body_html import BodyHtml
from charterpress.cache import folder_digest
from charterpress.diagnostics import Diagnostic, SourceLoc, error
from charterpress.tables import Table


def theme_dir() -> Path:
    """The built-in theme: inside the installed package, or the checkout's top-level templates/."""
    packaged = Path(__file__).parent / "theme"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


def ui_strings(language: str = "ko") -> dict[str, str]:
    """Every piece of interface text, from one file per language (templates/i18n/ko.yaml)."""
    text = (theme_dir() / "i18n" / f"{language}.yaml").read_text(encoding="utf-8")
    return read_ui(text, f"i18n/{language}.yaml")


def read_ui(text: str, name: str) -> dict[str, str]:
    """The strings of one language file; a key written twice is an error, since YAML would
    silently keep the last one and a page elsewhere would show the wrong words."""
    keys = [key.value for key, _ in yaml.compose(text).value]
    if twice := sorted({key for key in keys if keys.count(key) > 1}):
        raise ValueError(f"{name}: keys written twice: {', '.join(twice)}")
    return yaml.safe_load(text)


_ENVIRONMENTS: dict[tuple[Path, str], Sandbox] = {}


def make_environment(source_dir: Path) -> Sandbox:
    """The environment for `source_dir`, reused while its templates/ stay the same, so a process
    that builds again (serve, tests) does not compile every template again (a quarter of a
    small site's build). Keyed by the templates' contents as well as Jinja's own mtime check,
    since an edit may come within the file system's timestamp tick."""
    memo_key = (source_dir.resolve(), folder_digest(source_dir / "templates"))
    env = _ENVIRONMENTS.get(memo_key)
    if env is None:
        if len(_ENVIRONMENTS) > 8:
            _ENVIRONMENTS.clear()
        env = _ENVIRONMENTS[memo_key] = _new_environment(source_dir)
    return env


def _new_environment(source_dir: Path) -> Sandbox:
    theme = jinja2.FileSystemLoader(theme_dir())
    loaders: list[jinja2.BaseLoader] = []
    site_templates = source_dir / "templates"
    if site_templates.is_dir():
        loaders.append(ConfinedLoader(site_templates))
    loaders.append(theme)
    # "!theme/base.html" always names the built-in file, so an override can extend what it replaces.
    loader = jinja2.PrefixLoader({"!theme": theme}, delimiter="/")
    env = Sandbox(
        loader=jinja2.ChoiceLoader([*loaders, loader]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # no stat of every included file on every page: an edited templates/
    )                       # folder gets a new environment (make_environment)
    env.globals["ui"] = ui_strings()
    body_html = BodyHtml(env.globals["ui"])  # partials/blocks.html: a body's markup, written in Python
    env.globals["body_html"] = body_html.blocks
    env.globals["body_table"] = body_html.table
    env.filters["filesize"] = filesize
    env.globals["disclosure_slugs"] = urls.DISCLOSURE_SLUGS
    env.globals["disclosure_kinds"] = tuple(urls.DISCLOSURE_SLUGS)  # 공개, 부분공개, 비공개, 열람제한
    env.globals["survey_path"] = lambda survey: urls.site_path(urls.survey_path(survey.slug))
    env.globals["list_path"] = lambda lst: urls.site_path(urls.listing_path(lst.month.year, lst.month.month))
    env.tests.update(
        group=lambda b: isinstance(b, Group),
        item_list=lambda b: isinstance(b, ItemList),
        table=lambda b: isinstance(b, Table),
    )
    return env


class Sandbox(jinja2.sandbox.SandboxedEnvironment):
    """Jinja's sandbox, deciding each (type, attribute) once. Its rule (no name starting with '_',
    none of a function's, method's, type's, frame's or generator's internals) looks at nothing but
    the name and what isinstance says of the object, which for a class that leaves __class__ alone
    is its type; it was asked over a million times for a 정보목록 of 60,000 rows, about the rows'
    attributes. Objects of a class that defines __class__ (a proxy) are asked about every time."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._safe: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        safe = self._safe.get(key)
        if safe is None:
            safe = super().is_safe_attribute(obj, attr, value)
            if _plain_class(type(obj)):
                self._safe[key] = safe
        return safe

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Jinja's, with its answer for an attribute already judged safe on this type: the value,
        unless it is a method (Jinja wraps str.format there)."""
        if self._safe.get((type(obj), attribute)):
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                pass  # Jinja's way: an item of that name, or undefined
            else:
                if not isinstance(value, (types.MethodType, types.BuiltinMethodType)):
                    return value
        return super().getattr(obj, attribute)


@functools.cache
def _plain_class(kind: type) -> bool:
    """Whether isinstance reads the type of this class's objects (no class in its MRO but object
    defines __class__)."""
    return all("__class__" not in vars(k) for k in kind.__mro__[:-1])


class TemplateOutside(jinja2.TemplateError):
    """A site template that is a symbolic link leading out of the site's templates/ folder."""


class ConfinedLoader(jinja2.FileSystemLoader):
    """The site's templates/: names with '..' are never found (as for every FileSystemLoader),
    and a file that is a symbolic link out of the folder is refused, not read."""

    def get_source(self, environment: jinja2.Environment, template: str):  # type: ignore[override]
        source, filename, uptodate = super().get_source(environment, template)
        root = Path(self.searchpath[0]).resolve()
        if not Path(filename).resolve().is_relative_to(root):
            raise TemplateOutside(f"template '{template}' leads outside the site's templates/ folder "
                                  "(symbolic link); copy the file in instead")
        return source, filename, uptodate


def filesize(size: int) -> str:
    """A download's size as readers expect it: '812 B', '12.3 KB', '1.4 MB'."""
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def template_problem(exc: Exception, source_dir: Path, page: str) -> Diagnostic:
    """A located message for a template that fails to compile or render."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return error(SourceLoc(_shown(exc.filename or exc.name or "?", source_dir), exc.lineno or 0),
                     f"template error: {exc.message}")
    message = _message(exc)
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt")):
            return error(SourceLoc(_shown(frame.filename, source_dir), frame.lineno or 0),
                         f"template error while rendering {page}: {message}")
    return error(SourceLoc(page), f"template error: {message}")


def _message(exc: Exception) -> str:
    """What went wrong, with what templates may do where the sandbox or the loader said no."""
    if isinstance(exc, jinja2.TemplatesNotFound | jinja2.TemplateNotFound):
        return (f"template '{exc.name}' not found (templates load only from the site's templates/ "
                "folder and the theme, by names without '..')")
    if isinstance(exc, jinja2.sandbox.SecurityError):
        return (f"{str(exc).rstrip('.')} (templates run sandboxed: attributes starting with '_' "
                "and unsafe calls are refused)")
    return str(exc)


def _shown(filename: str, source_dir: Path) -> str:
    path = Path(filename)
    if path.is_absolute() and path.resolve().is_relative_to(source_dir.resolve()):
        return path.resolve().relative_to(source_dir.resolve()).as_posix()
    if path.is_absolute() and path.resolve().is_relative_to(theme_dir().resolve()):
        return "(theme)/" + path.resolve().relative_to(theme_dir().resolve()).as_posix()
    return filename
