"""Find who said what in a cleaned article body: direct quotes, reported speech, and figures.

Pure Python, no Django: the importer calls extract_quotes() and extract_figures() on the body
that articles.parsing.parse_article() produces (paragraphs joined by blank lines).

Every Quote and Figure keeps its character span, so body[start:end] == words always holds.

Decisions worth knowing:

- A direct quote is the text between its marks, without them and without surrounding spaces;
  punctuation inside the marks stays ("... with caution,").
- A quote split by its attribution (“A,” he said. “B.”) gives one Quote per piece, each with
  the speaker. A quote that runs over several paragraphs (an opening mark on each, a closing
  mark on the last only) gives one Quote per paragraph, all with the speaker found anywhere in
  the run.
- A closing mark with no opening mark (the page lost it) starts the quote at the paragraph
  start, or after the sentence that followed an earlier quote in the same paragraph.
- A quote of fewer than four words with no speech verb in its sentence is a label in scare
  quotes (a policy of “no forced repatriation”) and is skipped.
- Reported speech (“The ministry said it would accept all soldiers.”) gives a paraphrased Quote
  whose words are the reported clause only ("it would accept all soldiers"), never the
  attribution. A sentence gives at most one paraphrase, and none when the clause is mostly
  a direct quote, which is already a Quote of its own.
- The attribution phrase is the speaker and the verb as printed ("the official said",
  "said Lee", "Ri told the daily", "according to the ministry"), plus "on condition of
  anonymity" when it follows, because that is what editors annotate.
- Pronouns and "the official", "the ministry" are resolved to the nearest fitting earlier
  mention; confident is False when that mention is more than a paragraph back, when a
  quote only continues an earlier speaker, or when no speaker was found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Speaker:
    name: str  # as the text names it: "Lee", "the Foreign Ministry", "a Foreign Ministry official"
    kind: str  # "named" | "anonymous" | "institution"
    role: str = ""  # "Foreign Ministry official", "a North Korean soldier", "spokesman"


@dataclass(frozen=True)
class Quote:
    start: int
    end: int
    words: str  # quoted: the words between the marks; paraphrased: the reported clause
    mode: str  # "quoted" | "paraphrased"
    speaker: Speaker | None
    phrase: str  # the attribution phrase as printed: "he said", "according to the ministry"
    confident: bool  # False when the speaker was guessed or continued from earlier


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    words: str  # "more than 10,000 troops"
    value: int | float
    qualifier: str  # "more than", "some", "around", ""
    noun: str  # "troops", "soldiers", "dead", "wounded", "age", "years"
    sentence: str


def _words(text: str) -> frozenset[str]:
    """A word list written as prose, so that long lists stay readable."""
    return frozenset(text.split())


# --- Vocabulary -------------------------------------------------------------------------------

# Verbs that report speech and may take a bare clause ("X said it would ...") or a quote.
SPEECH_VERBS = _words(
    """
    say says said saying  tell tells told telling  add adds added adding
    state states stated stating  note notes noted noting  explain explains explained explaining
    emphasize emphasizes emphasized emphasizing  emphasise emphasises emphasised emphasising
    stress stresses stressed stressing  warn warns warned warning  claim claims claimed claiming
    insist insists insisted insisting  ask asks asked asking  reply replies replied replying
    answer answers answered  declare declares declared declaring  argue argues argued arguing
    write writes wrote writing  continue continues continued  recall recalls recalled
    tweet tweets tweeted  posted  quipped  remarked  observed
    """
)
# Verbs that report speech only with "that" ("confirmed that ..."); they also take plain
# objects ("confirmed the deployment"), which are not reported speech.
THAT_VERBS = _words(
    """
    announce announces announced announcing  confirm confirms confirmed confirming
    estimate estimates estimated  report reports reported reporting
    acknowledge acknowledges acknowledged  admit admits admitted  deny denies denied
    suggest suggests suggested  detail details detailed  reveal reveals revealed
    disclose discloses disclosed  indicate indicates indicated  assert asserts asserted
    allege alleges alleged  affirm affirms affirmed  predict predicts predicted
    concede concedes conceded  complain complains complained  vow vows vowed
    pledge pledges pledged  promise promises promised  urge urges urged  believe believes believed
    agree agrees agreed  maintain maintains maintained  mention mentions mentioned
    """
)
# "read" reports speech only after a document: "the ministry's statement read".
DOCUMENT_WORDS = _words(
    """
    statement statements letter note post message release notice text report document
    convention constitution law treaty agreement study survey poll data figures statistics
    """
)
# Before a verb these make it a passive or a subordinate ("was told", "when asked"): no speaker.
PASSIVE_MARKERS = _words("was were been being be is are when if once after before")
# Between a speaker and the verb: "the ministry also said", "Zelenskyy has previously said".
AUXILIARIES = _words(
    """
    also has have had was were is are will would could should may might did does do
    then later earlier again further once first last never not already still just
    """
)
# Words that end the clause before a speaker: "... reported that the soldier said".
CLAUSE_WORDS = _words(
    """
    that who whom whose which where when while as after before because since although though
    if but whether so than until unless
    """
)
# Words that end a speaker written after its verb: "said Lee on Wednesday".
AFTER_SPEAKER_STOPS = _words(
    """
    on in at after before during when while last this that who which as because since
    if and but to by
    """
)
# Nouns for people described by their role rather than named: an anonymous source
# ("a Foreign Ministry official") or a definite reference back ("the soldier").
ROLE_NOUNS = _words(
    """
    official spokesman spokeswoman spokesperson source diplomat officer lawmaker legislator
    analyst expert journalist reporter correspondent resident witness soldier sniper rifleman
    fighter aide adviser advisor minister member person people insider worker employee
    negotiator commander representative investigator prosecutor doctor activist defector
    student prisoner captive survivor victim man woman mother father relative friend neighbour
    neighbor veteran observer researcher scientist economist lawyer attorney officer staffer
    nurse teacher farmer fisherman driver owner shopkeeper professor academic engineer pilot
    executive director manager chief leader president envoy ambassador politician candidate
    """
)
# Nouns that make a phrase an organisation: a ministry, agency, government, outlet.
INSTITUTION_WORDS = _words(
    """
    ministry department agency service government office council committee commission
    authority authorities police army military navy court parliament assembly congress senate
    embassy union party bank university institute organization organisation association
    foundation company corporation group board bureau administration cabinet presidency
    kremlin pentagon intelligence command headquarters secretariat state-run
    newspaper daily outlet broadcaster network channel station media news times post herald
    journal press tribune gazette ilbo shimbun agency wire
    """
)
# Titles printed before a name; the words before them describe the person, not name them.
TITLES = _words(
    """
    president minister secretary chancellor king queen prince princess pope general
    colonel captain lieutenant sergeant mr mrs ms dr prof professor senator sen rep
    representative governor mayor ambassador chairman chairwoman chair chief director
    spokesman spokeswoman spokesperson leader judge justice premier commissioner envoy
    """
)
# Introduce a person's name: "a soldier identified only as Lee", "a rifleman named Baek".
NAME_INTRODUCERS = re.compile(
    r"\b(?:identified (?:only )?as|named|called|surnamed|with the surname|known (?:only )?as)"
    r"\s+(?=[A-Z])"
)
APPOSITION_INTRODUCER = re.compile(
    r"(?<![\w’'])(?P<name>[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,3}),\s+(?:\d{1,3},\s+)?"
    r"(?P<role>(?:a|an|the)\s+[^,;:.“”\"]{2,80}),"
)
PRONOUNS = _words("he she they it")
DETERMINERS = _words(
    """
    the a an one two three four five six several some many both other another most few
    his her its their our
    """
)
MONTHS_AND_DAYS = _words(
    """
    January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    """
)
# A full stop after these does not end a sentence.
ABBREVIATIONS = _words(
    """
    Mr Mrs Ms Dr Prof Gen Lt Col Sgt Capt Sen Rep Gov St Jr Sr No Jan Feb Mar Apr Jun Jul Aug
    Sep Sept Oct Nov Dec vs U.S U.K U.N E.U
    """
)

QUOTE_OPEN = "“«"
QUOTE_CLOSE = "”»"
SINGLE_OPEN = "‘"
SINGLE_CLOSE = "’"
# Quoted words are overwritten with this in the masked copy of the body, so that speech verbs
# and names inside a quote are never taken for the attribution around it.
FILLER = "\u2591"
# The marks a paragraph is scanned for: only they can open or close a quote.
DOUBLE_MARK = re.compile(f'[{QUOTE_OPEN}{QUOTE_CLOSE}"]')
SINGLE_MARK = re.compile(f"[{SINGLE_OPEN}']")
SINGLE_CLOSING = re.compile(f"[{SINGLE_CLOSE}'](?![\\w])")

WORD = r"[A-Za-z0-9][\w’'\-.]*(?<![.])"
NAME = r"[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*"
# Where a word starts, for a pattern whose first character is a word character: there it means
# what \b means, and in the case-insensitive patterns that use it Python's engine tries it at
# each position of a body 15 to 35% faster than \b (bench/text.py).
WORD_START = r"(?<!\w)"
DELIMITER = re.compile(r"[,;:()\[\]–—“”\"«»\n" + FILLER + r"]|\s-\s")
SENTENCE_END = re.compile(r"[.!?…]+[”\"’»)\]]*\s+(?=[“\"‘«(]?[A-Z0-9])")

_VERB_ALTERNATION = "|".join(sorted(SPEECH_VERBS | THAT_VERBS | {"read", "reads"}, key=len)[::-1])
# Lower case only: "The State Department" is not a verb; "According to" may open a sentence.
VERB = re.compile(r"\b(?:[Aa]ccording to|" + _VERB_ALTERNATION + r")\b")

SCARE_QUOTE_MAX_WORDS = 3
PHRASE_MAX_WORDS = 10


# --- Paragraphs, quote marks and sentences ----------------------------------------------------


@dataclass
class _Piece:
    """One stretch of quoted words inside one paragraph."""

    start: int  # first quoted character (after the mark and any space)
    end: int
    open_mark: int | None  # None when the page lost the opening mark
    close_mark: int | None  # None when the quote runs on into the next paragraph
    paragraph: int
    run: int  # pieces of one quote that runs over several paragraphs share a run


@dataclass
class _Attribution:
    np_start: int
    np_end: int
    phrase_start: int
    phrase_end: int
    verb_start: int
    aside: str = ""  # an apposition printed with the speaker: "Lee, a sniper, said"


def _paragraph_spans(body: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", body)]


def _mark_kinds(text: str) -> list[tuple[int, str]]:
    """Double quote marks in a paragraph as (offset, "open" | "close" | "either")."""
    marks = []
    for mark in DOUBLE_MARK.finditer(text):
        index, char = mark.start(), mark.group()
        if char in QUOTE_OPEN:
            marks.append((index, "open"))
        elif char in QUOTE_CLOSE:
            marks.append((index, "close"))
        else:
            before = text[index - 1] if index else " "
            after = text[index + 1] if index + 1 < len(text) else " "
            if (before.isspace() or before in "([{—–-/") and not after.isspace():
                marks.append((index, "open"))
            elif not before.isspace():
                marks.append((index, "close"))
            else:
                marks.append((index, "either"))
    return marks


def _double_spans(text: str) -> list[tuple[int, int, bool, bool]]:
    """(start, end, has opening mark, has closing mark), offsets into the paragraph."""
    spans = []
    open_at = None
    last_end = 0
    for index, kind in _mark_kinds(text):
        if kind == "either":
            kind = "close" if open_at is not None else "open"
        if kind == "open":
            if open_at is None:
                open_at = index
        elif open_at is not None:
            spans.append((open_at + 1, index, True, True))
            open_at = None
            last_end = index + 1
        else:
            # The page lost the opening mark: the quote began at the paragraph start, or,
            # after an earlier quote, at the sentence following that quote's attribution.
            start = last_end
            if last_end:
                boundary = SENTENCE_END.search(text, last_end, index)
                start = boundary.end() if boundary else last_end
            spans.append((start, index, False, True))
            last_end = index + 1
    if open_at is not None:
        spans.append((open_at + 1, len(text), True, False))
    return spans


def _single_spans(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int, bool, bool]]:
    """‘Quotes’ in single marks, outside double-quoted text.

    ’ is also the apostrophe (Korea’s, don’t, soldiers’), so only an opening mark at a word
    start counts, closed by the next ’ that ends a word.
    """

    def inside(index: int) -> bool:
        return any(start - 1 <= index <= end for start, end in taken)

    spans = []
    resume = 0
    for mark in SINGLE_MARK.finditer(text):
        index = mark.start()
        if index < resume:
            continue  # inside the quote just found
        before = text[index - 1] if index else " "
        after = text[index + 1 : index + 2]
        if (before.isspace() or before in "([—–“") and after.isalpha() and not inside(index):
            close = SINGLE_CLOSING.search(text, index + 1)
            if close and not inside(close.start()):
                spans.append((index + 1, close.start(), True, True))
                resume = close.end()
    return spans


def _find_pieces(body: str, paragraphs: list[tuple[int, int]]) -> list[_Piece]:
    pieces: list[_Piece] = []
    run = 0
    for number, (para_start, para_end) in enumerate(paragraphs):
        text = body[para_start:para_end]
        spans = _double_spans(text)
        spans += _single_spans(text, [(start, end) for start, end, _, _ in spans])
        previous_runs_on = bool(pieces) and pieces[-1].close_mark is None
        for start, end, has_open, has_close in sorted(spans):
            # By convention a quote running over paragraphs reopens each one with a mark.
            continues = previous_runs_on and has_open and not text[: start - 1].strip()
            if not continues:
                run += 1
            previous_runs_on = False
            words_start = (
                para_start + start + (len(text[start:end]) - len(text[start:end].lstrip()))
            )
            words_end = para_start + start + len(text[start:end].rstrip())
            if words_end <= words_start:
                continue
            pieces.append(
                _Piece(
                    start=words_start,
                    end=words_end,
                    open_mark=para_start + start - 1 if has_open else None,
                    close_mark=para_start + end if has_close else None,
                    paragraph=number,
                    run=run,
                )
            )
    return pieces


def _mask(body: str, pieces: list[_Piece]) -> str:
    """The body with quoted words blanked out; a sentence-ending mark inside a quote is kept."""
    chars = list(body)
    for piece in pieces:
        keep_last = body[piece.end - 1] in ".!?…,"
        for index in range(piece.start, piece.end - keep_last):
            if chars[index] != "\n":
                chars[index] = FILLER
    return "".join(chars)


def _sentence_spans(masked: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    for match in SENTENCE_END.finditer(masked, start, end):
        before = masked[start : match.start()].split()
        last_word = before[-1].strip('“"‘(') if before else ""
        if last_word in ABBREVIATIONS or re.fullmatch(r"[A-Z]", last_word):
            continue
        spans.append((start, match.end()))
        start = match.end()
    if start < end:
        spans.append((start, end))
    return spans


# --- Attributions -----------------------------------------------------------------------------


def _verbs(masked: str, start: int, end: int) -> list[re.Match]:
    """Speech verbs in masked[start:end] that report someone's speech (not "was told")."""
    found = []
    for match in VERB.finditer(masked, start, end):
        word = match.group().lower()
        before = masked[max(start, match.start() - 40) : match.start()].split()
        if word in ("read", "reads"):
            if not before or _singular(before[-1].lower()) not in DOCUMENT_WORDS:
                continue
        elif before and before[-1].lower() in PASSIVE_MARKERS and word != "according to":
            continue
        found.append(match)
    return found


