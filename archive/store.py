"""A parsed Capture into the database: one transaction per capture, validated like the admin."""

import dataclasses
import hashlib
import html
import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _
from pypinyin import lazy_pinyin

from articles import revisions, workflow
from articles.concurrency import StaleEdit, claim_version
from articles.models import (
    Article,
    Byline,
    BylineRole,
    Contributor,
    CopyrightNotice,
    Section,
    SourceOutlet,
)
from articles.models.outlets import HOLDER_PLACEHOLDER
from articles.models.sections import reserved_root_slugs
from articles.names import person_name
from review import wordcheck
from search import document as search_document
from search import index as search_index

from .bylines import EDITOR_ROLE, Credit
from .errors import CaptureError, DatabaseUnavailable
from .export import body_blocks
from .media import MediaFolder
from .models import ImportRecord
from .parse import IMAGE, SUBHEADING, section_vocabulary

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
# Where a page without a breadcrumb goes when no --section is given.
UNFILED_NAME, UNFILED_SLUG = "未分类 (imported)", "unfiled-imported"
# Accounts, not people: a 责编 line naming one with no staff account of that name credits nobody.
SYSTEM_ACCOUNTS = {"admin", "administrator", "root", "system", "webmaster", "sysadmin"}
# Validation skips only what re-reads rows this run has just looked up or created: that a
# foreign key exists, and the constraints the database enforces anyway (Article.clean repeats
# the article's check constraints in Python). Field and cross-field rules all run.
ARTICLE_LOOKUPS = ["section", "source", "copyright_notice", "responsible_editor"]
CAPTURED_FIELDS = (
    "section_id",
    "kicker",
    "headline",
    "subheadline",
    "list_title",
    "published_at",
    "source_id",
    "body",
    "copyright_notice_id",
    "responsible_editor_id",
)
BYLINE_LOOKUPS = ["article", "contributor", "role"]
# Uniqueness is the run's own bookkeeping (fingerprints, positions); the database enforces it too.
LOOKED_UP = {"validate_unique": False, "validate_constraints": False}
SUBHEADING_TAG = "h2"
# Roles a page's staff lines credit (`layout.STAFF_ROLES`), made on first use with these codes and
# English labels; other new roles get a pinyin code and their Chinese label, for an editor to
# translate.
STAFF_ROLE_LABELS = {
    "图片编辑": ("photo-editor", "photo editor"),
    "美术编辑": ("art-editor", "art editor"),
    "视频编辑": ("video-editor", "video editor"),
    "值班编辑": ("duty-editor", "duty editor"),
    "校对": ("proofreader", "proofreader"),
    "审核": ("reviewer", "reviewer"),
    "审校": ("copy-reviewer", "reviewing proofreader"),
    "初审": ("first-reviewer", "first reviewer"),
    "复审": ("second-reviewer", "second reviewer"),
    "终审": ("final-reviewer", "final reviewer"),
    "一审": ("review-1", "first-round reviewer"),
    "二审": ("review-2", "second-round reviewer"),
    "三审": ("review-3", "third-round reviewer"),
    "编审": ("senior-editor", "senior editor"),
    "监制": ("supervising-producer", "supervising producer"),
    "统筹": ("coordinator", "coordinator"),
}
# Which part of the capture a model field came from, to name the line when validation refuses it.
FIELD_PARTS = {
    "section": "section",
    "list_title": "list_title",
    "headline": "headline",
    "published_at": "published_at",
    "source": "source",
    "body": "body",
    "copyright_notice": "notice",
    "responsible_editor": "editors",
}


@dataclasses.dataclass
class Outcome:
    status: str
    article_id: int | None = None
    # (line or None, message)
    warnings: list[tuple[int | None, str]] = dataclasses.field(default_factory=list)


def fingerprint(capture):
    key = (
        f"url:{capture.url}"
        if capture.url
        else "\n".join([capture.source_name, capture.list_title, capture.published_at.isoformat()])
    )
    return hashlib.sha256(key.encode()).hexdigest()


def identity(capture):
    """What a page shows of its article: source, title and publish time (to the second)."""
    return (capture.source_name, capture.list_title, timezone.make_aware(capture.published_at))


