"""A store file nobody may write, met by a child process that honours file modes even when the suite runs as root.

Root normally writes through any file mode, because it holds the capability CAP_DAC_OVERRIDE. Becoming
another user (``nobody``) to avoid that also takes away reading: that user cannot import anything from
a checkout or a virtualenv kept in a private folder (a home directory, a ``mktemp -d`` folder, mode
0700), and the commands import modules lazily. So the child stays who it is and, when it is root, gives
up only the right to override write permissions (CAP_DAC_OVERRIDE, and CAP_FOWNER, which would let it
change the modes back). CAP_DAC_READ_SEARCH stays, so it still reads every file the suite can read.

Imported from any test as ``from tests.read_only import ...`` (tests/ is a package).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Runs first in the child. Linux capabilities, read and written with capget/capset (version 3: two
# 32-bit words per set). Dropping from the permitted set too matters: access(2) run by root checks the
# permitted set, not the effective one, so the store's os.access(W_OK) also sees the file as read-only.
WITHOUT_WRITE_OVERRIDE = """
import ctypes as _ctypes
import os as _os

if _os.geteuid() == 0:
    class _Header(_ctypes.Structure):
        _fields_ = [("version", _ctypes.c_uint32), ("pid", _ctypes.c_int)]

    class _Data(_ctypes.Structure):
        _fields_ = [("effective", _ctypes.c_uint32), ("permitted", _ctypes.c_uint32), ("inheritable", _ctypes.c_uint32)]

    _libc = _ctypes.CDLL(None, use_errno=True)
    _header, _data = _Header(0x20080522, 0), (_Data * 2)()
    if _libc.capget(_ctypes.byref(_header), _data) != 0:
        raise OSError(_ctypes.get_errno(), "capget failed")
    _keep = ~((1 << 1) | (1 << 3)) & 0xFFFFFFFF  # CAP_DAC_OVERRIDE = 1, CAP_FOWNER = 3
    for _field in ("effective", "permitted", "inheritable"):
        setattr(_data[0], _field, getattr(_data[0], _field) & _keep)
    if _libc.capset(_ctypes.byref(_header), _data) != 0:
        raise OSError(_ctypes.get_errno(), "capset failed")
"""


def python_honouring_file_modes(script: str, *argv: str) -> list[str]:
    """The command that runs ``script`` in a fresh interpreter that cannot write through file modes."""
    return [sys.executable, "-c", WITHOUT_WRITE_OVERRIDE + script, *argv]


@contextmanager
def read_only_file(target: Path) -> Iterator[Path]:
    """``target`` (mode 0444) in its folder (mode 0555): no writing the file, no journal beside it."""
    folder = target.parent
    folder_mode, file_mode = folder.stat().st_mode & 0o7777, target.stat().st_mode & 0o7777
    target.chmod(0o444)
    folder.chmod(0o555)
    try:
        yield target
    finally:
        folder.chmod(folder_mode)
        target.chmod(file_mode)
