"""Words for BM25 and scoring: domain terms stay whole, and nothing depends on jieba's global state."""

from __future__ import annotations

from ingest.words import cut, search_tokens, tokenizer


def test_search_tokens_keep_domain_words_and_drop_punctuation() -> None:
    tokens = search_tokens("全年通过微信公众号推送信息71条，有没有行政复议？")
    assert {"公众号", "微信公众号", "行政复议", "71"} <= set(tokens)
    assert "，" not in tokens and "？" not in tokens and "有没有" not in tokens
    assert search_tokens("ＡＢＣ７１") == ["abc71"]


def test_domain_words_only_in_the_domain_vocabulary() -> None:
    assert "三审三校" in cut("落实三审三校制度", domain=True)
    assert "三审三校" not in cut("落实三审三校制度")


def test_words_ignore_what_others_do_to_jiebas_global_dictionary() -> None:
    import jieba

    text = "加强政策解读，落实三审三校制度。"
    before = (search_tokens(text), cut(text), cut(text, domain=True))
    jieba.add_word("强政")
    jieba.del_word("政策解读")
    try:
        assert (search_tokens(text), cut(text), cut(text, domain=True)) == before
    finally:
        jieba.del_word("强政")


def test_each_vocabulary_is_loaded_once() -> None:
    assert tokenizer() is tokenizer(False) is tokenizer(domain=False)
    assert tokenizer(True) is tokenizer(domain=True) is not tokenizer()


def test_search_tokens_are_jiebas_search_words_of_the_whole_text() -> None:
    from ingest.normalise import normalise_chars
    from ingest.words import _SEARCH_STOP, tokenizer

    text = ("全年通过“青石发布”微信公众号推送信息41条，门户网站WWW更新3.5万字；\n"
            "本年新收政府信息公开申请数量\t12\t0\t0\n背孜乡落实三审三校。") * 2
    whole = [w.strip() for w in tokenizer(True).cut_for_search(normalise_chars(text).lower())]
    expected = [w for w in whole if w and w not in _SEARCH_STOP and any(c.isalnum() for c in w)]
    assert search_tokens(text) == expected and "微信公众号" in expected
