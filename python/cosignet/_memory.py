"""Estimating the memory a result needs before allocating it."""

from __future__ import annotations

import os

from cosignet.errors import TooLargeError

#: Bytes per stored edge in CSR form: an int64 column index and a float64 weight.
BYTES_PER_STORED_EDGE = 16


def csr_bytes(n_rows: int, n_entries: int) -> int:
    """Bytes of a CSR matrix with int64 indices and float64 values."""
    return 8 * (n_rows + 1) + BYTES_PER_STORED_EDGE * n_entries


def available_bytes() -> int:
    """Memory the operating system can give us now (MemAvailable), or a large number if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return 1 << 62


def human_bytes(n: float) -> str:
    """Format a byte count for people: ``1.4 GB``."""
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if abs(n) < 1000 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    raise AssertionError("unreachable")


#: Memory a file takes once read, per byte of file, as measured (a 48 MB CSV of a million
#: signatures peaked near 7x; a 247 MB JSON corpus of the same near 11x), with headroom; PDF and
#: Word documents (parsed objects, fonts, unpacked parts) are given 20x.
READ_EXPANSION: dict[str, int] = {"letter": 4, "table": 10, "json": 12, "document": 20}


def refuse_unreadable_size(path: str | os.PathLike[str], kind: str, source: str) -> None:
    """Raise TooLargeError, before reading, when the file at `path` could not fit in memory.

    Files are read whole; one whose size times :data:`READ_EXPANSION` exceeds the memory
    available is refused with both numbers instead of exhausting the machine.
    """
    try:
        size = os.stat(path).st_size
    except OSError:
        return  # opening it reports the problem with the usual OSError
    needed = size * READ_EXPANSION[kind]
    available = available_bytes()
    if needed > available:
        raise TooLargeError(
            f"{source}: {human_bytes(size)}; reading it needs about {human_bytes(needed)} of "
            f"memory, more than the {human_bytes(available)} available; split it into smaller "
            "files (read_letters reads a folder of them)"
        )
