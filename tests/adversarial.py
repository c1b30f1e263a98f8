"""Hostile and pathological inputs, written on demand: one function per input.

Each ``write_*`` function writes its input into ``folder`` (created if needed), with its size
as parameters, and returns the path it wrote.  The test suite, the fuzzing tests and
``bench/pathological.py`` share them, so an input measured by the benchmark is the one the
tests check.  Content is made up and deterministic (no randomness without a fixed seed).
"""

from __future__ import annotations

import gzip
import random
from pathlib import Path

from licscan.options import DEFAULT_MAX_SIZE

RIGHTS_RESERVED = "All rights reserved."
_WORDS = [
    "harbour", "council", "budget", "river", "festival", "museum", "railway", "school", "winter",
    "market", "island", "bridge", "orchestra", "village", "forest", "engineer", "volunteer",
    "library", "theatre", "archive", "garden", "mayor",
]  # fmt: skip
_CHUNK = 1 << 20  # bytes written at a time: big inputs are never held in memory whole


def _file(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def _text_of_size(size: int, line_words: int | None = 12) -> str:
    """Made-up words, ``size`` characters long; lines of ``line_words`` words (None: one line)."""
    rng = random.Random(size)
    words, length = [], 0
    while length < size:
        word = rng.choice(_WORDS)
        gap = "\n" if line_words and len(words) % line_words == line_words - 1 else " "
        words.append(word + gap)
        length += len(word) + 1
    return "".join(words)[:size]


def write_repeated_notices(
    folder: Path, n: int = 200_000, notice: str = RIGHTS_RESERVED, name: str = "repeated.txt"
) -> Path:
    """``notice`` on ``n`` lines (200,000 × "All rights reserved." is 4.2 MB).  A name ending
    in ``.md``, ``.html`` or ``.gz`` gives that format (HTML: one ``<p>`` per notice)."""
    path = _file(folder, name)
    html = ".htm" in name
    line = f"<p>{notice}</p>\n" if html else f"{notice}\n"
    head, tail = ("<!doctype html><html><body>\n", "</body></html>\n") if html else ("", "")
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as out:
        out.write(head)
        for start in range(0, n, 10_000):
            out.write(line * min(10_000, n - start))
        out.write(tail)
    return path


def write_notice_file(folder: Path, lines: int = 20_000, name: str = "NOTICE.txt") -> Path:
    """A third-party NOTICE file of about ``lines`` lines, as bundled software ships: one
    section per package (name and version, licence, several "Copyright (c) YEAR Name" lines,
    a licence paragraph), separated by rules."""
    rng = random.Random(lines)
    licences = ("Apache-2.0", "MIT", "BSD-3-Clause", "ISC", "MPL-2.0")
    people = ("Jane Doe", "Wei Zhang", "Amara Okafor", "Lars Nilsson", "María García")
    out: list[str] = ["NOTICES AND INFORMATION", "", "This product bundles third-party software "
                      "under the licences below.", ""]  # fmt: skip
    package = 0
    while len(out) < lines:
        package += 1
        start = rng.randint(1995, 2020)
        out += ["=" * 72, f"Package: {rng.choice(_WORDS)}-{rng.choice(_WORDS)}-{package} "
                f"{rng.randint(0, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}",
                f"License: {rng.choice(licences)}", ""]  # fmt: skip
        for _ in range(rng.randint(1, 6)):
            holder = rng.choice((f"The {rng.choice(_WORDS).title()} Project Authors",
                                 f"{rng.choice(people)} <dev{package}@example.org>",
                                 f"{rng.choice(_WORDS).title()} Software Foundation",
                                 f"{rng.choice(_WORDS).title()} Labs, Inc."))  # fmt: skip
            years = f"{start}" if rng.random() < 0.5 else f"{start}-{rng.randint(start, 2025)}"
            out.append(f"Copyright (c) {years} {holder}")
        out += ["", "Licensed under the terms of the licence named above; you may not use",
                "this file except in compliance with that licence.", ""]  # fmt: skip
    path = _file(folder, name)
    path.write_text("\n".join(out[:lines]) + "\n", encoding="utf-8")
    return path


def write_long_line(folder: Path, size: int = 10_000_000, name: str = "long-line.txt") -> Path:
    """One line of ``size`` characters (words and spaces, no line break), a notice at each end."""
    path = _file(folder, name)
    notice = "© 2024 Long Line Ltd. "
    body = _text_of_size(max(0, size - 2 * len(notice) - 1), line_words=None)
    path.write_text(notice + body + " " + notice, encoding="utf-8")
    return path


def write_tiny_elements(folder: Path, n: int = 2_500_000, name: str = "tiny.html") -> Path:
    """An HTML page of ``n`` tiny elements (``<i>x</i>``: 2.5 million make 20 MB, under the
    size limit), a copyright notice at the end."""
    path = _file(folder, name)
    with open(path, "w", encoding="utf-8") as out:
        out.write("<!doctype html><html><body><p>")
        for start in range(0, n, 100_000):
            out.write("<i>x</i>" * min(100_000, n - start))
        out.write("</p><footer>© 2024 Tiny Elements Ltd.</footer></body></html>\n")
    return path


def write_deep_html(folder: Path, depth: int = 100_000, name: str = "deep.html") -> Path:
    """An HTML page whose body nests ``depth`` ``<div>`` elements, a copyright notice and an
    uncredited-looking paragraph in the innermost one."""
    path = _file(folder, name)
    inner = "<p>© 2024 Deep Nesting Ltd. All rights reserved.</p>"
    path.write_text(
        "<!doctype html><html><body>" + "<div>" * depth + inner + "</div>" * depth
        + "</body></html>\n", encoding="utf-8",
    )  # fmt: skip
    return path


def write_gzip_bomb(
    folder: Path, expanded: int = 1 << 30, name: str = "bomb.txt.gz", line: str = "\n"
) -> Path:
    """One gzip member that decompresses to ``expanded`` bytes of ``line`` repeated (newlines by
    default: 1 GiB compresses to about 1 MB).  ``expanded`` just under the size limit
    (:func:`just_under_limit`) gives the biggest member licscan reads; far over it, a bomb."""
    path = _file(folder, name)
    unit = line.encode("utf-8")
    chunk = unit * max(1, _CHUNK // len(unit))
    left = expanded
    with gzip.open(path, "wb", compresslevel=6) as out:
        while left > 0:
            piece = chunk[:left]
            out.write(piece)
            left -= len(piece)
    return path


def just_under_limit(max_size: int = DEFAULT_MAX_SIZE) -> int:
    """A decompressed size just under the default size limit."""
    return max_size - 1024


def write_nul_byte_draft(folder: Path, name: str = "draft.md") -> Path:
    """A Markdown draft that is text but for one NUL byte in the middle of a paragraph."""
    path = _file(folder, name)
    body = (
        "# A draft\n\nThe harbour council approved the budget for the river festival.\x00 "
        "The museum will stay open through the winter market.\n\n© 2024 Draft Example Ltd.\n"
    )
    path.write_bytes(body.encode("utf-8"))
    return path


def write_many_tiny_files(folder: Path, n: int = 10_000, name: str = "tiny-files") -> Path:
    """A folder of ``n`` tiny text files (one short line each, every tenth a notice), spread
    over subfolders of 1,000 files.  Returns the folder."""
    root = _file(folder, name)
    for i in range(n):
        sub = root / f"part{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        word = _WORDS[i % len(_WORDS)]
        text = f"© 2024 Holder {i} Ltd.\n" if i % 10 == 0 else f"Note {i}: {word}.\n"
        (sub / f"note{i:06d}.txt").write_text(text, encoding="utf-8")
    return root
