"""The installed tree has what wirecoder imports, whatever pip installed it.

pip before 24 does not match an extra spelt with '_' to one declared with '-' (jusText asks for
lxml[html_clean], lxml 6 declares html-clean), so it silently installs the package without the extra's
requirements. This walks wirecoder's requirement tree and checks that every extra asked for is declared
under that name or that its requirements are installed anyway.
"""

import re
from importlib import metadata

from packaging.requirements import Requirement


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _installed() -> dict[str, metadata.Distribution]:
    return {_norm(d.metadata["Name"]): d for d in metadata.distributions()}


def _active(req: Requirement, extras: set[str]) -> bool:
    if req.marker is None:
        return True
    return any(req.marker.evaluate({"extra": e}) for e in extras or {""})


def test_every_extra_in_the_dependency_tree_is_satisfied():
    dists = _installed()
    seen: set[str] = set()
    queue: list[tuple[str, set[str]]] = [("wirecoder", set())]
    problems = []
    while queue:
        name, extras = queue.pop()
        key = f"{name}[{','.join(sorted(extras))}]"
        if key in seen:
            continue
        seen.add(key)
        dist = dists.get(_norm(name))
        if dist is None:
            problems.append(f"{name} is required but not installed")
            continue
        for line in dist.requires or []:
            req = Requirement(line)
            if not _active(req, extras):
                continue
            wanted = {_norm(e) for e in req.extras}
            queue.append((req.name, wanted | set(req.extras)))
    # every (package, extra) asked for: its requirements must be installed (checked by the walk above,
    # which asks for them under both spellings)
    assert not problems, problems


def test_lxml_html_clean_is_importable():
    # what trafilatura's jusText imports at run time; it failed on a fresh venv with pip 23
    import lxml_html_clean  # noqa: F401
    from justext import core  # noqa: F401
