"""What a line of a page is, read on its own: furniture, breadcrumb, time, source, editor line.

Every function takes a line already folded (`normalize.fold`: full-width ASCII forms read as
ASCII), so `:` here also matches the page's `：`.
"""

import re

from .bylines import NAME_RE

CLOSING_PUNCTUATION = "。.!?;:…,、"
CLOSING_QUOTES = "”’\"')」』》]】"

BREADCRUMB_PREFIX_RE = re.compile(r"^(?:您|你)?的?(?:当前|现在|所在)?的?位置\s*:\s*")
# No `\s*` around it: on a long run of spaces that makes every search quadratic; the parts
# are stripped instead. A slash separates crumbs only with spaces around it (`文/记者` is a credit).
BREADCRUMB_SEPARATOR_RE = re.compile(r"(?:&gt;|>|»|›|→|－>)+| / ")
HOME_RE = re.compile(r"(?:首页|主页)$")
# A site's name standing first in a breadcrumb, in place of 首页: `人民网`, `和讯网`, `新浪财经`.
SITE_NAME_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]{1,10}(?:网|网站|客户端|报|财经|在线|新闻网)$")
# How a breadcrumb whose separators ran together starts: 首页, or what may be a site's name.
SITE_START_RE = re.compile(
    r"^(?:网站首页|首页|主页|[\u4e00-\u9fffA-Za-z0-9]{1,10}?(?:网|网站|客户端|报|财经|在线|新闻网))"
)
MAX_CRUMB_CHARS = 20
# A breadcrumb whose separators were images runs together: `首页新闻湖北`.
HOME_WORDS = ("网站首页", "首页", "主页")
RUN_TOGETHER_MAX_CHARS = 40
# ... whose last crumb may be one the site does not know yet, after known ones.
NEW_CRUMB_RE = re.compile(r"^[\u4e00-\u9fff]{2,4}$")

TIME_RE = re.compile(
    r"(?P<y>\d{4})\s*(?:-|/|年|\.)\s*(?P<m>\d{1,2})\s*(?:-|/|月|\.)\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?"
)
SOURCE_LABEL = r"(?:信息来源|本文来源|文章来源|稿件来源|新闻来源|来源于|来源)"
# The outlet runs to a space, a bar or the next label.
SOURCE_RE = re.compile(
    SOURCE_LABEL + r"\s*:?\s*(?P<source>[^\s:|]+?)"
    r"(?=\s|\||$|作者|编辑|责任编辑|点击|浏览|字号|发布|时间|日期|\d{4}[-年/])"
)
AUTHOR_RE = re.compile(
    r"(?:作者|文)\s*:\s*(?P<names>[\u4e00-\u9fff·、 ]{2,30}?)(?=\s*(?:\||$|来源|发布|\d{4}))"
)
META_LABEL_RE = re.compile(r"^(?:发布时间|时间|发布日期|日期|更新时间|" + SOURCE_LABEL + r")\s*:")
# A date opening a line is the publish time only when nothing else or the page's labels follow
# it, or it has a clock time: `2020年2月1日湖北省疫情情况` is a title.
AFTER_TIME_RE = re.compile(r"\s*(?:$|\||来源|作者|编辑|责任编辑|点击|浏览|字号|发布)")
# What may stand on a time line besides the time, the source and these labels.
META_WORDS_RE = re.compile(
    r"发布时间|发布日期|更新时间|时间|日期|作者|点击数?|浏览|阅读|次数?|[|:/\s()\[\]【】]|"
    r"\d+|参与互动|评论|字号|打印|分享"
)
# Outlets printed alone, without a label: a newspaper, agency, site or app.
OUTLET_RE = re.compile(
    r"^[\u4e00-\u9fffA-Za-z0-9·\-－]{2,16}?(?:报|网|社|台|新闻|客户端|财经|杂志|频道|日报|晚报|周刊)$"
)

