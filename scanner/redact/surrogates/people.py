"""PERSON and EMAIL_ADDRESS surrogates: names from the INSEE first-name list (of the
person's sex) and the surname list, keeping the shape; ``prenom.nom`` e-mail addresses."""

from __future__ import annotations

import functools
import re
import unicodedata

from scanner.name_words import PARTICLES, TITLES, fold
from scanner.redact import lists
from scanner.redact.keyed import Draw
from scanner.redact.surrogates.common import MAX_TRIES, case_like, no_surrogate, same_folded
from scanner.redact.surrogates.identity import sex_of_word

RESERVED_EMAIL_DOMAIN = "example.com"
"""RFC 2606 reserves ``example.com``: it can never be a real organisation's mailbox.
(``example.fr`` is not reserved by AFNIC, so it is not used.)"""

PUBLIC_EMAIL_DOMAINS = frozenset(
    """gmail.com googlemail.com yahoo.fr yahoo.com ymail.com hotmail.fr hotmail.com live.fr
    live.com msn.com outlook.fr outlook.com icloud.com me.com mac.com aol.com aol.fr
    orange.fr wanadoo.fr free.fr sfr.fr neuf.fr cegetel.net club-internet.fr bbox.fr
    numericable.fr noos.fr laposte.net gmx.fr gmx.com gmx.net protonmail.com proton.me
    tutanota.com mailo.com""".split()
)
"""Webmail domains shared by millions of people: kept, they say nothing about who.
Any other domain (a hospital, a company, a family domain) is replaced by
:data:`RESERVED_EMAIL_DOMAIN`."""


_WORD = re.compile(r"[^\W\d_]+")
FIRST, LAST = "first", "last"
"""Roles of a name word: a first name is replaced by a first name of the same sex (INSEE
list), a surname by a surname; each role has its own keyed mapping."""