def _is_gerund(verb: re.Match) -> bool:
    return verb.group().lower().endswith("ing")


def _subject(masked: str, low: int, verb_start: int) -> tuple[int, int, str] | None:
    """The speaker written before its verb: (start, end, apposition) or None.

    Skips an aside between commas or dashes ("Ri – visibly wounded – told", "The Ministry of
    Unification, which handles inter-Korean relations, emphasized").
    """
    end = verb_start
    while True:
        match = re.search(r"(\S+)\s*$", masked[low:end])
        if not match:
            break
        word = match.group(1)
        if word.lower() in AUXILIARIES or (word.islower() and word.endswith("ly")):
            end = low + match.start(1)
        else:
            break
    delimiters = list(DELIMITER.finditer(masked, low, end))
    apposition = ""
    segment_start = delimiters[-1].end() if delimiters else low
    segment_end = end
    if not masked[segment_start:segment_end].strip():
        if len(delimiters) < 2:
            return None
        last, before = delimiters[-1].group().strip(), delimiters[-2].group().strip()
        pairs = {(",", ","), ("–", "–"), ("—", "—"), ("-", "-"), ("(", ")")}
        if (before, last) not in pairs:
            return None
        apposition = masked[delimiters[-2].end() : delimiters[-1].start()].strip()
        segment_start = delimiters[-3].end() if len(delimiters) >= 3 else low
        segment_end = delimiters[-2].start()
    segment = masked[segment_start:segment_end]
    cut = segment_start
    for word in re.finditer(r"\S+", segment):
        lower = word.group().lower()
        following = segment[word.end() :].lstrip()[:1]
        if lower in CLAUSE_WORDS or (lower in ("and", "or") and following.islower()):
            cut = segment_start + word.end()
    start, stop = _trim(masked, cut, segment_end)
    if start >= stop or len(masked[start:stop].split()) > PHRASE_MAX_WORDS:
        return None
    if FILLER in masked[start:stop]:
        return None
    return start, stop, apposition


