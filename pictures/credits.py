"""The credit line printed under a picture, as Chinese newsrooms print it: 图/记者 胡弦."""

from django.utils.translation import gettext as _

PHOTOGRAPHER_ROLE = "photographer"


def credit_line(image):
    """`图/记者 胡弦` by the contributor's role; `摄影/胡弦` for a photographer (图/ would say it
    twice); `图/新华社` for a free-text credit; empty when nobody is credited."""
    if image.credit_contributor_id:
        name = image.credit_contributor.name
        role = image.credit_role
        if role is None:
            return _("Picture: %(credit)s") % {"credit": name}
        if role.code == PHOTOGRAPHER_ROLE:
            return _("Photography: %(name)s") % {"name": name}
        return _("Picture: %(role)s %(name)s") % {"role": role.label, "name": name}
    if image.credit_text:
        return _("Picture: %(credit)s") % {"credit": image.credit_text}
    return ""


def credit_name(image):
    """Who is credited, without the role: for structured data."""
    if image.credit_contributor_id:
        return image.credit_contributor.name
    return image.credit_text
