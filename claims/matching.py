"""Same person? Same claim? Same event? Where do outlets disagree?

Pure Python, no Django: the importer and the editors' tools call these functions, and
tests/test_matching.py drives them on the seed articles. Everything is deterministic: the same
input in the same order gives the same output.

People
------
``name_key`` is exact identity once typography is set aside: accents, case, and the hyphens,
dots, underscores and spaces between parts ("Kim Jong-un" == "Kim Jong Un").

``compare_names`` compares two names part by part and answers

- "same": spellings of one name. The name keys are equal, or the same letters are divided
  differently ("Jong-un"/"Jongun"), or every differing part is one spelling under the loose
  spelling rule: y read as i and doubled letters made single, which is how transliterations
  from Cyrillic drift ("Zelensky", "Zelenskyy" and "Zelenskiy" are all "zelenski").
- "candidate": needs context to agree. A Korean surname in two romanizations
  (``KOREAN_ROMANIZATIONS``: Lee/Ri, Paek/Baek), which no spelling distance finds; a close
  spelling (rapidfuzz ratio at least ``CLOSE_SPELLING_RATIO``, or the same consonant skeleton:
  "Zelensky"/"Zelenska", who is his wife); one name a part of the other ("Zelensky" and
  "Volodymyr Zelensky").
- "different": anything else.

``same_person`` adds the context: the roles, which confirm or veto and otherwise say nothing.
A role's head is its last word before a comma, bracket or preposition ("President of Ukraine"
-> president, "captured North Korean soldier (rifleman)" -> soldier); its other words are
modifiers. Roles agree when the heads are one word and the modifiers overlap (or one role has
none): a candidate becomes "same". Roles conflict when the heads differ and no modifier is
shared ("captured North Korean soldier" / "foreign-ministry spokesman"): the answer is
"different", even for one spelling. Synonymous heads ("spokesman"/"official") neither agree nor
conflict when they share a modifier; without one they conflict: an editor merges those.

Claims
------
``claim_similarity`` scores two wordings from 0 to 1 as the mean of three scores:

- cosine of TF-IDF vectors over character n-grams (``char_wb``, 3-5), which sees shared stems
  across inflections and translations ("repatriated"/"repatriation", "persecution");
- cosine of TF-IDF vectors over content words and word pairs (English stop words dropped,
  words cut to ``STEM_LENGTH`` letters), which sees shared phrases ("free will",
  "international law", "conveyed this position");
- rapidfuzz ``token_set_ratio`` / 100, which forgives one wording being a fragment of another
  ("plans to apply for refugee status" inside the soldier's longer quote).

The vectorizers are fitted on the texts being compared and nothing else (no downloaded model),
so words common to the whole set - the story's topic words, "North Korean soldiers" - weigh less
than the words that make a claim. ``claim_similarity`` fits them on its two texts only, so its
score can differ a little from the same pair's score inside ``group_claims``.

``group_claims`` clusters with average linkage (scikit-learn ``AgglomerativeClustering`` on
distances 1 - similarity) and stops at ``DEFAULT_THRESHOLD``. Average linkage joins two groups
only when their members are alike on the whole, so claims that each share a topic word with the
next are not chained into one group, as single linkage would. Two appearances are never in one
group, whatever their score:

- when both have a speaker and the speakers differ (one speaker's words are not another's);
- when they are in one article, unless they score at least ``SAME_ARTICLE_THRESHOLD``: an
  article repeating a quote (a caption and the body) repeats one claim, but two different
  sentences in one article are two claims even when they say related things.

The threshold, 0.31, comes from the seed articles (the claims in tests/test_matching.py,
grouped with and without speakers): every threshold from 0.3025 to 0.3225 gives the reader's
groups. Below that, two claims sharing only topic words join (the spy agency's "no interest in
seeking asylum" and "more than 10,000 soldiers were sent to Russia", 0.302 on average); above
it, the loosest paraphrases come apart (Zelensky's prisoner-swap offer in two retellings at
0.324; 004's "conveyed this stance to Ukraine" leaves the conveyed-to-Ukraine group at 0.345).
The margin is thin, and single pairs overlap (a weakest must-merge pair at 0.322, a strongest
must-not pair at 0.328): only the average over a group separates them. A lexical score cannot
see that two different words mean one thing, so a paraphrase that shares few words with the
others is left for an editor to merge.

Events
------
``group_articles`` joins articles that report one event. Two articles can be in one event only
when their publication dates, where both are known, are at most ``EVENT_MAX_DAYS`` apart; a
date known to the month only stands for any day of that month. The score is the cosine of TF-IDF
vectors of the bodies (the same content-word analyzer as claims) plus ``SHARED_PERSON_BONUS``
for each person both articles name; groups come from average linkage cut at
``EVENT_THRESHOLD``, 0.17: on the seeds, with no dates at all, every threshold from 0.155 to
0.19 separates the January briefing from the February announcement; with the dates, anything
from 0.05 to 0.19 does.

Discrepancies
-------------
``find_discrepancies`` reports a subject when two articles give it different values. Values are
compared after normalization (digits without thousands separators, names by ``name_key``), so
"10,000" and "10000" agree, "Kim Jong-un" and "Kim Jong Un" agree, and "Lee" and "Ri" do not:
a spelling difference between outlets is something the comparison page must show.
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import scipy.sparse
from rapidfuzz import fuzz, process
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import (
    ENGLISH_STOP_WORDS,
    HashingVectorizer,
    TfidfTransformer,
    TfidfVectorizer,
)
from sklearn.metrics.pairwise import cosine_similarity

# --- People -----------------------------------------------------------------------------------

# Korean surnames are romanized several ways at once (Revised Romanization, McCune-Reischauer,
# the North's own system, a family's habit), so one man is "Lee" in one outlet and "Ri" in
# another. Spelling distance cannot find these (Lee and Ri share no letter), so they are listed.
# One row per surname; a spelling may be in two rows (Jong, Yang).
KOREAN_ROMANIZATIONS = [
    {"lee", "yi", "rhee", "ri", "i", "rhie", "li", "yee"},
    {"park", "pak", "bak", "bahk", "pahk"},
    {"baek", "paek", "paik", "pack", "baik", "back"},
    {"choi", "choe", "chwe", "choy"},
    {"kim", "gim"},
    {"jung", "jeong", "chung", "chong", "jong", "joung", "cheong"},
    {"kang", "gang"},
    {"cho", "jo", "joe", "chough"},
    {"yoon", "yun", "youn"},
    {"shin", "sin", "shinn"},
    {"lim", "im", "rim", "yim"},
    {"ryu", "yu", "yoo", "rhyu", "you"},
    {"noh", "roh", "no", "ro"},
    {"oh", "o"},
    {"seo", "suh", "so", "sur"},
    {"hwang", "whang"},
    {"jang", "chang"},
    {"jeon", "jun", "chun", "chon", "jon", "jeun"},
    {"kwon", "gwon"},
    {"ahn", "an"},
    {"ko", "go", "koh"},
    {"moon", "mun"},
    {"yang", "ryang"},
    {"son", "sohn"},
    {"bae", "pae"},
    {"heo", "hur", "huh", "ho"},
    {"na", "ra"},
    {"yeom", "yom", "ryom"},
    {"hyun", "hyon"},
    {"koo", "goo", "ku", "gu"},
]

# Parts this close (rapidfuzz ratio, 0-100) are probably one name spelt two ways, but could be
# two names ("Zelensky"/"Zelenska"): a candidate, never "same" on spelling alone.
CLOSE_SPELLING_RATIO = 80

# A consonant skeleton of one or two letters ("l", "km") is shared by too many names to count.
MIN_SKELETON = 3

# Words in a role that say nothing about who the person is.
ROLE_STOP_WORDS = frozenset(
    "a an the of at for from in on to with and or by as his her their its aged age former".split()
)
# A role's head noun comes before an aside or a prepositional phrase.
ROLE_HEAD_END = re.compile(r"[(,;]| of | at | for | from | in | on | to | with ")
# Role words compared by their first letters: Ukraine/Ukrainian, Korea/Korean, capture/captured.
ROLE_STEM_LENGTH = 5
# Role heads that name one kind of person at different grain: a sniper is a soldier. Only
# these count as one head; "soldier" and "spokesman" stay a conflict.
ROLE_FAMILIES = {
    "soldier": "sniper rifleman scout infantryman trooper conscript private sergeant corporal "
    "serviceman fighter gunner",
    "official": "spokesman spokeswoman spokesperson officer diplomat",
}
_ROLE_FAMILY = {
    word[:ROLE_STEM_LENGTH]: family[:ROLE_STEM_LENGTH]
    for family, words in ROLE_FAMILIES.items()
    for word in [family, *words.split()]
}


def name_key(name: str) -> str:
    """Normalized form for exact identity: "Kim Jong-un" == "Kim Jong Un" == "KIM Jong.un"."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.split(r"[\W_]+", text.casefold())).strip()