def _after(masked: str, start: int, end: int, stops: frozenset[str]) -> tuple[int, int]:
    """The phrase after a verb, up to punctuation or a stop word: "said Lee on Monday"."""
    stop = start
    for word in re.finditer(
        r"[^\s,;:.!?()“”\"«»" + FILLER + r"]+|[,;:.!?()“”\"«»" + FILLER + "]", masked[start:end]
    ):
        text = word.group()
        if not re.match(r"\w", text) or text.lower() in stops:
            break
        stop = start + word.end()
    return _trim(masked, start, stop)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    strip = " \t\n’'‘“”\"«»" + FILLER
    while start < end and text[start] in strip:
        start += 1
    while end > start and text[end - 1] in strip + ".":
        end -= 1
    return start, end


def _inverted(masked: str, verb: re.Match, end: int) -> tuple[int, int] | None:
    """The speaker written after its verb ("said Lee", "according to the ministry")."""
    stops = (
        AFTER_SPEAKER_STOPS - {"to"}
        if verb.group().lower() == "according to"
        else AFTER_SPEAKER_STOPS
    )
    start, stop = _after(masked, verb.end(), end, stops)
    words = masked[start:stop].split()
    if not words or len(words) > PHRASE_MAX_WORDS:
        return None
    first = words[0]
    if verb.group().lower() != "according to":
        if verb.group().lower().startswith(("tell", "told")):
            return None  # "told the daily": the listener, not the speaker
        speaker_like = first.lower() in DETERMINERS | PRONOUNS or _is_role(first)
        if not (first[0].isupper() or speaker_like):
            return None
    return start, stop


