"""A stored agency's name written with one wrong character (平谭 for 平潭, 鸿泽区 for 洪泽区).

People type names from memory and with pinyin input methods, so a name one character off the
stored one is common; answering "库中没有" to it sends them away from the report they wanted. A
question is read as naming the stored agency when exactly one agency has a name the question
writes with exactly one character replaced, and the written name is not itself a real division
(鸿泽区 is no county, so it is a typo; 杭州市财政局 is not 广州市's), and the two characters sound
alike (pypinyin: 谭/潭 tán, 鸿/洪 hóng — what a pinyin keyboard offers in the wrong order; 东川镇 is
not 东山镇). The answer says how it read the name, so a wrong guess is seen at once.

Two-character names are short enough to collide by chance, so they count only at the start of the
question and right before its year (平谭2024年…). The names are indexed by each one-character
wildcard, so a question costs a few hundred dictionary lookups whatever the size of the store.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.agencies import known_division

_WILD = "\x00"
_LEAD = re.compile(r"^(?:请问|你好|您好|我想问|想问|问一下|查一下|查询)*")


@dataclass(frozen=True)
class NearMiss:
    ref_index: int  # which agency (the caller's numbering)
    written: str  # as the question has it
    name: str  # the stored name it is one character off


class NearIndex:
    """Every name of every agency, by its one-character wildcards."""

    def __init__(self, names: Iterable[tuple[str, int]]) -> None:
        self._by_key: dict[str, set[tuple[str, int]]] = {}
        self._exact: set[str] = set()
        for name, n in names:
            self._exact.add(name)
            for i in range(len(name)):
                self._by_key.setdefault(name[:i] + _WILD + name[i + 1 :], set()).add((name, n))

    def find(self, text: str) -> NearMiss | None:
        """The one agency the text names with one character wrong, or None (none, or several)."""
        start = _LEAD.match(text).end()  # type: ignore[union-attr]
        found: dict[int, NearMiss] = {}
        for i in range(start, len(text)):
            for length in range(2, min(12, len(text) - i) + 1):
                written = text[i : i + length]
                if not re.fullmatch(r"[\u4e00-\u9fff]+", written) or written in self._exact:
                    continue
                if length == 2 and not (i == start and re.match(r"\d", text[i + 2 : i + 3])):
                    continue
                for j in range(length):
                    for name, n in self._by_key.get(written[:j] + _WILD + written[j + 1 :], ()):
                        if (not _sound_alike(written[j], name[j]) or _names_a_place(written, j)
                                or _is_real_name_part(written, name, j)):
                            continue
                        best = found.get(n)
                        if best is None or len(name) > len(best.name):
                            found[n] = NearMiss(n, written, name)
        if len(found) != 1:
            return None
        return next(iter(found.values()))


def _sound_alike(a: str, b: str) -> bool:
    """Two characters with a reading in common, tones ignored."""
    from pypinyin import Style, pinyin

    readings = [set(pinyin(c, style=Style.NORMAL, heteronym=True)[0]) for c in (a, b)]
    return bool(readings[0] & readings[1])


def _names_a_place(written: str, j: int) -> bool:
    """杭州市财政局 is not 广州市财政局 mistyped: the differing character is part of a real division
    written where a division stands — at the start of the name, or right after another division
    (浙江杭州市). 成县 inside 通成县 is not written so: there 通成县 is 通城县 mistyped."""
    return any(_place(written[a:b]) and _division_starts(written, a)
               for a in range(0, j + 1) for b in range(j + 1, len(written) + 1) if b - a >= 2)


def _place(name: str) -> bool:
    """A real division's name, or its stem (台州 of 台州市: 台州民政 is not 泰州民政 mistyped)."""
    return known_division(name) or any(known_division(name + suffix) for suffix in "市县区省州旗")


def _division_starts(written: str, a: int) -> bool:
    """Whether a division may begin at `a`: the start, or the end of a chain of divisions before it."""
    return a == 0 or any(_place(written[k:a]) and _division_starts(written, k) for k in range(0, a - 1))


def _is_real_name_part(written: str, name: str, j: int) -> bool:
    """A difference in the kind word (镇/乡, 局/厅, 区/县) names another kind of body, not a typo."""
    return j == len(name) - 1 and name[j] in "镇乡区县市省局厅委办部处所站心"
