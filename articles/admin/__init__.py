from . import article, reference, staff  # noqa: F401  (registers the model admins)
