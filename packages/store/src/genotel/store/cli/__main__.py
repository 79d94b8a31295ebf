"""``python -m genotel.store.cli``: the ``genotel`` command where its script is not on PATH."""

from . import run

run()
