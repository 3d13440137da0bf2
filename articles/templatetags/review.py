from django import template

from articles.models import ReviewItem

register = template.Library()


@register.simple_tag
def open_review_count():
    return ReviewItem.objects.open().count()
