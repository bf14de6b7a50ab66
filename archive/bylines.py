"""Credits as Chinese pages print them: `湖北日报全媒记者 胡弦 实习生 吴佳怡`, `(记者 某某 摄)`."""

import re
from dataclasses import dataclass, field

PHOTO_ROLE = "摄影"
EDITOR_ROLE = "编辑"
AUTHOR_ROLE = "作者"
# Longest first, so 全媒体记者 wins over 记者 and 特约通讯员 over 通讯员.
ROLE_WORDS = sorted(
    [
        "记者",
        "全媒记者",
        "全媒体记者",
        "融媒体记者",
        "见习记者",
        "实习生",
        "通讯员",
        "特约通讯员",
        PHOTO_ROLE,
        EDITOR_ROLE,
        AUTHOR_ROLE,
        "执笔",
    ],
    key=len,
    reverse=True,
)
# Correspondents and photographers are often freelancers or from another unit: they belong to an
# outlet only when it is written right before their role, never to the outlet named before them.
UNINHERITED_ROLES = {"通讯员", "特约通讯员", PHOTO_ROLE}
OWN_OUTLET_WORDS = {"本报", "本网", "本台", "本刊"}
PHOTO_MARK = "摄"

# Han names of two to six characters, or longer transcribed names joined by `·` (阿依古丽·买买提).
NAME_RE = re.compile(r"^(?:[\u4e00-\u9fff]{2,6}|[\u4e00-\u9fff]{1,10}(?:·[\u4e00-\u9fff]{1,10})+)$")
# Words closing a credit, `记者 张三 报道`, `记者 李四 发自北京`: Han words of a name's length that
# no contributor is called.
CREDIT_TAIL_RE = re.compile(
    r"^(?:[\u4e00-\u9fff]{0,4}报道|采写|采访|整理|整合|综合|编译|供图|图文|文图|制图|发自[\u4e00-\u9fff]{1,10})$"
)
# `文/记者 张三`, `文/图 记者 张三`: "text (and pictures) by", before the credits.
WEN_PREFIX_RE = re.compile(
    r"^(?:(?:文\s*/\s*图|图\s*/\s*文)(?:\s*/\s*|\s+)|(?:文图|图文|撰文|文字|文)\s*[/|]\s*)"
)
# What a writer is, between the role and the name: `执笔/湖北日报评论员 张立`.
DESCRIPTOR_RE = re.compile(r"^[\u4e00-\u9fff]{0,10}(?:评论员|特约评论员|本报评论员)$")
AFFILIATION_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9·]{2,20}$")
SEPARATORS_RE = re.compile(r"[\s、,:;/]+")
LEAD_RE = re.compile(
    r"^(?P<outlet>[\u4e00-\u9fffA-Za-z0-9]{2,20}?)(?:\([^()]{2,20}\))?(?:讯|消息)\s*"
    r"\((?P<credits>[^()]{2,80})\)"
)
# An agency's dateline: `新华社酒泉12月10日电(记者 甲 乙)`, `长江网10月4日讯(记者 甲)`: the date
# and place are no part of the outlet.
DATELINE_RE = re.compile(
    r"^(?P<outlet>[\u4e00-\u9fffA-Za-z0-9]{1,12}?(?:社|网|报|台|新闻|客户端))"
    r"(?:\([^()]{2,20}\))?[\u4e00-\u9fff]{0,8}?\d{1,2}月\d{1,2}日\s*(?:电|讯|消息)\s*"
    r"\((?P<credits>[^()]{2,80})\)"
)
TRAILING_CREDIT_RE = re.compile(r"\((?P<credits>[^()]{2,60}" + PHOTO_MARK + r")\)$")
MAX_BYLINE_CHARS = 80


@dataclass(frozen=True)
class Credit:
    affiliation: str
    role: str
    name: str
    # Where the credit was read, to name the line when a contributor is refused; not its identity.
    line: int | None = field(default=None, compare=False, hash=False)


