#!/usr/bin/env python3
# Pinned copy of ../shared/bench/floor.py (the Python floor of the team harness).
"""Python floor for a static-site build: read -> front matter (PyYAML) -> markdown-it-py
(commonmark preset + table) -> Jinja2 -> write, per page, plus one index page.

Usage: floor.py SRC_DIR OUT_DIR [--loader safe|csafe] [--procs N] [--report FILE]

Per-stage times are perf_counter_ns sums taken inside the page loop (per worker when
--procs > 1, then summed: that is CPU-ish time per stage, not wall).
Output layout: OUT_DIR/<slug>/index.html (pretty URLs, as Hugo and MkDocs do) and OUT_DIR/index.html.
"""
import argparse
import json
import os
import sys
import time

T_START = time.perf_counter_ns()
import yaml  # noqa: E402
from jinja2 import DictLoader, Environment  # noqa: E402
from markdown_it import MarkdownIt  # noqa: E402
T_IMPORTED = time.perf_counter_ns()

TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="ko">
<head><meta charset="utf-8"><title>{% block title %}{{ site.title }}{% endblock %}</title></head>
<body>
<header><h1><a href="/">{{ site.title }}</a></h1></header>
<nav><ul>
{%- for d in site.departments %}
<li><a href="/">{{ d }}</a></li>
{%- endfor %}
</ul></nav>
<main>{% block main %}{% endblock %}</main>
<footer><address>charterpress benchmark corpus</address></footer>
</body>
</html>
""",
    "page.html": """{% extends "base.html" %}
{% block title %}{{ page.title }} | {{ site.title }}{% endblock %}
{% block main %}
<article>
<header><h2>{{ page.title }}</h2>
<p><time datetime="{{ page.date.isoformat() }}">{{ page.date.strftime('%Y-%m-%d') }}</time> · {{ page.department }}</p>
<p>{% for t in page.tags %}<span class="tag">{{ t }}</span> {% endfor %}</p></header>
{{ content|safe }}
</article>
{% endblock %}
""",
    "index.html": """{% extends "base.html" %}
{% block main %}
<h2>전체 문서</h2>
<ul>
{%- for p in pages %}
<li><a href="/{{ p.slug }}/">{{ p.title }}</a> <time>{{ p.date.strftime('%Y-%m-%d') }}</time></li>
{%- endfor %}
</ul>
{% endblock %}
""",
}
SITE = {
    "title": "서비스 헌장 벤치마크",
    "departments": ["민원봉사과", "세무과", "복지정책과", "환경위생과", "건축과", "교통행정과",
                    "주민자치과", "보건소", "문화체육과", "일자리경제과"],
}
STAGES = ("read", "yaml", "markdown", "template", "write")

_state = {}


def init(loader_name, out_dir):
    loader = yaml.CSafeLoader if loader_name == "csafe" else yaml.SafeLoader
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    _state.update(
        loader=loader,
        md=MarkdownIt("commonmark").enable("table"),
        tpl=env.get_template("page.html"),
        env=env,
        out=out_dir,
    )


def build_chunk(paths):
    loader, md, tpl, out = _state["loader"], _state["md"], _state["tpl"], _state["out"]
    acc = dict.fromkeys(STAGES, 0)
    pc = time.perf_counter_ns
    index = []
    for path in paths:
        t0 = pc()
        with open(path, encoding="utf-8") as f:
            text = f.read()
        t1 = pc()
        # front matter: '---\n' ... '\n---\n'
        end = text.index("\n---\n", 4)
        meta = yaml.load(text[4:end], Loader=loader)
        body = text[end + 5:]
        t2 = pc()
        html = md.render(body)
        t3 = pc()
        slug = os.path.basename(path)[:-3]
        page = dict(meta, slug=slug)
        doc = tpl.render(page=page, site=SITE, content=html)
        t4 = pc()
        d = os.path.join(out, slug)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "index.html"), "w", encoding="utf-8") as f:
            f.write(doc)
        t5 = pc()
        acc["read"] += t1 - t0
        acc["yaml"] += t2 - t1
        acc["markdown"] += t3 - t2
        acc["template"] += t4 - t3
        acc["write"] += t5 - t4
        index.append((slug, meta["title"], meta["date"]))
    return acc, index


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("out")
    ap.add_argument("--loader", choices=["safe", "csafe"], default="csafe")
    ap.add_argument("--procs", type=int, default=1)
    ap.add_argument("--report")
    a = ap.parse_args()
    t0 = time.perf_counter_ns()
    paths = sorted(e.path for e in os.scandir(a.src) if e.name.endswith(".md"))
    os.makedirs(a.out, exist_ok=True)
    t_list = time.perf_counter_ns()
    acc = dict.fromkeys(STAGES, 0)
    index = []
    if a.procs <= 1:
        init(a.loader, a.out)
        c_acc, index = build_chunk(paths)
        acc.update(c_acc)
    else:
        import multiprocessing as mp
        n = len(paths)
        nchunks = a.procs * 8
        chunks = [paths[i * n // nchunks:(i + 1) * n // nchunks] for i in range(nchunks)]
        with mp.get_context("fork").Pool(a.procs, initializer=init,
                                         initargs=(a.loader, a.out)) as pool:
            for c_acc, c_index in pool.imap_unordered(build_chunk, chunks):
                for k in STAGES:
                    acc[k] += c_acc[k]
                index.extend(c_index)
        init(a.loader, a.out)
    t_pages = time.perf_counter_ns()
    index.sort(key=lambda r: r[2], reverse=True)
    pages = [dict(slug=s, title=t, date=d) for s, t, d in index]
    doc = _state["env"].get_template("index.html").render(pages=pages, site=SITE)
    with open(os.path.join(a.out, "index.html"), "w", encoding="utf-8") as f:
        f.write(doc)
    t_end = time.perf_counter_ns()
    n = len(paths)
    rep = {
        "n": n, "loader": a.loader, "procs": a.procs,
        "import_ms": (T_IMPORTED - T_START) / 1e6,
        "list_ms": (t_list - t0) / 1e6,
        "pages_wall_ms": (t_pages - t_list) / 1e6,
        "index_ms": (t_end - t_pages) / 1e6,
        "in_script_total_ms": (t_end - T_START) / 1e6,
        "per_page_us": {k: acc[k] / n / 1e3 for k in STAGES},
        "per_page_sum_us": sum(acc.values()) / n / 1e3,
    }
    if a.report:
        with open(a.report, "a") as f:
            f.write(json.dumps(rep) + "\n")
    else:
        print(json.dumps(rep, indent=1))


if __name__ == "__main__":
    main()
