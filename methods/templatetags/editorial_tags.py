"""Template tags of the editorial workflow for the public site: an entry's rating history."""

from django import template

from methods.rating_history import rating_history as entry_rating_history

register = template.Library()


@register.inclusion_tag("methods/includes/rating_history.html")
def rating_history(page):
    """{% rating_history page %}: the changes of the entry's evidence rating, newest first."""
    return {"rating_history": entry_rating_history(page)}