# The newsroom's other staff credited at the end of a page: `图片编辑:李明 校对:赵敏 审核:张伟`.
STAFF_ROLES = (
    "图片编辑",
    "美术编辑",
    "视频编辑",
    "值班编辑",
    "校对",
    "审核",
    "审校",
    "初审",
    "复审",
    "终审",
    "一审",
    "二审",
    "三审",
    "编审",
    "监制",
    "统筹",
)
# Other labels of the same roles.
STAFF_ROLE_ALIASES = {"责任校对": "校对", "美编": "美术编辑", "图编": "图片编辑"}
EDITOR_WORDS = ("责任编辑", "责编", "编辑")
STAFF_LABEL_RE = re.compile(
    "|".join(sorted((*STAFF_ROLES, *STAFF_ROLE_ALIASES, *EDITOR_WORDS), key=len, reverse=True))
)
# `(责编: 张三)`, `责任编辑:张三`, `【编辑:张三】`, and within a line: `【纠错】 责任编辑:张三`,
# `本文来源:某报 责任编辑:张三_NB1234`, `编辑:甲 责任编辑:乙`.
EDITOR_RE = re.compile(
    r"^[(\[【]?\s*(?:责编|责任编辑)\s*:?\s*(?P<names>[^)\]】]*?)\s*[)\]】]?$"
    r"|^[(\[【]\s*编辑\s*:\s*(?P<bracketed>[^)\]】]*?)\s*[)\]】]$"
)
EDITOR_ANYWHERE_RE = re.compile(
    r"(?:^|[\s(\[【|])(?P<label>责任编辑|责编|编辑)\s*:\s*(?P<names>[^()\[\]【】|:]*?)\s*"
    r"(?=$|[)\]】|]|\s+(?:责任编辑|责编|编辑|来源|本文来源|"
    + "|".join((*STAFF_ROLES, *STAFF_ROLE_ALIASES))
    + r")\s*:)"
)
EDITOR_LINE_MAX_CHARS = 60
NAMES_SPLIT_RE = re.compile(r"[\s、,;/]+")
# The 责编 line names staff, who may be known by an ASCII user name or name.
EDITOR_NAME_RE = re.compile(NAME_RE.pattern + r"|^[A-Za-z][A-Za-z0-9_.@+-]{1,149}$")
# A content system's code after an editor's name: `杨靖_NB1234`, `王翔 SF183`, `HF013`.
EDITOR_CODE_RE = re.compile(r"^[A-Z]{1,4}\d{2,6}$|^\d+$")
EDITOR_SUFFIX_RE = re.compile(r"_[A-Za-z0-9]+$")
# Accounts, not people: never credited.
SYSTEM_NAMES = {"系统管理员", "管理员", "网站管理员", "超级管理员", "系统", "佚名", "编辑部"}

NOTICE_LABEL = "版权声明:"
NOTICE_RE = re.compile(r"^版权声明\s*:?\s*(?P<text>.*)$")
URL_RE = re.compile(
    r"^(?:原文链接|原文地址|本文链接|本文网址|网址|URL)\s*:\s*(?P<url>https?://\S+)$", re.I
)