@dataclass(frozen=True)
class NameMatch:
    verdict: str  # "same" | "candidate" | "different"
    reason: str


def compare_names(a: str, b: str) -> NameMatch:
    key_a, key_b = name_key(a), name_key(b)
    if not key_a or not key_b:
        return NameMatch("different", "a name is empty")
    if key_a == key_b:
        return NameMatch("same", "identical once case, accents and hyphens are set aside")
    if key_a.replace(" ", "") == key_b.replace(" ", ""):
        return NameMatch("same", "the same letters, divided differently")
    parts_a, parts_b = key_a.split(), key_b.split()
    if len(parts_a) == len(parts_b):
        compared = [_compare_parts(x, y) for x, y in zip(parts_a, parts_b, strict=True)]
        reasons = "; ".join(reason for verdict, reason in compared if verdict != "identical")
        return NameMatch(_worst(verdict for verdict, _ in compared), reasons)
    # A surname alone, or a name without its title or given name: surnames come first in
    # Korean order and last in Western order, so the shorter name may match either end.
    short, long = sorted((parts_a, parts_b), key=len)
    for end in (long[: len(short)], long[-len(short) :]):
        compared = [_compare_parts(x, y) for x, y in zip(short, end, strict=True)]
        if _worst(verdict for verdict, _ in compared) != "different":
            return NameMatch(
                "candidate", f"{' '.join(short)!r} may be short for {' '.join(long)!r}"
            )
    return NameMatch("different", "no part of one name matches the other")


