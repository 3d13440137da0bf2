"""The Jinja2 environment of the readers' pages (templates/); the admin keeps Django's engine.

Jinja2 compiles a template to Python code. The event page renders a few hundred values in
nested loops, and Django's engine took two thirds of the page's time doing it (bench/RESULTS.md).

The filters are Django's own, so the pages format dates, numbers and plurals as before.
"""

import jinja2
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import reverse
from django.utils.timezone import template_localtime
from jinja2 import ChainableUndefined

from articles.templatetags.jsonld import json_ld


def url(name, *args):
    return reverse(name, args=args)


def date(value, arg=None):
    # Django's engine shows an aware datetime in the current time zone before formatting it.
    return defaultfilters.date(template_localtime(value), arg)


class Environment(jinja2.Environment):
    """Looks a dotted name up in a dict before its attributes, as Django's engine does.

    The event page renders its stored comparison: dicts, looked into a few hundred times a
    page. Jinja2 tries the attribute first, and a dict's missing attribute costs an exception
    each time; ``discrepancy.values`` also finds the key, not dict.values.
    """

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def environment(**options):
    # As in Django's engine, a missing value (the results of a search not made, the story of an
    # event in none) renders as nothing, however far it is looked into.
    env = Environment(**{**options, "undefined": ChainableUndefined, "keep_trailing_newline": True})
    env.globals.update(url=url, static=static)
    env.filters.update(
        date=date,
        floatformat=defaultfilters.floatformat,
        json_ld=json_ld,
        pluralize=defaultfilters.pluralize,
        truncatechars=defaultfilters.truncatechars,
        truncatewords=defaultfilters.truncatewords,
    )
    return env
