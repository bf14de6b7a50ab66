"""Inline rows of the article form have a bound."""


class BoundedRows:
    """An inline whose formset builds at most `max_num` rows and refuses a form that claims
    more (`bylines-TOTAL_FORMS=100000` would otherwise build a thousand forms, and Django's
    own cap is max_num + 1,000)."""

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("validate_max", True)
        kwargs.setdefault("absolute_max", self.max_num)
        return super().get_formset(request, obj, **kwargs)
