"""Make extracted text parseable while keeping a map back to what the report says.

PDF-extracted reports are full of look-alike code points: Kangxi radicals (⼀ U+2F00 for 一),
CJK radical supplements (⺠ for 民), full-width digits and punctuation, ideographic spaces, and
sentences broken over lines with blank lines between. Parsers read the normalised text; citations
quote the original. `NormText.span()` turns offsets in the normalised text into a `Span` of the
original text, so every parsed record points at the exact characters the report printed.

Mirror sites publish reports in traditional characters, some with pinyin glosses inside words
(根據(jù)): a text that reads as traditional is converted to simplified with OpenCC (t2s) before
parsing, character for character so that offsets still hold, and glosses are dropped.

After normalisation: digits and punctuation are ASCII where NFKC makes them so (（一） → (一),
： → :, ， → ,), 。 and 、 stay, and line breaks inside a prose sentence are removed.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ingest.records import Span

# CJK Radicals Supplement code points that NFKC leaves alone but PDFs emit for common characters.
_RADICAL_SUPPLEMENT = {
    "⺠": "民", "⻅": "见", "⻓": "长", "⻔": "门", "⻢": "马", "⻛": "风", "⻆": "角",
    "⻝": "食", "⻬": "齐", "⻄": "西", "⻚": "页", "⻰": "龙", "⻥": "鱼", "⻤": "鬼",
    "⻋": "车", "⺟": "母", "⻩": "黄", "⻉": "贝", "⻜": "飞", "⻘": "青", "⻨": "麦",
    "⻙": "韦", "⻦": "鸟", "⺈": "刀", "⺊": "卜", "⺌": "小", "⺍": "小",
    "⺕": "彐", "⺗": "心", "⺡": "水", "⺢": "水", "⺣": "火", "⺤": "爪", "⺥": "爪",
    "⺦": "丬", "⺧": "牛", "⺨": "犬", "⺩": "王", "⺪": "疋", "⺫": "目", "⺭": "示",
    "⺮": "竹", "⺶": "羊", "⺷": "羊", "⺺": "肀", "⻊": "足", "⻌": "辶", "⻍": "辶",
    "⻎": "辶", "⻖": "阝", "⻏": "阝", "⻣": "骨", "⻭": "齿", "⻮": "齿", "⻯": "龙",
    "⻲": "龟", "⻳": "龟", "⺁": "厂", "⺄": "乙", "⺇": "几", "⺋": "卩", "⺐": "尢",
    "⺑": "尢", "⺒": "巳", "⺓": "幺", "⺔": "彐", "⺙": "攵", "⺛": "旡", "⺝": "月",
    "⺞": "歹", "⺯": "糸", "⺰": "纟", "⺳": "网", "⺴": "网", "⺵": "网",
    "⺸": "羊", "⺹": "耂", "⺻": "聿", "⺾": "艹", "⺿": "艹", "⻀": "艹", "⻁": "虎",
    "⻂": "衤", "⻃": "西", "⻇": "见", "⻈": "讠", "⻑": "長", "⻒": "镸", "⻕": "门",
    "⻗": "雨", "⻟": "饣", "⻠": "饣", "⻡": "首", "⻧": "卤", "⻪": "黾",
    "⻫": "齐", "⻱": "龜",
}
# Variant characters that neither NFKC nor OpenCC's t2s maps (陜 in 陜西 on mirror sites).
_VARIANTS = {"陜": "陕"}
_KEEP = {"…", "—", "“", "”", "‘", "’", "、", "。", "·"}
WRAP_MIN = 20  # a PDF line of A4 prose holds 25–30 characters; headings are shorter
_END_PUNCT = "。!?;:…」』”"  # not ")": PDFs wrap after a closing bracket mid-sentence
_NEWLINE = re.compile("\n")
_NUMBERS_AT_END = re.compile(r"(\s\d[\d.]*){2,}\s*$")
_NOT_WORD = re.compile(r"[\s\W_]+")
# One sentence, or what is left of a line: the unit facts are read from and answers quote.
SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
_BULLET = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.]|\(?[一二三四五六七八九十]+\)|\d+[.、]|第[一二三四五六七八九十]|[0-9])")


# A pinyin gloss written after a character on mirror sites: 根據(jù), 應(yīng). NFKC made its brackets ASCII.
_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])\((?=[a-z]*[\u00e0-\u01dc])[a-z\u00e0-\u01dc]{1,7}\)")
_HAN = re.compile(r"[\u4e00-\u9fff]")
TRADITIONAL_SHARE = 0.01  # a text where ≥ 1 % of the Han characters change under t2s is traditional


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified with OpenCC, the same length (a phrase that OpenCC would convert to
    another length is converted character by character), so offsets into `text` still hold."""
    cc = _t2s()
    try:
        out = cc.convert(text)
    except UnicodeEncodeError:  # a lone surrogate from a broken file: convert around it
        out = ""
    if len(out) == len(text):
        return out
    chars = []
    for ch in text:
        c = ch if "\ud800" <= ch <= "\udfff" else cc.convert(ch)
        chars.append(c if len(c) == 1 else ch)
    return "".join(chars)