def _apposition_after(masked: str, end: int, limit: int) -> str:
    """ "said Lee, 26, a sniper," gives "a sniper"."""
    match = re.compile(r",\s*(?:\d{1,3},\s*)?((?:a|an|the)\s[^,;:.“”\"]+)").match(
        masked, end, limit
    )
    if match and len(match.group(1).split()) <= 8:
        return match.group(1).strip()
    return ""


def _phrase_end(masked: str, verb: re.Match, limit: int) -> int:
    """Where the printed attribution phrase ends: after the listener of "told" and after
    "on condition of anonymity"."""
    end = verb.end()
    if verb.group().lower() in ("told", "tells", "tell", "telling"):
        end = _after(masked, end, limit, AFTER_SPEAKER_STOPS)[1] or end
    anonymity = re.compile(r",?\s+on condition of anonymity").match(masked, end, limit)
    if anonymity:
        end = anonymity.end()
    return end


def _attribution(masked: str, verb: re.Match, low: int, high: int, verbs: list[re.Match]):
    """The attribution built on this verb, or None if no speaker can be read off it."""
    if verb.group().lower() == "according to":
        found = _inverted(masked, verb, high)
        if not found:
            return None
        return _Attribution(found[0], found[1], verb.start(), found[1], verb.start())
    if _is_gerund(verb):
        # "the official said, adding that ...": the speaker is the earlier verb's.
        earlier = [
            other for other in verbs if other.start() < verb.start() and not _is_gerund(other)
        ]
        for other in reversed(earlier):
            found = _attribution(masked, other, low, verb.start(), verbs)
            if found:
                # "the official said, adding": one phrase; a gerund further on keeps the
                # earlier phrase alone ("Ukraine said").
                if len(masked[found.phrase_end : verb.start()].split()) <= 2:
                    found.phrase_end = verb.end()
                found.verb_start = verb.start()
                return found
        return None
    directly_after_delimiter = not masked[low : verb.start()].strip() or re.search(
        r"[,”\"»–—]\s*$", masked[low : verb.start()]
    )
    if directly_after_delimiter:
        found = _inverted(masked, verb, high)
        if found:
            role = _apposition_after(masked, found[1], high)
            anonymity = re.compile(r",?\s+on condition of anonymity").match(masked, found[1], high)
            phrase_end = anonymity.end() if anonymity else found[1]
            return _Attribution(found[0], found[1], verb.start(), phrase_end, verb.start(), role)
    subject = _subject(masked, low, verb.start())
    if not subject:
        return None
    start, stop, role = subject
    return _Attribution(start, stop, start, _phrase_end(masked, verb, high), verb.start(), role)


# --- Speakers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reference:
    """A speaker that points back: "he", "they", "the official", "the ministry"."""

    word: str  # the pronoun, or the head noun of "the official"
    wants: str  # "person" | "group" | "institution"
    fallback: Speaker | None


@dataclass(frozen=True)
class _Mention:
    start: int
    speaker: Speaker
    plural: bool = False


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _tokens(text: str) -> list[str]:
    return re.findall(r"[\w’'\-.]+", text)


def _is_role(word: str) -> bool:
    return _singular(word.lower()) in ROLE_NOUNS or word.lower() in ROLE_NOUNS


def _is_institution(word: str) -> bool:
    lower = word.lower()
    return lower in INSTITUTION_WORDS or _singular(lower) in INSTITUTION_WORDS


def _strip_article(text: str) -> str:
    """ "a Foreign Ministry official" is described as "Foreign Ministry official"."""
    determiners = r"(?:(?:the|a|an|one|two|three|some|several|both|of)\s+)*"
    return re.sub(r"^" + determiners, "", text, flags=re.I)


def _classify(phrase: str, places: set[str], aside: str = "") -> Speaker | _Reference | None:
    """What kind of speaker a phrase names, or what it refers back to; None if no speaker.

    `aside` is an apposition printed with it ("Lee, a sniper, said"; "The soldier, identified
    as Ri, said"): a description, or the name itself.
    """
    lower = phrase.lower()
    if lower in ("he", "she"):
        return _Reference(lower, "person", None)
    if lower == "they":
        return _Reference(lower, "group", None)
    if lower == "it":
        return _Reference(lower, "institution", None)
    introduced = NAME_INTRODUCERS.search(aside)
    if introduced:
        name = re.match(NAME, aside[introduced.end() :]).group()
        return Speaker(name, "named", phrase)
    role = aside if re.match(r"(?:a|an|the)\s", aside, re.I) else ""
    # "the Foreign Ministry’s statement" speaks for the Foreign Ministry.
    owner = re.match(r"^(.+?)[’']s\s+(\w+)$", phrase)
    if owner and _singular(owner.group(2).lower()) in DOCUMENT_WORDS:
        return _classify(owner.group(1), places)
    # "one of the two soldiers": the head noun is after "of".
    partitive = re.match(
        r"^(?:one|some|many|several|most|each|all|none|two|three)\s+of\s+", phrase, re.I
    )
    described = phrase[partitive.end() :] if partitive else phrase
    core = re.split(
        r"\s+(?:from|of|at|on|in|with|for|by|who|present|inside|within)\s+|,", described
    )[0]
    tokens = _tokens(core)
    all_tokens = _tokens(phrase)
    if not tokens:
        return None
    head = tokens[-1]
    if head.islower():
        # "soldiers captured": the noun before a participle is the head.
        nouns = [token for token in tokens if _is_role(token) or _is_institution(token)]
        head = nouns[-1] if nouns else head
    if _singular(head.lower()) in DOCUMENT_WORDS:
        return None  # "according to the Third Geneva Convention" reports no one's speech
    # "the official", "the unidentified official", "The Ministry": a reference back.
    bare_definite = all_tokens[0].lower() == "the" and (
        len(all_tokens) == 2 or (len(all_tokens) == 3 and all_tokens[1].islower())
    )
    # A role noun capitalized only because it starts the sentence: "Officials said".
    role_head = _is_role(head) and (head.islower() or bare_definite or len(all_tokens) == 1)
    if role_head:
        plural = _singular(head.lower()) != head.lower()
        anonymous = Speaker(phrase, "anonymous", _strip_article(phrase))
        if bare_definite and not partitive:
            return _Reference(_singular(head.lower()), "group" if plural else "person", anonymous)
        return anonymous
    if head[0].isupper() and not _is_institution(head):
        # "Foreign Ministry spokesman Lee Jae-woong": the words up to the title describe him.
        for index in range(len(tokens) - 2, -1, -1):
            named = all(token[0].isupper() for token in tokens[index + 1 :])
            if named and (tokens[index].lower().rstrip(".") in TITLES or _is_role(tokens[index])):
                name_start = phrase.rfind(tokens[index + 1])
                title_end = phrase.find(tokens[index]) + len(tokens[index])
                return Speaker(phrase[name_start:], "named", phrase[:title_end])
    if any(_is_institution(token) for token in tokens):
        if bare_definite and len(all_tokens) == 2:  # "the ministry", not "the health ministry"
            fallback = Speaker(phrase, "institution")
            return _Reference(_singular(head.lower()), "institution", fallback)
        return Speaker(phrase, "institution")
    if not head[0].isupper():
        return None  # "The shift suggests ...": a thing, not a speaker
    name = re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.I)
    if name in places:
        return Speaker(phrase, "institution")
    return Speaker(name, "named", role)


