"""The hit path's Redis replies kept in the process, dropped as soon as Redis says a key changed.

The hit path's connections ask Redis to track every key they read (`CLIENT TRACKING ON REDIRECT
<listener>`, Redis 6+): when one is written, expires, is evicted or flushed, Redis sends its name
to this process's listener, a connection subscribed to `__redis__:invalidate` and read by a daemon
thread, which drops the copies that read it. A copy is as stale as that message is late: under a
millisecond on one host, the network's delay across hosts. Whatever could lose a message drops
every copy, and none is kept again until tracking is whole: the listener's connection lost or
silent (an idle listener pings every PING_SECONDS), a flush, the reading connection closed. A
reply that raced a message (one arrived between sending the read and keeping its reply) is not
kept.
"""

import collections
import logging
import os
import threading
import time
import weakref

from redis.exceptions import ResponseError

logger = logging.getLogger(__name__)

CHANNEL = "__redis__:invalidate"
# A connection lost without a word (a host gone, a network cut) is noticed within this and the
# socket timeout; a closed one at once.
PING_SECONDS = 1.0
FIRST_RETRY_SECONDS, LAST_RETRY_SECONDS = 0.05, 5.0
# The first request of a process waits this long, at most, for its listener to connect.
START_SECONDS = 1.0

_every = weakref.WeakSet()


def drop_everywhere():
    """This process changed keys itself: its copies go now, before Redis's message comes back."""
    for copies in list(_every):
        copies.drop_all()


class _Copy:
    __slots__ = ("values", "keys", "size", "owner")

    def __init__(self, values, keys, size, owner):
        self.values, self.keys, self.size, self.owner = values, keys, size, owner


class LocalCopies:
    """Replies by the command that read them, least recently used dropped past `limit` bytes.
    `epoch` changes with every message and every loss of tracking: a reply is kept only if it did
    not change while the read was on its way."""

    def __init__(self, connection_class, connection_kwargs, limit):
        self.connection_class = connection_class
        self.connection_kwargs = {**connection_kwargs, "protocol": 2}  # Pub/Sub messages
        self.limit = limit
        self.lock = threading.Lock()
        self.copies = collections.OrderedDict()
        self.readings_of_key = {}
        self.size = 0
        self.epoch = 0
        self.listener_id = None
        self.thread = None
        self.closed = False
        self.pid = os.getpid()
        _every.add(self)

    def tracking(self):
        """(epoch, the listener's client id or None), the listener started on first use."""
        if self.thread is None:
            self._start()
        return self.epoch, self.listener_id

    def get(self, command, owner):
        with self.lock:
            copy = self.copies.get(command)
            if copy is None or copy.owner is not owner:
                return None
            self.copies.move_to_end(command)
            return copy.values

    def keep(self, command, keys, values, size, owner, epoch):
        if size > self.limit:
            return
        with self.lock:
            if epoch != self.epoch or self.listener_id is None:
                return
            self._drop(command)
            self.copies[command] = _Copy(values, keys, size, owner)
            for key in keys:
                self.readings_of_key.setdefault(key, set()).add(command)
            self.size += size
            while self.size > self.limit:
                self._drop(next(iter(self.copies)))

    def drop_all(self):
        with self.lock:
            self.epoch += 1
            self.copies.clear()
            self.readings_of_key.clear()
            self.size = 0

    def close(self):
        """No more copies; the listener stops within PING_SECONDS (a forked child has none)."""
        self.closed = True
        self.drop_all()

    def _drop(self, command):
        copy = self.copies.pop(command, None)
        if copy is None:
            return
        self.size -= copy.size
        for key in copy.keys:
            readings = self.readings_of_key.get(key)
            if readings is not None:
                readings.discard(command)
                if not readings:
                    del self.readings_of_key[key]

    def _invalidated(self, keys):
        with self.lock:
            self.epoch += 1
            if not isinstance(keys, list):  # a flush (or a message not from Redis's tracking)
                self.copies.clear()
                self.readings_of_key.clear()
                self.size = 0
                return
            for key in keys:
                for command in self.readings_of_key.pop(key, ()):
                    self._drop(command)

    def _listening(self, listener_id):
        with self.lock:
            self.epoch += 1
            self.listener_id = listener_id

    def _lost(self):
        with self.lock:
            self.listener_id = None
        self.drop_all()

    def _start(self):
        with self.lock:
            if self.thread is not None or self.closed or os.getpid() != self.pid:
                return
            first_attempt = threading.Event()
            self.thread = threading.Thread(
                target=self._listen, args=(first_attempt,), name="page-cache-listener", daemon=True
            )
        self.thread.start()
        first_attempt.wait(START_SECONDS)

    def _listen(self, first_attempt):
        retry = FIRST_RETRY_SECONDS
        while not self.closed:
            connection = self.connection_class(**self.connection_kwargs)
            try:
                connection.connect()
                connection.send_command("CLIENT", "ID", check_health=False)
                listener_id = connection.read_response()
                connection.send_command("SUBSCRIBE", CHANNEL, check_health=False)
                connection.read_response()
                self._listening(listener_id)
                first_attempt.set()
                retry = FIRST_RETRY_SECONDS
                self._read(connection)
            except ResponseError:
                logger.warning("Redis refuses client tracking: no local page copies", exc_info=True)
                self.closed = True
            except Exception:
                pass  # every copy is dropped below; connected again after a pause
            finally:
                self._lost()
                connection.disconnect()
                first_attempt.set()
            if not self.closed:
                time.sleep(retry)
                retry = min(retry * 2, LAST_RETRY_SECONDS)

    def _read(self, connection):
        pinged = False
        while not self.closed:
            if not connection.can_read(timeout=PING_SECONDS):
                if pinged:
                    raise TimeoutError("Redis did not answer the listener's ping")
                connection.send_command("PING", check_health=False)
                pinged = True
                continue
            message = connection.read_response()
            pinged = False
            if message[0] == b"message":
                self._invalidated(message[2])
