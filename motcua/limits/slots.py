"""At most N of one costly kind of work at a time on this server, across its worker
processes: N lock files, each held with ``flock`` while the work runs (the kernel frees it if a
worker dies). A request that finds every slot taken is answered at once with 503 instead of
queueing behind them and holding a worker."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.errors import DomainError


class Busy(DomainError):
    """Every slot of this work is taken (503): try again in a moment."""

    code = "busy"
    status = 503


@contextmanager
def slot(name: str, count: int) -> Iterator[int]:
    """Hold one of ``count`` slots of ``name`` for the duration; raise :class:`Busy` if none is
    free. Yields the slot's number."""
    folder = Path(settings.SLOTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(max(1, count)):
        fd = os.open(folder / f"{name}-{number}.lock", os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        try:
            yield number
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
        return
    raise Busy(_("Máy chủ đang bận xử lý yêu cầu khác, vui lòng thử lại sau ít phút."))
