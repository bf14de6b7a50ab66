"""Chinese word segmentation, applied the same way to documents and to queries.

rjieba (jieba-rs) segments like jieba, about 25 times faster (`bench/segmentation_bench.py`).
Text is normalised for matching only (full-width forms to half-width, lower case); what is
stored and shown stays as written.
"""

import re
import unicodedata

import rjieba

LETTERS_OR_DIGITS = re.compile(r"[^\W\d_]+|\d+")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Longer tokens are runs of digits or junk that nobody types; PostgreSQL caps a lexeme too.
MAX_TOKEN = 40


def normalize(text):
    return unicodedata.normalize("NFKC", text).lower()


# A term: a run of letters and digits within one token (\x1f separates the tokens).
TERM = re.compile(rf"[^\W_]{{1,{MAX_TOKEN}}}")
# A token mixing letters and digits (`5g`, `iphone11`), also found by its runs.
MIXED = re.compile(r"(?<![^\W_])(?=[^\W_]*\d)(?=[^\W_]*[^\W\d_])[^\W_]+")


def document_terms(text):
    """Every term of a document in order, in search mode: a long word also yields the shorter
    words inside it (`武汉市` gives 武汉 and 武汉市), so a query for either finds it. `6.5%`
    gives 6 and 5; a term mixing letters and digits (`5g`, `iphone11`) is followed by its
    letter and digit runs, so `iPhone 11` finds `iPhone11`."""
    # One pass of regular expressions over the joined tokens, not a Python loop over each:
    # this is most of the time an index rebuild takes.
    joined = "\x1f".join(rjieba.cut_for_search(normalize(text)))
    terms = TERM.findall(joined)
    for mixed in MIXED.findall(joined):
        if len(mixed) <= MAX_TOKEN and not HAN.search(mixed):
            terms.extend(LETTERS_OR_DIGITS.findall(mixed))
    return terms


def query_words(text):
    """The words of a query, each with the shorter words inside it: [(word, [subwords])].

    A document holds a long word's dictionary sub-words, not every piece of it; a query word
    matches the word itself or all of its sub-words (`人民银行` or 人民 and 银行)."""
    words = []
    for term in TERM.findall("\x1f".join(rjieba.cut(normalize(text)))):
        inside = [t for t in document_terms(term) if t != term]
        words.append((term, list(dict.fromkeys(inside))))
    return words


HAN_RUN = re.compile(rf"{HAN.pattern}+")


def short_terms(text, known=()):
    """The one- and two-character Han strings of `text` that are not among `known` terms, in
    order of first appearance: indexed for titles, so that a one- or two-character query (`鄂`,
    `州机` of 鄂州机场) is answered by the index like any word."""
    grams = {}
    for run in HAN_RUN.findall(normalize(text)):
        for start in range(len(run)):
            grams[run[start]] = None
            if start + 1 < len(run):
                grams[run[start : start + 2]] = None
    known = set(known)
    return [gram for gram in grams if gram not in known]


def is_han(text):
    return bool(text) and all(HAN.match(ch) for ch in text)
