class CaptureError(Exception):
    """A capture that cannot be imported: the reason, and the line it was found on."""

    def __init__(self, reason, line=None):
        super().__init__(reason)
        self.reason = reason
        self.line = line

    def __str__(self):
        return f"line {self.line}: {self.reason}" if self.line else str(self.reason)


class DatabaseUnavailable(Exception):
    """The database stopped answering (down, restarting, connection lost): the run stops here,
    since every capture after this one would fail the same way."""
