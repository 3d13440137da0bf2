import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from .models import Article, Event, Outlet


class EventFilter(django_filters.FilterSet):
    """The timeline's filters: a date range, an outlet that covered the event, a person quoted
    or named in it, and words in its title or its reports' headlines."""

    start = django_filters.DateFilter(
        field_name="date",
        lookup_expr="gte",
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = django_filters.DateFilter(
        field_name="date",
        lookup_expr="lte",
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    outlet = django_filters.ModelChoiceFilter(
        # Exists, not a join: outlets are few, their articles many.
        queryset=Outlet.objects.filter(Exists(Article.objects.filter(outlet=OuterRef("pk")))),
        field_name="articles__outlet",
        label="Outlet",
        empty_label="Any outlet",
        distinct=True,
    )
    person = django_filters.CharFilter(method="filter_person", label="Person")
    q = django_filters.CharFilter(method="filter_text", label="Words")

    class Meta:
        model = Event
        fields = []

    def filter_person(self, queryset, name, value):
        people = Q(claims__speaker__aliases__name__icontains=value) | Q(
            articles__people_mentioned__aliases__name__icontains=value
        )
        return queryset.filter(id__in=Event.objects.filter(people).values("id"))

    def filter_text(self, queryset, name, value):
        words = Q()
        for word in value.split():
            words &= (
                Q(title__icontains=word)
                | Q(summary__icontains=word)
                | Q(articles__headline__icontains=word)
            )
        return queryset.filter(id__in=Event.objects.filter(words).values("id"))
