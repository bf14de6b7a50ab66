from datetime import datetime, time, timedelta

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from articles.models import Section, SourceOutlet


class QuickSelect(forms.Select):
    """Django's `<select>`, written in Python: through the widget templates, the filters' 480
    options were two thirds of the search page's CPU (15 ms a page)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _group, choices, _index in widget["optgroups"]
                for option in choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(widget["attrs"]), options
        )


class SectionChoice(forms.ModelChoiceField):
    def label_from_instance(self, section):
        return "\u3000" * section.path.count("/") + section.name


class SearchForm(forms.Form):
    """The readers' filters. The query itself is read by `search.query.parse`, which turns any
    text into a search or a reason it is not one; an invalid filter is ignored and said so."""

    SORTS = [("relevance", _("relevance")), ("time", _("newest first"))]

    section = SectionChoice(
        label=_("Section"),
        queryset=Section.objects.none(),
        required=False,
        empty_label=_("All"),
        widget=QuickSelect,
    )
    source = forms.ModelChoiceField(
        label=_("Source"),
        queryset=SourceOutlet.objects.none(),
        required=False,
        empty_label=_("All"),
        widget=QuickSelect,
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False, widget=QuickSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Two levels (新闻 > 湖北): a list of every district would be too long to choose from.
        self.fields["section"].queryset = (
            Section.objects.active().exclude(path__regex=r"/.*/").order_by("path")
        )
        self.fields["source"].queryset = SourceOutlet.objects.order_by("name")

    def _in_range(self, name):
        day = self.cleaned_data.get(name)
        if day and not 1900 <= day.year <= 2099:
            raise forms.ValidationError(_("Give a date between 1900 and 2099."))
        return day

    def clean_start(self):
        return self._in_range("start")

    def clean_end(self):
        return self._in_range("end")

    def filter(self, articles):
        """`articles` narrowed by the filters that are valid."""
        data = self.cleaned_data if self.is_bound else {}
        if data.get("section") and "section" not in self.errors:
            articles = articles.in_section(data["section"])
        if data.get("source") and "source" not in self.errors:
            articles = articles.filter(source=data["source"])
        zone = timezone.get_current_timezone()
        if data.get("start") and "start" not in self.errors:
            articles = articles.filter(
                published_at__gte=datetime.combine(data["start"], time.min, zone)
            )
        if data.get("end") and "end" not in self.errors:
            day_after = data["end"] + timedelta(days=1)
            articles = articles.filter(published_at__lt=datetime.combine(day_after, time.min, zone))
        return articles

    def by_time(self):
        return self.is_bound and self.cleaned_data.get("sort") == "time"
