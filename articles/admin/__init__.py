from . import article, reference, staff, tags  # noqa: F401  (registers the model admins)
