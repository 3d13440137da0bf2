"""Import raw article files: one transaction per file, idempotent by the SHA-256 of the bytes.

What a manifest says of a file wins over what its text suggests. Nothing already stored is
overwritten: a changed capture of the same page becomes a new version of the article, and the
earlier raw text stays where it was.
"""

import datetime
import hashlib
import tomllib
from collections import ChainMap
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Q

from . import history, revision
from .models import Article, DatePrecision, Event, Outlet, OutletKind, ReviewItem, ReviewKind
from .parsing import ParseError, decode, parse_article

# A news article is a few dozen kilobytes; anything this large is not one.
MAX_FILE_BYTES = 2 * 1024 * 1024
MANIFEST_NAME = "sources.toml"
FILE_PATTERNS = ("*.txt",)
MANIFEST_KEYS = {"url", "outlet", "published", "credits", "event"}

# The text's outlet evidence, most telling first; a photo credit names a picture's source only.
OUTLET_HINT_ORDER = ("email_domain", "credit", "newsletter", "dateline_credit", "copyright")


class ImportFailure(Exception):
    """A file cannot be imported; the message says why, the caller names the file."""


class ManifestError(Exception):
    """The manifest cannot be used; the message names the manifest and the problem."""


@dataclass
class ManifestEntry:
    url: str = ""
    outlet: str = ""
    published: datetime.date | None = None
    precision: str = DatePrecision.UNKNOWN
    credits: list[str] = field(default_factory=list)
    event: str = ""  # the event's title; overrides the grouping of articles into events


@dataclass
class Outcome:
    path: Path
    status: str  # created, new version, unchanged, failed
    article: Article | None = None
    detail: str = ""
    warnings: list[str] = field(default_factory=list)


# --- Finding the files and their manifest ----------------------------------------------------


def collect_files(paths):
    """The files to import, in order, and the given paths that do not exist."""
    files, missing = [], []
    for path in map(Path, paths):
        if path.is_dir():
            files += sorted(f for pattern in FILE_PATTERNS for f in path.glob(pattern))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(path)
    return files, missing


def default_manifest(paths):
    """The sources.toml beside the first folder or file given, if there is one."""
    for path in map(Path, paths):
        folder = path if path.is_dir() else path.parent
        if (folder / MANIFEST_NAME).is_file():
            return folder / MANIFEST_NAME
    return None


def parse_published(value, where):
    """A manifest date (a TOML date, or 'YYYY-MM-DD', 'YYYY-MM', 'YYYY') and its precision."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value, DatePrecision.DAY
    if isinstance(value, str):
        for fmt, precision in (
            ("%Y-%m-%d", DatePrecision.DAY),
            ("%Y-%m", DatePrecision.MONTH),
            ("%Y", DatePrecision.YEAR),
        ):
            try:
                return datetime.datetime.strptime(value, fmt).date(), precision
            except ValueError:
                continue
    raise ManifestError(
        f"{where}: 'published' must be a date written YYYY-MM-DD, YYYY-MM or YYYY, got {value!r}"
    )


def load_manifest(path):
    """Entries by file name. Every name must be a file in the manifest's own folder."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"{path}: no such manifest file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ManifestError(f"{path}: not valid TOML: {error}") from None
    entries, missing = {}, []
    for name, table in data.items():
        where = f"{path}, entry [{name!r}]"
        if not isinstance(table, dict):
            raise ManifestError(f"{where}: must be a table of fields, got {table!r}")
        if Path(name).name != name:
            raise ManifestError(f"{where}: must name a file in the manifest's folder, not a path")
        if unknown := set(table) - MANIFEST_KEYS:
            raise ManifestError(
                f"{where}: unknown field(s) {', '.join(sorted(unknown))}; "
                f"known: {', '.join(sorted(MANIFEST_KEYS))}"
            )
        entry = ManifestEntry()
        for key in ("url", "outlet", "event"):
            if key in table:
                if not isinstance(table[key], str):
                    raise ManifestError(f"{where}: {key!r} must be text, got {table[key]!r}")
                setattr(entry, key, table[key].strip())
        if entry.url and urlsplit(entry.url).scheme not in ("http", "https"):
            raise ManifestError(f"{where}: 'url' must be an http(s) address, got {entry.url!r}")
        if "published" in table:
            entry.published, entry.precision = parse_published(table["published"], where)
        credits = table.get("credits", [])
        if not isinstance(credits, list) or not all(isinstance(c, str) for c in credits):
            raise ManifestError(f"{where}: 'credits' must be a list of outlet names")
        entry.credits = credits
        if not (path.parent / name).is_file():
            missing.append(name)
        entries[name] = entry
    if missing:
        raise ManifestError(f"{path}: names files that do not exist: {', '.join(missing)}")
    return entries


