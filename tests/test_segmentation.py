"""segmentation.py: jieba-rs gives jieba's own words, with and without user words."""

from __future__ import annotations

import logging

import jieba
import pytest

from agreements import memo, segmentation

# Sentences from the hosted texts; 特别注意 is where a wrong dictionary total shows (a route of
# more words costs more when the total is larger).
SENTENCES = [
    "请您务必审慎阅读、充分理解各条款内容，并特别注意未成年人使用条款。",
    "腾讯有权对您的QQ号码进行回收，您不得将QQ号码转让、出借或赠与他人。",
    "因本协议引起的或与本协议有关的争议，均应提交腾讯所在地有管辖权的人民法院诉讼解决。",
    "我们会采取加密、去标识化等安全措施保护您的个人信息，防止数据泄露、毁损或丢失。",
    "You may contact us at privacy@example.com or 400-670-0700 (9:00-18:00).",
]
USER_WORDS = frozenset({"未成年人", "QQ号码", "人民法院", "我们", "个人信息", "腾讯", "特别条款", "安全措施"})


@pytest.fixture(scope="module")
def jieba_with_words() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for w in sorted(USER_WORDS):
        tok.add_word(w, freq=max(tok.FREQ.get(w, 0), segmentation.USER_FREQ))
    return tok


@pytest.mark.parametrize("sentence", SENTENCES)
def test_the_default_dictionary_cuts_as_jieba_does(sentence: str) -> None:
    jieba.setLogLevel(logging.WARNING)
    assert segmentation.cut(segmentation.default(), sentence) == jieba.lcut(sentence, HMM=False)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_user_words_cut_as_jieba_add_word_does(sentence: str, jieba_with_words: jieba.Tokenizer) -> None:
    assert segmentation.cut(segmentation.with_words(USER_WORDS), sentence) == jieba_with_words.lcut(sentence, HMM=False)


def test_the_dictionary_total_follows_jieba() -> None:
    """Every added word raises jieba's total, and a larger total makes a route of more words cost
    more: words are added until 特别注意 just stays whole in jieba, and then it must here too
    (with a total short by the weights of the words jieba already had, it would not)."""
    tok = jieba.Tokenizer()
    tok.initialize()
    for w in sorted(USER_WORDS):
        tok.add_word(w, freq=max(tok.FREQ.get(w, 0), segmentation.USER_FREQ))
    many = set(USER_WORDS)
    while "特别注意" not in tok.lcut(SENTENCES[0], HMM=False):
        many.add(word := f"条款{len(many):03d}")
        tok.add_word(word, freq=segmentation.USER_FREQ)
    assert segmentation.cut(segmentation.with_words(frozenset(many)), SENTENCES[0]) == tok.lcut(SENTENCES[0], HMM=False)
    assert "特别注意" not in segmentation.cut(segmentation.default(), SENTENCES[0])


def test_frequencies_come_from_jiebas_dictionary_and_are_memoised() -> None:
    jieba.setLogLevel(logging.WARNING)
    words = ["人民法院", "我们", "未成年人", "不在词典里的词"]
    assert segmentation.frequencies(words) == [jieba.dt.FREQ.get(w, 0) for w in words]
    assert memo.missing("jieba-freq", words) == []
