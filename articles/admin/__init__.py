from . import article, reference  # noqa: F401  (registers the model admins)