# Lines that are the page's furniture wherever they stand; the body stops at them.
FURNITURE_PREFIXES = (
    "分享到",
    "分享:",
    "分享让更多人看到",
    "相关新闻",
    "相关阅读",
    "相关链接",
    "相关文章",
    "相关稿件",
    "相关报道",
    "推荐阅读",
    "热点推荐",
    "热门推荐",
    "为您推荐",
    "猜你喜欢",
    "延伸阅读",
    "点击排行",
    "网友评论",
    "我要评论",
    "发表评论",
    "评论(",
    "上一篇",
    "下一篇",
    "上一页",
    "下一页",
    "返回顶部",
    "返回首页",
    "【打印",
    "【关闭",
    "[打印",
    "[关闭",
    "打印本页",
    "关闭窗口",
    "扫一扫",
    "微信扫一扫",
    "扫描二维码",
    "扫码阅读",
    "扫码下载",
    "手机看新闻",
    "【纠错】",
    "【我要纠错】",
    "[纠错]",
    "【字号",
    "[字号",
    "【字体",
    "[字体",
    "字号:",
    "字体:",
    "调整字体",
    "打印 |",
    "打印|",
    "标签:",
    "相关专题",
    "查看原文",
    "点击进入专题",
    "更多>>",
    "正文已结束",
    "本文结束",
    "下载客户端",
    "客户端下载",
    "关注公众号",
    "Copyright",
    "©",
    "免责声明",
    "本网站所刊载信息",
    "未经授权禁止",
    "刊用本网站稿件",
    "违法和不良信息举报",
    "(文章来源",
    "(来源:",
)
# Furniture only as a short line that ends no sentence: `注册` may open a paragraph, `许可证` end one.
SHORT_FURNITURE_MAX_CHARS = 40
SHORT_FURNITURE_PREFIXES = (
    "字号",
    "站内",
    "搜索",
    "网站地图",
    "设置首页",
    "加入收藏",
    "登录",
    "注册",
    "手机版",
    "关键词",
    "主办",
    "承办",
    "关于我们",
    "关注我们",
    "看全文",
    "阅读全文",
    "小字号",
    "大字号",
)
FURNITURE_RE = re.compile(
    r"^\d+人参与|\d+\s*评论$|参与互动$|^【\d+】|^\d+(?:\s+\d+)+(?:\s*下一页)?$|下一页>?$"
    r"|ICP|公网安备|网安备|许可证|^(?:微信|微博|易信|QQ空间|QQ好友|朋友圈|人人网|豆瓣|大\s*中\s*小|推荐|更多)$"
    r"|APP(?:\s*下载)?$|^返回.{0,10}首页|^(?:默认\s*)?大\s*中\s*小|版权所有"
    r"|^(?:阅读|浏览|点击|访问)(?:量|数|次数)?\s*:?\s*\d+|扫码|二维码"
    r"|^(?:评论|收藏|点赞|举报|返回|顶部|打印|关闭|纠错)$"
)
# Left glued to the last paragraph by a select-all: `…便捷高效。返回人民网首页>>`.
GLUED_FURNITURE_RE = re.compile(r"(?:返回\S{0,10}首页>*|【\d+】.*|>>)$")
# Credits of a photo standing alone: `李明 摄`, `林区宣传部供图` stays as a caption.
PHOTO_LINE_RE = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,4})\s*(?:/\s*)?摄$")
CAPTION_RE = re.compile(r"^图为|^图:|摄$|供图$|图片来源|^\(图")
# The author in brackets closing the text: `…协同创新。(李源)`.
CLOSING_NAME_RE = re.compile(r"[。!?”]\((?P<name>[\u4e00-\u9fff]{2,4})\)$")
COUNTER_RE = re.compile(r"\d+\s*(?:人参与|评论|阅读|点击|浏览)")


def is_furniture(line):
    if line.startswith(FURNITURE_PREFIXES):
        return True
    if len(line) > SHORT_FURNITURE_MAX_CHARS or ends_sentence(line):
        return False
    return line.startswith(SHORT_FURNITURE_PREFIXES) or bool(FURNITURE_RE.search(line))


