"""Pages of a newest-first listing, without counting the listing."""

from django.core.paginator import EmptyPage


class UncountedPaginator:
    """Splits a listing into pages without counting it.

    Counting a section of 100,000 articles cost more than reading any of its pages, on every
    page view. A page reads instead the ids of its rows and of one more row (is there an older
    page?), then its articles by id: two queries, as a counting paginator makes, each reading
    only what the page needs. Readers page with "newer" and "older" links, so no total is shown.
    """

    def __init__(self, object_list, per_page):
        self.object_list = object_list
        self.per_page = per_page

    def page(self, number):
        number = int(number)
        start = (number - 1) * self.per_page
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        ids = list(self.object_list.values_list("pk", flat=True)[start : start + self.per_page + 1])
        if not ids and number > 1:
            raise EmptyPage("That page contains no results")
        shown = ids[: self.per_page]
        # By id, not as a slice of the listing: a subquery would be joined last, after the
        # listing's dozen select_related joins had run over the whole table.
        objects = list(self.object_list.filter(pk__in=shown)) if shown else []
        return UncountedPage(objects, number, has_next=len(ids) > self.per_page)


class UncountedPage:
    def __init__(self, object_list, number, has_next):
        self.object_list = object_list
        self.number = number
        self._has_next = has_next

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def __bool__(self):
        return bool(self.object_list)

    def has_next(self):
        return self._has_next

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1
