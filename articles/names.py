"""How the newsroom writes a staff member's name."""

import re

HAN_NAME = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff·]+$")


def person_name(user):
    """`王芳` for 姓 王 and 名 芳: a Chinese name is family name first, with no space. Django's
    get_full_name() would give `芳 王`. Other names keep Django's `first last`; an account
    without a name is shown by its login."""
    first, last = user.first_name.strip(), user.last_name.strip()
    if first and last and HAN_NAME.match(first + last):
        return last + first
    return " ".join(part for part in (first, last) if part) or user.get_username()


def staff_label(user):
    """`王芳 (wangfang)`: the name pages print as 责编, and the login that tells namesakes apart."""
    name, login = person_name(user), user.get_username()
    return f"{name} ({login})" if name != login else login
