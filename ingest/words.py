"""Chinese words, cut by jieba in one place: BM25 tokens, question keywords, evaluation key terms.

jieba's module-level functions share one global dictionary, so a word that one caller adds (or a
test deletes) would change every other caller's words, depending on what ran first in the process.
Each vocabulary therefore gets a private `jieba.Tokenizer`: the stock dictionary (`cut`), or the
stock dictionary plus DOMAIN_WORDS (`cut(domain=True)` and `search_tokens`), so that 微信公众号 and
行政复议 stay one token. jieba is imported on first use: numeric questions never load it.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any

DOMAIN_WORDS = (
    "公众号", "微信公众号", "政务公开", "政府信息公开", "主动公开", "依申请公开", "行政复议", "行政诉讼",
    "门户网站", "政务新媒体", "公开栏", "信息处理费", "三审三校", "保密审查", "政策解读", "监督保障",
    "责任追究", "绩效考核", "信息管理", "平台建设", "改进措施", "存在问题", "乡村广播", "不予公开",
)
# Words of questions and chunks alike that do not help BM25 tell chunks apart.
_SEARCH_STOP = frozenset(
    ["的", "了", "是", "在", "和", "与", "及", "或", "等", "有", "把", "被", "对", "为", "以", "于", "将", "也", "都", "而", "之", "其", "这", "那", "我", "我们", "你", "吗", "呢", "吧", "啊", "么", "多少", "哪些", "什么", "怎么", "怎样", "如何", "是否", "有没有", "没有", "几", "个", "请问", "一下"]
)


def tokenizer(domain: bool = False) -> Any:
    """A private jieba Tokenizer: the stock dictionary, plus DOMAIN_WORDS when `domain`.

    Built once per process and vocabulary (loading jieba's dictionary takes most of a second)."""
    return _tokenizer(bool(domain))


@lru_cache(maxsize=2)
def _tokenizer(domain: bool) -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    private = jieba.Tokenizer()
    for word in DOMAIN_WORDS if domain else ():
        private.add_word(word)
    return private


def cut(text: str, *, domain: bool = False) -> list[str]:
    """jieba's words of `text` (accurate mode), with the stock dictionary or the domain one."""
    return list(tokenizer(domain).lcut(text))


def search_tokens(text: str) -> list[str]:
    """BM25 tokens: jieba's search-mode words, lower-cased, without punctuation and stop words.

    The same function tokenises chunks at ingest (stored in SQLite) and questions at query time.
    """
    import jieba

    from ingest.normalise import normalise_chars

    norm = normalise_chars(text).lower()
    # jieba cuts each run of han/alphanumeric characters on its own (it splits on this same
    # pattern first), so the runs are cut once per process: reports repeat most of their phrases.
    words = [w for run in jieba.re_han_default.split(norm) if run for w in _search_words(run)]
    return [w for w in (w.strip() for w in words) if w and w not in _SEARCH_STOP and any(c.isalnum() for c in w)]


@lru_cache(maxsize=65536)
def _search_words(run: str) -> tuple[str, ...]:
    """jieba's search-mode words of one run (what `cut_for_search` yields for it inside a text)."""
    return tuple(tokenizer(True).cut_for_search(run))