def content_hash(capture, publish, defaults=()):
    # What `dataclasses.asdict` gives, without its deep copy (a tenth of an import's time); the
    # records of earlier runs hold hashes of that form, so it must not change.
    data = {
        field.name: getattr(capture, field.name)
        for field in dataclasses.fields(capture)
        if field.name not in ("lines", "staff_credits")
    }
    data["blocks"] = [{"kind": block.kind, "text": block.text} for block in capture.blocks]
    data["images"] = [{"src": image.src, "alt": image.alt} for image in capture.images]
    data["credits"] = [(c.affiliation, c.role, c.name) for c in capture.credits]
    # Left out when empty, so captures imported before staff credits were read keep their hash.
    if capture.staff_credits:
        data["staff_credits"] = [(c.role, c.name) for c in capture.staff_credits]
    data["publish"] = publish
    # --section and --source change what a capture that names neither gives its article.
    data["defaults"] = list(defaults)
    return hashlib.sha256(json.dumps(data, default=str, sort_keys=True).encode()).hexdigest()


def _to_the_second(moment):
    return moment.replace(microsecond=0) if moment else moment


def _captured_state(article, bylines):
    """What a capture can change in an article: its captured fields and its credits in order."""
    fields = tuple(getattr(article, name) for name in CAPTURED_FIELDS)
    return fields, [(byline.contributor_id, byline.role_id) for byline in bylines]


def split_section_path(path):
    """`新闻/国内` or `新闻 > 国内` as section names."""
    return [part.strip() for part in path.replace(">", "/").split("/") if part.strip()]


def ascii_slug(name, fallback):
    return slugify("".join(lazy_pinyin(name)))[:50].strip("-") or fallback