def breadcrumb_names(line):
    """The section names of a breadcrumb line, without 首页 or the site's name; None when `line`
    is no breadcrumb."""
    line = BREADCRUMB_PREFIX_RE.sub("", line)
    if "|" in line or not BREADCRUMB_SEPARATOR_RE.search(line):
        return None
    parts = [part.strip() for part in BREADCRUMB_SEPARATOR_RE.split(line)]
    parts = [part for part in parts if part]
    # A title cut short at the end of the trail (`武汉新建口袋…`) is no sentence.
    if any(
        len(part) > MAX_CRUMB_CHARS or set(part.rstrip(".…")) & set(CLOSING_PUNCTUATION)
        for part in parts
    ):
        return None
    if parts and not HOME_RE.search(parts[0]) and is_site_name(parts[0]) and len(parts) > 1:
        parts.pop(0)
    while parts and HOME_RE.search(parts[0]):
        parts.pop(0)
    if parts and parts[-1] == "正文":
        parts.pop()
    if parts and is_site_name(parts[0]) and len(parts) == 1:
        parts.pop()
    return parts


def run_together_crumbs(line, known):
    """`首页新闻湖北`, `人民网国际`: a breadcrumb whose separators were images, read as the home
    word or the site's name followed by nothing but sections `known` (folded name or slug, in
    lower case, to the section's name). The sections it names, or None."""
    if not known or len(line) > 2 * RUN_TOGETHER_MAX_CHARS or "|" in line:
        return None
    text = "".join(BREADCRUMB_PREFIX_RE.sub("", line).split())
    if len(text) > RUN_TOGETHER_MAX_CHARS or not SITE_START_RE.match(text):
        return None
    if BREADCRUMB_SEPARATOR_RE.search(line):
        return None
    if text.endswith("正文"):
        text = text[: -len("正文")]
    ends = _home_ends(text)
    cuts = [_known_prefixes(text[end:], known) for end in ends]
    for end, prefixes in zip(ends, cuts, strict=True):
        names = prefixes.get(len(text) - end)
        if names:
            return names
    # The last crumb may be a section the site does not have yet: `首页新闻湖北黄冈`.
    for end, prefixes in zip(ends, cuts, strict=True):
        for cut in sorted(prefixes, reverse=True):
            if prefixes[cut] and NEW_CRUMB_RE.match(text[end + cut :]):
                return [*prefixes[cut], text[end + cut :]]
    return None


def _home_ends(text):
    """Where a home crumb (`首页`, a site's name, or both: `人民网首页`) may end, longest first."""
    if text.startswith(HOME_WORDS):
        starts = [0]  # `首页财经` is 首页 and 财经, not a site
    else:
        starts = [0] + [end for end in range(3, min(len(text), 14) + 1) if is_site_name(text[:end])]
    ends = {start for start in starts if start}
    for start in starts:
        ends.update(start + len(word) for word in HOME_WORDS if text.startswith(word, start))
    return sorted(ends, reverse=True)


def _known_prefixes(text, known):
    """{length: sections} for every start of `text` that known sections make up, fewest sections
    first (`湖北武汉` as 湖北, 武汉); one pass over the text."""
    text = text.lower()
    found = {0: []}
    for start in range(len(text)):
        if start not in found:
            continue
        for end in range(min(len(text), start + MAX_CRUMB_CHARS), start, -1):
            piece = text[start:end]
            if piece in known and (end not in found or len(found[end]) > len(found[start]) + 1):
                found[end] = [*found[start], known[piece]]
    return found


def is_site_name(text):
    """Whether a first crumb is the site (`人民网`, `新浪财经`), not a section (`财经`)."""
    return len(text) >= 3 and bool(SITE_NAME_RE.match(text))


def opens_meta(line):
    """Whether the line starts as a time-and-source line does: with a time or a label."""
    time = TIME_RE.match(line)
    if time and (time["H"] or AFTER_TIME_RE.match(line, time.end())):
        return True
    return bool(META_LABEL_RE.match(line))


def time_line(line):
    """The publish time's match when `line` is a time-and-source line, else None.

    The time may stand anywhere in a short line of labels, the source and counters
    (`来源:央视网 | 2023年11月02日 19:12`), never in a sentence.
    """
    match = TIME_RE.search(line)
    if not match:
        return None
    if match.start() == 0:
        return (
            match
            if opens_meta(line) or not line[match.end() :].strip()
            else _short_meta(line, match)
        )
    if META_LABEL_RE.match(line) or SOURCE_RE.search(line):
        return match
    return _short_meta(line, match)


