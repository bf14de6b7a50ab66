# 发布时间 is printed to the second on the pages (11:26:52); the admin's lists and read-only
# fields show it the same way instead of Django's minutes.
DATETIME_FORMAT = "Y年n月j日 H:i:s"
SHORT_DATETIME_FORMAT = "Y-m-d H:i:s"