# Verdicts on parts, best first; a name is only as good as its worst part.
_PART_VERDICTS = ["identical", "same", "candidate", "different"]


def _worst(verdicts) -> str:
    return max(verdicts, key=_PART_VERDICTS.index)


def _compare_parts(x: str, y: str) -> tuple[str, str]:
    if x == y:
        return "identical", ""
    if any(x in row and y in row for row in KOREAN_ROMANIZATIONS):
        return "candidate", f"{x!r} and {y!r} romanize one Korean surname"
    if _loose_spelling(x) == _loose_spelling(y):
        return "same", f"{x!r} and {y!r} transliterate one spelling"
    if len(_skeleton(x)) >= MIN_SKELETON and _skeleton(x) == _skeleton(y):
        return "candidate", f"{x!r} and {y!r} have the same consonants"
    if min(len(x), len(y)) >= 3 and fuzz.ratio(x, y) >= CLOSE_SPELLING_RATIO:
        return "candidate", f"{x!r} and {y!r} are close spellings"
    return "different", f"{x!r} and {y!r} differ"


def _loose_spelling(part: str) -> str:
    # Transliterations of one spelling differ in y/i and doubled letters.
    return re.sub(r"(.)\1+", r"\1", part.replace("y", "i"))


def _skeleton(part: str) -> str:
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", part))


def same_person(a: str, role_a: str, b: str, role_b: str) -> str:
    """ "same" | "candidate" | "different": the names' verdict, confirmed or vetoed by the roles.

    A romanization candidate becomes "same" only when the roles agree (both "captured North
    Korean soldier"); "Lee" the captured soldier and "Lee" a foreign-ministry spokesman are
    "different" although the spelling is one. An empty role says nothing.
    """
    verdict = compare_names(a, b).verdict
    if verdict == "different":
        return "different"
    roles = compare_roles(role_a, role_b)
    if roles == "agree":
        return "same"
    if roles == "conflict":
        return "different"
    return verdict


def compare_roles(a: str, b: str) -> str:
    """ "agree" | "conflict" | "unknown" (a role is empty, or they neither agree nor conflict)."""
    head_a, modifiers_a = _role_words(a)
    head_b, modifiers_b = _role_words(b)
    if not head_a or not head_b:
        return "unknown"
    shared = modifiers_a & modifiers_b
    if head_a == head_b and (shared or not modifiers_a or not modifiers_b):
        return "agree"
    if head_a != head_b and not shared:
        return "conflict"
    return "unknown"


