"""Settings for the newsroom project, read from the environment.

The embedded defaults (SQLite, local-memory cache) make `make run` work anywhere. Debug is on
only with DJANGO_DEBUG=1; with it off the project refuses to start unless it is configured for
production.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from articles.sanitize import ckeditor_allowed_content
from newsroom.media_storage import media_storage

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
# Debug pages show settings and source to anyone: on only where someone asked for it
# (`make run` and the test suite do).
DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# Django's own bar (its check security.W009): a short key can be guessed offline from one signed
# cookie, and then every session and password-reset link forged.
MIN_SECRET_KEY_LENGTH = 50
# SystemExit, not ImproperlyConfigured: the operator gets the one line, not a traceback.
if not DEBUG and not SECRET_KEY:
    raise SystemExit(
        "Set DJANGO_SECRET_KEY: debug is off and no secret key is configured "
        "(on a developer's machine, set DJANGO_DEBUG=1 instead)."
    )
if not DEBUG and len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH:
    raise SystemExit(
        f"DJANGO_SECRET_KEY is {len(SECRET_KEY)} characters long: with debug off it must have "
        f"at least {MIN_SECRET_KEY_LENGTH} (make one with "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
    )
if not DEBUG and not ALLOWED_HOSTS:
    raise SystemExit(
        "Set DJANGO_ALLOWED_HOSTS (comma-separated host names): debug is off and none is configured."
    )
if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key-never-used-in-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]", "testserver"]

INSTALLED_APPS = [
    "newsroom.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ckeditor",
    "ckeditor_uploader",
    "taggit",
    "reversion",
    "csp",
    "axes",
    "articles",
    "pictures",
    "review",
    "archive",
    "search",
    "pagecache",
    "frontpage",
    "newsroom.apps.NewsroomConfig",
]

MIDDLEWARE = [
    # First: a reader's cached page is answered before anything else runs. What the others add
    # to a response (security headers, the Content-Security-Policy) is stored with the page.
    "pagecache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsroom.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "newsroom.middleware.UploadGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "newsroom.refusals.RefusalMiddleware",
    "newsroom.outages.DatabaseOutageMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.admin_site.admin_branding",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
SQLITE_OPTIONS = {
    # WAL lets pages be read while a writer commits; NORMAL syncs at checkpoints instead of at
    # every commit (safe in WAL mode), which an import committing once per capture needs.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    # A transaction that reads and then writes cannot wait for another writer: SQLite answers
    # "database is locked" at once. Taking the write lock at BEGIN makes the second editor's
    # save wait (up to `timeout` seconds) for the first instead.
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The only statements PostgreSQL keeps plans for are those `articles/prepared.py` prepares,
    # each because its best plan does not depend on its values. Left to choose, PostgreSQL
    # planned one of them again on every run (a moment compared with a column looks cheaper
    # with the moment known): 0.5 ms of planning for the same plan, on every article page.
    postgres_options = DATABASES["default"].setdefault("OPTIONS", {})
    postgres_options["options"] = " ".join(
        filter(None, [postgres_options.get("options"), "-c plan_cache_mode=force_generic_plan"])
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The public site: its name (page titles, feeds, Google News) and how long whole pages are
# cached (never beyond the next scheduled article's go-live time).
SITE_NAME = os.environ.get("SITE_NAME", "荆楚网")
# What the footer of a Chinese news site must show; each line is left out while unset.
SITE_ICP_NUMBER = os.environ.get("SITE_ICP_NUMBER", "")  # ICP 备案号, e.g. 鄂ICP备12345678号-1
SITE_NEWS_LICENSE = os.environ.get("SITE_NEWS_LICENSE", "")  # 互联网新闻信息服务许可证编号
SITE_PSB_NUMBER = os.environ.get(
    "SITE_PSB_NUMBER", ""
)  # 公安备案号, e.g. 鄂公网安备42010602000123号
SITE_REPORT_PHONE = os.environ.get("SITE_REPORT_PHONE", "")  # 违法和不良信息举报电话
SITE_REPORT_EMAIL = os.environ.get("SITE_REPORT_EMAIL", "")  # 违法和不良信息举报邮箱
SITE_COPYRIGHT = os.environ.get("SITE_COPYRIGHT", "")  # replaces "Copyright © <year> <SITE_NAME>"
# Print who signed an article off (签发) under the 责编 line of its page.
PRINT_SIGN_OFF = os.environ.get("PRINT_SIGN_OFF", "0") == "1"
NEWS_SITEMAP_LANGUAGE = "zh-cn"
# What the articles are written in: every public page's `lang`. The interface strings follow the
# reader's language (LocaleMiddleware) and are marked with theirs.
CONTENT_LANGUAGE = "zh-Hans"
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "300"))
PUBLIC_BROWSER_CACHE_SECONDS = 60
# The public site's address (https://www.example.cn): pages are rendered and cached for it
# whatever Host a request names. Empty (development): the request's host.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").rstrip("/")
if not SITE_URL and not DEBUG:
    # A server keys its pages by its first named host, never by whatever Host a client sends.
    named = [host for host in ALLOWED_HOSTS if not host.startswith((".", "*"))]
    SITE_URL = f"https://{named[0]}" if named else ""
# What each public page shows, by its address (the page cache's and Varnish's keys).
PAGE_CACHE_KEYS = "articles.page_keys.keys_of"
# How often each process checks the cache against the database's record of invalidations.
PAGE_CACHE_RECONCILE_SECONDS = float(os.environ.get("PAGE_CACHE_RECONCILE_SECONDS", "5"))
# Memory each process gives to copies of cached pages that Redis tells it to drop when they change
# (pagecache/local_copies.py); 0: every hit asks Redis.
PAGE_CACHE_LOCAL_MEGABYTES = float(os.environ.get("PAGE_CACHE_LOCAL_MEGABYTES", "32"))
# Varnish servers to purge by key when a page changes (http://127.0.0.1:6081/, comma-separated).
VARNISH_URLS = env_list("VARNISH_URLS")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["newsroom.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # The local disk, or an S3-compatible bucket when MEDIA_STORAGE_URL or AWS_* say so.
    "default": media_storage(os.environ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
FILE_UPLOAD_PERMISSIONS = 0o644
# Above the 10 MB image limit, so the upload view can read a whole accepted request's body.
DATA_UPLOAD_MAX_MEMORY_SIZE = 11 * 1024 * 1024

LOGIN_URL = "admin:login"

# Rich-text editing: CKEditor 4 from django-ckeditor. The toolbar and the content filter offer only
# what the sanitizer keeps, so what an editor sees is what gets stored.
CKEDITOR_UPLOAD_PATH = "uploads/"
CKEDITOR_IMAGE_BACKEND = "ckeditor_uploader.backends.PillowBackend"
CKEDITOR_RESTRICT_BY_USER = False
CKEDITOR_ALLOW_NONIMAGE_FILES = False
CKEDITOR_UPLOAD_SLUGIFY_FILENAME = True
CKEDITOR_FILENAME_GENERATOR = "articles.uploads.random_filename"
# ckeditor.W001: CKEditor 4 gets no more free security fixes; the README says why it is kept.
SILENCED_SYSTEM_CHECKS = ["ckeditor.W001"]
CKEDITOR_CONFIGS = {
    "default": {
        "toolbar": "Custom",
        "toolbar_Custom": [
            ["Format", "Bold", "Italic", "Underline", "Strike", "Subscript", "Superscript"],
            ["NumberedList", "BulletedList", "Blockquote"],
            ["Link", "Unlink"],
            ["Image", "Table", "HorizontalRule"],
            ["Undo", "Redo", "RemoveFormat", "Source"],
        ],
        "format_tags": "p;h2;h3;h4",
        "height": 420,
        "width": "100%",
        "allowedContent": ckeditor_allowed_content(),
        "removePlugins": "exportpdf",
        # Where the uploadimage plugin posts pasted and dropped images. Without it CKEditor
        # appends "&responseType=json" to the dialog's upload URL, making a path no view serves
        # (/ckeditor/upload/&responseType=json), and the image stays a data: placeholder.
        "uploadUrl": "/ckeditor/upload/?responseType=json",
        # The placeholder of an image being uploaded carries these two attributes; a custom
        # allowedContent ignores the rule the upload widget adds for them, so without this the
        # placeholder lost them, was never swapped for the uploaded image, and was saved as is.
        # The sanitizer drops them on save anyway: the swap happens in the editor.
        "extraAllowedContent": "img[!data-widget,!data-cke-upload-id]",
    }
}

# Production hardening: all of these are on whenever debug is off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Load balancers check health over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=False)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

# Login throttling (django-axes), in two tiers (newsroom/lockout.py): wrong passwords lock an
# account from the address they come from; many more, from anywhere, lock it everywhere but where
# it logged in from lately. Attempts are logged with keyed hashes of the username and address.
AXES_HANDLER = "newsroom.lockout.TieredLockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_ACCOUNT_FAILURE_LIMIT", "50"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_STR_CALLABLE = "newsroom.lockout.client_str"
AXES_CLIENT_IP_CALLABLE = "newsroom.lockout.client_address"
# How many proxies (nginx: 1) stand before the site and append to X-Forwarded-For; 0 reads the
# address from the connection.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"

# Content-Security-Policy (django-csp) for every page; no inline or eval'd script. CKEditor 4 in
# the admin cannot run under it, so newsroom.middleware relaxes it there.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Editors place images from other sites in bodies (the sanitizer keeps http(s) images);
        # an image cannot run script, and https: keeps out mixed content.
        "img-src": [SELF, "data:", "https:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused request (a forged header, a form too large, a permission) is one line, never
    # a traceback: newsroom/refusals.py.
    # An outage (database or cache server down) is logged once whole, then a line a minute:
    # newsroom/outages.py.
    "filters": {
        "refusals": {"()": "newsroom.refusals.OneLineRefusals"},
        "outages": {"()": "newsroom.outages.OutageLogFilter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["refusals", "outages"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