def parse_credits(text, default_affiliation=""):
    """The credits in `text`, or None when `text` is not a byline.

    A role without an outlet before it belongs to the outlet named last (or the default);
    correspondents and photographers belong only to an outlet written right before their role.
    """
    text = _unwrap(text)
    if not text or len(text) > MAX_BYLINE_CHARS:
        return None
    credits, group = [], []
    current, role, affiliation = default_affiliation, None, ""
    for token in _joined_affiliations(SEPARATORS_RE.split(text.strip())):
        if not token:
            continue
        if token == PHOTO_MARK and group:
            group[:] = [(aff, PHOTO_ROLE, name) for aff, _role, name in group]
            continue
        found = _split_role(token)
        if found is not None:
            credits.extend(group)
            group = []
            prefix, role, name = found
            if prefix:
                affiliation = default_affiliation if prefix in OWN_OUTLET_WORDS else prefix
                if role not in UNINHERITED_ROLES:
                    current = affiliation
            else:
                affiliation = "" if role in UNINHERITED_ROLES else current
            if name:
                group.append((affiliation, role, name))
            continue
        photo = token.endswith(PHOTO_MARK) and _is_name(token[:-1]) and role
        if photo:
            group.append((affiliation, role, token[:-1]))
            group[:] = [(aff, PHOTO_ROLE, name) for aff, _role, name in group]
        elif (
            group
            and CREDIT_TAIL_RE.match(token)
            or role
            and not group
            and DESCRIPTOR_RE.match(token)
        ):
            continue
        elif role and _is_name(token):
            group.append((affiliation, role, token))
        else:
            return None
    credits.extend(group)
    if not credits:
        return None
    return _unique(Credit(*credit) for credit in credits)


def _joined_affiliations(tokens):
    """`中国证券报·中证网 记者 吴玉华`: an outlet standing apart from its role word is joined to it."""
    tokens = [token for token in tokens if token]
    joined = []
    for token in tokens:
        previous = joined[-1] if joined else None
        if (
            token in ROLE_WORDS
            and len(joined) == 1
            and AFFILIATION_RE.match(previous)
            and _split_role(previous) is None
        ):
            joined[-1] = previous + token
        else:
            joined.append(token)
    return joined


def looks_like_byline(text):
    """Whether `text` starts like a credit (a role, or an outlet and a role) though it may not parse."""
    text = _unwrap(text)
    tokens = [token for token in SEPARATORS_RE.split(text) if token]
    if not tokens or _split_role(tokens[0]) is None:
        return False
    if len(text) <= MAX_BYLINE_CHARS:
        return True
    # A long line is a byline too long to read (400 names) only when it holds nothing but roles
    # and names; a paragraph may open with 记者.
    return all(_split_role(t) or _is_name(t) or CREDIT_TAIL_RE.match(t) for t in tokens)


def _unwrap(text):
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    return WEN_PREFIX_RE.sub("", text.strip())


def _split_role(token):
    """(affiliation prefix, role, name suffix) when the token carries a role word, else None."""
    for word in ROLE_WORDS:
        if token == word:
            return "", word, ""
        if token.endswith(word) and AFFILIATION_RE.match(token[: -len(word)]):
            return token[: -len(word)], word, ""
        if token.startswith(word) and _is_name(token[len(word) :]):
            return "", word, token[len(word) :]
    return None


def _is_name(text):
    return bool(NAME_RE.match(text)) and not CREDIT_TAIL_RE.match(text)


def lead_credits(paragraph, source_name):
    """Credits from a dateline lead, `湖北日报讯(记者吴擒虎)…` or `本报讯(记者 甲 通讯员 乙)…`."""
    match = DATELINE_RE.match(paragraph) or LEAD_RE.match(paragraph)
    if not match:
        return []
    outlet = match["outlet"]
    outlet = source_name if outlet in OWN_OUTLET_WORDS else outlet
    return parse_credits(match["credits"], outlet) or []


def trailing_photo_credits(paragraph, source_name):
    """Credits of a photo credit closing a paragraph: `…现场。(记者 某某 摄)`."""
    match = TRAILING_CREDIT_RE.search(paragraph)
    if not match:
        return []
    return parse_credits(match["credits"], source_name) or []


def _unique(credits):
    seen, result = set(), []
    for credit in credits:
        if credit not in seen:
            seen.add(credit)
            result.append(credit)
    return result


def unique_credits(credits):
    return _unique(credits)
