"""`charterpress new`: the site repository an institution gets (issue 14).

The generated CI files are parsed, every `charterpress …` line in them is checked against the
real command line, and the commands each pipeline runs are run in order in a full and in a
depth-1 clone of a freshly committed site (only the install step is replaced by the package
under test). The plain-server recipe is run with a stand-in for rsync, and a sub-path build is
checked for broken links.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

import charterpress
from charterpress.build import render
from charterpress.checks import check_pages
from charterpress.cli import main
from charterpress.scaffold import REPOSITORY_FILES, create_site

SRC = Path(charterpress.__file__).parent.parent
REPO_FILES = sorted(REPOSITORY_FILES.values())


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def _git(cwd: Path, *args: str, when: str = "2026-01-05T10:00:00+09:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_AUTHOR_NAME": "편집자", "GIT_AUTHOR_EMAIL": "editor@example.go.kr",
           "GIT_COMMITTER_NAME": "편집자", "GIT_COMMITTER_EMAIL": "editor@example.go.kr"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def shim(tmp_path) -> dict[str, str]:
    """An environment whose `charterpress` is the package under test (the CI's install step is
    the only one replaced), and whose `rsync -a --delete SRC/ DEST` is a stand-in copy."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "charterpress").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m charterpress "$@"\n')
    (bin_dir / "rsync").write_text(
        f'#!/bin/sh\nexec "{sys.executable}" -c "import shutil,sys; a=sys.argv[1:]; assert a[:2]==[\'-a\',\'--delete\'],a; '
        f'shutil.rmtree(a[3], ignore_errors=True); shutil.copytree(a[2], a[3])" "$@"\n')
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    path = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
    return {**os.environ, "PATH": path, "PYTHONPATH": str(SRC), "CHARTERPRESS_DEBUG": "1"}


# What an editor writes over the placeholders `new` leaves (each file, old → new).
FILLED_IN = {
    "content/site.yaml": [("www.example.go.kr", "www.saenuri.go.kr"), ("새누리시 중앙로 1", "새누리시 중앙로 15"),
                          ('"01234"', '"04524"'), ("02-000-0000", "02-2100-3000"), ("02-000-0001", "02-2100-3001")],
    "content/charter.md": [("02-000-0000", "02-2100-3000")],
}


def _fill_in(repo: Path) -> None:
    for rel, changes in FILLED_IN.items():
        text = (repo / rel).read_text(encoding="utf-8")
        for old, new in changes:
            assert old in text, (rel, old)
            text = text.replace(old, new)
        (repo / rel).write_text(text, encoding="utf-8")


def _committed_site(tmp_path: Path, today: date | None = None, filled_in: bool = True) -> Path:
    """A new site repository in git, its placeholders replaced (unless not `filled_in`):
    everything committed on 2026-01-05, then the README edited later, so a depth-1 clone would
    give every file the later date."""
    origin = tmp_path / "origin"
    assert run("new", str(origin), "--name", "새누리시립도서관").exit_code == 0
    if today is not None:  # the same repository made on another day (its example month moves)
        import shutil
        shutil.rmtree(origin)
        create_site(origin, "새누리시립도서관", today)
    if filled_in:
        _fill_in(origin)
    _git(origin, "init", "-q", "-b", "main")
    _git(origin, "add", "-A")
    _git(origin, "commit", "-q", "-m", "사이트 시작")
    with open(origin / "README.md", "a", encoding="utf-8") as readme:
        readme.write("\n담당: 운영지원과\n")
    _git(origin, "commit", "-q", "-am", "README", when="2026-11-20T10:00:00+09:00")
    return origin


def _clone(origin: Path, target: Path, shallow: bool) -> Path:
    args = ["clone", "-q"] + (["--depth", "1"] if shallow else []) + [f"file://{origin}", str(target)]
    _git(origin.parent, *args)
    assert _git(target, "rev-parse", "--is-shallow-repository").strip() == ("true" if shallow else "false")
    return target


def _github(repo: Path) -> dict:
    return yaml.safe_load((repo / ".github/workflows/site.yml").read_text(encoding="utf-8"))


def _gitlab(repo: Path) -> dict:
    return yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))


@pytest.fixture
def fresh(tmp_path) -> Path:
    assert run("new", str(tmp_path / "fresh")).exit_code == 0
    return tmp_path / "fresh"


