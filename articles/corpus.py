"""A synthetic archive for benchmarks and tests: `python manage.py generate_corpus`.

Pure Python apart from Django's slugify: these functions only make text and plain records; the
command writes them out. Everything is derived from `random.Random` instances seeded with
strings, never from the global random state, so a seed gives the same corpus on every machine.

What is generated
-----------------
- A fixed **world**, the same for every seed: eight invented countries with their cities and
  rivers, outlets of every kind (the registry outlets of migration 0003 plus invented ones on
  `.example` domains), their journalists, institutions, and a pool of named people ranked so
  that a few are quoted very often (Zipf-like: the k-th person is picked with weight 1/k).
  Because the world does not depend on the seed, runs that append to one database share
  their outlets and people.
- **Stories** of `STORY_ARTICLES` consecutive article numbers, each on one topic (floods, a
  border stand-off, a trade dispute, a disputed election, prisoner exchanges, a port strike)
  and one country, starting somewhere in 2020-2024.
- **Events** of 3 to 6 articles each, numbered by their first article, dated along their
  story's run (events of a story are at least a week apart, so they never group together).
  Each event has 3 to 6 statements by its speakers (named people, institutions, anonymous
  officials, a local resident with an age), 1 or 2 figures, and dated background.
- **Articles**, one per outlet covering the event: 400 to 1,200 words, each statement worded
  as that outlet words it (a direct quote in one of several translations, reported speech
  "X said that ...", "..., according to X"), a surname now and then spelled another way
  (Kowalski/Kowalsky, Lee/Ri), a figure that now and then differs between outlets, and the
  outlet's own page furniture: menus, section labels, bylines in several shapes, date lines
  in several forms, share buttons, photo captions, advertisements, newsletter prompts,
  related-article teasers, copyright lines, hard-wrapped lines.

Article number n is generated from the seed and the number of the first article of its event,
so numbering decides what is new: one seed with new numbers never repeats an article.

Each generated article carries both its raw text (what `import_seeds` reads) and what the
importer and extraction find in it: headline, standfirst, byline, date, dateline, body (the
parser gives back exactly these; tests/test_generate_corpus.py checks it), and the span of every
quote, paraphrase and figure in the body.

The two modes of `python manage.py generate_corpus --articles N [--seed S] [--start K]`
----------------------------------------------------------------------------------------
- `--files DIR` writes each article's raw text to DIR/<number>_<SHA-256 prefix>.txt (numbers
  from K, default 1, zero-padded so that names sort in generation order) and a `sources.toml`
  manifest with each file's url (on its outlet's domain), outlet and, now and then, published
  date and credits. `import_seeds DIR` then runs the real importer and extraction on them,
  which group the articles into events, align the claims and find the discrepancies
  themselves. DIR must be new or empty. For the sizes the importer takes in reasonable
  time: the import, not the generation, is the slow part.
- `--rows` stores the same articles directly with bulk_create, with the events, stories,
  people and aliases, claims (one per statement, one per figure value), attributions,
  discrepancies, timeline entries and bylines and mentions the extraction would have made,
  but no edit history: for the largest sizes. It works in batches of `--batch-size` articles
  (default 1,000), each in its own transaction, holding only one batch in memory while a
  thread generates the next. It appends to whatever the database holds: articles are
  numbered from K, by default one past the largest article id, so successive runs (1,000,
  then 9,000 more, then 90,000 more) make new articles, events and people, and share the
  world's outlets, stories in progress and named people, found by slug. Event and anonymous
  source slugs end in the article number; a slug taken already gets a suffix, looked up once
  per batch. A batch whose articles are in the archive already (the same seed and numbers,
  by their SHA-256) is refused and nothing of it is written.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import random
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from django.utils.text import slugify

# Consecutive article numbers that make one story (about six events).
STORY_ARTICLES = 30
# Days between consecutive article numbers of a story: events of one story, at least three
# articles apart, are at least a week apart, well beyond the importer's three-day event window.
DAYS_PER_ARTICLE = 3
FIRST_DAY = datetime.date(2020, 1, 1)
LAST_STORY_START = datetime.date(2024, 9, 30)
MIN_WORDS, MAX_WORDS, USUAL_WORDS = 400, 1200, 600
NAMED_POOL_SIZE = 400
JOURNALISTS_PER_OUTLET = 4
# How often an outlet spells a speaker's surname another way, or gives another figure.
VARIANT_SPELLING_RATE = 0.2
OTHER_FIGURE_RATE = 0.3


# --- The world ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Country:
    name: str
    adjective: str
    capital: str
    cities: tuple[str, ...]
    river: str


COUNTRIES = [
    Country("Valdoria", "Valdorian", "Port Ellen", ("Kessa", "Marrow Bay", "Dunmere"), "Tessel"),
    Country("Norland", "Norlandic", "Halvik", ("Brennstad", "Oslund", "Skarby"), "Vella"),
    Country("Estmark", "Estmarkian", "Rovena", ("Lisk", "Carrow", "Feldam"), "Osk"),
    Country("Serania", "Seranian", "Amaro", ("Costa Vela", "Belmar", "Rio Sereno"), "Amara"),
    Country("Kethia", "Kethian", "Sarn", ("Obel", "Tavri", "Morask"), "Keth"),
    Country("Bravia", "Bravian", "Lindor", ("Pellham", "Asterby", "Vorn"), "Bray"),
    Country("Ostrana", "Ostranan", "Velik", ("Dravo", "Kormin", "Zelna"), "Ostra"),
    Country("Tamsira", "Tamsiran", "Qadira", ("Nahrein", "Sufa", "Beit Amal"), "Tamsa"),
]


@dataclass(frozen=True)
class OutletSpec:
    name: str
    short_name: str
    domain: str
    kind: str  # an articles.models.OutletKind value
    country: str
    language: str
    registry: bool  # one of the known outlets seeded by migration 0003


def _registry(name, short, domain, kind, country, language):
    return OutletSpec(name, short, domain, kind, country, language, True)


def _invented(name, short, domain, kind, country):
    return OutletSpec(name, short, domain, kind, country, "en", False)


OUTLETS = [
    # The registry of migration 0003, matched by domain in --rows mode and by name on import.
    _registry("The Korea Daily", "", "koreadaily.com", "newspaper", "United States", "en"),
    _registry("The Korea Herald", "", "koreaherald.com", "newspaper", "South Korea", "en"),
    _registry("The Chosun Ilbo", "Chosun", "chosun.com", "newspaper", "South Korea", "ko"),
    _registry("Asia News Network", "ANN", "asianews.network", "aggregator", "Thailand", "en"),
    _registry("The Straits Times", "ST", "straitstimes.com", "newspaper", "Singapore", "en"),
    _registry("New York Parrot", "", "newyorkparrot.com", "aggregator", "United States", "en"),
    _registry("Drop The Info", "", "droptheinfo.com", "aggregator", "", "en"),
    _registry("Agence France-Presse", "AFP", "afp.com", "wire", "France", "en"),
    _registry("The Associated Press", "AP", "apnews.com", "wire", "United States", "en"),
    _registry("Reuters", "", "reuters.com", "wire", "United Kingdom", "en"),
    _registry("Yonhap News Agency", "Yonhap", "yna.co.kr", "wire", "South Korea", "ko"),
    _registry("Kyodo News", "Kyodo", "kyodonews.net", "wire", "Japan", "en"),
    _registry("Xinhua", "", "xinhuanet.com", "wire", "China", "en"),
    # Invented outlets, on the reserved .example domain so that no link leads anywhere real.
    _invented("The Halvik Courier", "", "halvikcourier.example", "newspaper", "Norland"),
    _invented("Port Ellen Herald", "", "portellenherald.example", "newspaper", "Valdoria"),
    _invented("The Rovena Daily Post", "", "rovenapost.example", "newspaper", "Estmark"),
    _invented("The Amaro Chronicle", "", "amarochronicle.example", "newspaper", "Serania"),
    _invented("Lindor Evening Standard", "", "lindorstandard.example", "newspaper", "Bravia"),
    _invented("The Velik Tribune", "", "veliktribune.example", "newspaper", "Ostrana"),
    _invented("Valdoria Broadcasting Corporation", "VBC", "vbc.example", "broadcaster", "Valdoria"),
    _invented("Channel North", "", "channelnorth.example", "broadcaster", "Norland"),
    _invented("Radio Qadira", "", "radioqadira.example", "broadcaster", "Tamsira"),
    _invented("Seranian Television", "STV", "stv.example", "broadcaster", "Serania"),
    _invented("Continental Press Agency", "CPA", "cpa-wire.example", "wire", "Estmark"),
    _invented("Nordic News Agency", "NNA", "nna-wire.example", "wire", "Norland"),
    _invented("NewsPulse", "", "newspulse.example", "aggregator", ""),
    _invented("Headline Hub", "", "headlinehub.example", "aggregator", ""),
    _invented("World Brief", "", "worldbrief.example", "aggregator", ""),
    _invented("The Border Notebook", "", "bordernotebook.example", "blog", "Kethia"),
    _invented("Harbour Lights", "", "harbourlights.example", "blog", "Valdoria"),
    _invented("Policy Desk", "", "policydesk.example", "blog", "Bravia"),
    _invented("Kessa Local Voice", "", "kessalocal.example", "unknown", "Valdoria"),
]

# How likely each kind of outlet is to cover an event.
KIND_WEIGHTS = {
    "newspaper": 5,
    "broadcaster": 3,
    "wire": 2,
    "aggregator": 2,
    "blog": 1,
    "unknown": 1,
}
# Wires the parser recognizes (articles.parsing.WIRE_SERVICES), by their outlet's name.
PARSER_WIRES = {
    "Agence France-Presse": "AFP",
    "The Associated Press": "AP",
    "Reuters": "Reuters",
    "Yonhap News Agency": "Yonhap",
    "Kyodo News": "Kyodo",
    "Xinhua": "Xinhua",
}


@dataclass(frozen=True)
class PersonSpec:
    key: str  # the slug the --rows mode gives it; unique in the generated world
    name: str
    description: str
    kind: str  # a claims.models.PersonKind value
    spellings: tuple[str, ...] = ()  # other spellings of the full name
    short: str = ""  # how later mentions name them: the surname
    short_spellings: tuple[str, ...] = ()  # the surname in the other spellings
    title: str = ""  # printed before the name: "Interior Minister", "analyst"
    apposition: str = ""  # printed after it: "the Valdorian interior minister"

    @property
    def aliases(self):
        return sorted({self.name, *self.spellings, self.short, *self.short_spellings} - {""})


FIRST_NAMES = {
    "slavic": "Anna Olena Pavel Dmytro Irena Marek Tomas Katarina Viktor Natalia Bohdan Larysa "
    "Oksana Andriy Milena Stefan",
    "nordic": "Maria Erik Ingrid Lars Sofia Jonas Astrid Henrik Claire Thomas Freya Nils "
    "Helena Magnus Sigrid Anders",
    "arabic": "Ahmed Layla Omar Yasmin Khalid Nour Samir Hana Karim Rania Tariq Salma",
    "latin": "Lucia Mateo Carmen Diego Elena Rafael Ines Pablo Marta Andres Rosa Hugo",
}
SURNAMES = {
    "slavic": "Kowalski Zelinsky Petrenko Horvat Novak Sokolov Kravets Dudek Marchenko Volkov "
    "Lisowski Bilyk Rudenko Savchenko",
    "nordic": "Jensen Lindqvist Moreau Dubois Berg Hansen Fischer Larsen Olsen Meyer Nyberg "
    "Holm Strand Dahl",
    "arabic": "Haddad Mansour Khoury Nasser Saleh Hassan Aziz Farouk Hamdan Rashid Yousef Sabbah",
    "latin": "Ferreira Morales Castillo Ramos Ortega Navarro Herrera Vidal Serrano Molina Cabrera",
}
KOREAN_GIVEN = "Min-jun Seo-yeon Ji-ho Ha-eun Dong-hyun Su-bin Jae-won Eun-ji Sung-min Hye-jin"
# Korean surnames and other romanizations of them (claims.matching.KOREAN_ROMANIZATIONS).
KOREAN_SURNAMES = {
    "Lee": ("Ri", "Yi"),
    "Park": ("Pak",),
    "Choi": ("Choe",),
    "Baek": ("Paek",),
    "Jung": ("Jeong",),
    "Yoon": ("Yun",),
    "Kim": (),
    "Kang": (),
}

# Roles of named people: (printed before the name, printed after it, description). Every role
# word before a name is one the extraction reads as a title or role (claims.quotes.TITLES).
ROLES = [
    ("President", "the president of {country}", "president of {country}"),
    ("Prime Minister", "the {adj} prime minister", "prime minister of {country}"),
    ("Foreign Minister", "the {adj} foreign minister", "foreign minister of {country}"),
    ("Interior Minister", "the {adj} interior minister", "interior minister of {country}"),
    ("Defence Minister", "the {adj} defence minister", "defence minister of {country}"),
    ("Trade Minister", "the {adj} trade minister", "trade minister of {country}"),
    (
        "government spokesperson",
        "a spokesperson for the {adj} government",
        "spokesperson for the {adj} government",
    ),
    ("opposition leader", "the leader of the {adj} opposition", "leader of the {adj} opposition"),
    ("Mayor", "the mayor of {city}", "mayor of {city}"),
    ("analyst", "an analyst at the {capital} Institute", "analyst at the {capital} Institute"),
    ("UN envoy", "the UN envoy for {country}", "UN envoy for {country}"),
    ("union leader", "the head of the {adj} transport union", "head of the {adj} transport union"),
    ("lawmaker", "an opposition lawmaker in {capital}", "opposition lawmaker in {country}"),
    ("Ambassador", "the {adj} ambassador to the UN", "{adj} ambassador to the UN"),
]


def _variant_surnames(surname):
    """Other spellings of a surname outlets use: transliterations and romanizations."""
    if surname in KOREAN_SURNAMES:
        return KOREAN_SURNAMES[surname]
    if surname.endswith("sky"):
        return (surname[:-1] + "i", surname + "y")
    if surname.endswith("ski"):
        return (surname[:-1] + "y",)
    doubled = re.search(r"([a-z])\1", surname)
    if doubled:
        return (surname[: doubled.start()] + surname[doubled.start() + 1 :],)
    if surname.endswith("sen"):
        return (surname[:-3] + "ssen",)
    if surname == "Lindqvist":
        return ("Lindquist",)
    return ()


def _fill(template, **slots):
    return template.format(**slots) if "{" in template else template


@dataclass(frozen=True)
class World:
    named: tuple[PersonSpec, ...]  # most quoted first
    cumulative_weights: tuple[float, ...]
    journalists: dict  # outlet domain -> tuple of PersonSpec
    used_names: frozenset


@lru_cache(maxsize=1)
def world():
    """The people of the world: the same for every seed (see the module docstring)."""
    rng = random.Random("news-archive-world")
    names = set()

    def new_name():
        while True:
            culture = rng.choice(["slavic", "nordic", "arabic", "latin", "korean"])
            if culture == "korean":
                surname = rng.choice(list(KOREAN_SURNAMES))
                name = f"{surname} {rng.choice(KOREAN_GIVEN.split())}"
                given_first = False
            else:
                surname = rng.choice(SURNAMES[culture].split())
                name = f"{rng.choice(FIRST_NAMES[culture].split())} {surname}"
                given_first = True
            if name not in names:
                names.add(name)
                return name, surname, given_first

    named = []
    for _ in range(NAMED_POOL_SIZE):
        name, surname, given_first = new_name()
        country = rng.choice(COUNTRIES)
        before, after, description = rng.choice(ROLES)
        slots = {
            "country": country.name,
            "adj": country.adjective,
            "capital": country.capital,
            "city": rng.choice(country.cities),
        }
        variants = _variant_surnames(surname)
        if given_first:
            spellings = tuple(name.replace(surname, v) for v in variants)
            short, short_spellings = surname, variants
        else:
            # A Korean name is printed whole each time: the surname comes first.
            spellings = tuple(name.replace(surname, v, 1) for v in variants)
            short, short_spellings = name, spellings
        named.append(
            PersonSpec(
                key=slugify(name),
                name=name,
                description=_fill(description, **slots),
                kind="named",
                spellings=spellings,
                short=short,
                short_spellings=short_spellings,
                title=_fill(before, **slots),
                apposition=_fill(after, **slots),
            )
        )
    journalists = {}
    for outlet in OUTLETS:
        staff = []
        for _ in range(JOURNALISTS_PER_OUTLET):
            name, _, _ = new_name()
            staff.append(
                PersonSpec(key=slugify(name), name=name, description="journalist", kind="named")
            )
        journalists[outlet.domain] = tuple(staff)
    weights = list(itertools.accumulate(1 / rank for rank in range(1, len(named) + 1)))
    return World(tuple(named), tuple(weights), journalists, frozenset(names))


def institution(country, ministry):
    name = f"{country.adjective} {ministry}"
    return PersonSpec(key=slugify(name), name=name, description="", kind="institution")


# --- Topics: what stories are about, and the words their coverage is made of ---------------------
#
# Slots: {country} {adj} {capital} {city} {river} are the story's country; {other} {other_adj}
# a second country; {weekday} the day of the event. Statements are written without final
# punctuation. Narrative text (leads, scenes, figures, background) must contain no verb of
# speech (claims.quotes.SPEECH_VERBS, THAT_VERBS): the extraction would read it as reported
# speech that the --rows mode does not record.


@dataclass(frozen=True)
class Statement:
    quotes: tuple[str, ...]  # first-person wordings: the translations outlets print
    reported: tuple[str, ...]  # third-person wordings, lower case: "X said that ..."
    local: bool = False  # said by a resident, not by an official


@dataclass(frozen=True)
class FigureKind:
    noun: str  # what the extraction counts (claims.quotes.extract_figures)
    words: str  # the figure as printed, "{n}" the number with its qualifier
    sentences: tuple[str, ...]  # "{F}" is the figure's words
    low: int
    high: int


@dataclass(frozen=True)
class Beat:
    headlines: tuple[str, ...]
    standfirsts: tuple[str, ...]
    leads: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    key: str
    story_titles: tuple[str, ...]
    section: str
    ministry: str
    beats: tuple[Beat, ...]
    statements: tuple[Statement, ...]
    figures: tuple[FigureKind, ...]
    anonymous: tuple[str, ...]  # unnamed sources, as first printed
    locals: tuple[str, ...]  # residents' descriptions
    # What people did, for scene sentences: groups of subjects and the predicates that fit them.
    scenes: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
    years: tuple[str, ...]  # background with a year: {y1}, {y2}
    days: tuple[str, ...]  # background with a day and month: {md}


def S(quotes, reported, local=False):  # noqa: N802 - a short constructor for the tables below
    return Statement(tuple(quotes), tuple(reported), local)


TAILS = (
    "",
    "",
    "",
    " on {weekday}",
    " in the hours that followed",
    " as the day went on",
    " on the outskirts of {city}",
    " despite the cold",
    " for most of the day",
    " once again",
)

TOPICS = [
    Topic(
        key="floods",
        story_titles=("Floods along the {river}", "Flooding in {country}", "The {river} floods"),
        section="World",
        ministry="Interior Ministry",
        beats=(
            Beat(
                (
                    "Floods force thousands from their homes in {city}",
                    "Thousands flee as the {river} bursts its banks",
                    "{city} evacuates low-lying districts as floodwater rises",
                ),
                (
                    "Rescue teams worked through the night as more rain was forecast.",
                    "The river rose by more than a metre in a few hours on {weekday}.",
                ),
                (
                    "Thousands of people left their homes in {city} on {weekday} after the "
                    "{river} burst its banks following a week of heavy rain.",
                    "Floodwater poured into the lower districts of {city} on {weekday}, forcing "
                    "families onto rooftops and into boats as the {river} broke through its "
                    "embankments.",
                ),
            ),
            Beat(
                (
                    "Rescue teams reach cut-off villages near {city}",
                    "Boats and helicopters reach villages stranded by the {river} floods",
                    "Rescuers reach stranded villages as floodwater starts to fall",
                ),
                (
                    "Some villages had been without power or clean water for days.",
                    "The water level in {city} fell for the first time since the floods began.",
                ),
                (
                    "Rescue teams on {weekday} reached villages near {city} that had been cut off "
                    "for days by the {river} floods, bringing food, water and medicine.",
                    "Boats and army helicopters reached the last stranded villages along the "
                    "{river} on {weekday}, days after floodwater cut them off from {city}.",
                ),
            ),
            Beat(
                (
                    "{adj} government sets out flood aid for the {river} valley",
                    "{country} offers money to rebuild flooded towns",
                    "Flood victims in {city} to get emergency payments",
                ),
                (
                    "The first payments are expected before the end of the month.",
                    "Opposition parties want an inquiry into the condition of the flood defences.",
                ),
                (
                    "The {adj} government on {weekday} set out an emergency aid package for "
                    "towns along the {river}, a week after floods swept through {city}.",
                    "Families whose homes were flooded in {city} will receive emergency payments "
                    "under a plan the {adj} cabinet approved on {weekday}.",
                ),
            ),
            Beat(
                (
                    "Anger grows over flood defences in {city}",
                    "Residents of {city} demand an explanation for failed embankments",
                    "Questions mount over the {river} embankments after the floods",
                ),
                (
                    "Engineers had flagged weaknesses in the embankments years ago.",
                    "An inquiry into the floods is expected to open next month.",
                ),
                (
                    "Residents of {city} gathered outside the town hall on {weekday} to demand "
                    "an explanation for the embankments that gave way when the {river} flooded.",
                    "Anger over the failure of the {river} embankments spilled onto the streets "
                    "of {city} on {weekday}, as the cleanup went on in flooded districts.",
                ),
            ),
        ),
        statements=(
            S(
                [
                    "We are doing everything we can to reach the villages that are still cut off",
                    "Everything possible is being done to reach the villages that remain cut off",
                    "We are doing all we can to get to the villages that are still cut off",
                ],
                [
                    "everything possible was being done to reach the villages that were still "
                    "cut off",
                    "rescuers were doing all they could to reach the villages still cut off",
                ],
            ),
            S(
                [
                    "The water rose faster than anyone expected and the old levees simply gave way",
                    "The river rose faster than anyone had expected and the old levees just "
                    "gave way",
                ],
                [
                    "the water had risen faster than anyone expected and the old levees had "
                    "given way"
                ],
            ),
            S(
                [
                    "No family will be left to pay for the damage on its own",
                    "No family will have to carry the cost of this damage alone",
                ],
                ["no family would be left to pay for the damage on its own"],
            ),
            S(
                [
                    "We warned about the state of the embankments for years and nobody listened",
                    "For years we warned that the embankments were in poor shape, and no one "
                    "listened",
                ],
                ["engineers had warned about the state of the embankments for years"],
            ),
            S(
                [
                    "Schools in the flooded districts will stay closed until the end of the month",
                    "The schools in flooded districts will remain closed until the month is over",
                ],
                ["schools in the flooded districts would stay closed until the end of the month"],
            ),
            S(
                [
                    "Clean drinking water is now our most urgent need",
                    "What we need most urgently now is clean drinking water",
                ],
                ["clean drinking water had become the most urgent need in {city}"],
            ),
            S(
                [
                    "More rain is forecast for the weekend, so the danger has not passed",
                    "With more rain forecast for the weekend, the danger is not over",
                ],
                ["more rain was forecast for the weekend and the danger had not passed"],
            ),
            S(
                [
                    "We lost everything in one night, the house, the car and the animals",
                    "In a single night we lost it all, our house, our car, our animals",
                ],
                ["the family had lost their house, their car and their animals in one night"],
                local=True,
            ),
            S(
                [
                    "The water came into the kitchen before we could even lift the children",
                    "Before we could even pick up the children, the water was in the kitchen",
                ],
                ["the water had reached the kitchen before the family could lift the children"],
                local=True,
            ),
        ),
        figures=(
            FigureKind(
                "residents",
                "{n} residents",
                (
                    "{F} have been forced from their homes since the {river} burst its banks.",
                    "{F} have spent the week in school gyms and sports halls.",
                    "By the end of the week {F} were sleeping in emergency shelters.",
                ),
                2000,
                40000,
            ),
            FigureKind(
                "dead",
                "{n} people were killed",
                (
                    "{F} when the water swept through the lower districts of {city}.",
                    "In the villages upstream {F} as houses collapsed.",
                ),
                3,
                60,
            ),
            FigureKind(
                "soldiers",
                "{n} soldiers",
                (
                    "{F} have been sent to help with the rescue and the cleanup.",
                    "The army has moved {F} into the flooded districts.",
                ),
                300,
                5000,
            ),
        ),
        anonymous=(
            "a senior rescue official",
            "an Interior Ministry official",
            "a local government official",
            "an official at the water authority",
        ),
        locals=(
            "a farmer near {city}",
            "a shopkeeper in {city}",
            "a retired teacher in {city}",
            "a nurse at the {city} hospital",
        ),
        scenes=(
            (
                ("Rescue crews", "Firefighters", "Soldiers in small boats"),
                (
                    "searched the flooded farms by boat",
                    "carried elderly residents to waiting buses",
                    "pulled stranded drivers from their cars",
                    "checked the upper floors of flooded houses",
                    "ferried families across the submerged main road",
                ),
            ),
            (
                (
                    "Volunteers from nearby towns",
                    "Aid workers",
                    "Teenagers from the local football club",
                ),
                (
                    "handed out blankets and bottled water at the sports hall",
                    "set up field kitchens in the school yard",
                    "filled sandbags outside the town hall",
                    "sorted donated clothes in a church hall",
                    "drove supplies to the shelters",
                ),
            ),
            (
                ("Engineers from the water authority", "Council workers", "Army engineers"),
                (
                    "worked through the night to shore up the embankments",
                    "checked the levees for new cracks",
                    "pumped water out of flooded cellars",
                    "cleared fallen trees from the railway line",
                    "closed the bridges over the {river}",
                ),
            ),
            (
                (
                    "Farmers along the {river}",
                    "Shopkeepers in the old town of {city}",
                    "Families in the low-lying districts",
                ),
                (
                    "moved livestock and machinery to higher ground",
                    "carried furniture to the upper floors",
                    "waited on the bridge for news of relatives upstream",
                    "began clearing mud from their homes",
                    "counted the cost of the damage",
                ),
            ),
        ),
        years=(
            "The embankments along the {river} were built in {y1}.",
            "The last flood of this size in the region happened in {y2}.",
        ),
        days=("The first flood warnings went out on {md}.",),
    ),
    Topic(
        key="border",
        story_titles=(
            "{adj}-{other_adj} border tensions",
            "The {country} border stand-off",
            "Troops on the {other_adj} frontier",
        ),
        section="World",
        ministry="Defence Ministry",
        beats=(
            Beat(
                (
                    "{adj} troops mass near the {other_adj} border",
                    "{country} moves troops and armour towards the border with {other}",
                    "Satellite images show {adj} build-up near the frontier",
                ),
                (
                    "Villagers near the frontier have started to leave.",
                    "Neighbouring governments have called for calm.",
                ),
                (
                    "Columns of {adj} troops and armour moved towards the border with {other} on "
                    "{weekday}, in the largest deployment in the region for a decade.",
                    "{country} sent troops and heavy armour to its border with {other} on "
                    "{weekday}, raising fears of a clash along the frontier near {city}.",
                ),
            ),
            Beat(
                (
                    "{other} accuses {country} of provocation at the border",
                    "Border crossing near {city} closed as tensions rise",
                    "{other} withdraws its ambassador from {capital}",
                ),
                (
                    "The main crossing near {city} stayed closed for a second day.",
                    "Trade through the border crossing has stopped.",
                ),
                (
                    "{other} closed the main border crossing near {city} on {weekday} and "
                    "withdrew its ambassador from {capital} as the stand-off with {country} "
                    "deepened.",
                    "Tensions between {country} and {other} rose sharply on {weekday} after the "
                    "crossing near {city} was shut and diplomats were called home.",
                ),
            ),
            Beat(
                (
                    "Talks on border de-escalation open in {capital}",
                    "{country} and {other} sit down for border talks",
                    "Envoys meet in {capital} to ease the border crisis",
                ),
                (
                    "Mediators hope to settle a timetable for a pullback.",
                    "The talks are the first direct contact in months.",
                ),
                (
                    "Envoys from {country} and {other} met in {capital} on {weekday} for the "
                    "first direct talks since troops were sent to the frontier.",
                    "Negotiators from {country} and {other} sat down in {capital} on {weekday} "
                    "to look for a way out of the border stand-off.",
                ),
            ),
            Beat(
                (
                    "{adj} army begins pulling back units from the border",
                    "{country} withdraws some troops from the {other_adj} frontier",
                    "First units leave the border as the stand-off eases",
                ),
                (
                    "The crossing near {city} is expected to reopen next week.",
                    "Some units will stay in the area until the spring.",
                ),
                (
                    "The first {adj} units left the border with {other} on {weekday}, easing a "
                    "stand-off that had kept villages near {city} on edge for weeks.",
                    "{country} began pulling troops back from the frontier on {weekday}, days "
                    "after talks with {other} in {capital}.",
                ),
            ),
        ),
        statements=(
            S(
                [
                    "These units are on our own soil and pose no threat to anyone",
                    "Our units are on our own territory and threaten nobody",
                ],
                ["the units were on {adj} soil and posed no threat to anyone"],
            ),
            S(
                [
                    "Any violation of our territory will be answered with every means we have",
                    "We will answer any violation of our territory with all the means at our "
                    "disposal",
                ],
                ["any violation of the country’s territory would be answered with every means"],
            ),
            S(
                [
                    "The build-up is on a scale we have not seen in a decade",
                    "We have not seen a build-up of this scale in ten years",
                ],
                ["the build-up was on a scale not seen in a decade"],
            ),
            S(
                [
                    "We are ready to talk but not while guns are pointed at our villages",
                    "We are prepared to negotiate but not with guns aimed at our villages",
                ],
                ["{other} was ready to talk but not while guns were pointed at its villages"],
            ),
            S(
                [
                    "The exercises will end on schedule and the troops will return to their bases",
                    "The drills will finish as planned and the soldiers will go back to base",
                ],
                ["the exercises would end on schedule and the troops would return to their bases"],
            ),
            S(
                [
                    "Diplomacy is the only way out of this crisis",
                    "The only way out of this crisis is through diplomacy",
                ],
                ["diplomacy was the only way out of the crisis"],
            ),
            S(
                [
                    "We packed the car in the middle of the night and drove without stopping",
                    "In the middle of the night we packed the car and just drove",
                ],
                ["the family had packed the car in the middle of the night and left"],
                local=True,
            ),
        ),
        figures=(
            FigureKind(
                "troops",
                "{n} troops",
                (
                    "{F} have been moved to the area around {city}.",
                    "The deployment brings {F} to within a few kilometres of the frontier.",
                ),
                5000,
                60000,
            ),
            FigureKind(
                "civilians",
                "{n} civilians",
                (
                    "{F} have left the border villages since the start of the month.",
                    "Local councils have found temporary housing for {F} from the border area.",
                ),
                200,
                8000,
            ),
        ),
        anonymous=(
            "a senior military officer",
            "a Defence Ministry official",
            "a diplomat familiar with the talks",
            "a Western diplomat",
        ),
        locals=("a farmer in a border village", "a schoolteacher from {city}"),
        scenes=(
            (
                ("Border guards", "Soldiers at the checkpoints", "Military police"),
                (
                    "kept the crossing near {city} closed",
                    "checked every car heading towards the frontier",
                    "put up new barriers on the main road",
                    "turned back lorries at the crossing",
                    "patrolled the roads between the border villages",
                ),
            ),
            (
                (
                    "Villagers near the frontier",
                    "Farmers in the border districts",
                    "Families in {city}",
                ),
                (
                    "packed their cars with whatever they could carry",
                    "spent the night in basements",
                    "stocked up on food and medicine",
                    "watched armoured columns move along the main highway",
                    "queued for fuel at the last petrol station before the border",
                ),
            ),
            (
                (
                    "Diplomats in {capital}",
                    "Envoys from neighbouring countries",
                    "Officials from both governments",
                ),
                (
                    "met behind closed doors for several hours",
                    "exchanged messages through intermediaries",
                    "cancelled planned visits",
                    "kept their embassies open with reduced staff",
                    "held talks late into the night",
                ),
            ),
            (
                ("Aid groups", "Local council members", "Teachers in the border villages"),
                (
                    "prepared school buildings as shelters",
                    "drew up lists of families who had left",
                    "opened a reception centre in {city}",
                    "arranged buses for those without cars",
                    "handed out blankets at the reception centre",
                ),
            ),
        ),
        years=(
            "The current border line was drawn up in {y1}.",
            "The last serious clash on the frontier took place in {y2}.",
        ),
        days=("The first convoys were spotted on {md}.",),
    ),
    Topic(
        key="trade",
        story_titles=(
            "The {adj}-{other_adj} trade dispute",
            "Steel tariffs between {country} and {other}",
            "{country} trade talks",
        ),
        section="Business",
        ministry="Trade Ministry",
        beats=(
            Beat(
                (
                    "{other} threatens new tariffs on {adj} steel",
                    "{country} braces for tariffs as trade row with {other} deepens",
                    "Steel tariffs loom over {adj} exports",
                ),
                (
                    "Steelmakers in {city} fear for their biggest market.",
                    "The tariffs could take effect within weeks.",
                ),
                (
                    "{other} moved on {weekday} to put new tariffs on steel from {country}, a "
                    "blow to the mills around {city} that sell most of their output abroad.",
                    "The trade row between {country} and {other} deepened on {weekday} with a "
                    "plan for tariffs on {adj} steel.",
                ),
            ),
            Beat(
                (
                    "{country} and {other} open talks on steel tariffs",
                    "Trade negotiators meet in {capital} as tariff deadline nears",
                    "Tariff talks begin in {capital}",
                ),
                (
                    "Both sides hope to avoid a wider trade war.",
                    "The talks are expected to last several days.",
                ),
                (
                    "Trade negotiators from {country} and {other} met in {capital} on {weekday} "
                    "to try to head off tariffs on steel.",
                    "Talks on the steel dispute between {country} and {other} opened in "
                    "{capital} on {weekday}.",
                ),
            ),
            Beat(
                (
                    "Trade talks stall in {capital}",
                    "No deal as steel talks break up in {capital}",
                    "Steel talks end without agreement",
                ),
                (
                    "Negotiators plan to meet again next month.",
                    "Markets fell after the talks broke up.",
                ),
                (
                    "Talks between {country} and {other} on steel tariffs broke up in {capital} "
                    "on {weekday} without a deal.",
                    "Negotiators left {capital} on {weekday} with no agreement on steel tariffs.",
                ),
            ),
            Beat(
                (
                    "{country} and {other} reach partial trade deal",
                    "Steel deal eases trade row between {country} and {other}",
                    "Tariff truce reached in {capital}",
                ),
                (
                    "The deal covers steel but leaves farm goods for later.",
                    "Steelmakers in {city} welcomed the truce.",
                ),
                (
                    "{country} and {other} decided on {weekday} to suspend steel tariffs for a "
                    "year, easing a trade row that had hit the mills of {city}.",
                    "A partial trade deal between {country} and {other} was reached in {capital} "
                    "on {weekday}.",
                ),
            ),
        ),
        statements=(
            S(
                [
                    "These tariffs will cost our exporters dearly and help no one",
                    "The tariffs will hurt our exporters badly and benefit nobody",
                ],
                ["the tariffs would cost exporters dearly and help no one"],
            ),
            S(
                [
                    "We came here to find a deal, not to score points",
                    "We are here to reach an agreement, not to score points",
                ],
                ["the delegation had come to find a deal rather than to score points"],
            ),
            S(
                [
                    "The steel mills in {city} cannot survive another year like this",
                    "Another year like this would be the end of the mills in {city}",
                ],
                ["the steel mills in {city} could not survive another year like this one"],
            ),
            S(
                [
                    "Any agreement must protect jobs on both sides of the border",
                    "Whatever we agree has to protect jobs on both sides of the border",
                ],
                ["any agreement had to protect jobs on both sides of the border"],
            ),
            S(
                [
                    "We have made real progress on the hardest questions",
                    "Real progress has been made on the most difficult issues",
                ],
                ["real progress had been made on the hardest questions"],
            ),
            S(
                [
                    "In the end it is the consumers who will pay the price for this dispute",
                    "Consumers will end up paying for this dispute",
                ],
                ["consumers would end up paying the price for the dispute"],
            ),
            S(
                [
                    "Half of my orders were cancelled in a single week",
                    "In one week I lost half of my orders",
                ],
                ["half of the company’s orders had been cancelled in a single week"],
                local=True,
            ),
        ),
        figures=(
            FigureKind(
                "workers",
                "{n} workers",
                (
                    "{F} are employed in the steel mills around {city}.",
                    "The mills in {city} have already put {F} on short hours.",
                ),
                1000,
                30000,
            ),
        ),
        anonymous=(
            "a Trade Ministry official",
            "a senior negotiator",
            "a diplomat close to the talks",
            "an industry source",
        ),
        locals=("a steel trader in {city}", "the owner of a small mill in {city}"),
        scenes=(
            (
                (
                    "Steelworkers in {city}",
                    "Union members at the mills",
                    "Workers at the rolling plant",
                ),
                (
                    "faced a long week of uncertainty",
                    "held a meeting outside the main gate",
                    "saw their shifts cut",
                    "waited for news from the talks",
                    "marched through the centre of {city}",
                ),
            ),
            (
                ("Exporters", "Factory owners", "Farmers who sell abroad"),
                (
                    "looked for new buyers in other markets",
                    "cancelled orders for the coming season",
                    "held back shipments at the port",
                    "put plans for new investment on hold",
                    "prepared long lists of products at risk",
                ),
            ),
            (
                (
                    "Negotiators from both sides",
                    "Trade delegations",
                    "Officials from the two ministries",
                ),
                (
                    "met in a hotel on the edge of {capital}",
                    "spent months preparing for the talks",
                    "went through the tariff schedule line by line",
                    "broke off for consultations at home",
                    "exchanged draft texts",
                ),
            ),
            (
                ("Economists at the central bank", "Bank managers", "Market traders in {capital}"),
                (
                    "watched prices for basic goods climb",
                    "lowered their forecasts for growth",
                    "followed the talks closely",
                    "counted the cost of the dispute",
                    "worried about the effect on jobs in {city}",
                ),
            ),
        ),
        years=(
            "The two countries signed their first trade agreement in {y1}.",
            "Steel tariffs between them were last raised in {y2}.",
        ),
        days=("The tariff plan was first published on {md}.",),
    ),
    Topic(
        key="election",
        story_titles=(
            "Disputed election in {country}",
            "The {adj} election crisis",
            "Protests over the vote in {country}",
        ),
        section="Politics",
        ministry="Interior Ministry",
        beats=(
            Beat(
                (
                    "Protesters fill the streets of {capital} after disputed vote",
                    "Thousands rally in {capital} against election result",
                    "Crowds gather in {capital} as opposition rejects the count",
                ),
                (
                    "The opposition has refused to accept the result.",
                    "The protests were the largest in the capital for years.",
                ),
                (
                    "Tens of thousands of people marched through {capital} on {weekday} to "
                    "protest against the result of the presidential election.",
                    "Crowds filled the central square of {capital} on {weekday}, the day after "
                    "an election the opposition refuses to accept.",
                ),
            ),
            Beat(
                (
                    "Police clear protest camp in {capital}",
                    "Riot police move against protesters in {capital}",
                    "Protest camp in {capital} broken up overnight",
                ),
                (
                    "Dozens of people were taken to hospital.",
                    "The square was empty by morning.",
                ),
                (
                    "Riot police cleared the protest camp outside the election commission in "
                    "{capital} early on {weekday}.",
                    "Police moved into the main square of {capital} before dawn on {weekday} and "
                    "tore down the tents of protesters.",
                ),
            ),
            Beat(
                (
                    "Opposition calls for recount in {country}",
                    "{adj} opposition files challenge to election result",
                    "Recount demanded in three {adj} provinces",
                ),
                (
                    "The court has a week to decide.",
                    "The election commission has rejected earlier complaints.",
                ),
                (
                    "The {adj} opposition on {weekday} lodged a formal challenge to the election "
                    "result and called for a recount in three provinces.",
                    "Opposition parties in {country} went to court on {weekday} to seek a "
                    "recount of the presidential vote.",
                ),
            ),
            Beat(
                (
                    "Election commission certifies results in {country}",
                    "{adj} court rejects opposition challenge",
                    "Result upheld as {country} ends election dispute",
                ),
                (
                    "The opposition plans further protests.",
                    "The new government is due to take office next month.",
                ),
                (
                    "The election commission in {country} certified the result of the "
                    "presidential vote on {weekday}, after the court threw out the opposition "
                    "challenge.",
                    "The dispute over the {adj} election came to an end on {weekday} when the "
                    "court upheld the official result.",
                ),
            ),
        ),
        statements=(
            S(
                [
                    "The count was stolen in front of everyone’s eyes",
                    "They stole the count in front of everyone",
                ],
                ["the count had been stolen in front of everyone’s eyes"],
            ),
            S(
                [
                    "Every vote was counted fairly and in public",
                    "All the votes were counted fairly and in the open",
                ],
                ["every vote had been counted fairly and in public"],
            ),
            S(
                [
                    "We will stay in the square until there is a recount",
                    "We are not leaving the square until the votes are counted again",
                ],
                ["protesters would stay in the square until there was a recount"],
            ),
            S(
                [
                    "The police acted with restraint and only cleared the roads",
                    "Officers showed restraint and did nothing more than clear the roads",
                ],
                ["the police had acted with restraint and only cleared the roads"],
            ),
            S(
                [
                    "Peaceful protest is a right, but blocking hospitals is not",
                    "People have the right to protest peacefully, but not to block hospitals",
                ],
                ["peaceful protest was a right but blocking hospitals was not"],
            ),
            S(
                [
                    "The observers found no evidence of large-scale fraud",
                    "No sign of fraud on a large scale was found by the observers",
                ],
                ["observers had found no evidence of large-scale fraud"],
            ),
            S(
                [
                    "I came here because my vote was thrown away",
                    "My vote was thrown away and that is why I am here",
                ],
                ["joining the protest was the only way to defend a vote that had been thrown away"],
                local=True,
            ),
        ),
        figures=(
            FigureKind(
                "people",
                "{n} people",
                (
                    "{F} were detained overnight in {capital}.",
                    "Police held {F} after the clashes near the election commission.",
                ),
                20,
                800,
            ),
            FigureKind(
                "wounded",
                "{n} people were injured",
                (
                    "{F} in the clashes, most of them lightly.",
                    "Hospitals in {capital} recorded that {F} during the night.",
                ),
                10,
                300,
            ),
        ),
        anonymous=(
            "a senior police officer",
            "an election commission official",
            "a Western diplomat",
            "an Interior Ministry official",
        ),
        locals=("a student at the {capital} university", "a bus driver from {city}"),
        scenes=(
            (
                ("Crowds of young people", "Students from the university", "Opposition supporters"),
                (
                    "marched from the university to the parliament building",
                    "waved flags and sang the national anthem",
                    "set up tents in front of the election commission",
                    "filled the central square late into the night",
                    "chanted slogans outside the presidential palace",
                ),
            ),
            (
                ("Riot police", "Police officers", "Officers in armoured vans"),
                (
                    "lined the side streets in full riot gear",
                    "blocked the road to the parliament",
                    "kept watch over the square from the rooftops",
                    "checked the bags of people entering the square",
                    "stood in lines across the main avenue",
                ),
            ),
            (
                ("Election officials", "Monitors from civic groups", "Observers from abroad"),
                (
                    "recounted ballots in several districts",
                    "compared the tallies from polling stations",
                    "published the results district by district",
                    "went through complaints from the regions",
                    "kept the ballot boxes under guard",
                ),
            ),
            (
                ("Shop owners on the main boulevard", "Taxi drivers", "Residents of {capital}"),
                (
                    "closed their shutters early",
                    "handed out tea and bread in the square",
                    "avoided the centre of the city",
                    "cleaned up the square in the morning",
                    "watched the crowds from their balconies",
                ),
            ),
        ),
        years=(
            "The previous election, in {y1}, also ended in protests.",
            "The election commission was last reformed in {y2}.",
        ),
        days=("The vote took place on {md}.",),
    ),
    Topic(
        key="prisoners",
        story_titles=(
            "Prisoners of the {adj}-{other_adj} conflict",
            "Prisoner exchanges between {country} and {other}",
            "Captured soldiers of the {other_adj} war",
        ),
        section="World",
        ministry="Foreign Ministry",
        beats=(
            Beat(
                (
                    "{country} and {other} swap prisoners at the border",
                    "Prisoner exchange brings soldiers home to {country}",
                    "Dozens of captured soldiers freed in exchange",
                ),
                (
                    "Families waited for hours at the crossing point.",
                    "The exchange was the first in months.",
                ),
                (
                    "{country} and {other} exchanged prisoners at a crossing near {city} on "
                    "{weekday}, the first swap since the spring.",
                    "Captured soldiers returned home to {country} on {weekday} in an exchange "
                    "with {other} at the border near {city}.",
                ),
            ),
            Beat(
                (
                    "Families wait for news of captured soldiers",
                    "Relatives of missing soldiers rally in {capital}",
                    "Families of prisoners demand news in {capital}",
                ),
                (
                    "Many have had no word from their sons for months.",
                    "The rally ended outside the Foreign Ministry.",
                ),
                (
                    "Relatives of soldiers held by {other} rallied in {capital} on {weekday} to "
                    "press for news of their sons and husbands.",
                    "Hundreds of relatives of captured soldiers gathered in {capital} on "
                    "{weekday} to demand faster exchanges with {other}.",
                ),
            ),
            Beat(
                (
                    "Red Cross visits prisoners held in {city}",
                    "Aid workers gain access to prisoners of war",
                    "First visit to captured soldiers in months",
                ),
                (
                    "The visit was the first by an outside group this year.",
                    "Letters from families were handed over.",
                ),
                (
                    "Red Cross staff visited prisoners of war held near {city} on {weekday}, the "
                    "first outside visit in months.",
                    "Aid workers were allowed into a camp for prisoners of war near {city} on "
                    "{weekday}.",
                ),
            ),
            Beat(
                (
                    "New prisoner exchange is close, {other} signals",
                    "Mediators prepare fresh prisoner swap",
                    "Talks on a second prisoner exchange advance",
                ),
                (
                    "Mediators have shuttled between the capitals for weeks.",
                    "Lists of names have been exchanged.",
                ),
                (
                    "A second exchange of prisoners between {country} and {other} moved closer "
                    "on {weekday} as mediators traded lists of names.",
                    "Mediators in {capital} finished work on {weekday} on lists for a new "
                    "prisoner exchange with {other}.",
                ),
            ),
        ),
        statements=(
            S(
                [
                    "Every one of our soldiers will come home",
                    "We will bring every single one of our soldiers home",
                ],
                ["every one of the country’s soldiers would come home"],
            ),
            S(
                [
                    "The prisoners are being treated humanely and receive medical care",
                    "The captured men are treated humanely and get medical care",
                ],
                ["the prisoners were being treated humanely and received medical care"],
            ),
            S(
                [
                    "The exchange was agreed after weeks of quiet talks",
                    "It took weeks of quiet negotiations to agree the exchange",
                ],
                ["the exchange had been agreed after weeks of quiet talks"],
            ),
            S(
                [
                    "No one will be sent back against their will",
                    "Nobody will be returned against their wishes",
                ],
                ["no one would be sent back against their will"],
            ),
            S(
                [
                    "We are ready to exchange all prisoners for all prisoners",
                    "We are prepared to swap all of the prisoners for all of ours",
                ],
                ["{country} was ready to exchange all prisoners for all prisoners"],
            ),
            S(
                [
                    "We have not heard from our son in four months",
                    "For four months we have had no news of our son",
                ],
                ["the family had not heard from their son in four months"],
                local=True,
            ),
        ),
        figures=(
            FigureKind(
                "prisoners",
                "{n} prisoners",
                (
                    "{F} were handed over at the crossing.",
                    "The exchange freed {F} on each side.",
                ),
                20,
                400,
            ),
            FigureKind(
                "soldiers",
                "{n} soldiers",
                (
                    "{F} are still listed as missing.",
                    "Families are still waiting for news of {F} listed as missing.",
                ),
                200,
                6000,
            ),
        ),
        anonymous=(
            "a Foreign Ministry official",
            "a Red Cross official",
            "a source close to the mediators",
            "a senior military officer",
        ),
        locals=("a mother from {city}", "a former prisoner from {city}"),
        scenes=(
            (
                ("Families of missing soldiers", "Relatives", "Mothers of captured soldiers"),
                (
                    "waited for hours at the crossing point",
                    "held up photographs of their sons and husbands",
                    "checked lists of names against their own records",
                    "carried letters from home",
                    "lit candles in the town church",
                ),
            ),
            (
                ("Red Cross staff", "Military doctors", "Volunteers at the crossing point"),
                (
                    "examined the men at a military hospital",
                    "prepared hot meals for the returning men",
                    "handed out clean clothes and telephones",
                    "registered each man as he crossed",
                    "set up tents beside the road",
                ),
            ),
            (
                ("Mediators", "Officials from both sides", "Diplomats from a neutral country"),
                (
                    "met in a neutral country over several weeks",
                    "kept the talks secret",
                    "exchanged lists of names",
                    "settled the route for the buses",
                    "checked the lists one last time",
                ),
            ),
            (
                ("Neighbours in {city}", "Local priests", "Former prisoners"),
                (
                    "hung flags along the road into {city}",
                    "prayed for the men still held",
                    "gathered outside the town hall",
                    "welcomed the returning men with flowers",
                    "organised collections for the families",
                ),
            ),
        ),
        years=(
            "The fighting between the two countries began in {y1}.",
            "The first exchange of prisoners took place in {y2}.",
        ),
        days=("The men were captured on {md}.",),
    ),
    Topic(
        key="strike",
        story_titles=(
            "The port strike in {city}",
            "Dock workers’ strike in {country}",
            "Labour unrest at {adj} ports",
        ),
        section="Business",
        ministry="Trade Ministry",
        beats=(
            Beat(
                (
                    "Dock workers strike at the port of {city}",
                    "Strike shuts the port of {city}",
                    "Port of {city} at a standstill as dockers walk out",
                ),
                (
                    "Ships are queuing outside the harbour.",
                    "The union wants a new pay deal.",
                ),
                (
                    "Dock workers at the port of {city} walked off the job on {weekday}, "
                    "bringing the busiest port in {country} to a standstill.",
                    "The port of {city} stopped working on {weekday} as dock workers began a "
                    "strike over pay and safety.",
                ),
            ),
            Beat(
                (
                    "Strike at {city} port enters its second week",
                    "Shortages spread as port strike drags on",
                    "No end in sight to the {city} dock strike",
                ),
                (
                    "Supermarkets are running short of fresh fruit.",
                    "Exporters are diverting cargo to other ports.",
                ),
                (
                    "The strike at the port of {city} entered its second week on {weekday}, with "
                    "shortages spreading to shops across {country}.",
                    "Ships were still waiting outside {city} on {weekday} as the dock strike "
                    "dragged into a second week.",
                ),
            ),
            Beat(
                (
                    "Talks to end the port strike resume",
                    "Union and port owners return to the table",
                    "Mediator brought in to end {city} dock strike",
                ),
                (
                    "A government mediator is leading the talks.",
                    "Both sides have softened their positions.",
                ),
                (
                    "Talks between the dock workers’ union and the port owners resumed in "
                    "{capital} on {weekday}.",
                    "A government mediator brought the union and the owners of the port of "
                    "{city} back to the table on {weekday}.",
                ),
            ),
            Beat(
                (
                    "Port workers vote to end strike",
                    "Cranes move again as {city} strike ends",
                    "Dockers accept pay deal, ending strike",
                ),
                (
                    "The first ships are expected to dock on the weekend.",
                    "The deal runs for three years.",
                ),
                (
                    "Dock workers in {city} voted on {weekday} to accept a new pay deal and end "
                    "their strike.",
                    "The strike at the port of {city} ended on {weekday} when workers backed a "
                    "new contract.",
                ),
            ),
        ),
        statements=(
            S(
                [
                    "We are not asking for more than what we were promised",
                    "All we want is what we were promised",
                ],
                ["the workers were asking for no more than what they had been promised"],
            ),
            S(
                [
                    "The strike is costing the economy millions every day",
                    "Every day of this strike costs the economy millions",
                ],
                ["the strike was costing the economy millions every day"],
            ),
            S(
                [
                    "Our door remains open, but the demands are unrealistic",
                    "We are still open to talks but these demands are not realistic",
                ],
                ["the owners remained open to talks but found the demands unrealistic"],
            ),
            S(
                [
                    "Safety on the docks has been ignored for far too long",
                    "For far too long nobody has cared about safety on the docks",
                ],
                ["safety on the docks had been ignored for far too long"],
            ),
            S(
                [
                    "The deal is fair and it protects every job at the port",
                    "This agreement is fair and keeps every job at the port",
                ],
                ["the deal was fair and protected every job at the port"],
            ),
            S(
                [
                    "My fruit is rotting in containers on the quay",
                    "The fruit I ordered is rotting in containers on the quay",
                ],
                ["the fruit ordered for the shop was rotting in containers on the quay"],
                local=True,
            ),
        ),
        figures=(
            FigureKind(
                "workers",
                "{n} workers",
                (
                    "{F} have walked out at the port.",
                    "The strike involves {F} at the container terminals.",
                ),
                500,
                12000,
            ),
        ),
        anonymous=(
            "a port official",
            "a Trade Ministry official",
            "a union official",
            "a shipping industry source",
        ),
        locals=("a fruit importer in {city}", "a crane operator at the port"),
        scenes=(
            (
                ("Dock workers", "Crane operators", "Union organisers"),
                (
                    "gathered at the main gate of the port",
                    "picketed the terminal in shifts",
                    "handed out leaflets to passing drivers",
                    "kept the cranes idle",
                    "lined up along the harbour wall",
                ),
            ),
            (
                ("Truck drivers", "Shipping agents", "Customs officers"),
                (
                    "waited in long queues on the access road",
                    "diverted cargo to other ports",
                    "rerouted containers by rail",
                    "sat idle at the gates of the terminal",
                    "filled in forms for delayed shipments",
                ),
            ),
            (
                ("Shop owners in {city}", "Farmers who export through the port", "Fruit importers"),
                (
                    "counted growing losses",
                    "moved perishable goods to cold stores inland",
                    "looked for space on ships at other ports",
                    "informed their customers of delays",
                    "threw away spoiled produce",
                ),
            ),
            (
                ("Port managers", "Families of the strikers", "Local councillors"),
                (
                    "met in the harbour offices",
                    "brought food to the picket lines",
                    "followed the talks in {capital} closely",
                    "called for a quick end to the dispute",
                    "held a meeting in the town hall",
                ),
            ),
        ),
        years=(
            "The port of {city} was privatised in {y1}.",
            "The last major strike at the port ended in {y2}.",
        ),
        days=("The union first called the strike on {md}.",),
    ),
]

# Sentences that fit any story, for length; no verb of speech, no figure.
CONTEXT = (
    "The {adj} government has been under pressure on several fronts this year.",
    "Parliament in {capital} is due to debate the budget before the end of the year.",
    "The economy of {country} has grown slowly since the pandemic.",
    "{city} lies a few hours by road from {capital}.",
    "Regional elections are due in {country} next spring.",
    "The opposition has gained ground in recent polls.",
    "Relations between {country} and {other} have been uneasy for years.",
    "Local businesses in {city} were already struggling before this week.",
    "The region around {city} depends on farming, shipping and a handful of factories.",
    "Roads into {city} were busy with lorries and buses for much of the day.",
    "International organisations have followed events in {country} closely.",
    "Many families in {city} have lived in the same streets for generations.",
    "The government in {capital} holds a narrow majority in parliament.",
    "The cabinet is due to meet again at the start of next week.",
    "Prices for food and fuel in {country} have risen steadily over the past year.",
    "The story has dominated the front pages of the {adj} press all week.",
)


# --- Stories and events ------------------------------------------------------------------------

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
QUALIFIERS = ("more than ", "some ", "around ", "at least ", "about ", "nearly ", "over ", "")
SMALL_NUMBERS = ("two", "three", "four", "five", "six", "seven", "eight", "nine")


@dataclass(frozen=True)
class StorySpec:
    number: int
    key: str  # the slug the --rows mode gives it
    title: str
    summary: str
    topic: Topic
    country: Country
    other: Country
    start: datetime.date
    y1: int  # years of the background the coverage relates
    y2: int


@lru_cache(maxsize=64)
def story(seed, number):
    """Story `number` of a seed: the articles numbered from number * STORY_ARTICLES + 1."""
    rng = random.Random(f"{seed}:story:{number}")
    topic = rng.choice(TOPICS)
    country, other = rng.sample(COUNTRIES, 2)
    start = FIRST_DAY + datetime.timedelta(days=rng.randrange((LAST_STORY_START - FIRST_DAY).days))
    slots = _story_slots(country, other, rng.choice(country.cities))
    title = rng.choice(topic.story_titles).format(**slots)
    title = title[0].upper() + title[1:]
    summary = f"Coverage of {title[0].lower() + title[1:]}, as the outlets reported it."
    key = f"{slugify(title)}-{number}"
    y1 = start.year - rng.randint(15, 40)
    y2 = rng.randint(y1 + 1, start.year - 1)
    return StorySpec(number, key, title, summary, topic, country, other, start, y1, y2)


def _story_slots(country, other, city):
    return {
        "country": country.name,
        "adj": country.adjective,
        "capital": country.capital,
        "city": city,
        "river": country.river,
        "other": other.name,
        "other_adj": other.adjective,
    }


@dataclass
class Appearance:
    """A claim's appearance in a body: the words and their span, as the extraction stores it."""

    claim: tuple  # ("statement", index) or ("figure", noun, value)
    words: str
    mode: str  # "quoted" | "paraphrased"
    speaker: PersonSpec | None = None
    speaker_name: str = ""  # as this article prints it
    phrase: str = ""  # the attribution phrase as printed
    qualifier: str = ""  # a figure's "more than", "some"...
    start: int = 0
    end: int = 0

    @property
    def speaker_named(self):
        return self.speaker is not None and self.speaker.kind != "anonymous"