def _role_words(role: str) -> tuple[str, frozenset[str]]:
    head_phrase = ROLE_HEAD_END.split(f" {role.casefold()} ", maxsplit=1)[0]
    head_words = _role_stems(head_phrase)
    if not head_words:
        return "", frozenset()
    head = head_words[-1]
    return _ROLE_FAMILY.get(head, head), frozenset(_role_stems(role)) - {head}


def _role_stems(text: str) -> list[str]:
    return [
        word[:ROLE_STEM_LENGTH]
        for word in name_key(text).split()
        if len(word) > 1 and not word.isdigit() and word not in ROLE_STOP_WORDS
    ]


# --- Claims -----------------------------------------------------------------------------------

# Where group_claims stops merging; the module docstring says how it was chosen.
DEFAULT_THRESHOLD = 0.31
# Two appearances in one article are one claim only when they are nearly the same words.
SAME_ARTICLE_THRESHOLD = 0.9
# Words cut to their first six letters: a stemmer that needs no data, enough for "repatriated"/
# "repatriation", "Ukraine"/"Ukrainian", "constitution"/"constitutionally".
STEM_LENGTH = 6


@dataclass(frozen=True)
class ClaimText:
    key: object  # caller's id for the appearance
    text: str  # the words as the outlet printed them
    speaker: str  # caller's speaker key ("" when unattributed)
    article: object  # caller's article id


def claim_similarity(a: str, b: str) -> float:
    """How alike two wordings are, 0..1 (the vectorizers fitted on the two texts)."""
    return float(similarity_matrix([a, b])[0, 1])


def similarity_matrix(texts: list[str]) -> np.ndarray:
    """Pairwise claim similarity (0..1), the vectorizers fitted on these texts only."""
    texts = [_normalize_text(text) for text in texts]
    if not texts:
        return np.zeros((0, 0))
    char = _cosines(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True), texts
    )
    words = _cosines(TfidfVectorizer(analyzer=_word_stems, sublinear_tf=True), texts)
    fuzzy = process.cdist(texts, texts, scorer=fuzz.token_set_ratio, dtype=np.float64) / 100
    scores = (char + words + fuzzy) / 3
    np.fill_diagonal(scores, 1.0)
    return scores


def coverage_counts(text: str) -> scipy.sparse.csr_matrix:
    """The word stems of one event's coverage, counted for coverage_similarity."""
    return _STEM_HASHER.transform([_normalize_text(text)])


def coverage_similarity(counts: list[scipy.sparse.csr_matrix]) -> np.ndarray:
    """How close the words of the first coverage are to each other one (TF-IDF cosine of word
    stems, fitted on all of them), given their coverage_counts. Whole coverages are long: the
    character n-grams and fuzzy ratios that similarity_matrix adds for short claims would cost
    seconds here, and a caller comparing the same coverages again keeps their counts."""
    return _count_cosines(scipy.sparse.vstack(counts, format="csr"), first=True)[1:]


def group_claims(
    items: list[ClaimText], threshold: float = DEFAULT_THRESHOLD, scores: np.ndarray | None = None
) -> list[list[object]]:
    """Groups of keys that state the same thing, even when worded or translated differently.

    Groups come in the order of their first key; keys keep the input order. scores, when
    given, is similarity_matrix of the items' texts, which a caller may need for more.
    """
    if scores is None:
        scores = similarity_matrix([item.text for item in items])
    return _cluster([item.key for item in items], scores, may_merge(items, scores), threshold)


def may_merge(items: list[ClaimText], scores: np.ndarray) -> np.ndarray:
    """Which pairs of items may be one claim: not two different named speakers, and two parts
    of one article only when they say nearly the same words."""
    speakers = np.array([item.speaker for item in items], dtype=object)
    articles = np.array([item.article for item in items], dtype=object)
    named = speakers != ""
    different_speakers = named[:, None] & named[None, :] & (speakers[:, None] != speakers)
    same_article = articles[:, None] == articles
    return ~different_speakers & (~same_article | (scores >= SAME_ARTICLE_THRESHOLD))


