"""`charterpress new`: copy the starter site that ships with the package."""

from __future__ import annotations

import shutil
from pathlib import Path

STARTER = Path(__file__).parent / "starter"


def create_site(directory: Path, name: str) -> None:
    shutil.copytree(STARTER, directory, dirs_exist_ok=True)
    settings = directory / "site.yaml"
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    settings.write_text(settings.read_text(encoding="utf-8").replace("{{name}}", quoted), encoding="utf-8")
