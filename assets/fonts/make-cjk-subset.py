#!/usr/bin/env python3
"""Builds ShellcountCJK-Regular.otf and ShellcountCJK-Bold.otf, the charts' fallback fonts for
Hangul, kana, common Han characters and CJK symbols, as subsets of Noto Sans CJK KR (SIL Open Font
License 1.1, see LICENSE-NotoSansCJK.txt). Run once by hand; the outputs are committed.

    apt-get download fonts-noto-cjk          # Debian 12: 1:20220127+repack1-1 (Noto Sans CJK 2.004)
    dpkg-deb -x fonts-noto-cjk_*.deb noto
    python3 -m venv venv && venv/bin/pip install fonttools==4.68.0
    venv/bin/python assets/fonts/make-cjk-subset.py noto/usr/share/fonts/opentype/noto assets/fonts

What is kept (Liberation Sans, the first font, already covers Latin, Greek, Cyrillic and Hebrew):
- both weights: Hangul (syllables, jamo, compatibility jamo, extensions), CJK symbols and
  punctuation, hiragana and katakana, enclosed CJK letters, CJK compatibility (units such as ㎜),
  half- and full-width forms, the symbol blocks U+2010–U+2BFF where Noto has them, and U+FFFD;
- Regular only: the Han characters of GB 2312 level 1, JIS X 0208 level 1 and the hanja of
  KS X 1001 (6,678 characters). Bold Han text is drawn with the Regular face made heavier.
Layout tables (GSUB, GPOS, vertical metrics) and hinting are dropped: the chart renderer uses
neither. The family is renamed, as the OFL asks of modified versions (no Reserved Font Name used).
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

FAMILY = "Shellcount CJK"
PS_FAMILY = "ShellcountCJK"
KOREAN_FACE = 1  # index of "Noto Sans CJK KR" in NotoSansCJK-*.ttc

BOTH = [
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2010, 0x2BFF),  # punctuation, arrows, maths, box drawing, shapes, symbols (where present)
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # hiragana, katakana
    (0x3130, 0x318F),  # Hangul compatibility jamo
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0x3200, 0x33FF),  # enclosed CJK letters, CJK compatibility
    (0xA960, 0xA97F),  # Hangul Jamo extended A
    (0xAC00, 0xD7A3),  # Hangul syllables
    (0xD7B0, 0xD7FF),  # Hangul Jamo extended B
    (0xFF00, 0xFFEF),  # half- and full-width forms
    (0xFFFD, 0xFFFD),  # replacement character: what the charts draw for text no font has
]


def double_byte(codec, first, last):
    """Characters of a double-byte EUC code set whose first byte lies in [first, last]."""
    out = set()
    for b1 in range(first, last + 1):
        for b2 in range(0xA1, 0xFF):
            try:
                out.add(ord(bytes([b1, b2]).decode(codec)))
            except (UnicodeDecodeError, TypeError):
                pass
    return out


def common_han():
    """GB 2312 level 1, JIS X 0208 level 1 and KS X 1001 hanja, unified ideographs only."""
    han = double_byte("gb2312", 0xB0, 0xD7)  # level 1: 3,755 characters
    han |= double_byte("euc_jp", 0xB0, 0xCF)  # level 1: 2,965 characters
    han |= double_byte("euc_kr", 0xCA, 0xFD)  # hanja: 4,888 characters
    return {c for c in han if 0x4E00 <= c <= 0x9FFF}


def codepoints(ranges):
    return {c for lo, hi in ranges for c in range(lo, hi + 1)}


def rename(font, style):
    full = f"{FAMILY} {style}"
    ps = f"{PS_FAMILY}-{style}"
    name = font["name"]
    version = name.getDebugName(5) or ""
    for name_id in (1, 2, 3, 4, 6, 16, 17, 18, 21, 22, 25):
        name.removeNames(nameID=name_id)
    for name_id, text in [
        (1, FAMILY),
        (2, style),
        (3, f"{ps}; subset of Noto Sans CJK KR {version} for shellcount's charts"),
        (4, full),
        (6, ps),
    ]:
        name.setName(text, name_id, 3, 1, 0x409)
        name.setName(text, name_id, 1, 0, 0)
    cff = font["CFF "].cff
    cff.fontNames = [ps]
    top = cff.topDictIndex[0]
    top.FullName = full
    top.FamilyName = FAMILY


def build(source_dir, out_dir, style, chars):
    ttc = TTCollection(str(Path(source_dir) / f"NotoSansCJK-{style}.ttc"))
    font = ttc.fonts[KOREAN_FACE]
    assert font["name"].getDebugName(1) == "Noto Sans CJK KR", font["name"].getDebugName(1)
    options = subset.Options()
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx"]
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(chars))
    subsetter.subset(font)
    rename(font, style)
    font.recalcTimestamp = False  # keep the source's date: the same input gives the same bytes
    out = Path(out_dir) / f"{PS_FAMILY}-{style}.otf"
    font.save(str(out))
    print(f"{out}: {len(font.getBestCmap())} characters, {out.stat().st_size:,} bytes")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: make-cjk-subset.py NOTO_CJK_DIR OUT_DIR")
    source_dir, out_dir = sys.argv[1], sys.argv[2]
    both = codepoints(BOTH)
    build(source_dir, out_dir, "Regular", both | common_han())
    build(source_dir, out_dir, "Bold", both)


if __name__ == "__main__":
    main()
