"""The built-file scan reads a big file in pieces (privacy_scan._built_in_pieces): what it finds is
what reading the file whole finds, wherever the piece boundaries fall."""

from __future__ import annotations

import random

from charterpress import privacy_scan
from charterpress.outputfile import Spool
from charterpress.privacy import find_in, flat_view

# Identifiers as a template or a download may hold them, several split by markup or with a
# context word in front (a passport number counts only near 여권).
PLANTED = ["800101-1234568", "800101-<span>1234568</span>", "여권번호 M12345678", "010-1234-5678",
           '{"a":"900101-1234564"}']
FILLER = ['{"title":"문서 {n}","department":"총무과","produced":"2026-08-0{d}"},', "<td>담당{n}</td>\n",
          "공개,5년,업무 {n}\r\n", "가나다라마바사 " * 3]


def big_text(seed: int, size: int) -> str:
    rng = random.Random(seed)
    parts, length = [], 0
    while length < size:
        piece = rng.choice(PLANTED) if rng.random() < 0.02 else rng.choice(FILLER)
        piece = piece.replace("{n}", str(rng.randrange(10**6))).replace("{d}", str(rng.randrange(1, 10)))
        parts.append(piece)
        length += len(piece.encode("utf-8"))
    return "".join(parts)


def test_pieces_find_what_the_whole_file_holds(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(privacy_scan, "PIECE", 2048)
    monkeypatch.setattr(privacy_scan, "OVERLAP", 256)
    spool = Spool(threshold=0)
    for seed in range(12):
        text = big_text(seed, 40_000)
        data = text.encode("utf-8")
        file = spool.file("disclosures/disclosures-all.json", data, "disclosures/")
        whole = privacy_scan.PrivacyScan(tmp_path)._built(data)
        pieces = privacy_scan.PrivacyScan(tmp_path)._built_file(file)
        assert pieces[0] == whole[0]  # the same hash
        expected = {(f.kind, f.value) for f in find_in(flat_view(text))}
        assert expected and {(f.kind, f.value) for f in pieces[1]} == expected, seed
        assert len(pieces[1]) == len(expected)  # each value once


def test_a_number_across_every_boundary_is_found(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(privacy_scan, "PIECE", 512)
    monkeypatch.setattr(privacy_scan, "OVERLAP", 64)
    spool = Spool(threshold=0)
    planted = {"800101-1234568": ("rrn", "800101-1234568"), "800101-<b>1234568</b>": ("rrn", "800101-1234568"),
               "여권 번호는 M12345678": ("passport", "M12345678")}
    for text, expected in planted.items():
        for at in range(380, 700, 3):  # it starts before, across and after the first boundary
            data = ("가, " * (at // 5) + "x" * (at % 5) + f" {text} " + "나, " * 400).encode("utf-8")
            got = privacy_scan.PrivacyScan(tmp_path)._built_file(spool.file("a.csv", data, "a"))
            assert [(f.kind, f.value) for f in got[1]] == [expected], (text, at)


def test_pieces_of_a_file_not_utf8_are_not_read(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(privacy_scan, "PIECE", 512)
    data = ("가, " * 300).encode("utf-8") + b"\xff" + b"a, " * 300
    got = privacy_scan.PrivacyScan(tmp_path)._built_file(Spool(threshold=0).file("a.csv", data, "a"))
    assert got[1] is None


def test_a_file_found_clean_before_is_not_read_again(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(privacy_scan, "PIECE", 512)
    data = ("가, 800101-1234568, " * 100).encode("utf-8")
    file = Spool(threshold=0).file("a.csv", data, "a")
    digest, found = privacy_scan.PrivacyScan(tmp_path)._built_file(file)
    assert found
    assert privacy_scan.PrivacyScan(tmp_path, known_clean=frozenset({digest}))._built_file(file) == (digest, [])