def _normalize_text(text: str) -> str:
    # Outlets differ in quote marks, dashes and case, not in what was said.
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\u2018\u2019\u201a\u201b\u2032]", "'", text)
    text = re.sub(r"[\u201c\u201d\u201e\u201f\u2033]", '"', text)
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    return " ".join(text.casefold().split())


def _word_stems(text: str) -> list[str]:
    """Content words cut to STEM_LENGTH letters, then each pair of neighbours."""
    words = re.findall(r"\w+", text)
    stems = [word[:STEM_LENGTH] for word in words if word not in ENGLISH_STOP_WORDS]
    return stems + [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]


def _cosines(vectorizer: TfidfVectorizer, texts: list[str], first=False) -> np.ndarray:
    """Pairwise cosines of the texts' vectors; with first, only those of the first text."""
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # nothing to count: every text is stop words or punctuation
        return np.zeros(len(texts)) if first else np.zeros((len(texts), len(texts)))
    return cosine_similarity(matrix[:1], matrix)[0] if first else cosine_similarity(matrix)


# Word stems counted by their hash rather than in a vocabulary fitted each time: an import
# compares each article with the articles of its days, batch after batch, and each event's
# coverage with the latest events', so one text is compared many times and is counted once, in
# scikit-learn's compiled hasher. Across 2**31 columns two of the texts' stems almost never share
# one; the counts are then weighed (TF-IDF fitted on the texts compared, as before) over the
# columns they use.
_STEM_HASHER = HashingVectorizer(
    analyzer=_word_stems, n_features=2**31 - 1, alternate_sign=False, norm=None
)
# Counts of the texts compared last, oldest dropped first: enough for a batch of articles with
# their neighbours. They are kept by digest: kept as text, the bodies would stay in memory as
# long as their counts. (The coverages of events are kept by their callers, coverage_counts.)
_STEM_COUNTS: dict[bytes, scipy.sparse.csr_matrix] = {}
STEM_COUNTS_KEPT = 1000


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


def _stem_counts(texts: list[str]) -> scipy.sparse.csr_matrix:
    """One row per text: how often each word stem and stem pair occurs, by column of its hash."""
    keys = [_digest(text) for text in texts]
    missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in _STEM_COUNTS}
    if missing:
        counted = _STEM_HASHER.transform([_normalize_text(text) for text in missing.values()])
        _STEM_COUNTS.update(zip(missing, counted, strict=True))
    counts = scipy.sparse.vstack([_STEM_COUNTS[key] for key in keys], format="csr")
    for key in list(_STEM_COUNTS)[: max(0, len(_STEM_COUNTS) - STEM_COUNTS_KEPT)]:
        del _STEM_COUNTS[key]
    return counts


def _stem_cosines(texts: list[str], first=False) -> np.ndarray:
    """_cosines of the texts over word stems, counted by _stem_counts."""
    return _count_cosines(_stem_counts(texts), first)


def _count_cosines(counts: scipy.sparse.csr_matrix, first=False) -> np.ndarray:
    """_cosines of texts whose word stems are counted in the rows of counts."""
    rows = counts.shape[0]
    if not counts.nnz:  # nothing to count: every text is stop words or punctuation
        return np.zeros(rows) if first else np.zeros((rows, rows))
    columns, used = np.unique(counts.indices, return_inverse=True)
    counts = scipy.sparse.csr_matrix((counts.data, used, counts.indptr), shape=(rows, len(columns)))
    matrix = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    return cosine_similarity(matrix[:1], matrix)[0] if first else cosine_similarity(matrix)


def _cluster(keys: list, scores: np.ndarray, allowed: np.ndarray, threshold: float) -> list[list]:
    """Average-linkage groups of keys, cut where the mean similarity falls under threshold."""
    if len(keys) < 2:
        return [list(keys)] if keys else []
    distances = 1.0 - np.clip(scores, 0.0, 1.0)
    # A pair that must never be grouped gets a distance no average can bring back under the
    # cut: two groups have at most n*n/4 member pairs, so n*n makes their mean at least 4.
    distances[~allowed] = float(len(keys) ** 2)
    np.fill_diagonal(distances, 0.0)
    labels = AgglomerativeClustering(
        n_clusters=None,
        metric="precomputed",
        linkage="average",
        distance_threshold=1.0 - threshold,
    ).fit_predict(distances)
    groups: dict[int, list] = {}
    for label, key in zip(labels, keys, strict=True):
        groups.setdefault(label, []).append(key)
    return list(groups.values())