def _places(masked: str) -> set[str]:
    """Capitalized names the text uses as places: "in Ukraine", "Seoul’s Foreign Ministry".

    A country or capital named as a speaker ("Seoul said") stands for its government.
    """
    places = set()
    for match in re.finditer(
        r"\b(?:in|to|into|from|across|against|toward|towards)\s+(" + NAME + ")", masked
    ):
        if match.group(1).split()[0] not in MONTHS_AND_DAYS:
            places.add(match.group(1))
    for match in re.finditer(r"(" + NAME + r")[’']s\s+(" + NAME + ")", masked):
        owned = match.group(2).split()
        if any(_is_institution(word) or word.lower() in TITLES for word in owned):
            places.add(match.group(1))
    return places


# "President Yoon", "Gen. Kim": a title, in any case, and a capitalized name.
TITLE_AND_NAME = re.compile(
    WORD_START + r"((?i:" + "|".join(sorted(TITLES, key=len)[::-1]) + r")\.?)\s+(" + NAME + ")"
)


def _static_mentions(masked: str, places: set[str]) -> list[_Mention]:
    """People and institutions the text names outside quotes, at every place they occur."""
    mentions = []
    people: dict[str, Speaker] = {}
    for match in NAME_INTRODUCERS.finditer(masked):
        name = re.match(NAME, masked[match.end() :]).group()
        before = masked[max(0, match.start() - 60) : match.start()]
        before = re.split(r"\bwho\b|,\s*$", before.rstrip())[0].rstrip(" ,")
        role = re.search(r".*\b((?:a|an|the|The|A|An)\s+[^,;:.“”]*)$", before)
        role_text = role.group(1) if role and len(role.group(1).split()) <= 6 else ""
        people.setdefault(name, Speaker(name, "named", role_text))
    for match in TITLE_AND_NAME.finditer(masked):
        if not match.group(1)[0].isupper() and match.group(1).lower() not in ROLE_NOUNS:
            continue
        name = match.group(2)
        if _is_institution(name.split()[-1]) or name in places:
            continue
        lead = re.search(r"(?:" + NAME + r"\s+)?$", masked[: match.start()])
        role = (lead.group() if lead else "") + match.group(1)
        people.setdefault(name, Speaker(name, "named", role.strip()))
    # "Maria Kim, a nurse at the hospital, ...": a person introduced by an apposition.
    for match in APPOSITION_INTRODUCER.finditer(masked):
        role = match["role"].strip()
        head = re.split(r"\s+(?:from|of|at|on|in|with|for|by)\s+", role)[0].split()[-1]
        if _is_role(head) or head.lower() in TITLES:
            people.setdefault(match["name"], Speaker(match["name"], "named", role))
    for name, speaker in list(people.items()):
        surname = name.split()[-1]
        if " " in name and len(surname) > 2:
            people.setdefault(surname, speaker)
    for name, speaker in people.items():
        for match in re.finditer(r"\b" + re.escape(name) + r"\b", masked):
            mentions.append(_Mention(match.start(), speaker))
    institution = re.compile(
        r"(?:\b[Tt]he\s+)?(?:[A-Z][\w’'\-]*\s+)*[A-Z][\w’'\-]*"
        r"(?:\s+(?:of|for|on)\s+(?:the\s+)?[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)?"
    )
    for match in institution.finditer(masked):
        # "A Foreign Ministry official" also names the Foreign Ministry.
        name = re.sub(r"^(?:A|An)\s+", "", match.group())
        words = _tokens(name)
        if any(_is_institution(word) for word in words if word[0].isupper()):
            start = match.end() - len(name)
            mentions.append(_Mention(start, Speaker(name, "institution")))
    return mentions


def people_named(body: str) -> list[Speaker]:
    """The people the text names outside quotes ("a rifleman named Baek", "President Yoon"),
    each once, in order of first mention, whether or not they are quoted."""
    _, _, _, mentions = _masked(body)
    found: dict[str, Speaker] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.speaker.kind == "named":
            found.setdefault(mention.speaker.name, mention.speaker)
    return list(found.values())


def _resolve(reference: _Reference, position: int, mentions: list[_Mention]) -> _Mention | None:
    for mention in sorted(mentions, key=lambda m: m.start, reverse=True):
        if mention.start >= position:
            continue
        speaker = mention.speaker
        if reference.wants == "institution":
            fits = speaker.kind == "institution" and (
                reference.word == "it" or reference.word in speaker.name.lower()
            )
        elif reference.wants == "group":
            fits = speaker.kind == "institution" or mention.plural
            if reference.word != "they":
                fits = mention.plural and reference.word in speaker.role.lower()
        else:
            fits = speaker.kind in ("named", "anonymous") and not mention.plural
            if reference.word not in PRONOUNS:
                described = (speaker.role + " " + speaker.name).lower()
                fits = fits and reference.word in described
        if fits:
            return mention
    return None


# --- Quotes -----------------------------------------------------------------------------------


def extract_quotes(body: str) -> list[Quote]:
    """Direct quotes and reported speech in body order, each with its speaker."""
    return list(_extract_quotes(body))


