"""The contacts directory: which address and webhook each body's reminders go to.

A TOML file the office edits (``data/contacts.toml``)::

    default_email = "vanphong@laocai.gov.vn"   # tasks of bodies not listed go here

    [[body]]
    name = "Sở Tài chính"
    aliases = ["STC"]
    email = ["stc@laocai.gov.vn"]
    webhook = "https://e-office.laocai.gov.vn/hooks/nhac-viec"

A body matches a task's body when their folded canonical names are equal, or when the
task's name continues the directory's ("Sở Tài chính" matches "Sở Tài chính tỉnh Lào
Cai"); the longest name wins. Abbreviations are expanded on both sides.
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from directives.errors import DirectivesError
from store.bodies import body_lookup_key


class ContactsError(DirectivesError):
    """The contacts file cannot be read; says which line and why."""


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    aliases: tuple[str, ...] = ()
    email: tuple[str, ...] = ()
    webhook: str | None = None

    def lookup_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(body_lookup_key(n) for n in (self.name, *self.aliases)))


@dataclass(frozen=True, slots=True)
class Directory:
    default_email: str | None = None
    contacts: tuple[Contact, ...] = ()
    _keys: tuple[tuple[str, Contact], ...] = field(default=(), repr=False, compare=False)

    @classmethod
    def of(cls, default_email: str | None, contacts: tuple[Contact, ...]) -> Directory:
        keys = tuple(
            sorted(
                ((k, c) for c in contacts for k in c.lookup_keys() if k), key=lambda kc: -len(kc[0])
            )
        )
        return cls(default_email, contacts, keys)

    def find(self, body_name: str) -> Contact | None:
        """The contact for a task's body (canonical name), or None when unmapped."""
        key = body_lookup_key(body_name)
        for known, contact in self._keys:
            if key == known or key.startswith(known + " "):
                return contact
        return None


def load(path: Path) -> Directory:
    if not path.exists():
        return Directory()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ContactsError(f"{path}: không đọc được danh bạ: {e}") from e
    return parse(data, str(path))


def parse(data: dict, where: str = "danh bạ") -> Directory:
    contacts = []
    for n, item in enumerate(data.get("body", []), start=1):
        if not isinstance(item, dict) or not item.get("name"):
            raise ContactsError(f"{where}: mục [[body]] thứ {n} thiếu 'name'")
        email = item.get("email", [])
        email = [email] if isinstance(email, str) else list(email)
        contacts.append(
            Contact(
                name=str(item["name"]),
                aliases=tuple(str(a) for a in item.get("aliases", [])),
                email=tuple(email),
                webhook=item.get("webhook") or None,
            )
        )
    return Directory.of(data.get("default_email") or None, tuple(contacts))


def dump(directory: Directory) -> str:
    """The directory as TOML, in the layout of the file staff edit."""
    lines = []
    if directory.default_email:
        lines.append(f"default_email = {_q(directory.default_email)}")
    for c in directory.contacts:
        lines += ["", "[[body]]", f"name = {_q(c.name)}"]
        if c.aliases:
            lines.append("aliases = [" + ", ".join(_q(a) for a in c.aliases) + "]")
        if c.email:
            lines.append("email = [" + ", ".join(_q(e) for e in c.email) + "]")
        if c.webhook:
            lines.append(f"webhook = {_q(c.webhook)}")
    return "\n".join(lines) + "\n"


def save(directory: Directory, path: Path) -> None:
    """Write atomically: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".contacts-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(dump(directory))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _q(value: str) -> str:
    """A TOML basic string: backslash, quote and control characters escaped."""
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F or 0xD800 <= ord(char) <= 0xDFFF:
            out.append(f"\\u{ord(char):04X}" if not 0xD800 <= ord(char) <= 0xDFFF else "\ufffd")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'
