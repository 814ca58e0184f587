#!/usr/bin/env python3
# Pinned copy of ../shared/bench/gen_corpus.py (the team harness), so scripts/bench.py needs nothing outside the repository.
"""Deterministic Korean service-charter corpus generator for SSG benchmarks.

Usage: gen_corpus.py N OUTDIR [--seed 42]

Writes, under OUTDIR:
  hugo/     hugo.toml, layouts/_default/{baseof,single,list}.html, content/*.md (YAML front matter)
  pelican/  pelicanconf.py, content/*.md (Pelican "Key: value" metadata; theme 'simple')
  mkdocs/   mkdocs.yml (no nav: auto-nav), mkdocs-minnav.yml (nav: [index.md]), docs/*.md (YAML front matter)
  floor/    src/*.md (same bytes as hugo/content) -- input for floor.py

Page i is generated from random.Random(f"{seed}:{i}") alone, so the 1k corpus is a
prefix of the 5k corpus, and re-running gives byte-identical files.
Standard library only.
"""
import argparse
import datetime as dt
import os
import random

DEPTS = [
    ("민원봉사과", "civil"), ("세무과", "tax"), ("복지정책과", "welfare"),
    ("환경위생과", "env"), ("건축과", "build"), ("교통행정과", "traffic"),
    ("주민자치과", "community"), ("보건소", "health"), ("문화체육과", "culture"),
    ("일자리경제과", "economy"),
]
TAGS = ["민원", "친절", "신속처리", "정보공개", "복지", "세무", "환경", "건축허가",
        "교통", "보건", "문화", "일자리", "서비스헌장", "이행기준", "고객만족",
        "전화응대", "방문민원", "온라인민원", "개인정보", "보상"]
SERVICES = ["여권 발급", "주민등록 등본 발급", "지방세 납부 확인", "기초생활수급 신청",
            "건축허가 신청", "주정차 위반 과태료 이의신청", "음식점 영업신고",
            "예방접종 예약", "체육시설 대관 신청", "청년 일자리 상담", "전입신고",
            "장애인 등록 상담", "폐기물 배출 신고", "정보공개 청구"]
TITLE_KINDS = ["서비스 이행기준", "고객 서비스 헌장", "민원처리 안내", "월간 공개 목록",
               "서비스 개선 계획", "정보공개 목록"]