# An import reads each body's quotes several times (to group articles into events, then to
# store them); a body is a few kilobytes, so a thousand of them are cheap to keep.
@lru_cache(maxsize=1024)
def _extract_quotes(body: str) -> tuple[Quote, ...]:
    return tuple(_find_quotes(body))


# The quotes and the people named outside them are both read from the body with its quoted
# words masked: that reading is done once per body.
@lru_cache(maxsize=1024)
def _masked(body: str) -> tuple[tuple[_Piece, ...], str, frozenset[str], tuple[_Mention, ...]]:
    """The body's quoted pieces, the body with them masked, its places, and the people and
    institutions it names outside quotes."""
    pieces = _find_pieces(body, _paragraph_spans(body))
    masked = _mask(body, pieces)
    places = _places(masked)
    return tuple(pieces), masked, frozenset(places), tuple(_static_mentions(masked, places))


def _find_quotes(body: str) -> list[Quote]:
    paragraphs = _paragraph_spans(body)
    if not paragraphs:
        return []
    pieces, masked, places, named = _masked(body)
    sentences = [span for start, end in paragraphs for span in _sentence_spans(masked, start, end)]

    def paragraph_of(position: int) -> int:
        return next(n for n, (start, end) in enumerate(paragraphs) if start <= position <= end)

    def sentence_of(position: int) -> tuple[int, int]:
        return next(((s, e) for s, e in sentences if s <= position < e), sentences[-1])

    # Pass 1: each piece's attribution, and each sentence's reported speech.
    used_verbs: set[int] = set()
    attributions = {
        id(piece): _piece_attribution(masked, piece, sentence_of, used_verbs) for piece in pieces
    }
    # A quote over several paragraphs may name its speaker in any of them (“C,” he said.).
    run_attribution: dict[int, _Attribution] = {}
    for piece in pieces:
        if attributions[id(piece)] and piece.run not in run_attribution:
            run_attribution[piece.run] = attributions[id(piece)]
    items: list[tuple[int, _Piece | tuple[int, int], _Attribution | None]] = []
    for piece in pieces:
        items.append(
            (piece.start, piece, attributions[id(piece)] or run_attribution.get(piece.run))
        )
    for start, end in sentences:
        found = _paraphrase(masked, start, end, used_verbs)
        if found:
            items.append((found[0][0], found[0], found[1]))
    items.sort(key=lambda item: item[0])

    mentions = list(named)
    for _, _, attribution in items:
        if attribution:
            found = _classify(
                body[attribution.np_start : attribution.np_end], places, attribution.aside
            )
            if isinstance(found, Speaker) and found.kind != "anonymous":
                mentions.append(_Mention(attribution.np_start, found))

    # Pass 2: speakers in reading order, each one found a mention for those after it.
    quotes: list[Quote] = []
    resolved: dict[int, tuple[Speaker | None, bool]] = {}  # by attribution, once each
    by_paragraph: dict[int, list[tuple[Speaker | None, str, bool, str]]] = {}
    for position, item, attribution in items:
        speaker, phrase, confident = None, "", False
        if attribution:
            key = id(attribution)
            if key not in resolved:
                resolved[key] = _speaker(body, attribution, places, mentions, paragraph_of)
                if resolved[key][0]:
                    plural = _is_plural(resolved[key][0])
                    mentions.append(_Mention(attribution.np_start, resolved[key][0], plural))
            speaker, confident = resolved[key]
            phrase = body[attribution.phrase_start : attribution.phrase_end]
        if isinstance(item, _Piece):
            words = body[item.start : item.end]
            mode = "quoted"
            if not attribution:
                if len(words.split()) <= SCARE_QUOTE_MAX_WORDS:
                    continue
                speaker, phrase, confident = _continued(masked, item, by_paragraph, paragraphs)
            quotes.append(Quote(item.start, item.end, words, mode, speaker, phrase, confident))
        else:
            mode = "paraphrased"
            if not speaker:
                continue
            start, end = item
            quotes.append(Quote(start, end, body[start:end], mode, speaker, phrase, confident))
        by_paragraph.setdefault(paragraph_of(position), []).append(
            (speaker, phrase, confident, mode)
        )
    return quotes


def _is_plural(speaker: Speaker) -> bool:
    head = (speaker.role or speaker.name).split()[-1].lower()
    return speaker.kind == "anonymous" and _singular(head) != head


def _piece_attribution(masked, piece, sentence_of, used_verbs) -> _Attribution | None:
    """The attribution in the piece's own sentence: before the quote or after it."""
    opening = piece.open_mark if piece.open_mark is not None else piece.start
    sentence_start, _ = sentence_of(opening)
    before: _Attribution | None = None
    lead = masked[sentence_start:opening]
    if lead.strip(" " + FILLER + '“”"«»‘’'):
        verbs = _verbs(masked, sentence_start, opening)
        for verb in reversed(verbs):
            between = masked[verb.end() : opening]
            if verb.group().lower() in THAT_VERBS and not (
                re.search(r"\bthat\b", between) or not between.strip(" ,:")
            ):
                continue  # "disclosed the capture of ...": not what the quote reports
            before = _attribution(masked, verb, sentence_start, opening, verbs)
            if before:
                used_verbs.add(verb.start())
                break
    if before:
        return before
    if piece.close_mark is None:
        return None
    after_start = piece.close_mark + 1
    _, sentence_end = sentence_of(piece.close_mark)
    next_quote = re.compile('[“«"‘]').search(masked, after_start, sentence_end)
    after_end = next_quote.start() if next_quote else sentence_end
    verbs = _verbs(masked, after_start, after_end)
    if not verbs:
        return None
    verb = verbs[0]
    # The speaker must follow the quote at once: “...,” the official said / said Lee.
    found = _attribution(masked, verb, after_start, after_end, verbs)
    if not found or masked[after_start : min(found.np_start, verb.start())].strip(" ,.–—-"):
        return None
    used_verbs.add(verb.start())
    return found


def _paraphrase(masked, start, end, used_verbs) -> tuple[tuple[int, int], _Attribution] | None:
    """The first reported-speech clause in a sentence, with its attribution."""
    verbs = _verbs(masked, start, end)
    for verb in verbs:
        if verb.start() in used_verbs:
            continue
        word = verb.group().lower()
        attribution = _attribution(masked, verb, start, end, verbs)
        if not attribution:
            continue
        clause = _reported_clause(masked, verb, attribution, start, end)
        if not clause:
            continue
        words_outside = re.sub(
            r"[“«\"‘][" + FILLER + r"\s.,!?…]*[”»\"’]?", " ", masked[clause[0] : clause[1]]
        )
        if len(_tokens(words_outside)) < 3:
            continue
        if word in THAT_VERBS and not _has_that(masked, verb.end(), clause[0]):
            continue
        return clause, attribution
    return None