def strip_glosses(text: str) -> str:
    """根據(jù) → 根據: the pinyin glosses of mirror sites, in a string already through `normalise_chars`."""
    return _GLOSS.sub("", text)


def simplified(text: str) -> str:
    """`to_simplified` when the text reads as traditional, else the text unchanged: t2s on a simplified
    text would still turn a few legitimate characters (著, 乾) into others."""
    if not text.isascii():
        out = to_simplified(text)
        changed = sum(1 for a, b in zip(text, out, strict=True) if a != b)
        if changed >= 3 and changed >= TRADITIONAL_SHARE * len(_HAN.findall(text)):
            return out
    return text


class _CharTable(dict[int, str]):
    """Code point -> normalised character, filled on first sight: a `str.translate` table that
    maps each character once per process (reports use a few thousand distinct characters)."""

    def __missing__(self, code: int) -> str:
        out = self[code] = _map_char(chr(code))
        return out


_TABLE = _CharTable()


def normalise_char(ch: str) -> str:
    """One character to its parseable form, or itself when NFKC would change the length."""
    return _TABLE[ord(ch)]


def _map_char(ch: str) -> str:
    if ch in _RADICAL_SUPPLEMENT:
        return _RADICAL_SUPPLEMENT[ch]
    if ch in _VARIANTS:
        return _VARIANTS[ch]
    if ch in _KEEP or ch.isascii():
        return ch
    if ch in "\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff":
        return " " if ch not in "\u200b\ufeff" else ""
    out = unicodedata.normalize("NFKC", ch)
    return out if len(out) == 1 else ch


def normalise_chars(text: str) -> str:
    """`normalise_char` over a string, lines left as they are (questions, search tokens, names)."""
    return text.translate(_TABLE)


