"""Where uploaded media live: the local disk, or an S3-compatible bucket through django-storages.

`MEDIA_STORAGE_URL=s3://KEY:SECRET@bucket/folder?endpoint_url=https://…&region_name=…&custom_domain=…`
names the bucket in one variable (like DATABASE_URL); the usual `AWS_*` variables do the same one
by one, and the URL's parts win over them.
"""

from urllib.parse import parse_qsl, unquote, urlsplit

LOCAL = {"BACKEND": "newsroom.local_storage.WholeFilesStorage"}
S3 = "storages.backends.s3.S3Storage"
# AWS_* environment variables and the S3Storage option each sets.
ENVIRONMENT_OPTIONS = {
    "AWS_STORAGE_BUCKET_NAME": "bucket_name",
    "AWS_LOCATION": "location",
    "AWS_S3_ENDPOINT_URL": "endpoint_url",
    "AWS_S3_REGION_NAME": "region_name",
    "AWS_S3_CUSTOM_DOMAIN": "custom_domain",
    "AWS_ACCESS_KEY_ID": "access_key",
    "AWS_SECRET_ACCESS_KEY": "secret_key",
    "AWS_QUERYSTRING_AUTH": "querystring_auth",
}
URL_OPTIONS = {"endpoint_url", "region_name", "custom_domain", "querystring_auth", "url_protocol"}
FLAGS = {"querystring_auth"}


def _flag(value):
    return str(value).strip().lower() in {"1", "true", "yes", "on"}


def media_storage(environ):
    """The STORAGES["default"] entry the environment asks for."""
    options = {
        option: environ[variable]
        for variable, option in ENVIRONMENT_OPTIONS.items()
        if environ.get(variable)
    }
    url = environ.get("MEDIA_STORAGE_URL", "")
    if url:
        options.update(_from_url(url))
    if "bucket_name" not in options:
        return LOCAL
    # Pictures are public once published and their names cannot be guessed before: plain URLs
    # that pages and caches can keep, rather than signed ones that expire.
    options.setdefault("querystring_auth", False)
    options["querystring_auth"] = _flag(options["querystring_auth"])
    # A new file never replaces another under the same name (a page may still show the old one).
    options["file_overwrite"] = False
    return {"BACKEND": S3, "OPTIONS": options}


def _from_url(url):
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.hostname:
        raise SystemExit("MEDIA_STORAGE_URL must look like s3://KEY:SECRET@bucket/folder?…")
    options = {"bucket_name": parts.hostname}
    if parts.username:
        options["access_key"] = unquote(parts.username)
    if parts.password:
        options["secret_key"] = unquote(parts.password)
    if parts.path.strip("/"):
        options["location"] = parts.path.strip("/")
    for key, value in parse_qsl(parts.query):
        if key not in URL_OPTIONS:
            raise SystemExit(f"MEDIA_STORAGE_URL: unknown option {key!r}.")
        options[key] = value
    return options
