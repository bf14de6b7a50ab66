from django import template

from ..desk import desk_for

register = template.Library()


@register.inclusion_tag("admin/articles/desk.html", takes_context=True)
def editors_desk(context):
    return {"desk": desk_for(context["request"].user)}
