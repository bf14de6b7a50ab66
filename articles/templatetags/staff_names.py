from django import template
from django.utils.translation import gettext as _

from ..names import staff_label

register = template.Library()


@register.filter
def staff_name(user):
    """`王芳 (wangfang)`, as the admin names staff everywhere; a change no one made by hand
    (an import, a fixture) is the system's."""
    return staff_label(user) if user is not None else _("the system")
