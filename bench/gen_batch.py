#!/usr/bin/env python3
"""Makes N real-sized, varied reports from the corpus for bench/batch.sh and
tests/batch.rs: copies of the full corpus reports (../shared/corpus/*-2023.*)
with the body renamed (a made-up county in place of the city or district) and a
few numbers changed (some sums then no longer add up). Every fourth report is
the previous report's body one year earlier (the year in the text becomes 2022),
so that the batch has pairs across years. Deterministic for a given N and seed.

Usage: gen_batch.py CORPUS_DIR OUT_DIR N [SEED]
Files go in OUT_DIR/NNN/ folders of 1,000 reports each.
"""
import os
import random
import re
import sys

# The place each corpus report's body begins with, renamed in the copies.
PLACES = {
    "dazhou-city-hrss-2023.md": "达州市",
    "linwei-district-hrss-2023.txt": "渭南市临渭区",
    "xinxiang-city-hrss-2023.txt": "新乡市",
}
CHARS = "安宝昌德东丰福广海和华惠嘉建江金晋康乐临龙隆宁平清庆瑞山寿顺泰通文武西祥新兴阳永元云长正中"


def place_name(i):
    """A unique made-up county name for index i ("安宝昌德县")."""
    s = ""
    for _ in range(4):
        s += CHARS[i % len(CHARS)]
        i //= len(CHARS)
    return s + "县"


def vary_numbers(text, rng, count):
    """Changes `count` numbers after the title by +1..+3."""
    start = text.find("\n", text.find("年度报告")) + 1
    spots = [m for m in re.finditer(r"(?<![\d.])\d{1,4}(?![\d.])", text[start:])]
    spots = [m for m in spots if not (1990 <= int(m.group()) <= 2030)]
    out = text
    for m in sorted(rng.sample(spots, min(count, len(spots))), key=lambda m: -m.start()):
        a, b = start + m.start(), start + m.end()
        out = out[:a] + str(int(m.group()) + rng.randint(1, 3)) + out[b:]
    return out


def main():
    corpus, out_dir, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 13)
    sources = []
    for name, place in sorted(PLACES.items()):
        with open(os.path.join(corpus, name), encoding="utf-8") as f:
            sources.append((name, place, f.read()))
    for i in range(n):
        body = i - 1 if i % 4 == 1 else i
        name, place, text = sources[body % len(sources)]
        text = text.replace(place, place_name(body))
        year = 2023
        if i % 4 == 1:
            year = 2022
            text = text.replace("2023", "2022")
        text = vary_numbers(text, rng, rng.randint(0, 3))
        folder = os.path.join(out_dir, "%03d" % (i // 1000))
        os.makedirs(folder, exist_ok=True)
        ext = os.path.splitext(name)[1]
        path = os.path.join(folder, "%06d-%d%s" % (i, year, ext))
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