@dataclass
class ArticleSpec:
    number: int
    outlet: OutletSpec
    filename: str
    url: str
    headline: str
    standfirst: str
    byline: str  # as the parser reads it from the text, "" when the text has none
    authors: list[PersonSpec]
    published: datetime.date | None
    precision: str  # "day" | "month" | "unknown"
    dateline: str
    body: str
    raw_text: str
    sha256: str
    credits: list[OutletSpec]
    manifest: dict
    appearances: list[Appearance]
    mentioned: list[PersonSpec]  # named people the article quotes
    background: list[tuple[datetime.date, str, str]]  # (date, precision, sentence)
    spellings: dict = field(default_factory=dict)  # named person key -> surname as printed


@dataclass
class Discrepancy:
    subject: str
    kind: str  # "name" | "figure"
    values: list[tuple[int, str, str, Appearance]]  # (article index, value, words, appearance)


@dataclass
class EventSpec:
    number: int  # the number of its first article
    story: StorySpec
    date: datetime.date
    articles: list[ArticleSpec]
    anonymous: list[PersonSpec]  # its unnamed sources, one per role
    locals: list[PersonSpec]  # residents quoted in it
    discrepancies: list[Discrepancy]

    @property
    def title(self):
        return self.articles[0].headline

    @property
    def summary(self):
        return self.articles[0].standfirst or _first_sentence(self.articles[0].body)


