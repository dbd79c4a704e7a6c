"""Reading a .qdpx (a zip) or a bare .qde without trusting it.

A .qdpx comes from another tool or another person: its member names could climb out of any
folder they are extracted to (zip-slip: absolute paths, `..`, drive letters), and its sizes
could be a bomb (a few kilobytes that inflate to gigabytes). Nothing here ever extracts to
disk; members are read into memory through a counter that stops at the limit, and the
declared sizes are checked before anything is inflated. Vendors disagree on spelling
(`project.qde` or `Project.qde`, `sources/` or `Sources/`, `internal://` or relative paths),
so lookups are case-insensitive.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from qualframe.errors import UserError

#: Largest uncompressed archive (all members together) and largest single member, in bytes.
MAX_TOTAL = 2 * 1024**3
MAX_MEMBER = 512 * 1024**2
#: A member that inflates more than this many times its compressed size is refused.
MAX_RATIO = 200
#: Members at least this large are checked against MAX_RATIO (small files compress wildly).
RATIO_FROM = 1024**2
CHUNK = 1024**2


@dataclass
class ProjectFile:
    """The project XML and a way to fetch the archive's source files by their REFI path."""

    path: Path
    xml: bytes
    member: str  # name of the project XML inside the archive ("" for a bare .qde)
    members: dict[str, zipfile.ZipInfo] = field(default_factory=dict)  # lower-case name → info
    _archive: zipfile.ZipFile | None = field(default=None, repr=False)

    @property
    def where(self) -> str:
        """The file (and member) to name in messages."""
        return f"{self.path}!{self.member}" if self.member else str(self.path)

    def source_member(self, reference: str) -> str | None:
        """The archive member a source's `plainTextPath`/`path` names, or None if absent."""
        if not reference:
            return None
        name = reference
        if name.lower().startswith("internal://"):
            name = "sources/" + name[len("internal://") :]
        name = name.replace("\\", "/").lstrip("./")
        candidates = [name, f"sources/{name}", f"sources/{PurePosixPath(name).name}"]
        for candidate in candidates:
            info = self.members.get(candidate.lower())
            if info is not None:
                return info.filename
        return None

    def read_member(self, name: str) -> bytes:
        """One member's bytes, inflated no further than the size limit. The archive stays
        open between reads (reading its directory again for each of a thousand sources
        would cost more than the sources); `close` releases it."""
        info = self.members[name.lower()]
        if self._archive is None:
            self._archive = zipfile.ZipFile(self.path)
        return _read_limited(self._archive, info, str(self.path))

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()
            self._archive = None


def open_project_file(path: Path) -> ProjectFile:
    """Open a .qdpx or .qde, refusing what is not one, with one clear line."""
    if not path.is_file():
        raise UserError("no such file", path=str(path))
    if path.suffix.lower() == ".qde":
        size = path.stat().st_size
        if size > MAX_MEMBER:
            raise UserError(
                f"project file is larger than {MAX_MEMBER // 1024**2} MB", path=str(path)
            )
        return ProjectFile(path, path.read_bytes(), "")
    if not zipfile.is_zipfile(path):
        raise UserError("not a .qdpx project: the file is not a zip archive", path=str(path))
    try:
        with zipfile.ZipFile(path) as archive:
            members = _checked_members(archive, str(path))
            project = members.get("project.qde")
            if project is None:
                raise UserError(
                    "no project.qde at the root of the archive (is this a REFI-QDA project?)",
                    path=str(path),
                )
            xml = _read_limited(archive, project, str(path))
    except zipfile.BadZipFile as exc:
        raise UserError(f"damaged zip archive ({exc})", path=str(path)) from None
    return ProjectFile(path, xml, project.filename, members)


def _checked_members(archive: zipfile.ZipFile, where: str) -> dict[str, zipfile.ZipInfo]:
    """Every member by lower-case name, after refusing unsafe names and bomb-sized totals."""
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in archive.infolist():
        _check_name(info.filename, where)
        total += info.file_size
        if total > MAX_TOTAL:
            raise UserError(
                f"archive declares more than {MAX_TOTAL // 1024**3} GB uncompressed "
                "(refused as a possible zip bomb)",
                path=where,
            )
        _check_ratio(info, where)
        if not info.is_dir():
            members[info.filename.lower()] = info
    return members


def _check_name(name: str, where: str) -> None:
    """Refuse member names that could point outside a folder (zip-slip)."""
    posix = name.replace("\\", "/")
    if (
        posix.startswith("/")
        or (len(posix) > 1 and posix[1] == ":")
        or ".." in PurePosixPath(posix).parts
        or "\x00" in posix
    ):
        raise UserError(f"unsafe path in archive: {name!r} (refused)", path=where)


def _check_ratio(info: zipfile.ZipInfo, where: str) -> None:
    if info.file_size > MAX_MEMBER:
        raise UserError(
            f"member {info.filename!r} declares {info.file_size:,} bytes, over the "
            f"{MAX_MEMBER // 1024**2} MB limit (refused as a possible zip bomb)",
            path=where,
        )
    if info.file_size >= RATIO_FROM and info.file_size > MAX_RATIO * max(1, info.compress_size):
        raise UserError(
            f"member {info.filename!r} inflates {info.file_size // max(1, info.compress_size)} "
            "times (refused as a possible zip bomb)",
            path=where,
        )


def _read_limited(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str) -> bytes:
    """Inflate a member, stopping as soon as it exceeds what it declared or the limit: a
    forged header must not let a bomb through."""
    limit = min(MAX_MEMBER, info.file_size)
    chunks: list[bytes] = []
    size = 0
    with archive.open(info) as handle:
        while chunk := handle.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise UserError(
                    f"member {info.filename!r} inflates beyond its declared size "
                    "(refused as a possible zip bomb)",
                    path=where,
                )
            chunks.append(chunk)
    return b"".join(chunks)