class Importer:
    """Imports captures one by one, remembering looked-up rows for the whole run."""

    def __init__(self, publish=False, dry_run=False, section=None, source=None, media_root=None):
        self.publish = publish
        self.dry_run = dry_run
        # For pages that print no breadcrumb or no source: `新闻/国内`, `新华社`.
        self.default_section = split_section_path(section) if section else []
        self.default_source = source or ""
        self.media = MediaFolder(media_root) if media_root else None
        self._loaded = False
        self._added = []
        self._saved_record = None
        # A dry run writes no record, so a second capture of the same article is recognised here.
        self._dry_seen = {}
        self._vocabulary, self._vocabulary_state = {}, None

    def import_capture(self, capture, source_file=""):
        self._load()
        try:
            return self._import(capture, source_file)
        except CaptureError:
            if not self._others_added_rows():
                raise
        # Another import running at the same time (or an editor) added a section, outlet,
        # contributor or record since this run read them: the capture may have been refused for
        # a row it would have found. Read them again and try once more.
        self._loaded = False
        self._load()
        return self._import(capture, source_file)

    def known_sections(self):
        """The site's sections as `parse_capture` reads run-together breadcrumbs with, those this
        run made included; rebuilt only when the run's sections changed."""
        self._load()
        state = (len(self.sections), id(self.sections))
        if self._vocabulary_state != state:
            pairs = [(section.name, section.slug) for section in self.sections.values()]
            self._vocabulary, self._vocabulary_state = section_vocabulary(pairs), state
        return self._vocabulary

    def _others_added_rows(self):
        known = {
            Section: self.sections.values(),
            SourceOutlet: self.outlets.values(),
            CopyrightNotice: self.notices.values(),
            BylineRole: self.roles.values(),
            Contributor: self.contributors.values(),
            ImportRecord: self.records.values(),
        }
        for model, rows in known.items():
            newest = model.objects.aggregate(newest=Max("pk"))["newest"]
            if newest is not None and newest > max((row.pk for row in rows), default=0):
                return True
        return False

    def _import(self, capture, source_file):
        if not capture.source_name and self.default_source:
            capture = dataclasses.replace(capture, source_name=self.default_source)
        key = fingerprint(capture)
        defaults = (self.default_section, self.media is not None and capture.images != [])
        digest = content_hash(capture, self.publish, defaults)
        record = self.records.get(key)
        if record and record.content_hash == digest:
            return Outcome(UNCHANGED, record.article_id)
        if self.dry_run and key in self._dry_seen:
            status = UNCHANGED if self._dry_seen[key] == digest else UPDATED
            self._dry_seen[key] = digest
            return Outcome(status)
        self._added = []
        try:
            with transaction.atomic():
                with search_index.refreshed_once():
                    outcome = self._write(capture, record, key, digest, source_file)
                if self.dry_run:
                    # The same code ran to the end; nothing of it is kept.
                    transaction.set_rollback(True)
        except ValidationError as error:
            self._forget_added()
            raise _capture_error(error, capture) from None
        except StaleEdit:
            self._forget_added()
            raise CaptureError(
                _("an editor saved this article while it was being imported; import it again")
            ) from None
        except (OperationalError, InterfaceError) as error:
            self._forget_added()
            raise DatabaseUnavailable(str(error).strip()) from None
        except DatabaseError as error:
            # Validation should have refused it first; whatever slips through (a race, a limit
            # only one database has) fails this capture alone.
            self._forget_added()
            raise CaptureError(_("refused by the database: %(error)s") % {"error": error}) from None
        except BaseException:
            self._forget_added()
            raise
        if self.dry_run:
            self._forget_added()
            self._dry_seen[key] = digest
            return outcome
        saved = self._saved_record
        previous = self.records_by_article.get(saved.article_id)
        if previous is not None and previous.fingerprint != key:
            self.records.pop(previous.fingerprint, None)
        self.records[key] = self.records_by_article[saved.article_id] = saved
        return outcome

    # ------------------------------------------------------------------ the article

    def _write(self, capture, record, key, digest, source_file):
        """One capture into its article, its bylines and its record, top to bottom."""
        warnings = list(capture.warnings)
        article, stored, record = self._target(capture, record)
        updating = stored is not None
        time_before = article.published_at
        self._fill(article, capture, updating, warnings)
        editor, editor_credits = self._editors(capture, warnings)
        article.responsible_editor = editor
        article.full_clean(exclude=ARTICLE_LOOKUPS, validate_constraints=False)
        bylines = self._bylines(article, capture, editor_credits)
        publishing = self.publish and article.status != Article.Status.PUBLISHED
        changed = not updating or publishing or _captured_state(article, bylines) != stored
        if changed:
            self._save(article, bylines, updating)
            warnings += _word_warnings(article, tagged=updating)
        if publishing:
            self._publish(article, warnings)
        if not updating:
            # Everything its search document reads is in hand: no need to read it back.
            names = [byline.contributor.name for byline in bylines]
            search_index.built_here(search_document.compose(article, names, tags=[]))
        if updating:
            self._log_update(article, changed, time_before, source_file)
        self._save_record(capture, article, record, key, digest, source_file)
        if not updating:
            self._remember(self.by_identity, identity(capture), article.pk)
        status = CREATED if not updating else UPDATED if changed else UNCHANGED
        return Outcome(status, article.pk, warnings)

    def _target(self, capture, record):
        """(article, its captured state or None when new, its record): the article the capture
        updates, found by record or by what its page shows, or a new draft."""
        target = record.article_id if record else self._same_article(capture)
        record = record or self.records_by_article.get(target)
        if target is None:
            published_at = timezone.make_aware(capture.published_at)
            return Article(created_at=published_at, status=Article.Status.DRAFT), None, record
        article = Article.objects.get(pk=target)
        return article, _captured_state(article, article.bylines.order_by("position")), record

    def _fill(self, article, capture, updating, warnings):
        """The captured fields; what editors added (summary, tags, status) is left alone."""
        article.section = self._section(capture, warnings)
        article.kicker = capture.kicker
        article.headline = capture.headline
        article.subheadline = capture.subheadline
        article.list_title = "" if capture.list_title == capture.headline else capture.list_title
        published_at = timezone.make_aware(capture.published_at)
        # A capture gives the time to the second; an article written in the CMS may hold more.
        if not updating or _to_the_second(article.published_at) != published_at:
            article.published_at = published_at
        article.source = (
            self._outlet(capture.source_name, capture, capture.lines.get("source"))
            if capture.source_name
            else None
        )
        # The capture keeps a body's text, not its links, images or tables: an export imported
        # back with the same text keeps the body as it is.
        if not updating or body_blocks(article.body) != [
            (b.kind, b.text) for b in capture.blocks if b.kind != IMAGE
        ]:
            article.body = self._body_html(capture, warnings)
        article.copyright_notice = self._notice(capture, article.source, warnings)

    def _save(self, article, bylines, updating):
        if updating:
            revisions.ensure_baseline(article)
            # An editor with the article open gets the conflict message, not a silent overwrite.
            claim_version(article, article.version)
        article.save()
        if updating:
            article.bylines.all().delete()
        Byline.objects.bulk_create(bylines)
        search_index.refresh([article.pk])

    def _publish(self, article, warnings):
        try:
            workflow.publish_imported(article, _("Imported from a capture."))
        except workflow.TransitionRefused as refused:
            warnings.append((None, str(refused)))

    def _log_update(self, article, changed, time_before, source_file):
        comment = _("Updated from the capture %(file)s") % {"file": source_file}
        moved = time_before and article.published_at != time_before
        if moved and article.has_been_published():
            # Readers saw the old time: the move goes into the workflow log like a reschedule.
            workflow.log_imported_time_change(article, time_before, comment)
        if changed:
            revisions.record(article, None, comment)

    def _save_record(self, capture, article, record, key, digest, source_file):
        # A fresh instance, so a rolled-back run leaves the cached record as the database has it.
        saved = ImportRecord(
            pk=record.pk if record else None,
            fingerprint=key,
            article=article,
            content_hash=digest,
            source_url=capture.url,
            source_file=str(source_file)[:500],
        )
        _validate(saved, capture, capture.lines.get("url"), **LOOKED_UP, exclude=["article"])
        saved.save()
        self._saved_record = saved

    def _body_html(self, capture, warnings):
        parts = []
        for block in capture.blocks:
            if block.kind == IMAGE:
                url = self.media.store(block.text, self.dry_run) if self.media else None
                if url:
                    parts.append(f'<p><img src="{html.escape(url)}" alt=""></p>')
                continue
            tag = SUBHEADING_TAG if block.kind == SUBHEADING else "p"
            parts.append(f"<{tag}>{html.escape(block.text, quote=False)}</{tag}>")
        return "\n".join(parts)

    def _bylines(self, article, capture, editor_credits):
        """The article's bylines as the capture credits them, not saved yet."""
        credits = capture.credits + [c for c in editor_credits if c not in capture.credits]
        bylines = []
        for position, credit in enumerate(credits, start=1):
            byline = Byline(
                article=article,
                contributor=self._contributor(credit, capture),
                role=self._role(credit.role, capture, credit.line),
                position=position,
            )
            _validate(byline, capture, credit.line, **LOOKED_UP, exclude=BYLINE_LOOKUPS)
            bylines.append(byline)
        return bylines

    def _same_article(self, capture):
        """The article a capture without a known URL shows: one with its source, title and time,
        unless that one came from a page at another URL (two stories can share a title and a
        minute: 图片新闻, 今日天气)."""
        target = self.by_identity.get(identity(capture))
        known = self.records_by_article.get(target)
        if capture.url and known is not None and known.source_url not in ("", capture.url):
            return None
        return target

    def _notice(self, capture, source, warnings):
        """The capture's notice as a notice held by the source; see the README for the rules."""
        if not capture.notice_text:
            return source.default_notice if source else None
        if source is None:
            warnings.append((None, _("the notice was left out: the capture names no source")))
            return None
        own_names = {source.name, source.short_name} - {""}
        holder = capture.notice_holder
        if holder and holder not in own_names:
            message = _(
                "the notice gives the copyright to %(holder)s, not to the source %(source)s; "
                "the source's default notice is used instead"
            )
            warnings.append((None, message % {"holder": holder, "source": source.name}))
            return source.default_notice
        template = capture.notice_text
        for name in sorted(own_names, key=len, reverse=True):
            template = template.replace(name, HOLDER_PLACEHOLDER)
        existing = self.notices.get((source.pk, template))
        if existing:
            return existing
        title = _("imported %(hash)s") % {"hash": hashlib.sha256(template.encode()).hexdigest()[:8]}
        notice = CopyrightNotice(holder=source, title=title, template=template)
        try:
            notice.full_clean()
        except ValidationError as error:
            reason = " ".join(
                message for messages in error.message_dict.values() for message in messages
            )
            message = _("the notice was replaced by the source's default notice: %(reason)s")
            warnings.append((capture.lines.get("notice"), message % {"reason": reason}))
            return source.default_notice
        notice.save()
        self._remember(self.notices, (source.pk, template), notice)
        created_here = any(value is source for _cache, _key, value in self._added)
        if created_here and source.default_notice_id is None:
            source.default_notice = notice
            source.save(update_fields=["default_notice"])
        return notice

    def _editors(self, capture, warnings):
        """The first editor with a staff account becomes 责编; the others are credited as 编辑,
        and the other staff (图片编辑, 校对, 审核…) in their roles, all under this newsroom."""
        editor, credits, line = None, [], capture.lines.get("editors")
        for name in capture.editors:
            users = self.staff.get(name, [])
            if len(users) > 1:
                message = _("%(name)s names %(count)d staff accounts; none was chosen")
                warnings.append((line, message % {"name": name, "count": len(users)}))
            user = users[0] if len(users) == 1 else None
            if user and editor is None:
                editor = user
                continue
            if user is None and name.lower() in SYSTEM_ACCOUNTS:
                message = _("%(name)s is a system account, not a person: not credited")
                warnings.append((line, message % {"name": name}))
                continue
            # Editors work for this newsroom, also on a repost: never for the outlet reposted.
            credit = Credit(settings.SITE_NAME, EDITOR_ROLE, name, line)
            own = getattr(user, "contributor", None) if user else None
            if own is not None:
                self.own_contributors[credit] = own
            credits.append(credit)
        for staff in capture.staff_credits:
            credit = Credit(settings.SITE_NAME, staff.role, staff.name, staff.line)
            users = self.staff.get(staff.name, [])
            if len(users) == 1 and getattr(users[0], "contributor", None) is not None:
                self.own_contributors[credit] = users[0].contributor
            if credit not in credits:
                credits.append(credit)
        return editor, credits

    # ------------------------------------------------------------------ reference rows

    def _load(self):
        if self._loaded:
            return
        self.sections = {(s.parent_id, s.name): s for s in Section.objects.all()}
        self.outlets = {}
        for outlet in SourceOutlet.objects.select_related("default_notice"):
            self.outlets[outlet.name] = outlet
        for outlet in list(self.outlets.values()):
            if outlet.short_name:
                self.outlets.setdefault(outlet.short_name, outlet)
        self.notices = {(n.holder_id, n.template): n for n in CopyrightNotice.objects.all()}
        self.roles = {role.name_zh: role for role in BylineRole.objects.all()}
        self.contributors = {(c.name, c.affiliation_id): c for c in Contributor.objects.all()}
        self.records = {r.fingerprint: r for r in ImportRecord.objects.all()}
        self.records_by_article = {r.article_id: r for r in self.records.values()}
        # Articles made in the CMS have no record: an export of one is found by what it shows.
        self.by_identity = {}
        rows = Article.objects.exclude(published_at=None).values_list(
            "pk", "source__name", "list_title", "headline", "published_at"
        )
        for pk, source, list_title, headline, published_at in rows:
            key = (source or "", list_title or headline, published_at.replace(microsecond=0))
            self.by_identity[key] = None if key in self.by_identity else pk
        self.staff = _staff_by_name()
        # Editor credits of staff members: their account's contributor, whatever its affiliation.
        self.own_contributors = {}
        self._loaded = True

    def _remember(self, cache, key, value):
        cache[key] = value
        self._added.append((cache, key, value))

    def _forget_added(self):
        for cache, key, _value in self._added:
            cache.pop(key, None)
        self._added = []

    def _section(self, capture, warnings):
        """The breadcrumb's section; for a page without one, --section, else the section editors
        see as 未分类 (imported), with a warning."""
        if capture.section_names:
            return self._section_path(capture.section_names, capture)
        if self.default_section:
            return self._section_path(self.default_section, capture)
        message = _(
            "the page has no breadcrumb: filed under %(section)s; move it, or import with "
            "--section PATH"
        )
        warnings.append((None, message % {"section": UNFILED_NAME}))
        return self._unfiled(capture)

    def _unfiled(self, capture):
        section = self.sections.get((None, UNFILED_NAME))
        if section is None:
            section = Section(name=UNFILED_NAME, slug=UNFILED_SLUG, parent=None)
            _validate(section, capture, None)
            section.save()
            self._remember(self.sections, (None, UNFILED_NAME), section)
        return section

    def _section_path(self, names, capture):
        parent = None
        for name in names:
            section = self.sections.get((parent and parent.pk, name))
            if section is None:
                taken = {
                    s.slug
                    for (pid, _n), s in self.sections.items()
                    if pid == (parent and parent.pk)
                }
                if parent is None:
                    taken |= reserved_root_slugs()
                slug = base = ascii_slug(name, "section")
                counter = 2
                while slug in taken:
                    slug, counter = f"{base}-{counter}", counter + 1
                section = Section(name=name, slug=slug, parent=parent)
                _validate(section, capture, capture.lines.get("section"))
                section.save()
                self._remember(self.sections, (section.parent_id, name), section)
            parent = section
        return parent

    def _outlet(self, name, capture, line):
        outlet = self.outlets.get(name)
        if outlet is None:
            outlet = SourceOutlet(name=name)
            _validate(outlet, capture, line)
            outlet.save()
            self._remember(self.outlets, name, outlet)
        return outlet

    def _role(self, name_zh, capture, line):
        role = self.roles.get(name_zh)
        if role is None:
            taken = {r.code for r in self.roles.values()}
            code, name_en = STAFF_ROLE_LABELS.get(name_zh, ("", name_zh))
            code = base = code or ascii_slug(name_zh, "role")[:36]
            counter = 2
            while code in taken:
                code, counter = f"{base}-{counter}", counter + 1
            position = (BylineRole.objects.aggregate(last=Max("position"))["last"] or 0) + 1
            role = BylineRole(code=code, name_zh=name_zh, name_en=name_en, position=position)
            _validate(role, capture, line)
            role.save()
            self._remember(self.roles, name_zh, role)
        return role

    def _contributor(self, credit, capture):
        affiliation = (
            self._outlet(credit.affiliation, capture, credit.line) if credit.affiliation else None
        )
        key = (credit.name, affiliation and affiliation.pk)
        contributor = self.own_contributors.get(credit) or self.contributors.get(key)
        if contributor is None:
            contributor = Contributor(name=credit.name, affiliation=affiliation)
            _validate(
                contributor,
                capture,
                credit.line,
                exclude=["affiliation"],
                validate_constraints=False,
            )
            contributor.save()
            self._remember(self.contributors, key, contributor)
        return contributor


