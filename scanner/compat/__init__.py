"""vigie's patches of third-party internals (Presidio, spaCy), each guarded.

Every patch here was checked against pinned versions (``README.md`` in this folder lists
them, with each guard and its test). When a guard fails, vigie takes the library's own,
slower path and says so once per process and patch (``warn_slow_path``). Importing this
package changes nothing: each patch acts only when the module that needs it calls it.
"""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

SLOW_PATHS_TAKEN: set[str] = set()
"""The patches whose guard failed in this process (each was warned about once)."""


def warn_slow_path(patch: str, reason: str) -> None:
    """Log one warning per process for ``patch``: its guard failed, the slow path runs.

    >>> warn_slow_path("doctest patch", "spaCy 0.0 is not the checked 3.8.18")  # a warning
    >>> warn_slow_path("doctest patch", "spaCy 0.0 is not the checked 3.8.18")  # said once
    """
    if patch in SLOW_PATHS_TAKEN:
        logger.debug("%s: %s", patch, reason)
        return
    SLOW_PATHS_TAKEN.add(patch)
    logger.warning("%s unavailable: %s; vigie takes the library's own, slower path (same results)", patch, reason)