def _short_meta(line, match):
    rest = line[: match.start()] + " " + line[match.end() :]
    rest = SOURCE_RE.sub(" ", rest)
    rest = META_WORDS_RE.sub(" ", rest)
    words = rest.split()
    if not words:
        return match
    # What is left is the source printed without a label (`2023年06月13日 09:20 新浪财经`).
    if len(words) == 1 and OUTLET_RE.match(words[0]) and match.start() == 0:
        return match
    return None


def unlabelled_source(line, match):
    """The outlet standing after the time with no label: `2023-10-16 07:12:05 上海证券报`."""
    rest = line[match.end() :].strip(" |")
    return rest if OUTLET_RE.match(rest) else ""


def is_outlet_alone(line):
    return bool(OUTLET_RE.match(line)) and len(line) <= 12


def ends_sentence(text):
    """Whether `text` ends like a sentence (`。`, `!`, `?`, `…`, also inside closing quotes)."""
    # A space may stand before the closing quote (`…努力。 ”`).
    return text.rstrip(CLOSING_QUOTES + " ")[-1:] in CLOSING_PUNCTUATION


def editor_names(line):
    """The editors an editor line names, or None when `line` is no editor line.

    Codes after the names (`_NB1234`, `SF183`) and system accounts (`系统管理员`) are dropped.
    """
    match = EDITOR_RE.match(line)
    if match:
        groups = [match["names"] if match["names"] is not None else match["bracketed"]]
    elif len(line) <= EDITOR_LINE_MAX_CHARS:
        groups = [found["names"] for found in EDITOR_ANYWHERE_RE.finditer(line)]
        if not groups:
            return None
    else:
        return None
    names = []
    for group in groups:
        tokens = [token for token in NAMES_SPLIT_RE.split(group or "") if token]
        han_before = False
        for token in tokens:
            token = EDITOR_SUFFIX_RE.sub("", token)
            if EDITOR_CODE_RE.match(token) or (han_before and token.isascii()):
                continue
            if token in SYSTEM_NAMES:
                continue
            if not EDITOR_NAME_RE.match(token):
                # Within a line, `编辑:` may begin a sentence: only names make an editor line.
                if not match:
                    return None
                continue
            han_before = not token.isascii()
            if token not in names:
                names.append(token)
    return names


def staff_credits(line):
    """(label, name) for every name of a line of staff credits (`图片编辑:李明 校对:赵敏`,
    `编辑:刘洋 审核:王强`, `(编辑 刘洋 审核 王强)`: labels need a colon unless the line is in
    brackets), or None when `line` is no such line or names none of `STAFF_ROLES`."""
    if len(line) > EDITOR_LINE_MAX_CHARS:
        return None
    bracketed = line[:1] in "([【" and line[-1:] in ")]】"
    text = line[1:-1].strip() if bracketed else line
    labels = list(STAFF_LABEL_RE.finditer(text))
    if not labels or labels[0].start() != 0:
        return None
    pairs = []
    for label, following in zip(labels, [*labels[1:], None], strict=True):
        chunk = text[label.end() : following.start() if following else len(text)].strip()
        if chunk.startswith(":"):
            chunk = chunk[1:]
        elif not bracketed:
            return None
        for token in NAMES_SPLIT_RE.split(chunk):
            token = EDITOR_SUFFIX_RE.sub("", token)
            if not token or EDITOR_CODE_RE.match(token) or token in SYSTEM_NAMES:
                continue
            if not EDITOR_NAME_RE.match(token):
                return None
            word = label.group(0)
            pairs.append((STAFF_ROLE_ALIASES.get(word, word), token))
    return pairs if any(label in STAFF_ROLES for label, _name in pairs) else None


def is_editor_line(line):
    return editor_names(line) is not None