def _first_sentence(text):
    return re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]


def events(seed, start, count):
    """The events holding articles start .. start + count - 1, in order (the last cut short)."""
    number, end = start, start + count
    while number < end:
        found = event(seed, number, limit=end - number)
        yield found
        number += len(found.articles)


def _zipf_person(rng):
    people = world()
    return rng.choices(people.named, cum_weights=people.cumulative_weights)[0]


# Each kind's weight shared among its outlets.
OUTLET_WEIGHTS = list(
    itertools.accumulate(
        KIND_WEIGHTS[o.kind] / sum(p.kind == o.kind for p in OUTLETS) for o in OUTLETS
    )
)


def _pick_outlets(rng, count):
    chosen = []
    while len(chosen) < count:
        outlet = rng.choices(OUTLETS, cum_weights=OUTLET_WEIGHTS)[0]
        if outlet not in chosen:
            chosen.append(outlet)
    return chosen


def _new_local_name(rng):
    taken = world().used_names
    while True:
        culture = rng.choice(list(FIRST_NAMES))
        name = f"{rng.choice(FIRST_NAMES[culture].split())} {rng.choice(SURNAMES[culture].split())}"
        if name not in taken:
            return name


@dataclass
class _Speaker:
    person: PersonSpec
    form: str  # "named" | "institution" | "anonymous" | "local"
    printed: str = ""  # institutions and anonymous sources: as printed ("a senior official")
    age: int = 0  # locals