SENTENCES = [
    "고객이 방문하시면 {m}분 이내에 담당자를 찾으실 수 있도록 안내하겠습니다.",
    "전화는 벨이 세 번 울리기 전에 받고, 소속과 이름을 먼저 밝히겠습니다.",
    "담당자가 부재중일 때에는 메모를 남기고 {h}시간 이내에 다시 연락드리겠습니다.",
    "{svc} 민원은 접수한 날부터 {d}일 이내에 처리하고 결과를 알려 드리겠습니다.",
    "처리 기간이 늘어나는 경우에는 그 사유와 예정일을 미리 문자로 알려 드리겠습니다.",
    "모든 고객을 친절하고 공정하게 대하며, 차별 없는 서비스를 제공하겠습니다.",
    "고객의 개인정보는 관련 법령에 따라 안전하게 관리하고 목적 외로 사용하지 않겠습니다.",
    "어르신과 장애인 등 도움이 필요한 분께는 담당 직원이 직접 안내해 드리겠습니다.",
    "민원서류는 가능한 한 한 번에 접수할 수 있도록 필요한 서류를 미리 안내하겠습니다.",
    "온라인으로 신청하신 민원은 접수 즉시 접수번호를 발급해 드리겠습니다.",
    "우리 {dept}는 매월 서비스 이행 결과를 점검하여 누리집에 공개하겠습니다.",
    "고객의 의견은 {d}일 이내에 검토하여 서비스 개선에 반영하겠습니다.",
    "잘못된 안내로 다시 방문하신 경우에는 교통비 {won}원을 보상해 드리겠습니다.",
    "약속한 기간 안에 처리하지 못한 경우에는 정중히 사과드리고 즉시 처리하겠습니다.",
    "점심시간에도 민원 창구를 운영하여 직장인의 불편을 줄이겠습니다.",
    "매주 {wd}요일에는 오후 {late}시까지 야간 민원 창구를 운영하겠습니다.",
    "민원실에는 휠체어, 돋보기, 수유실 등 편의시설을 갖추어 두겠습니다.",
    "외국인 고객을 위하여 통역 서비스를 전화로 연결해 드리겠습니다.",
    "처리 결과에 이의가 있으시면 {d}일 이내에 재심사를 신청하실 수 있습니다.",
    "직원의 불친절 사례가 접수되면 사실을 확인하고 {d}일 이내에 결과를 알려 드리겠습니다.",
    "서비스 만족도 조사를 연 {k}회 실시하고 그 결과를 공개하겠습니다.",
    "고객 여러분께서는 정확한 정보를 제공해 주시고 직원을 존중해 주시기 바랍니다.",
    "수수료는 현금, 카드, 간편결제로 납부하실 수 있습니다.",
    "서식과 작성 예시는 민원실과 누리집에 항상 비치해 두겠습니다.",
    "방문 전에 전화로 예약하시면 대기 없이 상담을 받으실 수 있습니다.",
]
BULLETS = [
    "접수 창구: 본관 {fl}층 {dept} 민원실",
    "처리 기간: 접수일로부터 {d}일 이내",
    "구비 서류: 신청서 1부, 신분증 사본 1부",
    "수수료: {won}원 (감면 대상자는 면제)",
    "온라인 신청: 정부24 누리집에서 24시간 가능",
    "문의 시간: 평일 오전 9시부터 오후 6시까지",
    "방문 예약: 전화 또는 누리집에서 가능",
    "결과 통지: 문자 메시지 또는 우편",
    "대리 신청: 위임장과 대리인 신분증 지참",
    "이의 신청: 결과 통지일로부터 {d}일 이내",
]
NESTED = [
    "신분증은 주민등록증, 운전면허증, 여권 중 하나를 가져오시면 됩니다.",
    "65세 이상 어르신은 우선 창구를 이용하실 수 있습니다.",
    "서류가 부족하면 보완 요청 후 처리 기간이 다시 계산됩니다.",
    "주말과 공휴일은 처리 기간에 포함하지 않습니다.",
    "전자문서로 받으시면 수수료가 일부 감면됩니다.",
    "장애인, 임산부는 동반자와 함께 상담실을 이용하실 수 있습니다.",
]
ROWS = ["일반 민원", "전화 상담", "방문 예약", "야간 창구", "이의 신청", "정보공개",
        "복지 상담", "세무 상담"]
HOURS = ["평일 09:00~18:00", "평일 09:00~21:00", "매주 수요일 ~20:00", "24시간 (ARS)",
         "평일 10:00~16:00"]
LINKS = [
    ("국민신문고", "https://www.epeople.go.kr/"),
    ("정부24", "https://www.gov.kr/"),
    ("정보공개포털", "https://www.open.go.kr/"),
    ("기관 누리집 고객의 소리", "https://www.example.go.kr/voice"),
    ("서비스 이행 결과 게시판", "https://www.example.go.kr/charter/results"),
]


def fill(rng, s, dept):
    return s.format(
        m=rng.choice([3, 5, 10]), h=rng.choice([1, 2, 3, 24]),
        d=rng.choice([3, 5, 7, 10, 14]), svc=rng.choice(SERVICES), dept=dept,
        won=rng.choice(["5,000", "10,000", "3,000", "1,200"]),
        wd=rng.choice("월화수목금"), late=rng.choice([8, 9]), k=rng.choice([2, 4]),
        fl=rng.randint(1, 5))


def phone(rng):
    return "0%d-%d-%04d" % (rng.choice([2, 31, 32, 51, 53, 62]), rng.randint(200, 999),
                             rng.randint(0, 9999))