# --- Outlets ---------------------------------------------------------------------------------


def domain_of(url):
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def outlet_by_domain(domain, found=None):
    """The outlet of a domain or of its parent domain (news.koreadaily.com → koreadaily.com)."""
    labels = domain.lower().split(".")
    candidates = [".".join(labels[i:]) for i in range(len(labels) - 1)]

    def lookup():
        outlets = {o.domain: o for o in Outlet.objects.filter(domain__in=candidates)}
        return next((outlets[c] for c in candidates if c in outlets), None)

    return remembered(found, ("domain", domain), lookup)


def outlet_named(name, found=None):
    """The outlet a text names, by its name or short name, with or without a leading 'The'."""
    bare = name.strip().removeprefix("The ").strip()
    if not bare:
        return None
    return remembered(
        found,
        ("name", bare),
        lambda: (
            Outlet.objects.filter(
                Q(name__iexact=bare) | Q(name__iexact=f"The {bare}") | Q(short_name__iexact=bare)
            )
            .order_by("pk")
            .first()
        ),
    )


def remembered(found, key, lookup):
    """found[key], else the outlet lookup() finds, kept in found when there is one.

    A handful of outlets publish most of an import's files: looking them up again for each file
    cost 1,600 queries for 1,000 files. An outlet not found is looked for again, as the file
    may create it."""
    if found is not None and key in found:
        return found[key]
    outlet = lookup()
    if found is not None and outlet is not None:
        found[key] = outlet
    return outlet


def outlet_for_credit(name, kind=OutletKind.UNKNOWN, found=None):
    outlet = outlet_named(name, found)
    if outlet is None:
        outlet = Outlet.objects.create(name=name.strip(), kind=kind)
    return outlet


def resolve_outlet(entry, parsed, found=None):
    """The publishing outlet and what an editor should check about it."""
    if entry.outlet:
        outlet = outlet_named(entry.outlet, found) or (
            entry.url and outlet_by_domain(domain_of(entry.url), found)
        )
        if outlet:
            return outlet, []
        outlet = Outlet.objects.create(name=entry.outlet, domain=_free_domain(domain_of(entry.url)))
        return outlet, [f"New outlet {outlet.name!r} from the manifest: set its kind and country."]
    if entry.url:
        domain = domain_of(entry.url)
        if outlet := outlet_by_domain(domain, found):
            return outlet, []
        outlet = Outlet.objects.create(name=domain, domain=_free_domain(domain))
        return outlet, [f"New outlet named after its address {domain!r}: give it its real name."]
    for kind in OUTLET_HINT_ORDER:
        for hint_kind, value in parsed.outlet_hints:
            if hint_kind != kind:
                continue
            outlet = (
                outlet_by_domain(value, found)
                if kind == "email_domain"
                else outlet_named(value, found)
            )
            if outlet and outlet.kind != OutletKind.WIRE:
                return outlet, [f"Outlet taken from the text ({kind.replace('_', ' ')} {value!r})."]
    return None, ["The outlet is unknown: no manifest entry, address, e-mail or credit names it."]


def _free_domain(domain):
    """The domain, unless another outlet has it already (the unique constraint would refuse)."""
    return "" if not domain or Outlet.objects.filter(domain=domain).exists() else domain


def resolve_credits(entry, parsed, outlet, found=None):
    """Outlets the article credits: the manifest's, the wires the text names, papers it cites."""
    credited = [outlet_for_credit(name, found=found) for name in entry.credits]
    credited += [outlet_for_credit(wire, OutletKind.WIRE, found) for wire in parsed.wire_credits]
    for kind, value in parsed.outlet_hints:
        if kind == "credit" and (cited := outlet_named(value, found)):
            credited.append(cited)
    return [o for i, o in enumerate(credited) if o != outlet and o not in credited[:i]]


# --- Importing one file ----------------------------------------------------------------------


def event_named(title):
    """The event the manifest names, by title or slug, created when new."""
    event = Event.objects.filter(Q(title__iexact=title) | Q(slug=title)).order_by("pk").first()
    return event or Event.objects.create(
        title=title, date=None, date_precision=DatePrecision.UNKNOWN
    )


def read_raw(path):
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ImportFailure(
            f"the file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,} bytes for an article"
        )
    return path.read_bytes()


def same_page(entry, path):
    """The current articles captured from the same page: by its address when known, else by the
    name of the file it came from."""
    if entry.url:
        return Article.objects.current().filter(source_url=entry.url)
    return Article.objects.current().filter(source_url="", source_file=path.name)