@dataclass
class _Plan:
    """What is said at an event, before any outlet words it."""

    statements: list[tuple[int, Statement, _Speaker]]
    figures: list[tuple[FigureKind, int, int | None]]  # kind, value, another outlet's value
    slots: dict
    beat: Beat
    story: StorySpec
    date: datetime.date
    # The story's scene and context sentences with the event's slots filled in, once per event.
    scenes: list[tuple[str, str]] = field(default_factory=list)  # (subject, predicate)
    tails: list[str] = field(default_factory=list)
    context: list[str] = field(default_factory=list)

    def __post_init__(self):
        def filled(template):
            return _fill(template, **self.slots)

        self.scenes = [
            (filled(subject), filled(predicate))
            for subjects, predicates in self.story.topic.scenes
            for subject in subjects
            for predicate in predicates
        ]
        self.tails = list(map(filled, TAILS))
        self.context = list(map(filled, CONTEXT))


def event(seed, number, limit=6):
    """The event whose first article is `number`; `limit` cuts it to fewer articles."""
    rng = random.Random(f"{seed}:event:{number}")
    size = rng.randint(3, 6)
    st = story(seed, (number - 1) // STORY_ARTICLES)
    position = (number - 1) % STORY_ARTICLES
    date = st.start + datetime.timedelta(days=position * DAYS_PER_ARTICLE + rng.randint(0, 2))
    topic = st.topic
    beat = topic.beats[position * len(topic.beats) // STORY_ARTICLES]
    slots = _story_slots(st.country, st.other, rng.choice(st.country.cities))
    slots["weekday"] = WEEKDAYS[date.weekday()]

    official = [i for i, s in enumerate(topic.statements) if not s.local]
    chosen = rng.sample(official, rng.randint(3, min(6, len(official))))
    local_statements = [i for i, s in enumerate(topic.statements) if s.local]
    if local_statements and rng.random() < 0.6:
        chosen.append(rng.choice(local_statements))
    anonymous, locals_, statements = {}, [], []
    for index in chosen:
        statement = topic.statements[index]
        if statement.local:
            name = _new_local_name(rng)
            role = _fill(rng.choice(topic.locals), **slots)
            person = PersonSpec(
                key=f"{slugify(name)}-{number}",
                name=name,
                description=role.split(" ", 1)[1] if role.startswith(("a ", "an ")) else role,
                kind="named",
                short=name.split()[-1],
                apposition=role,
            )
            locals_.append(person)
            speaker = _Speaker(person, "local", age=rng.randint(19, 78))
        elif (draw := rng.random()) < 0.5:
            speaker = _Speaker(_zipf_person(rng), "named")
        elif draw < 0.75:
            person = institution(st.country, topic.ministry)
            speaker = _Speaker(person, "institution", printed=f"the {person.name}")
        else:
            role = rng.choice(topic.anonymous)
            if role not in anonymous:
                described = re.sub(r"^(?:an?|the) ", "", role)
                anonymous[role] = PersonSpec(
                    key=f"{slugify(described)}-{number}",
                    name=described[0].upper() + described[1:],
                    description=described,
                    kind="anonymous",
                )
            speaker = _Speaker(anonymous[role], "anonymous", printed=role)
        statements.append((index, statement, speaker))
    figures = []
    for kind in rng.sample(topic.figures, min(len(topic.figures), rng.randint(1, 2))):
        value = _round(rng.randint(kind.low, kind.high))
        other = None
        if rng.random() < OTHER_FIGURE_RATE:
            other = _round(value * rng.choice([0.8, 0.9, 1.1, 1.2]))
            other = other if other != value else value + 1
        figures.append((kind, value, other))
    plan = _Plan(statements, figures, slots, beat, st, date)
    outlets = _pick_outlets(rng, size)
    articles = [
        _article(seed, number + i, outlet, plan, [o for o in outlets if o != outlet])
        for i, outlet in enumerate(outlets[:limit])
    ]
    found = EventSpec(number, st, date, articles, list(anonymous.values()), locals_, [])
    found.discrepancies = _discrepancies(articles)
    return found


def _round(value):
    """A figure as reports give it: two significant digits (12,000; 340; 45; 7)."""
    value = int(value)
    if value < 100:
        return max(value, 2)
    digits = len(str(value)) - 2
    return round(value, -digits)


def _discrepancies(articles):
    """Where the event's articles differ: a surname spelled another way, another figure."""
    found = []
    names = {}  # person key -> {(article index, surname as printed): its first appearance}
    figures = {}  # noun -> [(article index, appearance)]
    for index, article in enumerate(articles):
        for appearance in article.appearances:
            if appearance.claim[0] == "figure":
                figures.setdefault(appearance.claim[1], []).append((index, appearance))
            elif appearance.speaker and appearance.speaker.key in article.spellings:
                spelled = article.spellings[appearance.speaker.key]
                names.setdefault(appearance.speaker.key, {}).setdefault(
                    (index, spelled), appearance
                )
    for seen in names.values():
        if len({spelled for _, spelled in seen}) > 1:
            person = next(iter(seen.values())).speaker
            # The name as the article first prints it, as the extraction records it.
            values = [(i, a.speaker_name, a.words, a) for (i, _), a in seen.items()]
            subject = f"name of {person.name} ({person.description})"
            found.append(Discrepancy(subject[:300], "name", values))
    for noun, seen in figures.items():
        values = {a.claim[2] for _, a in seen}
        if len(values) > 1:
            subject = f"number of {noun} (about {min(values):,})"
            shown, kept = set(), []
            for index, a in seen:
                value = f"{a.qualifier} {a.claim[2]:,}".strip()
                if (index, value) not in shown:
                    shown.add((index, value))
                    kept.append((index, value, a.words, a))
            found.append(Discrepancy(subject, "figure", kept))
    return found


# --- Articles: the outlet's words ----------------------------------------------------------------

# Closing quote marks and brackets: "said.”" ends a sentence.
CLOSERS = "”\"’')]»"
MONTHS = (
    "January February March April May June July August September October November December"
).split()
SHARE_LINES = ("Share", "Share this article", "Tweet", "Facebook", "WhatsApp", "Email", "Copy link")
END_HEADINGS = ("Related Articles", "Related", "You may also like", "Most read", "Read next")
CAPTIONS = (
    "A view of {city} on {weekday}.",
    "People walk past a government building in {capital}.",
    "The main road into {city} earlier this week.",
    "A file picture of the old town of {city}.",
)


@dataclass(frozen=True)
class Style:
    """How an outlet's pages look once scraped: the same for all its articles."""

    menu: str  # "" | "row" | "column"
    section: bool
    standfirst: bool
    byline: str  # "by" | "by_upper" | "by_email" | "by_pipe_date" | "name_top" | "name_bottom" | ""
    date: str  # "long" | "dmy" | "published" | "iso" | "weekday" | "row" | "yearless" | ""
    updated: bool
    share: bool
    photo: bool
    ads: bool
    newsletter: bool
    dateline: bool
    wrap: bool
    related: bool
    about_author: bool
    crlf: bool


@cache
def outlet_style(domain):
    rng = random.Random(f"style:{domain}")
    kind = next(o.kind for o in OUTLETS if o.domain == domain)
    byline = rng.choice(["by", "by", "by_upper", "by_email", "by_pipe_date", "name_top"])
    if kind == "blog":
        byline = rng.choice(["name_bottom", ""])
    elif kind == "wire":
        byline = "by"
    date = rng.choice(["long", "dmy", "published", "iso", "weekday", "row", "yearless", ""])
    if byline == "by_pipe_date":
        date = ""
    return Style(
        menu=rng.choice(["", "row", "column"]),
        section=rng.random() < 0.5,
        standfirst=rng.random() < 0.5,
        byline=byline,
        date=date,
        updated=rng.random() < 0.2,
        share=rng.random() < 0.6,
        photo=rng.random() < 0.5,
        ads=rng.random() < 0.4,
        newsletter=rng.random() < 0.4,
        dateline=kind in ("wire", "newspaper") and rng.random() < 0.8,
        wrap=rng.random() < 0.25,
        related=rng.random() < 0.6,
        about_author=kind == "blog" or rng.random() < 0.15,
        crlf=rng.random() < 0.1,
    )


def _cap(text):
    return text[:1].upper() + text[1:]


def _number_text(rng, value):
    if value < 10 and rng.random() < 0.5:
        return SMALL_NUMBERS[value - 2]
    return f"{value:,}"


class _Writer:
    """One outlet's article about an event: its sentences, and what each one says."""

    def __init__(self, rng, plan, outlet):
        self.rng = rng
        self.plan = plan
        self.outlet = outlet
        self.slots = plan.slots
        self.mentioned = set()  # keys of people named in full already
        self.spellings = {}  # named person key -> the surname this outlet prints
        self.names = {}  # named person key -> (full name, short name) as printed
        self.used_scenes = set()  # numbers of the plan's scenes printed already

    def fill(self, template):
        return _fill(template, **self.slots)

    def printed_names(self, person):
        if person.key not in self.names:
            index = 0
            if person.spellings and self.rng.random() < VARIANT_SPELLING_RATE:
                index = self.rng.randint(1, len(person.spellings))
            full = person.name if index == 0 else person.spellings[index - 1]
            short = person.short if index == 0 else person.short_spellings[index - 1]
            self.names[person.key] = (full, short)
            self.spellings[person.key] = short
        return self.names[person.key]

    def statement(self, index, statement, speaker):
        """A sentence carrying the statement: a list of text and Appearances."""
        rng, claim = self.rng, ("statement", index)
        quote = self.fill(rng.choice(statement.quotes))
        reported = self.fill(rng.choice(statement.reported))
        quoted = rng.random() < 0.65

        def q(end, name, phrase):
            return Appearance(claim, quote + end, "quoted", speaker.person, name, phrase)

        def r(words, name, phrase):
            return Appearance(claim, words, "paraphrased", speaker.person, name, phrase)

        person = speaker.person
        if speaker.form in ("institution", "anonymous"):
            who = name = speaker.printed  # "a senior official", "the Valdorian Interior Ministry"
            anonymity = " on condition of anonymity" if speaker.form == "anonymous" else ""
            if quoted:
                if speaker.form == "institution" or rng.random() < 0.7:
                    tail = " in a statement" if speaker.form == "institution" else anonymity
                    return ["“", q(",", name, f"{who} said{anonymity}"), f"” {who} said{tail}."]
                return ["“", q(",", name, f"{who} told reporters"), f"” {who} told reporters."]
            form = rng.randrange(3)
            if form == 0:
                lead = f"{_cap(who)} said{anonymity}"
                when = f" on {self.slots['weekday']}" if speaker.form == "institution" else ""
                return [f"{lead}{when} that ", r(reported, name, lead), "."]
            if form == 1:
                return [r(_cap(reported), name, f"{who} said"), f", {who} said."]
            return [f"According to {who}, ", r(reported, name, f"According to {who}"), "."]
        full, short = self.printed_names(person)
        if speaker.form == "local":
            role = person.apposition
            if quoted:
                age = speaker.age + (1 if rng.random() < 0.15 else 0)
                figure = Appearance(("figure", "age", age), str(age), "paraphrased")
                said = f"said {full}"
                return ["“", q(",", full, said), f"” {said}, ", figure, f", {role}."]
            lead = f"{full}, {role}, said"
            return [f"{lead} that ", r(reported, full, lead), "."]
        if person.key not in self.mentioned:
            self.mentioned.add(person.key)
            titled = f"{person.title} {full}"
            form = rng.randrange(3) if quoted else rng.randrange(3, 5)
            if form == 0:
                return ["“", q(",", full, f"{titled} said"), f"” {titled} said."]
            if form == 1:
                return ["“", q(",", full, f"said {full}"), f"” said {full}, {person.apposition}."]
            if form == 2:
                lead = f"{_cap(titled)} said"
                return [f"{lead}: “", q(".", full, lead), "”"]
            if form == 3:
                lead = f"{_cap(titled)} said"
                return [f"{lead} on {self.slots['weekday']} that ", r(reported, full, lead), "."]
            lead = f"{full}, {person.apposition}, told reporters"
            return [f"{lead} that ", r(reported, full, lead), "."]
        if quoted:
            return ["“", q(",", short, f"{short} said"), f"” {short} said."]
        form = rng.randrange(3)
        if form == 0:
            return [f"{short} said that ", r(reported, short, f"{short} said"), "."]
        if form == 1:
            return [r(_cap(reported), short, f"{short} said"), f", {short} said."]
        return [f"According to {short}, ", r(reported, short, f"According to {short}"), "."]

    def figure(self, kind, value):
        rng = self.rng
        words = kind.words.format(n=rng.choice(QUALIFIERS) + _number_text(rng, value))
        before, after = map(self.fill, rng.choice(kind.sentences).split("{F}"))
        if not before:
            words = _cap(words)
        qualifier = next((q.strip() for q in QUALIFIERS if q and words.lower().startswith(q)), "")
        appearance = Appearance(("figure", kind.noun, value), words, "paraphrased")
        appearance.qualifier = qualifier
        return [before, appearance, after]

    def scenes(self, count):
        """`count` sentences of what people did, none printed twice in one article."""
        plan, random = self.plan, self.rng.random  # random() is the fastest draw; this is hot
        found = []
        while len(found) < count and len(self.used_scenes) < len(plan.scenes):
            scene = int(random() * len(plan.scenes))
            if scene not in self.used_scenes:
                self.used_scenes.add(scene)
                subject, predicate = plan.scenes[scene]
                tail = plan.tails[int(random() * len(plan.tails))]
                found.append(f"{subject} {predicate}{tail}.")
        return found


def _words_of(paragraph):
    return sum(len((p if isinstance(p, str) else p.words).split()) for p in paragraph)


def _article(seed, number, outlet, plan, others):
    rng = random.Random(f"{seed}:article:{number}")
    style = outlet_style(outlet.domain)
    writer = _Writer(rng, plan, outlet)
    topic = plan.story.topic
    published = plan.date + datetime.timedelta(days=rng.choice([0, 0, 1, 1, 2]))

    # The body: the lead, the statements, the figures, the background, then scenes and context
    # until the article is as long as this outlet makes it.
    lead = [writer.fill(rng.choice(plan.beat.leads))]
    paragraphs = []
    said = [s for s in plan.statements if rng.random() < 0.8] or plan.statements[:2]
    for index, statement, speaker in said:
        paragraph = writer.statement(index, statement, speaker)
        if rng.random() < 0.3:
            paragraph = [*paragraph, " ", *writer.scenes(1)]
        paragraphs.append(paragraph)
    for kind, value, other in plan.figures:
        if rng.random() < 0.85:
            value = other if other and rng.random() < 0.4 else value
            paragraphs.append(writer.figure(kind, value))
    background = []
    if rng.random() < 0.5:
        year = rng.choice([plan.story.y1, plan.story.y2])
        template = rng.choice(topic.years)
        template = template.replace("{y1}", str(year)).replace("{y2}", str(year))
        sentence = writer.fill(template)
        background.append((datetime.date(year, 1, 1), "year", sentence))
        paragraphs.append([sentence])
    if rng.random() < 0.3:
        day = plan.date - datetime.timedelta(days=rng.randint(2, 6))
        sentence = writer.fill(
            rng.choice(topic.days).replace("{md}", f"{MONTHS[day.month - 1]} {day.day}")
        )
        background.append((day, "day", sentence))
        paragraphs.append([sentence])
    rng.shuffle(paragraphs)
    target = int(rng.triangular(MIN_WORDS, MAX_WORDS, USUAL_WORDS))
    words = _words_of(lead) + sum(map(_words_of, paragraphs))
    context = rng.sample(plan.context, len(plan.context))
    while words < target:
        sentences = writer.scenes(rng.randint(1, 3))
        if context and rng.random() < 0.5:
            sentences.append(context.pop())
        if not sentences:
            break
        text = " ".join(sentences)
        count = text.count(" ") + 1
        if words + count > MAX_WORDS:
            break
        paragraphs.insert(rng.randint(0, len(paragraphs)), [text])
        words += count
    paragraphs = [lead, *paragraphs]

    body, appearances = _join(paragraphs)
    headline = _cap(writer.fill(rng.choice(plan.beat.headlines)))
    authors = rng.sample(world().journalists[outlet.domain], 2 if rng.random() < 0.2 else 1)
    credits = _credits(rng, outlet, others)
    article = ArticleSpec(
        number=number,
        outlet=outlet,
        filename="",
        url="",
        headline=headline,
        standfirst="",
        byline="",
        authors=authors,
        published=published,
        precision="day",
        dateline="",
        body=body,
        raw_text="",
        sha256="",
        credits=credits,
        manifest={},
        appearances=appearances,
        mentioned=[s.person for _, _, s in said if s.form in ("named", "local")],
        background=background,
        spellings=writer.spellings,
    )
    _page(rng, article, style, plan, paragraphs, writer)
    return article


def _join(paragraphs):
    """The body (paragraphs joined by blank lines, as the parser gives it) and its Appearances,
    each with its span set."""
    text, appearances, position = [], [], 0
    for number, paragraph in enumerate(paragraphs):
        if number:
            text.append("\n\n")
            position += 2
        for piece in paragraph:
            words = piece if isinstance(piece, str) else piece.words
            if not isinstance(piece, str):
                piece.start, piece.end = position, position + len(words)
                appearances.append(piece)
            text.append(words)
            position += len(words)
    return "".join(text), appearances


def _credits(rng, outlet, others):
    """Outlets this article credits: a wire whose copy it carries, the original it republishes."""
    if outlet.kind == "aggregator":
        originals = [o for o in others if o.kind in ("newspaper", "broadcaster")]
        originals = originals or [o for o in OUTLETS if o.kind == "newspaper"]
        return [rng.choice(originals)]
    if outlet.kind != "wire" and rng.random() < 0.2:
        return [rng.choice([o for o in OUTLETS if o.kind == "wire"])]
    return []


# --- Pages: the raw text a scraper would have saved ---------------------------------------------


def _date_line(rng, form, day):
    month = MONTHS[day.month - 1]
    long = f"{month} {day.day}, {day.year}"
    hour, minute = rng.randint(1, 12), rng.randrange(60)
    if form == "long":
        return long
    if form == "dmy":
        return f"{day.day} {month} {day.year}"
    if form == "published":
        noon = rng.choice(["am", "pm"])
        return f"Published: {day.day} {month[:3]} {day.year}, {hour}:{minute:02d} {noon}"
    if form == "iso":
        return f"{day.isoformat()} {hour:02d}:{minute:02d} {rng.choice(['CET', 'GMT', 'EET'])}"
    if form == "weekday":
        return f"{WEEKDAYS[day.weekday()]}, {long}"
    if form == "row":
        return f"{month[:3]} {day.day}, {day.year} | {rng.randint(2, 9)} min read"
    return f"{month[:3]} {day.day}"  # "yearless": the page printed no year


def _wrapped(paragraph, width=74):
    """A paragraph hard-wrapped as some pages print it, so that the parser joins it back exactly:
    lines of at least 50 characters, never broken after a sentence's end, and never a short last
    line (which could read as a name)."""

    def breakable(cut):
        return paragraph[start:cut].rstrip(CLOSERS)[-1:] not in ".!?…:;"

    lines, start = [], 0
    while True:
        # The last space that keeps the line within the width, else the first one past it.
        cut = paragraph.rfind(" ", start + 50, start + width + 1)
        while cut != -1 and not breakable(cut):
            cut = paragraph.rfind(" ", start + 50, cut)
        if cut == -1:
            cut = paragraph.find(" ", start + width + 1)
            while cut != -1 and not breakable(cut):
                cut = paragraph.find(" ", cut + 1)
        if cut == -1 or paragraph.count(" ", cut + 1) < 5:
            break
        lines.append(paragraph[start:cut])
        start = cut + 1
    lines.append(paragraph[start:])
    return "\n".join(lines)


def _page(rng, article, style, plan, paragraphs, writer):
    """Fill in the article's page: raw text, file name, address, manifest entry, and what the
    parser reads off the page (byline, date, standfirst, dateline)."""
    outlet, authors = article.outlet, article.authors
    names = [a.name for a in authors]
    # Blocks of lines, printed with blank lines between them: a run of short lines (a byline, a
    # date, share buttons) would read as a menu.
    menu, title, share, photo, body, footer, tail = [], [], [], [], [], [], []

    if style.menu == "row":
        menu.append("Home | World | Business | Politics | Opinion")
    elif style.menu == "column":
        menu += ["Menu", "Search", "Sign in"]
    if style.section:
        title.append(plan.story.topic.section)
    title.append(article.headline)

    # The byline as printed, and as the parser reads it back (article.byline).
    if style.byline in ("by_email", "by_pipe_date"):
        authors, names = authors[:1], names[:1]
    article.authors = authors if style.byline else []
    byline_line = ""
    if style.byline == "by":
        byline_line = f"By {' and '.join(names)}"
        article.byline = " and ".join(names)
    elif style.byline == "by_upper":
        byline_line = f"BY {' AND '.join(names).upper()}"
        article.byline = " AND ".join(names).upper()
    elif style.byline == "by_email":
        first, last = names[0].lower().split(" ", 1)
        byline_line = f"By {names[0]} [{first}.{last.replace(' ', '')}@{outlet.domain}]"
        article.byline = names[0]
    elif style.byline == "by_pipe_date":
        byline_line = f"By {names[0]} | {_date_line(rng, 'long', article.published)}"
        article.byline = names[0]
    elif style.byline in ("name_top", "name_bottom"):
        article.byline = ", ".join(names)

    dated = style.date not in ("", "yearless") or style.byline == "by_pipe_date"
    date_lines = []
    if style.date and style.byline != "by_pipe_date":
        date_lines.append(_date_line(rng, style.date, article.published))
        if style.updated and dated:
            later = article.published + datetime.timedelta(days=1)
            date_lines.append(f"Updated: {_date_line(rng, 'long', later)}")
    # A standfirst is read as one only when a byline or date line follows it; a lone name
    # line below it is a byline only beside another such line.
    if style.standfirst and (byline_line or date_lines):
        article.standfirst = writer.fill(rng.choice(plan.beat.standfirsts))
        title.append(article.standfirst)
    title += [byline_line] if byline_line else []
    title += names if style.byline == "name_top" else []
    title += date_lines
    if style.share:
        share += rng.sample(SHARE_LINES, rng.randint(2, 4))
    if style.photo:
        caption = writer.fill(rng.choice(CAPTIONS))
        credit = rng.choice([outlet.short_name or outlet.name, f"{names[0]}/{outlet.name}", "File"])
        photo.append(f"{slugify(article.headline)[:40]}-{article.number % 97}.jpg")
        if rng.random() < 0.5:
            photo.append(f"{caption} PHOTO: {credit}")
        else:
            photo += [caption, f"Photo: {credit}"]

    # The body, the first paragraph under its dateline.
    texts = [_text(p) for p in paragraphs]
    if style.dateline:
        place = plan.slots["city"].upper()
        if rng.random() < 0.3:
            place += f", {plan.story.country.name}"
        article.dateline = place
        wire = PARSER_WIRES.get(outlet.name) or (outlet.short_name if outlet.kind == "wire" else "")
        credit = f" ({wire})" if wire else ""
        texts[0] = f"{place}{credit} {rng.choice(['–', '—', '-', '--'])} {texts[0]}"
    seen = set()
    for index, text in enumerate(texts):
        if index and style.ads and rng.random() < 0.12:
            body.append(rng.choice(["Advertisement", "ADVERTISEMENT"]))
        if index == len(texts) // 2 and style.newsletter:
            body.append(
                rng.choice(
                    [
                        f"Sign up for the {outlet.name} morning briefing",
                        "Subscribe to our daily newsletter",
                        f"Get the {outlet.name} newsletter delivered to your inbox",
                    ]
                )
            )
        # The parser drops a line it has seen before on the page (a caption printed twice):
        # a paragraph whose wrapping would repeat a line is left unwrapped.
        lines = _wrapped(text).split("\n") if style.wrap and index else [text]
        if seen.intersection(lines):
            lines = [text]
        seen.update(lines)
        body.append("\n".join(lines))

    # After the body: the byline again, wire and source credits, desk notes, copyright, teasers.
    if style.byline == "name_bottom":
        footer += names
    for credited in article.credits:
        if credited.name in PARSER_WIRES:
            footer.append(rng.choice(["— {}", "With {}", "{}"]).format(PARSER_WIRES[credited.name]))
        elif credited.kind == "wire":
            footer.append(f"Source: {credited.name}")
        else:
            footer.append(f"This article first appeared in {credited.name}.")
    if outlet.kind == "wire" and rng.random() < 0.5:
        footer.append(f"Reporting by {names[0]}; Editing by {rng.choice(world().named).name}")
    year = article.published.year
    copyright_line = rng.choice(
        [f"© {year} {outlet.name}. All rights reserved.", f"Copyright {year} {outlet.name}"]
    )
    if style.related:
        teasers = [b for b in plan.story.topic.beats if b is not plan.beat]
        tail.append(rng.choice(END_HEADINGS))
        tail += [writer.fill(rng.choice(b.headlines)) for b in rng.sample(teasers, 2)]
    if style.about_author and authors:
        tail += [
            "About The Author",
            f"{names[0]} writes about {plan.story.country.name} for {outlet.name}.",
        ]
    tail.append(copyright_line)

    blocks = [
        *map("\n".join, (menu, title, share, photo)),
        *body,
        "\n".join(footer),
        "\n".join(tail),
    ]
    raw = "\n\n".join(block for block in blocks if block) + "\n"
    if style.crlf:
        raw = raw.replace("\n", "\r\n")
    article.raw_text = raw
    article.sha256 = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    article.filename = f"{article.number:06d}_{article.sha256[:16]}.txt"

    # What is known from outside the text: the manifest entry, which wins over the text.
    host = f"www.{outlet.domain}" if outlet.registry else outlet.domain
    day = article.published
    article.url = (
        f"https://{host}/{slugify(plan.story.topic.section)}/{day.year}/{day.month:02d}/"
        f"{slugify(article.headline)}-{article.number}"
    )
    manifest = {"url": article.url, "outlet": outlet.name}
    if not dated:
        if style.date == "yearless" or rng.random() < 0.9:
            if rng.random() < 0.15:
                manifest["published"] = f"{day.year}-{day.month:02d}"
                article.published, article.precision = day.replace(day=1), "month"
            else:
                manifest["published"] = day.isoformat()
        else:
            article.published, article.precision = None, "unknown"
    elif rng.random() < 0.1:
        manifest["published"] = day.isoformat()
    if article.credits and (not all(c.registry for c in article.credits) or rng.random() < 0.5):
        manifest["credits"] = [c.name for c in article.credits]
    article.manifest = manifest


def _text(paragraph):
    return "".join(p if isinstance(p, str) else p.words for p in paragraph)