# --- Events -----------------------------------------------------------------------------------

# Reports of one event appear within a few days of it (the next morning's paper, an aggregator
# a day later); weeks apart, articles are about different events even on one story.
EVENT_MAX_DAYS = 3
# Where group_articles stops merging; the module docstring says how it was chosen. Bodies of
# one story share most of their words, so similarity between events is low in absolute terms.
EVENT_THRESHOLD = 0.17
# Added to body similarity for each person both articles name, up to MAX_SHARED_PEOPLE, so that
# articles quoting the same people lean together without outweighing what the bodies say.
SHARED_PERSON_BONUS = 0.05
MAX_SHARED_PEOPLE = 2


@dataclass(frozen=True)
class ArticleFacts:
    key: object
    published: datetime.date | None
    text: str  # body
    people: frozenset[str]  # name_keys of people quoted/named
    date_precision: str = "day"  # "day" | "month": a month-only date stands for the whole month


def group_articles(items: list[ArticleFacts]) -> list[list[object]]:
    """Articles that report the same event: close in publication date (when known) and similar
    in content (TF-IDF cosine of bodies, shared quoted people). Unknown dates do not prevent
    grouping by content. Groups come in the order of their first key."""
    bodies = _stem_cosines([item.text for item in items])
    people_bonus = SHARED_PERSON_BONUS * np.minimum(_shared_people(items), MAX_SHARED_PEOPLE)
    allowed = _close_in_time(items)
    return _cluster([item.key for item in items], bodies + people_bonus, allowed, EVENT_THRESHOLD)


# An import compares hundreds of articles pairwise: the pairs are counted in arrays, not in
# Python loops over every pair.


def _shared_people(items: list[ArticleFacts]) -> np.ndarray:
    """How many quoted people each pair of articles shares."""
    people = sorted(set().union(*(item.people for item in items)))
    column = {person: n for n, person in enumerate(people)}
    named = np.zeros((len(items), len(people)), dtype=np.int32)
    for row, item in enumerate(items):
        named[row, [column[person] for person in item.people]] = 1
    return named @ named.T


def _close_in_time(items: list[ArticleFacts]) -> np.ndarray:
    """Which pairs of articles are at most EVENT_MAX_DAYS apart (any pair with an unknown date)."""
    undated = np.array([item.published is None for item in items], dtype=bool)
    ranges = [
        date_range(item.published, item.date_precision) if item.published else (None, None)
        for item in items
    ]
    first = np.array([r[0].toordinal() if r[0] else 0 for r in ranges])
    last = np.array([r[1].toordinal() if r[1] else 0 for r in ranges])
    gap = np.maximum(first[None, :] - last[:, None], first[:, None] - last[None, :])
    return (gap <= EVENT_MAX_DAYS) | undated[:, None] | undated[None, :]


def date_range(day: datetime.date, precision: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day a date of this precision may stand for."""
    if precision == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1), day.replace(day=last)
    return day, day


# --- Discrepancies ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Statement:
    key: object
    article: object
    subject: str  # what the value is about, e.g. "troops" / "years served" / a person key
    value: str  # "10000", "11000", "Lee"
    text: str  # context words


def normalize_value(value: str) -> str:
    """Numbers without thousands separators ("10,000" -> "10000"); anything else by name_key."""
    number = re.sub(r"(?<=\d)[,\u202f\u00a0 ](?=\d{3}\b)", "", value.strip())
    if re.fullmatch(r"\d+(\.\d+)?", number):
        return number
    return name_key(value)


def find_discrepancies(statements: list[Statement]) -> list[tuple[str, list[object]]]:
    """(subject, keys) for each subject on which different articles give different values.

    The keys are those of every statement on the subject, in input order; subjects come in the
    order they first appear. Two values inside one article, and nowhere else, are not a
    discrepancy between outlets.
    """
    by_subject: dict[str, list[Statement]] = {}
    for statement in statements:
        by_subject.setdefault(statement.subject, []).append(statement)
    found = []
    for subject, group in by_subject.items():
        disputed = any(
            x.article != y.article and normalize_value(x.value) != normalize_value(y.value)
            for x in group
            for y in group
        )
        if disputed:
            found.append((subject, [statement.key for statement in group]))
    return found