def para(rng, dept, n):
    return " ".join(fill(rng, rng.choice(SENTENCES), dept) for _ in range(n))


def make_page(i, seed):
    rng = random.Random(f"{seed}:{i}")
    dept, dslug = DEPTS[rng.randrange(len(DEPTS))]
    svc = rng.choice(SERVICES)
    title = f"{dept} {svc} {rng.choice(TITLE_KINDS)} 제{i:05d}호"
    date = dt.datetime(2020, 1, 1, 9, 0) + dt.timedelta(days=rng.randrange(2000),
                                                        minutes=rng.randrange(480))
    tags = rng.sample(TAGS, rng.randint(2, 4))

    parts = []
    parts.append(f"## 1. {svc} 서비스 이행 표준\n\n{para(rng, dept, 3)}\n")
    bl = []
    for b in rng.sample(BULLETS, 4):
        bl.append("- " + fill(rng, b, dept))
        for nb in rng.sample(NESTED, rng.randint(0, 2)):
            bl.append("    - " + nb)
    parts.append("\n".join(bl) + "\n")
    parts.append(f"## 2. 담당 부서 연락처\n\n{para(rng, dept, 1)}\n")
    tbl = ["| 구분 | 담당 부서 | 전화번호 | 운영 시간 |", "|---|---|---|---|"]
    for r in rng.sample(ROWS, 5):
        d2 = DEPTS[rng.randrange(len(DEPTS))][0]
        tbl.append(f"| {r} | {d2} | {phone(rng)} | {rng.choice(HOURS)} |")
    parts.append("\n".join(tbl) + "\n")
    l1, l2 = rng.sample(LINKS, 2)
    parts.append(
        f"## 3. 고객 참여 및 의견 수렴\n\n{para(rng, dept, 2)} 의견은 [{l1[0]}]({l1[1]}) 또는 "
        f"[{l2[0]}]({l2[1]})에 남겨 주시기 바랍니다.\n")
    parts.append("### 고객 여러분께 드리는 부탁\n\n" + "\n".join(
        "- " + fill(rng, s, dept) for s in rng.sample(SENTENCES, 3)) + "\n")
    parts.append(f"## 4. 잘못된 서비스에 대한 시정 및 보상\n\n{para(rng, dept, 2)}\n")
    body = "\n".join(parts)
    # pad to ~1,500 characters with extra sentences in the last section
    while len(body) < 1450:
        body += "\n" + para(rng, dept, 1) + "\n"
    link = rng.choice(LINKS)
    body += f"\n자세한 내용은 [{link[0]}]({link[1]})을 참고하시기 바랍니다.\n"
    return dict(slug=f"page-{i:05d}", title=title, date=date, dept=dept, dslug=dslug,
                tags=tags, body=body)


def yaml_fm(p):
    tags = ", ".join(f'"{t}"' for t in p["tags"])
    return (f'---\ntitle: "{p["title"]}"\ndate: {p["date"]:%Y-%m-%dT%H:%M:%S}+09:00\n'
            f'department: "{p["dept"]}"\ntags: [{tags}]\n---\n\n{p["body"]}')


def pelican_fm(p):
    return (f'Title: {p["title"]}\nDate: {p["date"]:%Y-%m-%d %H:%M}\n'
            f'Category: {p["dept"]}\nTags: {", ".join(p["tags"])}\n'
            f'Department: {p["dept"]}\nSlug: {p["slug"]}\n\n{p["body"]}')