def _has_that(masked: str, verb_end: int, clause_start: int) -> bool:
    """A that-verb reports speech with "that" after it ("confirmed that ..."), or after the
    clause it reports ("CLAUSE, the ministry announced")."""
    if clause_start < verb_end:
        return True
    return bool(re.search(r"\bthat\b", masked[verb_end:clause_start]))


def _reported_clause(masked, verb, attribution, start, end) -> tuple[int, int] | None:
    """What was reported: after the verb ("said [that] CLAUSE"), or before the speaker
    ("CLAUSE, the ministry said" / "CLAUSE, according to the ministry")."""
    _, sentence_end = _trim(masked, start, end)
    while sentence_end > start and masked[sentence_end - 1] in ".!?…":
        sentence_end -= 1
    speaker_first = min(attribution.np_start, verb.start())
    before = masked[start:speaker_first]
    after_start = max(attribution.phrase_end, attribution.np_end, verb.end())
    after = masked[after_start:sentence_end]
    if verb.group().lower() == "according to" and not before.strip():
        comma = after.find(",")
        if comma < 0:
            return None
        return _trim(masked, after_start + comma + 1, sentence_end)
    trailing_comma = re.search(r",\s*$", before)
    # "CLAUSE, the ministry said on Monday." or "CLAUSE, the board said, and MORE."
    set_off = len(after.split()) <= 6 or after.lstrip().startswith(",")
    if trailing_comma and len(before.split()) >= 4 and set_off and "that" not in after.split():
        return _trim(masked, start, start + trailing_comma.start())
    if verb.group().lower() == "according to":
        return None
    # Skip a time phrase and "that": "told AFP on Feb 19 the interview ...".
    skip = re.compile(
        r"(?:[\s,]+(?:on|last|this|earlier|later)\s+(?:[A-Z0-9][\w.]*\s*)+|\s+(?:Monday|Tuesday|"
        r"Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday))*[\s,:]*(?:\bthat\b)?"
    ).match(masked, after_start, sentence_end)
    clause_start = skip.end() if skip else after_start
    clause = _trim(masked, clause_start, sentence_end)
    if clause[1] - clause[0] < 1 or not re.match(r"[\w“‘\"]", masked[clause[0]]):
        return None
    return clause


def _speaker(body, attribution, places, mentions, paragraph_of):
    """(Speaker or None, confident) for an attribution, resolving references back."""
    text = body[attribution.np_start : attribution.np_end]
    found = _classify(text, places, attribution.aside)
    if isinstance(found, _Reference):
        antecedent = _resolve(found, attribution.np_start, mentions)
        if antecedent:
            near = paragraph_of(attribution.np_start) - paragraph_of(antecedent.start) <= 1
            return antecedent.speaker, near
        return found.fallback, False
    if isinstance(found, Speaker) and found.kind == "named" and not found.role:
        # A surname alone takes the description printed with the full name earlier.
        for mention in reversed(mentions):
            known = mention.speaker
            if mention.start < attribution.np_start and known.kind == "named" and known.role:
                if known.name == found.name or known.name.split()[-1] == found.name:
                    return Speaker(found.name, "named", known.role), True
    return found, found is not None


def _continued(masked, piece, by_paragraph, paragraphs):
    """The speaker of a quote with no attribution of its own (confident=False)."""
    same = by_paragraph.get(piece.paragraph, [])
    quoted_here = [entry for entry in same if entry[3] == "quoted" and entry[0]]
    if quoted_here:
        # “A,” he said. “B.”: the second piece is still his.
        speaker, phrase, confident, _ = quoted_here[-1]
        return speaker, phrase, confident
    if same and same[-1][0]:
        return same[-1][0], same[-1][1], False
    para_start, _ = paragraphs[piece.paragraph]
    opens_paragraph = not masked[para_start : (piece.open_mark or piece.start)].strip()
    previous = by_paragraph.get(piece.paragraph - 1, [])
    if opens_paragraph and previous and previous[-1][0]:
        # A paragraph that is all quote continues the speaker of the paragraph above; a lead-in
        # ending in a colon ("The minister said:") names its speaker for certain.
        speaker, phrase, _, _ = previous[-1]
        prev_start, prev_end = paragraphs[piece.paragraph - 1]
        introduced = masked[prev_start:prev_end].rstrip().endswith(":")
        return speaker, phrase, introduced
    return None, "", False


# --- Figures ----------------------------------------------------------------------------------

NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "dozen": 12, "hundred": 100,
}  # fmt: skip
MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_WORD_NUMBER = (
    r"(?:" + "|".join(NUMBER_WORDS) + r")(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
)
NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + _WORD_NUMBER + r")"
    r"(?:\s+(?:hundred|thousand|million|billion)\b)?"
)
QUALIFIERS = (
    "more than|fewer than|less than|at least|at most|up to|as many as|nearly|almost|about|"
    "around|roughly|approximately|some|over|an estimated|estimated|just over|just under|"
    "close to|upwards of"
)
# What a story counts: troops and people, and the dead and wounded.
COUNTED_NOUNS = _words(
    """
    troops soldiers fighters personnel servicemen sailors marines mercenaries recruits
    conscripts prisoners POWs captives hostages civilians people residents refugees defectors
    migrants children women men workers victims casualties bodies
    """
)
DEAD_WORDS = _words("dead killed died deaths death")
WOUNDED_WORDS = _words("wounded injured injuries hurt")
# Words that may stand between a number and what it counts: "300 North Korean soldiers".
COUNT_MODIFIERS = _words(
    """
    more additional other wounded injured captured armed active elite foreign enemy combat
    ground young new extra special regular reserve dead
    """
)
FIGURE_AUXILIARIES = _words("have had has been were was are is reportedly also already")
CASUALTY_VERBS = _words("killed killing wounded wounding injured injuring")