def _command_lines(script: str) -> list[str]:
    """The shell lines of a run:/script: entry, without comments."""
    lines = []
    for line in script.splitlines():
        line = line.split(" #")[0].strip()
        if line and not line.startswith("#"):
            lines.append(line)
    return lines


def _parses(line: str) -> None:
    """A `charterpress …` line's options and arguments are accepted by the real command line."""
    words = shlex.split(line.split(">")[0])
    assert words[0] == "charterpress", line
    words = ["value-of-" + w[1:] if w.startswith("$") else w for w in words[1:]]
    cmd: click.Command = main
    while isinstance(cmd, click.Group):
        name, words = words[0], words[1:]
        cmd = cmd.commands[name]
    with cmd.make_context(cmd.name, list(words), resilient_parsing=False) as ctx:
        assert ctx.params is not None


# ---------------------------------------------------------------- the files


def test_new_makes_the_whole_repository(tmp_path) -> None:
    target = tmp_path / "repo"
    result = run("new", str(target), "--name", "새누리시립도서관")
    assert result.exit_code == 0, result.output
    for name in REPO_FILES + ["content/site.yaml", "content/charter.md"]:
        assert (target / name).is_file(), name
    assert os.stat(target / "deploy/publish.sh").st_mode & stat.S_IXUSR
    requirements = (target / "requirements.txt").read_text(encoding="utf-8")
    assert [line for line in requirements.splitlines() if not line.startswith("#")] == [
        f"charterpress=={charterpress.__version__}"]
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert "새누리시립도서관" in readme and "{{" not in readme and f"v{charterpress.__version__}" in readme
    ignored = (target / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"/site/", "/public/", ".venv/", ".cache/"} <= set(ignored)
    # the site sources build with no error, and check clean, as of today; the only warnings are
    # the placeholders, each where it stands, and build --strict refuses them until replaced
    built = render(target / "content")
    assert [(str(w.loc), w.message.split("'")[1]) for w in built.warnings] == [
        ("charter.md:43:11", "02-000-0000"), ("site.yaml:3:19", "www.example.go.kr"),
        ("site.yaml:4:10", "새누리시 중앙로 1"), ("site.yaml:5:12", "01234"), ("site.yaml:6:8", "02-000-0000"),
        ("site.yaml:7:6", "02-000-0001"), ("site.yaml:12:10", "02-000-0000")]
    assert all("is a placeholder written by 'charterpress new'" in w.message for w in built.warnings)
    assert run("check", str(target / "content")).exit_code == 0
    strict = run("build", str(target / "content"), "-o", str(tmp_path / "out"), "--strict")
    assert strict.exit_code == 1 and "7 warning(s) with --strict; nothing was written" in strict.output
    _fill_in(target)
    assert render(target / "content").warnings == []
    assert run("build", str(target / "content"), "-o", str(tmp_path / "out"), "--strict").exit_code == 0
    assert run("new", str(target)).exit_code == 2  # not empty


def test_the_example_list_is_on_time_whatever_the_day(tmp_path) -> None:
    for i, day in enumerate([date(2026, 10, 3), date(2026, 10, 6), date(2026, 10, 7), date(2027, 1, 1)]):
        create_site(tmp_path / str(i), "기관", day)
        result = run("check", str(tmp_path / str(i) / "content"), "--today", day.isoformat())
        assert result.exit_code == 0 and "error(s)" in result.output, result.output
        assert "published on" not in result.output and "missing" not in result.output


