# Publish times to the second in the admin, as on the pages (see zh_Hans).
DATETIME_FORMAT = "N j, Y, H:i:s"
SHORT_DATETIME_FORMAT = "Y-m-d H:i:s"