def _is_upper_word(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def _is_listed_first_name(folded: str) -> bool:
    return folded in lists.first_name_sexes()


def surrogate_name_part(
    part: str, key: bytes, role: str = LAST, max_length: int | None = None, sex: str | None = None,
) -> str:
    """The surrogate of one name word in ``role``, case kept; the same folded word in the
    same role (and ``sex``) always maps alike. A first name is drawn among the first names
    given to ``sex`` only (``F`` or ``M``: the person's title or agreement), else to the
    word's own sex when the INSEE list gives it one. When it is longer than ``max_length``,
    another name of the same list (and sex) that fits is drawn, keyed by the word and the
    length.

    >>> key = b"k" * 32
    >>> surrogate_name_part("DUPONT", key) == surrogate_name_part("Dupont", key).upper()
    True
    >>> from scanner.redact.lists import first_name_sexes
    >>> first_name_sexes()[fold(surrogate_name_part("Chloé", key, FIRST))]
    'F'
    >>> short = surrogate_name_part("Chloé", key, FIRST, max_length=4)
    >>> len(short) <= 4, first_name_sexes()[fold(short)]
    (True, 'F')
    >>> first_name_sexes()[fold(surrogate_name_part("Camille", key, FIRST, sex="M"))]
    'M'
    """
    folded = fold(part)
    draw = Draw(key, "PERSON", role, folded)
    if len(folded) == 1:  # an initial
        letter = draw.choice([c for c in "ABCDEFGHIJKLMNOPRSTVY" if c.lower() != folded])
        return letter if part.isupper() else letter.lower()
    if role == FIRST and sex not in ("F", "M"):
        listed = lists.first_name_sexes().get(folded)
        sex = listed if listed in ("F", "M") else draw.choice(("F", "M"))
    pool = lists.first_names(sex) if role == FIRST else lists.last_names()
    for _ in range(MAX_TRIES):
        name = draw.choice(pool)
        if fold(name) != folded:
            break
    else:
        raise no_surrogate("PERSON")
    if max_length is not None and len(name) > max_length:
        within, positions = _names_within(role, sex if role == FIRST else None, max_length)
        fitting = _without(within, positions[folded]) if folded in positions else within
        if fitting:  # else the caller cuts, as a last resort
            name = Draw(key, "PERSON", role, folded, f"within {max_length}").choice(fitting)
    return case_like(name, part)


@functools.lru_cache(maxsize=256)
def _names_within(role: str, sex: str | None, longest: int) -> tuple[tuple[str, ...], dict[str, list[int]]]:
    """The names of ``role``'s list (of ``sex``'s first names) of at most ``longest``
    characters, in the list's order, and the positions of each folded name among them (kept
    per length: every name of a narrow column asks again).

    >>> names, positions = _names_within(LAST, None, 4)
    >>> all(len(n) <= 4 for n in names), positions[fold(names[0])][0]
    (True, 0)
    """
    pool = lists.first_names(sex) if role == FIRST else lists.last_names()
    names = tuple(n for n in pool if len(n) <= longest)
    positions: dict[str, list[int]] = {}
    for position, name in enumerate(names):
        positions.setdefault(fold(name), []).append(position)
    return names, positions


def _without(items: tuple[str, ...], positions: list[int]) -> list[str]:
    """``items`` but those at ``positions`` (in increasing order).

    >>> _without(("a", "b", "c", "d"), [1, 3])
    ['a', 'c']
    """
    out, start = [], 0
    for position in positions:
        out += items[start:position]
        start = position + 1
    out += items[start:]
    return out


def _compounds(value: str) -> list[list[re.Match]]:
    """Name words grouped by compound ("Jean-Pierre" is one compound of two words);
    titles and particles are left out."""
    groups: list[list[re.Match]] = []
    previous_end = None
    for match in _WORD.finditer(value):
        folded = fold(match.group())
        if folded in TITLES or folded in PARTICLES:
            previous_end = None
            continue
        joined = previous_end is not None and value[previous_end : match.start()] == "-"
        if joined:
            groups[-1].append(match)
        else:
            groups.append([match])
        previous_end = match.end()
    return groups


def _roles(value: str, groups: list[list[re.Match]], role_hint: str | None) -> list[str]:
    """The role of each compound: see :func:`surrogate_person`."""
    words = [[fold(m.group()) for m in g] for g in groups]
    if len(groups) == 1:
        if role_hint in (FIRST, LAST):
            return [role_hint]
        if any(fold(w) in TITLES for w in _WORD.findall(value[: groups[0][0].start()])):
            return [LAST]  # "Dr Martin"
        listed = all(_is_listed_first_name(w) for w in words[0])
        common_surname = any(w in lists.folded_last_names() for w in words[0])
        return [FIRST if listed and not common_surname and not _is_upper_word(groups[0][0].group()) else LAST]
    upper = [all(_is_upper_word(m.group()) for m in g) for g in groups]
    if any(upper):
        first_upper = upper.index(True)
        return [LAST if u or not (i < first_upper or all(map(_is_listed_first_name, w))) else FIRST
                for i, (u, w) in enumerate(zip(upper, words))]
    return [FIRST if i < len(groups) - 1 and all(map(_is_listed_first_name, w)) else LAST
            for i, w in enumerate(words)]


def surrogate_person(
    value: str, key: bytes, *, role_hint: str | None = None, max_length: int | None = None, sex: str | None = None,
    titled: str | None = None,
) -> str:
    """French names of the same shape: "Jean DUPONT" -> "Luc MARCHAND".

    Each name word is replaced on its own, so that "DUPONT" alone in a ``nom`` column and
    "Jean DUPONT" in a note get the same surname. Roles: UPPER-CASE words are surnames; in a
    name with one, the words before the first are first names ("Nath MEYER"); in a name
    without one, the last word is the surname and listed first names before it are
    first names ("Jean Dupont", "DUPONT Jean-Pierre"); a single word is a first name when it
    is listed and not a common surname nor after a title ("Dr Martin"), unless ``role_hint``
    (from a ``prenom``/``nom`` column) says otherwise. Titles (M., Dr) and particles (de, LE) are kept; initials
    become other initials; any other character (spaces, hyphens, apostrophes, dots) is kept.
    When the result is longer than ``max_length``, each word is replaced by a name no longer
    than itself (plus its share of the room left), so "Jean DUPONT" fits in varchar(11).
    First names follow the sex of a title in ``value`` ("M. Pierre") or of ``titled``
    (the title before it in the note), else their own (INSEE list) when it has one, else
    ``sex`` (the person's, from the rest of the row or note), else a keyed draw.

    >>> key = b"k" * 32
    >>> s = surrogate_person("Mme Marie-Claire LE GOFF", key)
    >>> s.split()[0], s.split()[2], s.split()[3].isupper(), "-" in s.split()[1]
    ('Mme', 'LE', True, True)
    >>> len(surrogate_person("Léa DURAND", key, max_length=10)) <= 10
    True
    >>> from scanner.redact.lists import first_name_sexes
    >>> first_name_sexes()[fold(surrogate_person("M. Pierre DURAND", key).split()[1])]
    'M'
    """
    if any(map(str.isdigit, value)):
        raise no_surrogate("PERSON")
    groups = _compounds(value)
    if not groups:
        raise no_surrogate("PERSON")
    roles = _roles(value, groups, role_hint)
    titled = next(filter(None, map(sex_of_word, _WORD.findall(value[: groups[0][0].start()]))), titled)
    result = _replace_words(value, groups, roles, key, None, titled, sex)
    if max_length is None or len(result) <= max_length:
        return result
    spare = max(max_length - len(value), 0) // sum(map(len, groups))
    return _replace_words(value, groups, roles, key, spare, titled, sex)


def _replace_words(
    value: str, groups: list[list[re.Match]], roles: list[str], key: bytes, spare: int | None,
    titled: str | None, sex: str | None,
) -> str:
    """``value`` with each name word replaced; with ``spare``, each by a name at most
    ``spare`` characters longer than the word. A first name takes the sex ``titled``, else
    its own, else ``sex``."""
    replacements = {}
    for group, role in zip(groups, roles):
        for match in group:
            word = match.group()
            limit = None if spare is None else len(word) + spare
            own = lists.first_name_sexes().get(fold(word)) if role == FIRST else None
            word_sex = titled or (own if own in ("F", "M") else sex)
            replacements[match.start()] = (match.end(), surrogate_name_part(word, key, role, limit, word_sex))
    out, position = [], 0
    for start in sorted(replacements):
        end, new = replacements[start]
        out.append(value[position:start] + new)
        position = end
    out.append(value[position:])
    result = "".join(out)
    if same_folded(result, value):
        raise no_surrogate("PERSON")
    return result


def _email_word(name: str) -> str:
    return re.sub(r"[^a-z0-9-]", "", _ascii(name).lower())


def surrogate_email(value: str, key: bytes, *, max_length: int | None = None) -> str:
    """``prenom.nom`` from the name lists at a public webmail domain kept as is, else at
    ``example.com``; the local part's separator (``.``, ``_``, ``-``) and digits are kept
    in kind. Longer than ``max_length``, it becomes a shorter ``prenom.nom``, ``p.nom`` or
    ``nom`` (at a shorter webmail domain if need be); never cut: when none fits, it raises.

    >>> key = b"k" * 32
    >>> surrogate_email("camille.roux@orange.fr", key).endswith("@orange.fr")
    True
    >>> surrogate_email("c.roux@chu-exemple.fr", key).endswith("@example.com")
    True
    >>> surrogate_email("c.roux @ orange . fr", key) == surrogate_email("c.roux@orange.fr", key)
    True
    >>> len(surrogate_email("c.roux@chu-exemple.fr", key, max_length=21)) <= 21
    True
    """
    stripped = value.strip()
    compact = "".join(stripped.split())  # typed with blanks: "c.roux @ orange . fr"
    local, at, domain = compact.rpartition("@")
    if not at or not local or "." not in domain or not domain.replace(".", "").replace("-", "").isalnum():
        raise no_surrogate("EMAIL_ADDRESS")
    folded = compact.casefold()
    draw = Draw(key, "EMAIL_ADDRESS", folded)
    separator = (_EMAIL_SEPARATOR.search(local) or ".")[0]
    new_domain = domain.lower()
    if new_domain not in PUBLIC_EMAIL_DOMAINS:
        new_domain = RESERVED_EMAIL_DOMAIN
    has_digit = _ASCII_DIGIT.search(local) if local.isascii() else any(map(str.isdigit, local))
    digits = 2 if has_digit else 0
    last_names = _email_forms("last")
    for _ in range(MAX_TRIES):
        first_names = _email_forms(draw.choice(("F", "M")))
        new_local = f"{draw.choice(first_names)}{separator}{draw.choice(last_names)}"
        new = f"{new_local}{draw.digits(2) if digits else ''}@{new_domain}"
        if new.casefold() != folded:
            break
    else:
        raise no_surrogate("EMAIL_ADDRESS")
    room = None if max_length is None else max_length - len(value) + len(stripped)
    if room is not None and len(new) > room:
        new = _short_email(Draw(key, "EMAIL_ADDRESS", folded, f"within {room}"),
                           room, separator, digits, new_domain, compact)
    return new if value is stripped else value.replace(stripped, new)


_EMAIL_SEPARATOR = re.compile(r"[._-]")
"""The first of these in an e-mail's local part is its surrogate's separator."""
_ASCII_DIGIT = re.compile(r"[0-9]")
"""A digit of an ASCII local part (``str.isdigit`` for ASCII text)."""


@functools.cache
def _email_forms(kind: str) -> tuple[str, ...]:
    """Each name of a list (``F``, ``M`` first names, ``last`` names) as an e-mail word, in
    the list's order (some may be empty).

    >>> len(_email_forms("last")) == len(lists.last_names()), _email_forms("last")[0] == _email_word(lists.last_names()[0])
    (True, True)
    """
    names = lists.last_names() if kind == "last" else lists.first_names(kind)
    return tuple(map(_email_word, names))


@functools.cache
def _email_words(kind: str) -> tuple[str, ...]:
    """The names of a list (``F``, ``M`` first names, ``last`` names) as e-mail words."""
    return tuple(w for w in _email_forms(kind) if w)


@functools.lru_cache(maxsize=256)
def _email_words_within(kind: str, longest: int) -> tuple[str, ...]:
    """The e-mail words of a list (:func:`_email_words`) of at most ``longest`` characters,
    in the list's order (kept per length: every short address of a column asks again).

    >>> all(len(w) <= 4 for w in _email_words_within("last", 4)), _email_words_within("F", 0)
    (True, ())
    """
    return tuple(w for w in _email_words(kind) if len(w) <= longest)


def _short_email(draw: Draw, room: int, separator: str, digits: int, domain: str, old: str) -> str:
    """An address of at most ``room`` characters: ``prenom.nom``, else ``p.nom``, else ``nom``
    at ``domain`` or, for a public webmail, at a shorter one; raises when none fits."""
    domains = [domain]
    if domain in PUBLIC_EMAIL_DOMAINS:
        domains += sorted((d for d in PUBLIC_EMAIL_DOMAINS if len(d) < len(domain)), key=lambda d: (len(d), d))
    for new_domain in domains:
        budget = room - len(new_domain) - 1 - digits
        last_names = _email_words_within("last", budget)
        for _ in range(MAX_TRIES if last_names else 0):
            last = draw.choice(last_names)
            left = budget - len(last) - len(separator)
            kind = draw.choice(("F", "M"))
            first_names = _email_words_within(kind, left)
            first = draw.choice(first_names if first_names else _email_words(kind))[: max(left, 0)]  # else an initial
            first += separator if first else ""
            new = f"{first}{last}{draw.digits(digits)}@{new_domain}"
            if new.casefold() != old.casefold():
                return new
    raise no_surrogate("EMAIL_ADDRESS")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