def stored_versions(sha256, entry, path):
    """The article stored with these very bytes, if any, and the current one captured from the
    same page (the one this file is a new version of), if any.

    Both in one query of two index lookups: as two queries, they were two of the five round
    trips a new file costs. Only their ids and digests, and the articles themselves only when
    there are any: building model instances from the union cost a new file 2 ms of Python."""
    same_bytes, previous = (
        qs.order_by().values_list("pk", "raw_sha256")  # no ORDER BY inside a union
        for qs in (Article.objects.filter(raw_sha256=sha256), same_page(entry, path))
    )
    found = sorted(same_bytes.union(previous, all=True))
    stored = next((pk for pk, digest in found if digest == sha256), None)
    # There is one current version of a page; were there more, the latest import wins.
    previous = next((pk for pk, digest in reversed(found) if digest != sha256), None)
    if stored is None and previous is None:
        return None, None
    articles = Article.objects.defer("raw_text", "body").in_bulk([stored, previous])
    return articles.get(stored), articles.get(previous)


def import_file(path, entry=None, *, dry_run=False, outlets=None):
    """Import one file in its own transaction and say what happened; never raises for bad input.

    outlets holds the outlets earlier files of the import found, by how they were looked for;
    this file's finds are added once it is stored, as a rolled-back file's outlets are gone."""
    entry = entry or ManifestEntry()
    found = ChainMap({}, {} if outlets is None else outlets)
    try:
        raw = read_raw(path)
        sha256 = hashlib.sha256(raw).hexdigest()
        existing, previous = stored_versions(sha256, entry, path)
        if existing:
            same_file = existing.source_file == path.name
            detail = "" if same_file else f"same content as {existing.source_file}"
            return Outcome(path, "unchanged", existing, detail)
        text, warnings = decode(raw)
        parsed = parse_article(text)
        with revision.atomic_change():
            article = save_article(path, text, sha256, parsed, entry, warnings, previous, found)
            if dry_run:
                transaction.set_rollback(True)
    except (ImportFailure, ParseError, OSError) as error:
        return Outcome(path, "failed", detail=str(error))
    if outlets is not None and not dry_run:
        outlets.update(found.maps[0])
    status = "new version" if previous else "created"
    detail = f"replaces #{previous.pk}" if previous else ""
    return Outcome(path, status, article, detail, warnings)


def save_article(path, text, sha256, parsed, entry, warnings, previous, found=None):
    outlet, reasons = resolve_outlet(entry, parsed, found)
    if entry.published:
        published, precision = entry.published, entry.precision
        reasons += [r for r in parsed.review_reasons if r not in parsed.date_reasons]
    else:
        published, precision = parsed.published, parsed.precision
        reasons += parsed.review_reasons
    reasons += [f"Encoding: {warning}." for warning in warnings]
    article = Article(
        outlet=outlet,
        event=event_named(entry.event) if entry.event else (previous.event if previous else None),
        headline=parsed.headline,
        standfirst=parsed.standfirst,
        byline=parsed.byline,
        published=published,
        published_precision=precision,
        dateline=parsed.dateline,
        source_url=entry.url,
        body=parsed.body,
        raw_text=text,
        raw_sha256=sha256,
        source_file=path.name,
        needs_review=bool(reasons),
        review_note="\n".join(reasons),
        previous_version=previous,
    )
    article._change_reason = f"imported from {path.name}"  # shown in the edit history
    # One history row for the new article with its credits, not one without them and another
    # when they are added.
    article.skip_history_when_saving = True
    article.save()
    # The row is new: its links are inserted as they are, and kept for its history row, where
    # add() would read what it has, and the history would read them back. The article's own
    # save has noted the event pages they lead to.
    credits = Article.credited_outlets.through
    links = credits.objects.bulk_create(
        credits(article=article, outlet=o) for o in resolve_credits(entry, parsed, outlet, found)
    )
    del article.skip_history_when_saving
    history.record([article], links={"credited_outlets": links})
    ReviewItem.flag_all((article, review_kind(reason), reason) for reason in reasons)
    return article


def review_kind(reason):
    """Which part of the review queue a doubt belongs to."""
    lowered = reason.lower()
    if "headline" in lowered:
        return ReviewKind.PROVISIONAL_HEADLINE
    if "outlet" in lowered:
        return ReviewKind.UNKNOWN_OUTLET
    if "date" in lowered:
        return ReviewKind.UNCERTAIN_DATE
    return ReviewKind.OTHER
