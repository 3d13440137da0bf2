"""Turn a scraped news page, given as plain text, into headline, byline, date and clean paragraphs.

A scrape keeps whatever the page showed: a headline near the top (or none), a byline in one of
several shapes, a dateline, page furniture (share buttons, image file names, captions, newsletter
prompts, menus, cookie banners, teaser lists) and body lines that a print layout broke in the
middle of a sentence. The rules below describe kinds of furniture and metadata, never particular
sites, because the importer will meet pages nobody has looked at.

Pure Python, no Django: the import_seeds command calls decode() and parse_article().
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import NamedTuple

from sentencex import segment


class ParseError(ValueError):
    """The text cannot be made into an article. The message names the problem, not the file."""


# --- Decoding ---------------------------------------------------------------------------------

# Real text has almost no control characters; past this share the bytes are not text.
BINARY_CONTROL_SHARE = 0.1


def decode(raw: bytes) -> tuple[str, list[str]]:
    """UTF-8 (a BOM is dropped); else cp1252, else Latin-1, each fallback with a warning.

    The text is returned exactly as decoded (line endings included): it is the record of what
    was imported. parse_article() accepts any line endings.
    """
    if not raw:
        raise ParseError("the file is empty")
    if b"\x00" in raw:
        raise ParseError("the file is binary: it contains NUL bytes")
    warnings = []
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
            warnings.append(
                "not valid UTF-8, decoded as Windows-1252 (cp1252): check accents and quote marks"
            )
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
            warnings.append(
                "neither UTF-8 nor Windows-1252, decoded as Latin-1: check accents and quote marks"
            )
    if not text.strip():
        raise ParseError("the file holds only whitespace")
    controls = len(CONTROL_CHARACTER.findall(text))
    if controls > len(text) * BINARY_CONTROL_SHARE:
        raise ParseError("the file is binary: it is mostly control characters")
    return text, warnings


# C0 controls other than tab, line feed, form feed and carriage return; DEL; C1 controls.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


# --- The result -------------------------------------------------------------------------------


@dataclass
class ParsedArticle:
    headline: str
    headline_provisional: bool  # made from the lead sentence because the text prints none
    standfirst: str  # the summary under the headline, "" if none; not repeated in the body
    byline: str  # as printed, "" if none
    authors: list[str]  # individual names, each once
    emails: list[str]
    # Evidence for the outlet: ("email_domain" | "credit" | "newsletter" | "photo_credit" |
    # "copyright" | "dateline_credit", value as printed).
    outlet_hints: list[tuple[str, str]]
    wire_credits: list[str]  # wire services credited (AFP, AP...): a source, not the outlet
    published: datetime.date | None
    precision: str  # "day" | "month" | "unknown"; month precision gives day 1
    dateline: str  # e.g. "SEOUL", taken off the first paragraph
    paragraphs: list[str]
    review_reasons: list[str]  # what an editor should check, in plain words
    # The subset of review_reasons about the publication date, which a manifest date settles.
    date_reasons: list[str]
    section: str = ""  # a section label printed above the headline ("Global")

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


# --- Vocabulary: kinds of furniture and metadata ----------------------------------------------


def _phrases(text: str, separator: str | None = None) -> frozenset[str]:
    """A word list written as prose, so that long lists stay readable."""
    return frozenset(phrase.strip() for phrase in text.split(separator))


# Wire services: a text that credits them is syndicated copy; they are not the outlet.
WIRE_SERVICES = {
    "AP": "AP",
    "Associated Press": "AP",
    "The Associated Press": "AP",
    "AFP": "AFP",
    "Agence France-Presse": "AFP",
    "Agence France Presse": "AFP",
    "Reuters": "Reuters",
    "Yonhap": "Yonhap",
    "Yonhap News Agency": "Yonhap",
    "Kyodo": "Kyodo",
    "Kyodo News": "Kyodo",
    "Xinhua": "Xinhua",
    "Bloomberg": "Bloomberg",
    "dpa": "dpa",
    "Bernama": "Bernama",
    "ANI": "ANI",
    "PTI": "PTI",
    "IANS": "IANS",
    "UPI": "UPI",
    "EFE": "EFE",
    "ANSA": "ANSA",
    "TASS": "TASS",
    "Anadolu": "Anadolu",
    "Anadolu Agency": "Anadolu",
    "Interfax": "Interfax",
}
_WIRE_BY_FOLDED = {name.casefold(): canonical for name, canonical in WIRE_SERVICES.items()}
_WIRE_ALTERNATION = "|".join(
    re.escape(name)
    for name in sorted(set(WIRE_SERVICES) | {n.upper() for n in WIRE_SERVICES}, key=len)[::-1]
)

# Section labels and kickers printed above a headline (or above each teaser).
SECTION_LABELS = _phrases(
    """global, world, asia, europe, americas, africa, oceania, middle east, asia pacific,
    east asia, national, international, local, news, world news, top news, latest news,
    breaking news, top stories, politics, business, economy, markets, opinion, editorial,
    analysis, features, sport, sports, tech, technology, science, health, culture, lifestyle,
    entertainment, travel, video, podcasts""",
    ",",
)

# Words that end an outlet's name ("The Korea Herald", "Chosun Ilbo", "Asia News Network"),
# so a short line ending in one is a credit, not a person.
OUTLET_WORDS = _phrases(
    """herald times post news daily journal tribune gazette ilbo shimbun chronicle telegraph
    guardian observer courier dispatch examiner globe inquirer standard star mirror independent
    express press review monitor bulletin sun mail record register network agency broadcasting
    television radio magazine weekly today"""
)

# Words that make a byline piece a job title rather than a name ("AP Diplomatic Writer").
ROLE_WORDS = _phrases(
    """writer reporter correspondent editor staff desk bureau contributor columnist
    photographer"""
)

# Lower-case particles inside personal names ("Ursula von der Leyen").
NAME_PARTICLES = _phrases("de da del der di van von bin binti al el la le dos du ten ter")

COPYRIGHT_LINE = re.compile(r"(?:copyright|©|\(c\)).*|.*\ball rights reserved\b.*", re.IGNORECASE)

# Lines that are page furniture as a whole (matched against the full line, any case). One
# pattern of alternatives, not a list of patterns: each line of every page is tried
# against all of them, and one call costs a fraction of fourteen.
FURNITURE_LINE = re.compile(
    "|".join(
        f"(?:{pattern})"
        for pattern in (
            # Share and social buttons, scraped as their labels.
            (
                r"share|share (?:this|on)(?: \w+)?|tweet|e-?mail|print|copy link|save|bookmark|"
                r"facebook|twitter|x|linkedin|whatsapp|telegram|reddit|pinterest|flipboard"
            ),
            # Image file names, left where an image had no alt text.
            r"[\w.\-]+\.(?:jpe?g|png|gif|webp|avif|svg)",
            # Newsletter and subscription prompts.
            r"(?:sign up|subscribe)\b.{0,150}",
            r".{0,80}\bnewsletters?\b.{0,80}\b(?:inbox|sign up|subscribe)\b.{0,40}",
            # Follow buttons and topic links.
            r"follow(?: (?:topic|topics|this topic|us)\b.{0,60})?:?",
            r"see more(?: on\b.{0,60})?",
            # Navigation, accessibility and account links.
            (
                r"(?:scroll|back|go) to top|skip to (?:main )?content|home|menu|search|sign in|"
                r"log ?in|log out|register|my account|toggle navigation|read more"
            ),
            r"advertisement|advertising|sponsored(?: content)?|ad",
            r"(?:listen to|print|save) this (?:article|story).{0,30}|\d+ min(?:ute)?s? read",
            # Copyright and legal footer.
            COPYRIGHT_LINE.pattern,
            (
                r"privacy(?: policy)?|terms (?:of|and) (?:use|service|conditions)|contact(?: us)?|"
                r"about us|advertise(?: with us)?|cookie (?:policy|settings)|sitemap|accessibility"
            ),
            # Cookie consent buttons.
            (
                r"(?:accept|reject|allow|decline|refuse)(?: all)?(?: cookies)?|"
                r"manage (?:preferences|cookies|settings|options)|got it|i agree|ok"
            ),
            # End-of-copy marks and desk credits in wire stories.
            r"\(end\)|-+ ?end ?-+|#{3}",
            r"(?:(?:additional )?reporting|writing|editing|compiled) by\b.{0,200}",
        )
    ),
    re.IGNORECASE,
)

# A cookie banner is a sentence about cookies and what the reader agrees to.
COOKIE_NOTICE = re.compile(
    r".*\bcookies?\b.*\b(?:use|accept|consent|agree|policy|settings|experience|continu\w*)\b.*",
    re.IGNORECASE,
)

# Headings after which the page shows teasers, author bios or comments, not the article.
END_MARKERS = re.compile(
    r"(?:related|related (?:articles|stories|posts|news|coverage|content|topics)|"
    r"more (?:from|on|stories|news)\b.{0,60}|you (?:may|might) also like|"
    r"recommended(?: for you| stories)?|read next|most (?:read|popular|viewed)|popular now|"
    r"trending(?: now)?|about the author|leave a (?:comment|reply)|\d* ?comments?|"
    r"latest (?:news|stories))\s*:?",
    re.IGNORECASE,
)

# A line that is only a photo credit ("PHOTO: AFP", "Picture: Tom Ellis/Riverside Gazette").
PHOTO_CREDIT_LINE = re.compile(
    r"\(?(?:photo|photograph|picture|image|pic|photo credit|credit)s?\s*(?::|by)\s*"
    r"(?P<credit>[^()]{2,80}?)\)?",
    re.IGNORECASE,
)
# A caption ending in its credit ("... at an undisclosed location. PHOTO: TELEGRAM VIA AFP").
# Case-sensitive so that an ordinary "the image: ..." in a sentence does not count.
CAPTION_CREDIT = re.compile(
    r"(?:^|[\s(\[])(?:PHOTOS?|Photos?|PICTURE|Picture|IMAGE|Image|CREDIT|Credit)\s*:\s*"
    r"(?P<credit>[^()\[\]]{2,80}?)[)\]]?\s*$"
)

# A line that only credits wire services ("AFP", "— Reuters", "With AFP", "Source: Yonhap").
WIRE_LINE = re.compile(
    rf"(?:[-–—]\s*)?(?:with\s+|source:\s*)?\(?(?:{_WIRE_ALTERNATION})"
    rf"(?:\s*(?:,|/|and|&)\s*(?:{_WIRE_ALTERNATION}))*\)?\.?",
    re.IGNORECASE,
)
# A wire credit left at the end of the last paragraph ("... have not replied. AFP").
TRAILING_WIRE = re.compile(
    rf"(?<=[.!?”\"’])\s+(?:[-–—]\s*)?\(?(?P<wires>(?:{_WIRE_ALTERNATION})"
    rf"(?:\s*(?:,|/|and|&)\s*(?:{_WIRE_ALTERNATION}))*)\)?$"
)

BYLINE = re.compile(r"by\s+(?P<rest>.{2,200})", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_LINE = re.compile(
    r"(?:e-?mail|contact|write to)?\s*:?\s*<?(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>?\.?",
    re.IGNORECASE,
)

# A credit naming where the text came from ("Source: The Korea Herald").
CREDIT_PREFIX = re.compile(
    r"(?:source|courtesy of|originally published (?:in|by|on)|"
    r"this (?:article|story) (?:first )?(?:appeared|was published) (?:in|on)|"
    r"republished (?:from|with permission of)|reprinted from)\s*:?\s+(?P<name>.+?)\.?",
    re.IGNORECASE,
)
NEWSLETTER_OUTLET = re.compile(
    r"\b(?i:get|from|for|to)\s+(?P<name>(?:the\s+)?[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*?)"
    r"(?:['’]s)?\s+(?:(?:daily|weekly|free|morning|evening|email|top)\s+)*newsletters?\b"
)

ROW_SEPARATOR = re.compile(r"\s+[|•·]\s+")
BREADCRUMB_SEPARATOR = re.compile(r"\s*(?:»|›|\s>\s)\s*")

# "SEOUL –", "SEOUL (Yonhap) --", "WASHINGTON (AP) —", "SEOUL, South Korea (AP) —",
# "SEOUL, Feb 20 (Reuters) -".
DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*(?:, [A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)*)?)"
    r"(?:, (?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?))?"
    r"(?: \((?P<credit>[^)]{2,40})\))?"
    r"\s*(?:--|[-–—])\s+"
)

# --- Dates ------------------------------------------------------------------------------------

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?"
)
# The forms news pages print, most specific first; a missing year is kept missing.
DATE_FORMS = [
    re.compile(r"\b(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})\b"),
    re.compile(
        rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}})\b)?",
        re.IGNORECASE,
    ),
    re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<year>\d{{4}})\b)?",
        re.IGNORECASE,
    ),
    re.compile(rf"\b{_MONTH}\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
]
TIME_OF_DAY = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?", re.IGNORECASE
)
# Words that may stand beside a date on a date line ("Updated: Thu, 20 Feb 2025, 10:31 am").
DATE_LINE_WORDS = _phrases(
    """published updated posted last first modified edited on at date time am pm a m p hrs
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri
    sat sun"""
)
UPDATE_WORDS = ("updated", "modified", "edited")


class FoundDate(NamedTuple):
    date: datetime.date | None  # None when the text shows no year
    precision: str  # "day", "month" or "unknown"
    text: str  # the date as printed
    start: int
    end: int


DIGIT = re.compile(r"\d")


def _find_date(text: str) -> FoundDate | None:
    if not DIGIT.search(text):
        return None  # every date form has a day or a year in figures
    for form in DATE_FORMS:
        for match in form.finditer(text):
            found = _to_date(match)
            if found:
                return found
    return None


def _to_date(match: re.Match) -> FoundDate | None:
    groups = match.groupdict()
    month = groups["month"]
    month = int(month) if month.isdigit() else MONTHS[month[:3].lower()]
    day = int(groups["day"]) if groups.get("day") else None
    year = int(groups["year"]) if groups.get("year") else None
    text = match.group(0).strip()
    if year is None:
        return FoundDate(None, "unknown", text, match.start(), match.end())
    try:
        date = datetime.date(year, month, day or 1)
    except ValueError:
        return None
    return FoundDate(date, "day" if day else "month", text, match.start(), match.end())


def find_dates(text: str) -> list[FoundDate]:
    """Every date written in text, in order; where forms overlap the most specific wins."""
    found: list[FoundDate] = []
    for form in DATE_FORMS:
        for match in form.finditer(text):
            date = _to_date(match)
            if date and all(date.end <= f.start or date.start >= f.end for f in found):
                found.append(date)
    return sorted(found, key=lambda f: f.start)


def _date_line(line: str) -> FoundDate | None:
    """The date on a line that holds a date and nothing else but date words and times.

    In a row of short items ("Feb 20, 2025 | 3 min read | Politics") the date may be one item.
    """
    if not DIGIT.search(line):
        return None  # every date form has a day or a year in figures
    items = ROW_SEPARATOR.split(line)
    if len(items) > 1 and all(len(item.split()) <= 6 for item in items):
        return next((found for item in items if (found := _date_line(item))), None)
    found = _find_date(line)
    if not found:
        return None
    rest = TIME_OF_DAY.sub(" ", line[: found.start] + " " + line[found.end :])
    for word in re.findall(r"[A-Za-z]+", rest):
        is_time_zone = word.isupper() and len(word) <= 4
        if word.lower() not in DATE_LINE_WORDS and not is_time_zone:
            return None
    return found


def _dates_mentioned(text: str) -> list[str]:
    """Dates written in running text, as printed (for review notes only)."""
    seen = []
    for form in DATE_FORMS:
        for match in form.finditer(text):
            found = _to_date(match)
            if not found or not match["month"][0].isupper():
                continue
            shown = found.text if found.date else f"{found.text} (no year)"
            if shown not in seen:
                seen.append(shown)
    return seen


# --- Lines ------------------------------------------------------------------------------------

CLOSERS = "”\"’')]»"
OPENERS = "“\"‘'([«"
SENTENCE_END = ".!?…:;"
# A line ending in one of these words stops mid-clause, so the next line continues it.
FUNCTION_WORDS = _phrases(
    """a an the and or but nor of to in on at by for with from that which who whom whose as than
    into onto over under after before since because if while when where whether is are was were
    be been has have had will would could should can may might must not also both either neither
    this these those such his her its their our my your about between against during without
    within per via"""
)
# A run of adjacent lines this long without a full stop is a hard-wrapped paragraph.
WRAPPED_LINE_MIN = 50
# A furniture line this long is a sentence (a copyright notice, a cookie banner) and may wrap.
WRAPPING_FURNITURE_MIN = 40
META_KINDS = frozenset({"byline", "name", "date", "credit", "photo", "caption", "email", "wire"})


@dataclass
class Line:
    number: int
    text: str
    kind: str


def _is_furniture(line: str) -> bool:
    if FURNITURE_LINE.fullmatch(line):
        return True
    if END_MARKERS.fullmatch(line):  # a sidebar heading above the article
        return True
    return len(line) < 400 and bool(COOKIE_NOTICE.fullmatch(line))


def _classify(line: str) -> str:
    if _is_furniture(line):
        return "furniture"
    if PHOTO_CREDIT_LINE.fullmatch(line):
        return "photo"
    if CAPTION_CREDIT.search(line):
        return "caption"
    if WIRE_LINE.fullmatch(line):
        return "wire"
    if _parse_byline(line):
        return "byline"
    if EMAIL_LINE.fullmatch(line):
        return "email"
    if _date_line(line):
        return "date"
    if _outlet_credit(line):
        return "credit"
    if line.casefold() in SECTION_LABELS:
        return "label"
    if len(BREADCRUMB_SEPARATOR.split(line)) > 1:
        return "crumb"
    if _looks_like_name(line):
        return "name"
    return "text"


def _looks_like_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 4 or len(text) > 50 or words[0].lower() in NAME_PARTICLES:
        return False
    for word in words:
        if word.lower() in NAME_PARTICLES:
            continue
        core = word.strip(".,")
        if not core or not core[0].isupper():
            return False
        if not all(ch.isalpha() or ch in "'’.-" for ch in core):
            return False
        if core.lower() in OUTLET_WORDS or core.lower() in ROLE_WORDS:
            return False
    return text.casefold() not in SECTION_LABELS


def _outlet_credit(line: str) -> str:
    match = CREDIT_PREFIX.fullmatch(line)
    name = match["name"] if match else line
    words = name.split()
    if not 1 <= len(words) <= 6 or len(name) > 60 or name.casefold() in SECTION_LABELS:
        return ""
    if not all(w[0].isupper() or w.lower() in {"of", "the", "and", "for"} for w in words):
        return ""
    if match or (len(words) >= 2 and words[-1].lower().strip(".,") in OUTLET_WORDS):
        return name
    return ""


def _wire_name(text: str) -> str:
    return _WIRE_BY_FOLDED.get(text.strip(" .()–—-").casefold(), "")


class Byline(NamedTuple):
    byline: str
    authors: list[str]
    emails: list[str]
    wires: list[str]
    dates: list[FoundDate]


def _parse_byline(line: str) -> Byline | None:
    """Read a byline: "By A, B [a@outlet.com]", "By NAME | DATE", "By NAME, AP Writer".

    None when the line only starts with "By" ("By the time they arrived, ...").
    """
    match = BYLINE.fullmatch(line)
    if not match or len(line) > 200:
        return None
    parts = [part.strip() for part in ROW_SEPARATOR.split(match["rest"])]
    names = parts[0]
    dates = [found for part in parts[1:] if (found := _date_line(part))]
    inline_date = _find_date(names)
    if inline_date and inline_date.start > 0:  # "By Jane Doe, February 20, 2025"
        dates.insert(0, inline_date)
        names = names[: inline_date.start]
    emails = EMAIL.findall(line)
    names = re.sub(r"[\[(<][^\])>]*@[^\])>]*[\])>]", "", names)
    names = EMAIL.sub("", names).strip(" ,;–—-")
    authors, wires = [], []
    for piece in re.split(r"\s*[,;&]\s*|\s+and\s+", names, flags=re.IGNORECASE):
        if not piece:
            continue
        if wire := _wire_name(piece):
            wires.append(wire)
        elif any(word.lower().strip(".") in ROLE_WORDS for word in piece.split()):
            wires.extend(wire for word in piece.split() if (wire := _wire_name(word)))
        elif _looks_like_name(piece):
            authors.append(piece)
        else:
            return None
    if not authors and not wires:
        return None
    return Byline(names, authors, emails, wires, dates)


def _menu_lines(lines: list[str]) -> set[int]:
    """Line numbers of navigation menus: runs of short link labels, or one row of them."""
    menu: set[int] = set()
    run: list[int] = []
    for number, line in enumerate([*lines, ""]):
        if line and _is_menu_item(line):
            run.append(number)
            continue
        single_words = sum(len(lines[n].split()) == 1 for n in run)
        if len(run) >= 3 and single_words * 2 >= len(run):
            menu.update(n for n in run if not _outlet_credit(lines[n]))
        run = []
    for number, line in enumerate(lines):
        items = ROW_SEPARATOR.split(line)
        is_row = len(items) >= 3 and all(len(item.split()) <= 3 for item in items)
        if is_row and not BYLINE.match(line) and not _find_date(line):
            menu.add(number)
    return menu


def _is_menu_item(line: str) -> bool:
    return len(line) <= 30 and len(line.split()) <= 3 and line[-1] not in '.!?:,;”"'


def _end_of_article(lines: list[str]) -> int:
    """Index of the heading that starts teasers or comments, once the article has begun."""
    article_begun = False
    for number, line in enumerate(lines):
        if article_begun and END_MARKERS.fullmatch(line):
            return number
        if len(line.split()) >= 12 and not _is_furniture(line):
            article_begun = True
    return len(lines)


def _ends_sentence(text: str) -> bool:
    end = text.rstrip(CLOSERS)
    return not end or end[-1] in SENTENCE_END


def _continues(previous_line: str, line: str, adjacent: bool) -> bool:
    """Whether `line` carries on the sentence that `previous_line` left unfinished."""
    if _ends_sentence(previous_line):
        return False
    end = previous_line.rstrip(CLOSERS)
    if end[-1] in ",-–—":
        return True
    if line.lstrip(OPENERS + " ")[:1].islower():
        return True
    if end.split()[-1].lower() in FUNCTION_WORDS:
        return True
    return adjacent and len(previous_line) >= WRAPPED_LINE_MIN


def _glue(paragraph: str, line: str) -> str:
    if paragraph.endswith("-") and paragraph[-2:-1].isalpha():
        return paragraph + line  # a word hyphenated across the break
    return paragraph + " " + line


# --- Parsing ----------------------------------------------------------------------------------


def parse_article(text: str) -> ParsedArticle:
    """Split a scraped page into its parts. Raises ParseError if no body is left after cleaning."""
    raw_lines = [line.strip() for line in text.splitlines()]
    end = _end_of_article(raw_lines)
    page, tail = raw_lines[:end], raw_lines[end:]
    lines = _classify_lines(page)
    headline, section = _find_headline(lines)
    _mark_captions(lines)
    _place_name_lines(lines)
    standfirst = _find_standfirst(lines)

    hints: list[tuple[str, str]] = []
    wires: list[str] = []
    emails: list[str] = []
    bylines: list[str] = []
    authors: list[str] = []
    name_lines: list[str] = []  # lone names, used only when no "By ..." line is printed
    dates: list[tuple[FoundDate, bool]] = []  # (date, is an update date)
    for line in lines:
        if line.kind == "byline":
            byline = _parse_byline(line.text)
            bylines.append(byline.byline)
            authors += byline.authors
            emails += byline.emails
            wires += byline.wires
            dates += [(found, False) for found in byline.dates]
        elif line.kind == "name":
            name_lines.append(line.text)
        elif line.kind == "email":
            emails.append(EMAIL_LINE.fullmatch(line.text)["email"])
        elif line.kind == "date":
            is_update = any(word in line.text.lower() for word in UPDATE_WORDS)
            dates.append((_date_line(line.text), is_update))
        elif line.kind == "credit":
            name = _outlet_credit(line.text)
            if wire := _wire_name(name):
                wires.append(wire)
            else:
                hints.append(("credit", name))
        elif line.kind == "photo":
            hints.append(("photo_credit", PHOTO_CREDIT_LINE.fullmatch(line.text)["credit"]))
        elif line.kind == "caption" and (match := CAPTION_CREDIT.search(line.text)):
            hints.append(("photo_credit", match["credit"].strip()))
        elif line.kind == "wire":
            wires += _wires_in(line.text)
        elif line.kind == "furniture":
            hints += _furniture_hints(line.text)
    if not bylines:
        bylines, authors = name_lines, name_lines
    for line in tail:
        hints += [hint for hint in _furniture_hints(line) if hint[0] == "copyright"]
    hints += [("email_domain", address.split("@")[1].lower()) for address in emails]

    paragraphs = _join_broken_lines(
        [line for line in lines if line.kind == "text"], skip={headline, standfirst}
    )
    if paragraphs and (match := TRAILING_WIRE.search(paragraphs[-1])):
        wires += _wires_in(match["wires"])
        paragraphs[-1] = paragraphs[-1][: match.start()].rstrip()
    dateline = ""
    if paragraphs and (match := DATELINE.match(paragraphs[0])) and len(match["place"]) >= 3:
        dateline = match["place"]
        paragraphs[0] = paragraphs[0][match.end() :]
        if match["credit"]:
            if wire := _wire_name(match["credit"]):
                wires.append(wire)
            else:
                hints.append(("dateline_credit", match["credit"]))
        if match["date"] and (found := _find_date(match["date"])):
            dates.append((found, False))
    paragraphs = [paragraph for paragraph in paragraphs if paragraph]
    if not paragraphs:
        raise ParseError("no article text is left once page furniture is removed")

    review_reasons = []
    provisional = not headline
    if provisional:
        headline = _headline_from_lead(paragraphs[0])
        review_reasons.append("The text has no headline; this one was made from the lead sentence.")
    published, precision, date_reasons = _choose_date(dates, paragraphs)
    review_reasons += date_reasons

    return ParsedArticle(
        headline=headline,
        headline_provisional=provisional,
        standfirst=standfirst,
        byline=", ".join(_unique(bylines)),
        authors=_unique(authors),
        emails=_unique(emails),
        outlet_hints=_unique(hints),
        wire_credits=_unique(wires),
        published=published,
        precision=precision,
        dateline=dateline,
        paragraphs=paragraphs,
        review_reasons=review_reasons,
        date_reasons=date_reasons,
        section=section,
    )


def _classify_lines(page: list[str]) -> list[Line]:
    menu = _menu_lines(page)
    lines: list[Line] = []
    for number, text in enumerate(page):
        if not text:
            continue
        kind = "furniture" if number in menu else _classify(text)
        previous = lines[-1] if lines else None
        # A long furniture sentence wrapped over several lines takes its continuation with it.
        if (
            previous
            and previous.kind == "furniture"
            and previous.number == number - 1
            and len(previous.text) >= WRAPPING_FURNITURE_MIN
            and kind == "text"
            and _continues(previous.text, text, adjacent=False)
        ):
            kind = "furniture"
        lines.append(Line(number, text, kind))
    return lines


def _mark_captions(lines: list[Line]) -> None:
    """The text line printed just above a lone photo credit is its caption (with any copies)."""
    for index, line in enumerate(lines):
        if line.kind != "photo" or index == 0:
            continue
        above = index - 1
        caption = lines[above].text
        if lines[above].kind != "text" or len(caption) > 400:
            continue
        while above >= 0 and lines[above].kind == "text" and lines[above].text == caption:
            lines[above].kind = "caption"
            above -= 1


def _headline_like(text: str, min_words: int = 2) -> bool:
    if len(text.split()) < min_words or len(text) > 250:
        return False
    # Headlines do not end in a full stop; a lead sentence does ("U.S." is not a full stop).
    return not re.search(r"[a-z0-9]\.$", text.rstrip(CLOSERS))


def _find_headline(lines: list[Line]) -> tuple[str, str]:
    """The first headline-like line, after section labels and breadcrumbs; and the section.

    A short Title Case headline ("Trump Meets Kim") reads like a name; it is taken as the
    headline when the first text line after it is a sentence, not a headline.
    """
    section = ""
    headline = ""
    name_above: Line | None = None
    for line in lines:
        if line.kind == "label" or (line.kind == "text" and len(line.text.split()) == 1):
            line.kind = "label"
            section = section or line.text
        elif line.kind == "crumb":
            crumbs = BREADCRUMB_SEPARATOR.split(line.text)
            line.kind = "label"
            if _headline_like(crumbs[-1]):
                headline = crumbs[-1]
                break
        elif line.kind == "name" and not name_above:
            name_above = line
        elif line.kind == "text":
            if _headline_like(line.text):
                headline = line.text
                line.kind = "headline"
            elif name_above and _headline_like(name_above.text, min_words=3):
                headline = name_above.text
                name_above.kind = "headline"
            break
    for line in lines:
        if line.kind == "text" and line.text == headline:
            line.kind = "headline"  # the headline printed again
    return headline, section


def _find_standfirst(lines: list[Line]) -> str:
    """The summary under a headline: the first text line, when byline or photo lines follow it.

    A line repeated later as a body paragraph is the lead printed twice, not a standfirst.
    """
    kinds = [line.kind for line in lines]
    if "headline" not in kinds:
        return ""
    after_headline = lines[kinds.index("headline") + 1 :]
    texts = [index for index, line in enumerate(after_headline) if line.kind == "text"]
    if len(texts) < 2:
        return ""
    candidate = after_headline[texts[0]]
    follower = after_headline[texts[0] + 1]
    repeated = any(after_headline[index].text == candidate.text for index in texts[1:])
    if follower.kind not in META_KINDS or repeated or DATELINE.match(candidate.text):
        return ""
    candidate.kind = "standfirst"
    return candidate.text


def _place_name_lines(lines: list[Line]) -> None:
    """A lone name is a byline above or below the text or beside other metadata lines.

    Between two paragraphs it is a subheading ("Rescue Effort"), so it stays text.
    """
    texts = [index for index, line in enumerate(lines) if line.kind == "text"]
    if not texts:
        return
    for index, line in enumerate(lines):
        if line.kind != "name" or index < texts[0] or index > texts[-1]:
            continue
        neighbours = lines[index - 1 : index] + lines[index + 1 : index + 2]
        if not any(neighbour.kind in META_KINDS for neighbour in neighbours):
            line.kind = "text"


def _join_broken_lines(lines: list[Line], skip: set[str]) -> list[str]:
    """Paragraphs from text lines: copies dropped, lines broken mid-sentence joined."""
    paragraphs: list[str] = []
    seen = set(skip)
    previous: Line | None = None
    for line in lines:
        if line.text in seen:
            continue
        seen.add(line.text)
        adjacent = previous is not None and line.number == previous.number + 1
        if previous and _continues(previous.text, line.text, adjacent):
            paragraphs[-1] = _glue(paragraphs[-1], line.text)
        else:
            paragraphs.append(line.text)
        previous = line
    return paragraphs


def _wires_in(text: str) -> list[str]:
    text = re.sub(r"(?i)^\W*(?:with|source:)\s*", "", text)
    names = re.split(r"\s*(?:,|/|\band\b|&)\s*", text, flags=re.IGNORECASE)
    return [wire for name in names if (wire := _wire_name(name))]


def _furniture_hints(line: str) -> list[tuple[str, str]]:
    hints = []
    if match := NEWSLETTER_OUTLET.search(line):
        name = match["name"]
        hints.append(("newsletter", "The" + name[3:] if name.startswith("the ") else name))
    if owner := _copyright_owner(line):
        hints.append(("copyright", owner))
    return hints


def _copyright_owner(line: str) -> str:
    if not COPYRIGHT_LINE.fullmatch(line):
        return ""
    owner = re.sub(r"(?i)copyright|©|\(c\)|\b(?:19|20)\d{2}\b|[-–]", " ", line)
    owner = re.split(r"(?i)\ball rights reserved|\.\s", owner)[0]
    owner = " ".join(owner.split()).strip(" .,")
    if not owner or not owner[0].isupper() or len(owner) > 60:
        return ""
    return owner


def _headline_from_lead(paragraph: str) -> str:
    """A stand-in headline: the lead sentence, cut at a clause if it is long."""
    sentence = segment("en", paragraph)[0].strip()
    sentence = re.sub(r"(?<=[a-z0-9])\.$", "", sentence)
    if len(sentence) > 150:
        comma = sentence.find(", ", 40)
        if 0 < comma <= 150:
            sentence = sentence[:comma]
        else:
            sentence = sentence[:150].rsplit(" ", 1)[0] + "…"
    return sentence


def _choose_date(
    dates: list[tuple[FoundDate, bool]], paragraphs: list[str]
) -> tuple[datetime.date | None, str, list[str]]:
    """The publication date from date lines, bylines and the dateline; never from the body.

    Dates in running text are usually the reported event's ("said on February 19").
    """
    with_year = [(found, is_update) for found, is_update in dates if found.date]
    published = [found for found, is_update in with_year if not is_update]
    updated = [found for found, is_update in with_year if is_update]
    reasons = []
    if published or updated:
        chosen = (published or updated)[0]
        if not published:
            reasons.append(
                f"Only an update date ({chosen.text}) was found; first publication may be earlier."
            )
        others = {found.date for found in published} - {chosen.date}
        if others:
            reasons.append(f"Several publication dates near the top or bottom; used {chosen.text}.")
        return chosen.date, chosen.precision, reasons
    yearless = [found.text for found, _ in dates if not found.date]
    if yearless:
        return (
            None,
            "unknown",
            [f"The date {yearless[0]!r} has no year, so the publication date is left unknown."],
        )
    reason = "No publication date in the text."
    mentioned = _dates_mentioned(" ".join(paragraphs))[:3]
    if mentioned:
        reason += (
            f" The body mentions {', '.join(mentioned)}, likely the date of the events reported,"
            " not of publication."
        )
    return None, "unknown", [reason]


def _unique(items: list) -> list:
    """Items in first-seen order, each once (case-insensitively for text)."""
    seen = set()
    result = []
    for item in items:
        key = item.casefold() if isinstance(item, str) else item
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result