HUGO_TOML = '''baseURL = "https://example.go.kr/"
locale = "ko-kr"
title = "서비스 헌장 벤치마크"
hasCJKLanguage = true
# keep only page rendering: home (list) + regular pages
disableKinds = ["taxonomy", "term", "section", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = true
'''
HUGO_BASEOF = '''<!DOCTYPE html>
<html lang="ko">
<head><meta charset="utf-8"><title>{{ block "title" . }}{{ .Site.Title }}{{ end }}</title></head>
<body>
<header><h1><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></h1></header>
<nav><ul>
{{- range $d := slice "민원봉사과" "세무과" "복지정책과" "환경위생과" "건축과" "교통행정과" "주민자치과" "보건소" "문화체육과" "일자리경제과" }}
<li><a href="{{ "/" | relURL }}">{{ $d }}</a></li>
{{- end }}
</ul></nav>
<main>{{ block "main" . }}{{ end }}</main>
<footer><address>charterpress benchmark corpus</address></footer>
</body>
</html>
'''
HUGO_SINGLE = '''{{ define "title" }}{{ .Title }} | {{ .Site.Title }}{{ end }}
{{ define "main" }}
<article>
<header><h2>{{ .Title }}</h2>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05Z07:00" }}">{{ .Date.Format "2006-01-02" }}</time> · {{ .Params.department }}</p>
<p>{{ range .Params.tags }}<span class="tag">{{ . }}</span> {{ end }}</p></header>
{{ .Content }}
</article>
{{ end }}
'''
HUGO_LIST = '''{{ define "main" }}
<h2>전체 문서</h2>
<ul>
{{- range .Site.RegularPages.ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{- end }}
</ul>
{{ end }}
'''

PELICANCONF = '''AUTHOR = "benchmark"
SITENAME = "서비스 헌장 벤치마크"
SITEURL = ""
PATH = "content"
TIMEZONE = "Asia/Seoul"
DEFAULT_LANG = "ko"
THEME = "simple"
SLUGIFY_SOURCE = "basename"
DEFAULT_PAGINATION = False
# --- keep only page rendering: articles + index ---
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DIRECT_TEMPLATES = ["index"]
TAG_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
TAGS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DISPLAY_CATEGORIES_ON_MENU = True
RELATIVE_URLS = True
import os
CACHE_CONTENT = os.environ.get("PELICAN_CACHE") == "1"
LOAD_CONTENT_CACHE = CACHE_CONTENT
CACHE_PATH = os.environ.get("PELICAN_CACHE_PATH", "cache")
'''

MKDOCS_YML = '''site_name: 서비스 헌장 벤치마크
site_url: https://example.go.kr/
theme:
  name: mkdocs
  locale: ko
plugins: []   # disables the default 'search' plugin
'''
MKDOCS_MINNAV_YML = MKDOCS_YML + '''nav:
  - index.md
validation:
  nav:
    omitted_files: ignore
'''


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", default="42")
    a = ap.parse_args()
    o = a.out
    write(f"{o}/hugo/hugo.toml", HUGO_TOML)
    write(f"{o}/hugo/layouts/_default/baseof.html", HUGO_BASEOF)
    write(f"{o}/hugo/layouts/_default/single.html", HUGO_SINGLE)
    write(f"{o}/hugo/layouts/_default/list.html", HUGO_LIST)
    write(f"{o}/pelican/pelicanconf.py", PELICANCONF)
    write(f"{o}/mkdocs/mkdocs.yml", MKDOCS_YML)
    write(f"{o}/mkdocs/mkdocs-minnav.yml", MKDOCS_MINNAV_YML)
    write(f"{o}/mkdocs/docs/index.md", "# 서비스 헌장 벤치마크\n\n전체 문서 목록은 탐색 메뉴를 이용하십시오.\n")
    nchars = 0
    for i in range(1, a.n + 1):
        p = make_page(i, a.seed)
        nchars += len(p["body"])
        y = yaml_fm(p)
        write(f"{o}/hugo/content/{p['slug']}.md", y)
        write(f"{o}/mkdocs/docs/{p['slug']}.md", y)
        write(f"{o}/floor/src/{p['slug']}.md", y)
        write(f"{o}/pelican/content/{p['slug']}.md", pelican_fm(p))
    print(f"{a.n} pages, mean body {nchars / a.n:.0f} chars")


if __name__ == "__main__":
    main()