def compact(text: str) -> str:
    """NFKC text without whitespace, punctuation or underscores: to ask whether a phrase is in a text
    however either one is spaced or punctuated."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text))


def display(original: str) -> str:
    """Text to show people: look-alike radicals fixed, wrapped lines joined, punctuation kept (，not ,)."""
    out = []
    for ch in original:
        code = ord(ch)
        if ch in _RADICAL_SUPPLEMENT:
            ch = _RADICAL_SUPPLEMENT[ch]
        elif 0x2F00 <= code <= 0x2FDF:  # Kangxi radicals
            ch = unicodedata.normalize("NFKC", ch)
        out.append(ch)
    return re.sub(r"[ \t\u3000]*\n\s*", "", _PAGE_MARK_LINE.sub("", "".join(out))).strip()


# a page number on its own line between two lines of a quote (“- 4 -”, “第4页 共12页”): not the text's
_PAGE_MARK_LINE = re.compile(r"(?<=\n)[ \t]*(?:[-—–][ \t]*\d{1,3}[ \t]*[-—–]|第[ \t]*\d{1,3}[ \t]*页"
                             r"(?:[ \t]*[,，/]?[ \t]*共[ \t]*\d{1,3}[ \t]*页)?)[ \t]*\n")


@dataclass(frozen=True)
class NormText:
    """Normalised text with `origin[i]` = offset in the original of normalised character i."""

    original: str
    text: str
    origin: tuple[int, ...]
    _line_starts: tuple[int, ...] = field(default=(), repr=False)

    def to_original(self, offset: int) -> int:
        if offset >= len(self.origin):
            return len(self.original)
        return self.origin[offset]

    def span(self, start: int, end: int, page: int | None = None) -> Span:
        """Span in the original text for normalised offsets [start, end)."""
        o_start = self.to_original(start)
        o_end = self.to_original(end - 1) + 1 if end > start else o_start
        line = bisect.bisect_right(self._line_starts, o_start)
        # Offsets computed here are ints by construction: skip validation (called per cell and sentence).
        return Span.model_construct(start=o_start, end=o_end, line=line, page=page)

    def quote(self, start: int, end: int) -> str:
        """The original characters behind normalised [start, end)."""
        s = self.span(start, end)
        return self.original[s.start : s.end]


def _line_starts(text: str) -> tuple[int, ...]:
    return (0, *[m.end() for m in _NEWLINE.finditer(text)])


def _numeric_tail(line: str) -> str:
    """The trailing run of spaces, digits and dots: the only part `_NUMBERS_AT_END` can match
    (searching the whole line instead retries from every position, quadratic on long lines)."""
    k = len(line)
    while k and (line[k - 1].isspace() or line[k - 1].isdecimal() or line[k - 1] == "."):
        k -= 1
    return line[k:]


def _is_prose_break(line: str, nxt: str) -> bool:
    """True when `line` ends mid-sentence and `nxt` continues it (PDF line wrap)."""
    stripped = line.rstrip()
    if stripped.endswith(":") and re.match(r"\s*[A-Za-z0-9]", nxt) and len(stripped) >= WRAP_MIN:
        return True  # 电子邮箱:|hzzwgk@126.com): a label whose value the line wrap pushed down
    if len(stripped) < WRAP_MIN or stripped[-1] in _END_PUNCT or "\t" in stripped or stripped.count("|") >= 2:
        return False  # too short for a wrapped sentence, ended, or a table row
    if _NUMBERS_AT_END.search(_numeric_tail(stripped)):  # a table row ending in numbers
        return False
    nxt = nxt.lstrip()
    if len(stripped) < 30 and (_BULLET.match(stripped) or len(nxt.rstrip()) < 15 and nxt.rstrip()[-1:] not in _END_PUNCT):
        return False  # a short numbered line, or one before a short unpunctuated one: a heading, not a wrap
    return bool(nxt) and not _BULLET.match(nxt) and "\t" not in nxt


def normalise(original: str) -> NormText:
    """Normalise characters one by one, then join prose lines that a PDF wrapped.

    Most characters map to exactly one character, so the common case is one `str.translate` with
    origin[i] = i; a text with dropped characters (zero-width spaces, "\r\n") takes the loop."""
    text = original.translate(_TABLE)
    origin: list[int] | range
    if len(text) == len(original) and "\r" not in original:  # nothing dropped: origin[i] = i
        origin = range(len(original))
    else:
        chars: list[str] = []
        origin = []
        table = _TABLE
        for i, ch in enumerate(original):
            if ch == "\r":
                if i + 1 < len(original) and original[i + 1] == "\n":
                    continue  # "\r\n": the "\n" that follows stands for both
                ch = "\n"
            out = table[ord(ch)]
            if out:
                chars.append(out)
                origin.append(i)
        text = "".join(chars)
    text = simplified(text)
    text, origin = _drop_glosses(text, origin)
    joined_text, joined_origin = _join_wrapped(text, origin)
    return NormText(
        original=original,
        text=joined_text,
        origin=tuple(joined_origin),
        _line_starts=_line_starts(original),
    )


def _drop_glosses(text: str, origin: list[int] | range) -> tuple[str, list[int] | range]:
    """Remove pinyin glosses (根據(jù) → 根据), keeping the map to the original for what remains."""
    spans = [m.span() for m in _GLOSS.finditer(text)]
    if not spans:
        return text, origin
    keep_text, keep_origin, last = [], [], 0
    for start, end in spans:
        keep_text.append(text[last:start])
        keep_origin += origin[last:start]
        last = end
    keep_text.append(text[last:])
    keep_origin += origin[last:]
    return "".join(keep_text), keep_origin


def _join_wrapped(text: str, origin: list[int] | range) -> tuple[str, list[int] | range]:
    """Drop the line breaks (and blank lines) inside wrapped prose sentences."""
    lines = text.split("\n")
    drops: list[tuple[int, int]] = []
    pos = 0
    offsets = []
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    i = 0
    while i < len(lines) - 1:
        j = i + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines) and _is_prose_break(lines[i], lines[j]):
            # Remove from the end of line i (its trailing spaces too) to the start of line j's text.
            start = offsets[i] + len(lines[i].rstrip())
            end = offsets[j] + (len(lines[j]) - len(lines[j].lstrip()))
            drops.append((start, end))
            i = j
        else:
            i += 1
    if not drops:
        return text, origin
    pieces: list[str] = []
    kept: list[int] = []
    last = 0
    for start, end in drops:  # ascending and disjoint: each starts in a later line
        pieces.append(text[last:start])
        kept += origin[last:start]
        last = max(last, end)
    pieces.append(text[last:])
    kept += origin[last:]
    return "".join(pieces), kept