def _staff_by_name():
    """Staff accounts by every name a 责编 line may use: user name, contributor name, first name,
    full name (`first last`, and the name as the newsroom writes it: 王芳 for 姓 王, 名 芳)."""
    found = {}
    users = get_user_model().objects.filter(is_staff=True).select_related("contributor")
    for user in users:
        contributor = getattr(user, "contributor", None)
        names = {
            user.get_username(),
            user.first_name,
            user.get_full_name(),
            person_name(user),
            contributor.name if contributor else "",
        } - {""}
        for name in names:
            found.setdefault(name, []).append(user)
    return found


def _validate(obj, capture, line, **options):
    """full_clean() a row the capture makes; a refusal names the model, the field and the line."""
    try:
        obj.full_clean(**options)
    except ValidationError as error:
        thing = obj._meta.verbose_name
        if hasattr(error, "error_dict"):
            reason = "; ".join(
                f"{thing}: {' '.join(messages)}"
                if field == "__all__"
                else f"{thing} {field}: {' '.join(messages)}"
                for field, messages in error.message_dict.items()
            )
        else:
            reason = f"{thing}: {' '.join(error.messages)}"
        raise CaptureError(reason, line=line) from None


def _capture_error(error, capture):
    fields = getattr(error, "error_dict", {}) or {}
    line = next((capture.lines.get(FIELD_PARTS[f]) for f in fields if f in FIELD_PARTS), None)
    reason = (
        "; ".join(
            f"{field}: {' '.join(messages)}" if field != "__all__" else " ".join(messages)
            for field, messages in error.message_dict.items()
        )
        if fields
        else " ".join(error.messages)
    )
    return CaptureError(reason, line=line)


def _word_warnings(article, tagged):
    """Sensitive words in what readers will see of the saved article, for the archivist to act on:
    a block-level word also stops `--publish`, through the workflow's own check. An article the
    import created has no tags and no gallery yet (editors add them): no query for them."""
    known = {} if tagged else {"tag_names": []}
    if not tagged:
        article.has_gallery = False
    return [
        (
            None,
            _("sensitive word “%(word)s” (%(level)s) in %(field)s: %(context)s")
            % {
                "word": found.hit.text,
                "level": found.level_label,
                "field": found.field,
                "context": html.unescape(strip_tags(found.context)),
            },
        )
        for found in wordcheck.check(article, corrections=[], **known)
    ]
