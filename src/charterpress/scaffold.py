"""`charterpress new`: a site repository an institution can push as it is.

The repository root holds the editors' README (Korean), `.gitignore`, `requirements.txt` (the
one place that says which charterpress to install), the CI files (GitHub Actions, GitLab CI),
the plain-server recipe in `deploy/`, and the site sources in `content/` (the starter site).
The build output is `site/` beside `content/`: `charterpress build` with no arguments.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from charterpress import __version__
from charterpress.config import today_in

STARTER = Path(__file__).parent / "starter"
REPOSITORY = Path(__file__).parent / "repository"

# template in the package → path in the new repository (dot files are stored without the dot)
REPOSITORY_FILES = {
    "README.md": "README.md",
    "gitignore": ".gitignore",
    "requirements.txt": "requirements.txt",
    "github-site.yml": ".github/workflows/site.yml",
    "gitlab-ci.yml": ".gitlab-ci.yml",
    "deploy/publish.sh": "deploy/publish.sh",
    "deploy/nginx-charter.conf": "deploy/nginx-charter.conf",
}

SAMPLE_COLUMNS = "문서번호,제목,생산일자,생산부서,담당자,단위업무,보존기간,공개구분,비공개근거"


def requirement() -> tuple[str, str | None]:
    """The requirements.txt line that installs this charterpress, and a warning when CI cannot.

    Installed from git (`pip install git+https://…@TAG`), the line pins that URL and commit, so
    CI installs the very code the editor previews with; installed from PyPI, the version. From a
    local folder there is nothing CI can reach: the version is written, with a warning to say so.
    """
    from importlib import metadata

    pinned = f"charterpress=={__version__}"
    try:
        origin = json.loads(metadata.distribution("charterpress").read_text("direct_url.json") or "null")
    except (metadata.PackageNotFoundError, ValueError):
        origin = None
    if not isinstance(origin, dict) or not isinstance(origin.get("url"), str):
        return pinned, None  # from an index (PyPI): the version is the pin
    vcs = origin.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and isinstance(vcs.get("commit_id"), str):
        url = origin["url"] if origin["url"].startswith("git+") else "git+" + origin["url"]
        if not url.startswith("git+file:"):
            return f"charterpress @ {url}@{vcs['commit_id']}", None
    return pinned, (f"requirements.txt says '{pinned}', but this charterpress was installed from "
                    f"{origin['url']}, which CI cannot reach; until that version is on PyPI, write a "
                    "git address there instead (charterpress @ git+https://…@TAG)")


def create_site(directory: Path, name: str, today: date | None = None) -> str | None:
    """Write the repository; returns a warning about requirements.txt when CI could not install it."""
    content = directory / "content"
    shutil.copytree(STARTER, content, dirs_exist_ok=True)
    settings = content / "site.yaml"
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    settings.write_text(settings.read_text(encoding="utf-8").replace("{{name}}", quoted), encoding="utf-8")
    _sample_disclosures(content, today or today_in("Asia/Seoul"))
    line, warning = requirement()
    for template, target in REPOSITORY_FILES.items():
        text = (REPOSITORY / template).read_text(encoding="utf-8")
        text = text.replace("charterpress=={{version}}", line)
        text = text.replace("{{version}}", __version__).replace("{{name}}", _one_line(name))
        path = directory / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if target.endswith(".sh"):
            path.chmod(0o755)
    return warning


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _sample_disclosures(content: Path, today: date) -> None:
    """One example 정보목록: the latest month already due, published on its due date and saying so
    in `published:` (a date from git would be wrong in a shallow clone). The month after it is
    not due yet, so a new site starts with nothing overdue."""
    from charterpress.deadlines import DueRule, Month

    rule = DueRule()  # the defaults of site.yaml's `disclosures:` (day 3, rolled forward)
    month = Month.of(today).previous()
    if rule.due(month) >= today:
        month = month.previous()
    folder = content / "disclosures" / f"{month.year:04d}"
    folder.mkdir(parents=True, exist_ok=True)
    first = month.first_day.isoformat()
    rows = [
        SAMPLE_COLUMNS,
        f"운영지원과-1,(예시) {month.month}월 민원 처리 현황 보고,{first},운영지원과,홍길동,민원,3년,공개,",
        f"운영지원과-2,(예시) 직원 교육 계획,{first},운영지원과,홍길동,인사,5년,부분공개,6호",
    ]
    (folder / f"{month.month:02d}.csv").write_text("\ufeff" + "\n".join(rows) + "\n", encoding="utf-8")
    (folder / f"{month.month:02d}.yaml").write_text(
        "# 예시입니다. 실제 정보목록으로 바꾸십시오: charterpress disclosures import 파일 --month YYYY-MM --published YYYY-MM-DD\n"
        f"published: {rule.due(month).isoformat()}\n", encoding="utf-8")
