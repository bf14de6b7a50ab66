# One date-time format everywhere, as the pages print 发布时间 (2019-07-29 11:26:52): the admin's
# lists, read-only fields, history and workflow log show the same, never Django's minutes.
DATETIME_FORMAT = "Y-m-d H:i:s"
SHORT_DATETIME_FORMAT = "Y-m-d H:i:s"
DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