def test_github_workflow_parses_and_says_what_it_must(fresh) -> None:
    flow = _github(fresh)
    triggers = flow[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"push", "pull_request", "schedule", "workflow_dispatch"}
    assert triggers["push"] == {"branches": ["main"]}
    assert triggers["schedule"] == [{"cron": "10 15 * * *"}]  # 00:10 Asia/Seoul
    assert "15:10 UTC = 다음 날 00:10 Asia/Seoul" in (fresh / ".github/workflows/site.yml").read_text(encoding="utf-8")
    build = flow["jobs"]["build"]["steps"]
    checkout = next(s for s in build if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    python = next(s for s in build if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"]["cache"] == "pip" and python["with"]["cache-dependency-path"] == "requirements.txt"
    runs = [line for s in build if "run" in s for line in _command_lines(s["run"])]
    assert runs[0] == "pip install -r requirements.txt"  # as the README says users install it
    assert runs[1] == "npm install --prefix .search-tools --no-audit --no-fund pagefind@1.6.0"  # site search
    upload = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site" and upload["if"] == "github.event_name != 'pull_request'"
    deploy = flow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
    assert "pull_request" in deploy["if"]  # a pull request is checked, never deployed
    commands = [line for job in flow["jobs"].values() for s in job["steps"] if "run" in s
                for line in _command_lines(s["run"]) if line.startswith("charterpress")]
    assert commands and all("--format github" in c for c in commands[:1])
    for line in commands:
        _parses(line)


def test_gitlab_ci_parses_and_says_what_it_must(fresh) -> None:
    ci = _gitlab(fresh)
    assert ci["variables"]["GIT_DEPTH"] == 0
    assert ci["variables"]["PIP_CACHE_DIR"] == "$CI_PROJECT_DIR/.cache/pip"
    assert ci["cache"] == {"key": {"files": ["requirements.txt"]}, "paths": [".cache/pip"]}
    assert ci["before_script"] == ["pip install -r requirements.txt"]
    assert ci["stages"] == ["check", "deploy", "report"]
    assert ci["pages"]["stage"] == "deploy" and ci["pages"]["artifacts"] == {"paths": ["public"]}
    assert ci["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert ci["deadlines"]["rules"][-1]["allow_failure"] is True
    commands = [line for job in ("check", "pages", "deadlines") for s in ci[job]["script"]
                for line in _command_lines(s) if not line.startswith(("apt-get", "npm install"))]
    assert all(c.startswith("charterpress ") for c in commands)
    assert "npm install --prefix .search-tools --no-audit --no-fund pagefind@1.6.0" in ci["pages"]["script"]
    for line in commands:
        _parses(line)


# ---------------------------------------------------------------- the pipelines, run


def _expression(expr: str, context: dict[str, str]) -> bool:
    """The few `if:` expressions the workflow uses: terms joined by &&, each `a == 'x'` or `a != 'x'`."""
    result = True
    for term in expr.split("&&"):
        m = re.fullmatch(r"\s*([\w.]+)\s*(==|!=)\s*'([^']*)'\s*", term)
        assert m, f"the test cannot evaluate {expr!r}"
        value = context[m[1]]
        result &= (value == m[3]) if m[2] == "==" else (value != m[3])
    return result


def _run_step(script: str, cwd: Path, env: dict[str, str]) -> int:
    # installs are replaced by what the test environment has: charterpress, and Pagefind in the checkout
    lines = [line for line in _command_lines(script) if not line.startswith(("pip install", "npm install", "apt-get"))]
    if not lines:
        return 0
    return subprocess.run(["bash", "-e", "-c", "\n".join(lines)], cwd=cwd, env=env).returncode


def _run_github(repo: Path, env: dict[str, str], summary: Path) -> dict[str, object]:
    """The build and deploy jobs of site.yml, as on a push to main, step by step."""
    flow = _github(repo)
    env = {**env, **{k: str(v) for k, v in flow["env"].items()}, "GITHUB_STEP_SUMMARY": str(summary)}
    context = {"github.event_name": "push", "github.ref": "refs/heads/main",
               "env.FAIL_ON_DEADLINES": env["FAIL_ON_DEADLINES"]}
    outcomes: dict[str, str] = {}
    for step in flow["jobs"]["build"]["steps"]:
        if "if" in step and not _expression(step["if"], context):
            continue
        uses = step.get("uses", "")
        if uses.startswith("actions/upload-pages-artifact@"):
            assert (repo / step["with"]["path"] / "index.html").is_file()
            continue
        if uses:
            continue  # checkout: we are in the clone; setup-python: the test's Python
        code = _run_step(step["run"], repo, env)
        outcome = "success" if code == 0 else "failure"
        if "id" in step:
            outcomes[step["id"]] = outcome
        if code and not step.get("continue-on-error"):
            return {"build": "failure", "deployed": False}
    context["needs.build.outputs.deadlines"] = outcomes.get("deadlines", "success")
    deploy = flow["jobs"]["deploy"]
    assert _expression(deploy["if"], context)
    final = "success"
    for step in deploy["steps"]:
        if "if" in step and not _expression(step["if"], context):
            continue
        if "run" in step and _run_step(step["run"], repo, env):
            final = "failure"
    return {"build": "success", "deployed": True, "deadlines": context["needs.build.outputs.deadlines"],
            "workflow": final}


def _run_gitlab(repo: Path, env: dict[str, str]) -> dict[str, str]:
    """check → pages → deadlines on the default branch, each job's script after before_script."""
    ci = _gitlab(repo)
    env = {**env, **{k: str(v) for k, v in ci["variables"].items()}}
    results = {}
    for stage in ci["stages"]:
        for name, job in ci.items():
            if not isinstance(job, dict) or job.get("stage") != stage:
                continue
            code = _run_step("\n".join(ci["before_script"] + job["script"]), repo, env)
            allowed = any(r.get("allow_failure") for r in job.get("rules", [])[-1:]) and env["FAIL_ON_DEADLINES"] != "true"
            results[name] = "success" if code == 0 else ("warning" if allowed else "failure")
            if code and not allowed:
                return results
    return results


def _statuses(site: Path) -> list[str]:
    page = (site / "disclosures" / "index.html").read_text(encoding="utf-8")
    return re.findall(r"(기한 내 공개|기한 후 공개 \(\d+일 늦음\)|미공개 \(기한 \d+일 지남, [\d-]+ 기준\)|공개 예정 \([^)]*\))</",
                      page)


@pytest.mark.parametrize("shallow", [False, True], ids=["full-clone", "depth-1-clone"])
def test_github_workflow_runs_and_deploys_correct_statuses(tmp_path, shim, shallow) -> None:
    repo = _clone(_committed_site(tmp_path), tmp_path / "clone", shallow)
    summary = tmp_path / "summary.md"
    outcome = _run_github(repo, shim, summary)
    assert outcome == {"build": "success", "deployed": True, "deadlines": "success", "workflow": "success"}
    assert _statuses(repo / "site") == ["기한 내 공개"]  # from published:, not from a git date
    assert "## charterpress check" in summary.read_text(encoding="utf-8")


@pytest.mark.parametrize("shallow", [False, True], ids=["full-clone", "depth-1-clone"])
def test_gitlab_pipeline_runs_and_deploys_correct_statuses(tmp_path, shim, shallow) -> None:
    repo = _clone(_committed_site(tmp_path), tmp_path / "clone", shallow)
    assert _run_gitlab(repo, shim) == {"check": "success", "pages": "success", "deadlines": "success"}
    assert _statuses(repo / "public") == ["기한 내 공개"]


def test_a_list_going_overdue_flips_on_the_next_daily_run(tmp_path, shim) -> None:
    """The scheduled run on the due day publishes 공개 예정; the run of the day after, with
    nothing pushed in between, publishes 미공개 and reports it, and still deploys."""
    repo = _clone(_committed_site(tmp_path, today=date(2026, 11, 2)), tmp_path / "clone", shallow=False)
    summary = tmp_path / "summary.md"
    on_due_day = _run_github(repo, {**shim, "CHARTERPRESS_TODAY": "2026-11-03"}, summary)
    assert on_due_day == {"build": "success", "deployed": True, "deadlines": "success", "workflow": "success"}
    assert _statuses(repo / "site") == ["공개 예정 (기한 2026-11-03, 2026-11-03 기준)", "기한 내 공개"]
    next_day = _run_github(repo, {**shim, "CHARTERPRESS_TODAY": "2026-11-04"}, summary)
    assert next_day == {"build": "success", "deployed": True, "deadlines": "failure", "workflow": "success"}
    assert _statuses(repo / "site") == ["미공개 (기한 1일 지남, 2026-11-04 기준)", "기한 내 공개"]
    assert "the 정보목록 of 2026-10 was due on 2026-11-03 and is missing" in summary.read_text(encoding="utf-8")


def test_a_late_institution_deploys_and_is_reported_loudly(tmp_path, shim) -> None:
    """Made in January 2026 and never updated: the months since are missing. That is the truth
    to publish, so the site deploys; the summary says so, and the workflow fails (after the
    deploy) only with FAIL_ON_DEADLINES."""
    repo = _clone(_committed_site(tmp_path, today=date(2026, 1, 15)), tmp_path / "clone", shallow=False)
    summary = tmp_path / "summary.md"
    outcome = _run_github(repo, shim, summary)
    assert outcome == {"build": "success", "deployed": True, "deadlines": "failure", "workflow": "success"}
    statuses = _statuses(repo / "site")
    assert statuses.count("기한 내 공개") == 1 and len(statuses) > 1
    assert all(s.startswith("미공개") for s in statuses if s != "기한 내 공개")
    text = summary.read_text(encoding="utf-8")
    assert "공개 기한 (deadlines)" in text and "is missing" in text
    # the site asks for a red workflow: the deploy still happens, then the workflow fails
    ci_file = repo / ".github/workflows/site.yml"
    ci_file.write_text(ci_file.read_text(encoding="utf-8").replace('FAIL_ON_DEADLINES: "false"', 'FAIL_ON_DEADLINES: "true"'),
                       encoding="utf-8")
    outcome = _run_github(repo, shim, summary)
    assert outcome == {"build": "success", "deployed": True, "deadlines": "failure", "workflow": "failure"}
    assert _run_gitlab(repo, shim) == {"check": "success", "pages": "success", "deadlines": "warning"}
    gitlab_file = repo / ".gitlab-ci.yml"
    gitlab_file.write_text(gitlab_file.read_text(encoding="utf-8").replace('FAIL_ON_DEADLINES: "false"', 'FAIL_ON_DEADLINES: "true"'),
                           encoding="utf-8")
    assert _run_gitlab(repo, shim) == {"check": "success", "pages": "success", "deadlines": "failure"}


def test_placeholders_left_in_block_the_deploy(tmp_path, shim) -> None:
    repo = _clone(_committed_site(tmp_path, filled_in=False), tmp_path / "clone", shallow=False)
    summary = tmp_path / "summary.md"
    assert _run_github(repo, shim, summary) == {"build": "failure", "deployed": False}
    assert not (repo / "site").exists()
    assert "'02-000-0000' is a placeholder" in summary.read_text(encoding="utf-8")
    assert _run_gitlab(repo, shim) == {"check": "failure"}


def test_a_content_error_blocks_the_deploy(tmp_path, shim) -> None:
    repo = _clone(_committed_site(tmp_path), tmp_path / "clone", shallow=False)
    privacy = repo / "content/pages/privacy.md"
    privacy.write_text(privacy.read_text(encoding="utf-8") + "\n[깨진 링크](/nowhere/)\n", encoding="utf-8")
    assert _run_github(repo, shim, tmp_path / "summary.md") == {"build": "failure", "deployed": False}
    assert not (repo / "site").exists()
    assert _run_gitlab(repo, shim) == {"check": "failure"}


# ---------------------------------------------------------------- check: content vs deadlines


def test_check_separates_deadlines_from_content_errors(tmp_path) -> None:
    create_site(tmp_path / "repo", "기관", date(2026, 1, 15))
    _fill_in(tmp_path / "repo")
    content = tmp_path / "repo" / "content"
    today = "2026-11-22"
    assert run("check", str(content), "--today", today).exit_code == 1  # default: deadlines fail
    report = run("check", str(content), "--today", today, "--deadlines", "report")
    assert report.exit_code == 0
    assert "the 정보목록 of 2026-10 was due on 2026-11-03 and is missing (19 days overdue)" in report.output
    assert report.output.splitlines()[-1].endswith("reported without failing")
    data = json.loads(run("check", str(content), "--today", today, "--format", "json").output)
    assert {d["kind"] for d in data["diagnostics"]} == {"deadline"}
    github = run("check", str(content), "--today", today, "--deadlines", "report", "--format", "github").output
    assert ("::warning file=" + (content / "disclosures/2026/10.csv").as_posix().replace(":", "%3A")
            + ",title=공개 기한::the 정보목록 of 2026-10 was due on 2026-11-03 and is missing (19 days overdue)") in github
    # a content error still fails with --deadlines report, as an annotation on its line
    (content / "charter.md").write_text((content / "charter.md").read_text(encoding="utf-8")
                                        .replace("2026-01-02", "2026-13-02"), encoding="utf-8")
    broken = run("check", str(content), "--today", today, "--deadlines", "report", "--format", "github")
    assert broken.exit_code == 1
    assert re.search(r"^::error file=[^,]*charter\.md,line=4,col=\d+,title=charterpress::revision date", broken.output, re.M)


def test_github_annotations_are_escaped(tmp_path) -> None:
    from charterpress.check import _command
    assert _command("error", {"file": "a,b:c.md", "line": "3"}, "50% done\nnext") == \
        "::error file=a%2Cb%3Ac.md,line=3::50%25 done%0Anext"


# ---------------------------------------------------------------- the plain server


def test_plain_server_recipe_publishes_a_sub_path_site(tmp_path, shim) -> None:
    origin = _committed_site(tmp_path)
    server = _clone(origin, tmp_path / "srv-charter", shallow=False)
    settings = server / "content/site.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "base_url: https://www.saenuri.go.kr/", "base_url: https://www.saenuri.go.kr/charter/"), encoding="utf-8")
    _git(server, "commit", "-q", "-am", "하위 경로")
    # the recipe's .venv: charterpress is the package under test, pip installs nothing
    venv = server / ".venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "charterpress").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m charterpress "$@"\n')
    (venv / "pip").write_text("#!/bin/sh\nexit 0\n")
    for tool in venv.iterdir():
        tool.chmod(0o755)
    web = tmp_path / "var-www-charter"
    done = subprocess.run(["deploy/publish.sh", f"{web}/"], cwd=server, env=shim, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (web / "index.html").is_file() and (web / "404.html").is_file()
    files = {str(p.relative_to(web)): (p.read_bytes(), "") for p in web.rglob("*") if p.is_file()}
    assert [f for f in check_pages(files, "/charter/") if f.rule == "broken-link"] == []
    assert 'href="/charter/' in (web / "404.html").read_text(encoding="utf-8")
    nginx = (server / "deploy/nginx-charter.conf").read_text(encoding="utf-8")
    assert "location /charter/ {" in nginx and "alias /var/www/charter/;" in nginx
    assert "error_page 404 /charter/404.html;" in nginx
    cron = (server / "deploy/publish.sh").read_text(encoding="utf-8")
    assert "CRON_TZ=Asia/Seoul" in cron and "10 0 * * *" in cron
    # a content error: the recipe stops before rsync and the published site stays as it was
    before = (web / "index.html").read_bytes()
    charter = server / "content/charter.md"
    charter.write_text(charter.read_text(encoding="utf-8").replace("2026-01-02", "2026-13-02"), encoding="utf-8")
    _git(server, "commit", "-q", "-am", "잘못된 날짜")
    failed = subprocess.run(["deploy/publish.sh", f"{web}/"], cwd=server, env=shim, capture_output=True, text=True)
    assert failed.returncode == 1 and (web / "index.html").read_bytes() == before


class _Installed:
    """What importlib.metadata says of an installed charterpress: its PEP 610 direct_url.json."""

    def __init__(self, direct_url: dict | None) -> None:
        self.direct_url = direct_url

    def read_text(self, name: str) -> str | None:
        assert name == "direct_url.json"
        return None if self.direct_url is None else json.dumps(self.direct_url)


@pytest.mark.parametrize("direct_url, line, warned", [
    (None, f"charterpress=={charterpress.__version__}", False),  # from PyPI
    ({"url": "https://github.com/example/charterpress", "vcs_info": {"vcs": "git", "commit_id": "0" * 40}},
     "charterpress @ git+https://github.com/example/charterpress@" + "0" * 40, False),
    ({"url": "file:///home/me/charterpress", "dir_info": {"editable": True}},
     f"charterpress=={charterpress.__version__}", True),  # a local folder: CI cannot reach it
    ({"url": "file:///home/me/charterpress", "vcs_info": {"vcs": "git", "commit_id": "1" * 40}},
     f"charterpress=={charterpress.__version__}", True),
])
def test_requirements_install_what_the_editor_installed(tmp_path, monkeypatch, direct_url, line, warned) -> None:
    import importlib.metadata

    monkeypatch.setattr(importlib.metadata, "distribution", lambda name: _Installed(direct_url))
    result = run("new", str(tmp_path / "repo"))
    assert result.exit_code == 0, result.output
    requirements = (tmp_path / "repo" / "requirements.txt").read_text(encoding="utf-8")
    assert [row for row in requirements.splitlines() if not row.startswith("#")] == [line]
    assert f"`{line}`" in (tmp_path / "repo" / "README.md").read_text(encoding="utf-8")
    assert ("CI cannot reach" in result.output) is warned
