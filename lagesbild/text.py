"""Swedish text helpers shared by every capability."""

# Å, Ä, Ö sort after Z in Swedish; mapping them to the code points right after "z" gives that order
# without depending on the machine's locale.
_SWEDISH_ORDER = str.maketrans({"å": "{", "ä": "|", "ö": "}"})


def swedish_key(text: str) -> str:
    """Sort key that orders names the Swedish way (… X Y Z Å Ä Ö), case-insensitively."""
    return text.casefold().translate(_SWEDISH_ORDER)


LIKE_ESCAPE = "\\"


def like_literal(text: str) -> str:
    """`text` for a LIKE pattern with escape=LIKE_ESCAPE: its % and _ match themselves, not anything."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains_pattern(text: str) -> str:
    """LIKE pattern (escape=LIKE_ESCAPE) for "contains `text`": what a user types in a search box."""
    return f"%{like_literal(text.strip())}%"