_QUALIFIER = r"(?:(?P<qualifier>" + QUALIFIERS + r")\s+)?"
# Ages: "a 26-year-old soldier", "aged 26", "Lee, 26,".
AGE = re.compile(
    r"\b(?P<number>" + NUMBER + r")-year-old\b|\baged\s+(?P<aged>\d{1,3})\b"
    r"|\b(?P<name>[A-Z][\w’'\-]+),\s+(?P<after_name>\d{1,3})(?=,|\.|;|\s+and\b)"
)
# Years served: "served 10 and four years", "spent more than five years", "a four-year veteran".
YEARS_SERVED = re.compile(
    WORD_START
    + r"(?:served|serving|serves|spent|spending)\s+(?:for\s+)?"
    + _QUALIFIER
    + r"(?P<first>"
    + NUMBER
    + r")(?:\s+(?:and|or|to)\s+(?P<second>"
    + NUMBER
    + r"))?\s+years\b"
    + r"|"
    + WORD_START
    + r"(?P<veteran>"
    + NUMBER
    + r")-year\s+(?:veteran|career|stint)\b",
    re.IGNORECASE,
)
SERVICE_YEARS = re.compile(
    WORD_START
    + r"(?P<number>"
    + NUMBER
    + r")\s+(?P<unit>years)\s+(?:of\s+(?:military\s+)?service"
    + r"|in\s+the\s+(?:army|military|navy|air force|forces))",
    re.IGNORECASE,
)
COUNT = re.compile(WORD_START + _QUALIFIER + r"(?P<number>" + NUMBER + r")\b", re.IGNORECASE)


def _number_value(text: str) -> int | float:
    number, *multiplier = text.lower().split()
    if number[0].isdigit():
        value: int | float = float(number.replace(",", ""))
        value = int(value) if value.is_integer() else value
    else:
        tens, _, units = number.partition("-")
        value = NUMBER_WORDS[tens] + (NUMBER_WORDS[units] if units else 0)
    if multiplier:
        value *= MULTIPLIERS[multiplier[0]]
    return value


def extract_figures(body: str) -> list[Figure]:
    """Troop numbers, casualties, ages and years served, in body order."""
    return list(_extract_figures(body))


# Read to store them, and again to compare an event's figures, for its articles that the same
# run of the extraction has not read (claims.extraction.update_discrepancies keeps the others).
@lru_cache(maxsize=1024)
def _extract_figures(body: str) -> tuple[Figure, ...]:
    return tuple(_find_figures(body))


def _find_figures(body: str) -> list[Figure]:
    sentences = [
        span for start, end in _paragraph_spans(body) for span in _sentence_spans(body, start, end)
    ]
    figures: list[Figure] = []

    def add(start: int, end: int, number: str, qualifier: str, noun: str) -> None:
        if any(figure.start < end and start < figure.end for figure in figures):
            return  # already found by a more specific pattern
        in_sentence = next((s, e) for s, e in sentences if s <= start < e)
        sentence = body[in_sentence[0] : in_sentence[1]].strip()
        value = _number_value(number)
        figures.append(
            Figure(start, end, body[start:end], value, qualifier.lower(), noun, sentence)
        )

    for match in AGE.finditer(body):
        number = match["number"] or match["aged"] or match["after_name"]
        if match["name"] in MONTHS_AND_DAYS or not 0 < _number_value(number) <= 120:
            continue
        start = match.start("after_name") if match["name"] else match.start()
        add(start, match.end(), number, "", "age")
    for match in YEARS_SERVED.finditer(body):
        # "served 10 and four years": two figures, the second carrying "years".
        if match["veteran"]:
            add(match.start(), match.end(), match["veteran"], "", "years")
        elif match["second"]:
            add(match.start("first"), match.end("first"), match["first"], "", "years")
            add(match.start("second"), match.end(), match["second"], "", "years")
        else:
            start = match.start("qualifier") if match["qualifier"] else match.start("first")
            add(start, match.end(), match["first"], match["qualifier"] or "", "years")
    for match in SERVICE_YEARS.finditer(body):
        add(match.start(), match.end("unit"), match["number"], "", "years")
    for match in COUNT.finditer(body):
        counted = _counted(body, match)
        if counted:
            noun, end = counted
            add(match.start(), end, match["number"], match["qualifier"] or "", noun)
    return sorted(figures, key=lambda figure: figure.start)


def _counted(body: str, match: re.Match) -> tuple[str, int] | None:
    """What a number counts and where its phrase ends, or None if it counts nothing of note."""
    number = match["number"]
    before = body[max(0, match.start() - 20) : match.start()].split()
    if number.lower() == "one" or re.fullmatch(r"(?:1[89]|20)\d\d", number):
        return None  # "one of the soldiers"; a year
    if before and before[-1].strip(".,") in MONTHS_AND_DAYS:
        return None  # a date
    words = list(re.finditer(r"[\w’'\-]+", body[match.end() : match.end() + 100]))
    noun, end, rest = "", match.end(), []
    for index, word in enumerate(words[:5]):
        text = word.group()
        following = words[index + 1].group() if index + 1 < len(words) else ""
        if text in COUNTED_NOUNS or text.lower() in COUNTED_NOUNS:
            noun = text.lower()
        elif text.lower() in DEAD_WORDS | WOUNDED_WORDS and not (
            following[:1].isupper() or following.lower() in COUNTED_NOUNS | COUNT_MODIFIERS
        ):
            noun = _casualty(text)  # "12 dead and 30 wounded"
        elif (
            text[0].isupper()
            and re.search(r"(?:ans|ese|is)$", text)
            and not following[:1].isupper()
        ):
            noun = body[match.end() : match.end() + word.end()].strip()  # "34,000 North Koreans"
        elif text[0].isupper() or text.lower() in COUNT_MODIFIERS | DEAD_WORDS | WOUNDED_WORDS:
            continue  # "300 North Korean soldiers", "two wounded soldiers"
        else:
            rest = words[index:]
            break
        end = match.end() + word.end()
        rest = words[index + 1 :]
        break
    # "... soldiers have died", "2,700 have been injured": what happened to them.
    for word in rest[:4]:
        text = word.group().lower()
        if text in DEAD_WORDS | WOUNDED_WORDS:
            noun, end = _casualty(text), match.end() + word.end()
            break
        if text not in FIGURE_AUXILIARIES:
            break
    if noun and before and before[-1].lower() in CASUALTY_VERBS:
        noun = _casualty(before[-1])  # "killed 50 people"
    return (noun, end) if noun else None


def _casualty(word: str) -> str:
    return "dead" if word.lower() in DEAD_WORDS | {"killing"} else "wounded"
