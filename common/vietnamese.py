"""Vietnamese names: splitting, accent-insensitive search keys and alphabetical sort keys.

Sorting follows the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y)
with tone marks as a secondary difference, and a person sorts by given name, then family name,
then middle name, as Vietnamese staff lists do. Keys are plain digits so every database collation
orders them the same way.
"""

import unicodedata
from decimal import Decimal

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_PRIMARY = {ch: f"{i + 10:02d}" for i, ch in enumerate(ALPHABET)}
_TONES = {"\u0300": "2", "\u0309": "3", "\u0303": "4", "\u0301": "5", "\u0323": "6"}  # huyền hỏi ngã sắc nặng
_VOWEL_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: letters, not tones


def _letters(word: str) -> list[tuple[str, str]]:
    """(base letter with its vowel mark, tone digit) for each letter of a word."""
    out: list[list[str]] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONES and out:
            out[-1][1] = _TONES[ch]
        elif ch in _VOWEL_MARKS and out:
            out[-1][0] = unicodedata.normalize("NFC", out[-1][0] + ch)
        elif not unicodedata.combining(ch):
            out.append([ch, "1"])
    return [(letter, tone) for letter, tone in out]


def _word_keys(word: str) -> tuple[str, str]:
    primary, secondary = [], []
    for letter, tone in _letters(word):
        if letter in _PRIMARY:
            primary.append(_PRIMARY[letter])
            secondary.append(tone)
        elif letter.isdigit():
            primary.append(f"0{letter}")
            secondary.append("1")
    return "".join(primary), "".join(secondary)


def split_name(full_name: str) -> tuple[str, str, str]:
    """'Nguyễn Thị Minh Khai' → ('Nguyễn', 'Thị Minh', 'Khai')."""
    parts = full_name.split()
    if not parts:
        return "", "", ""
    if len(parts) == 1:
        return "", "", parts[0]
    return parts[0], " ".join(parts[1:-1]), parts[-1]


def name_sort_key(full_name: str) -> str:
    """Digits-only key: given name, then family name, then middle name; tones break ties."""
    family, middle, given = split_name(normalize_name(full_name))
    words = [given, family, *middle.split()]
    keys = [_word_keys(w) for w in words if w]
    return ("00".join(p for p, _ in keys) + "0000" + "".join(s for _, s in keys))[:250]


def sort_key(text: str) -> str:
    """Digits-only key for any text (a unit's name, say) in Vietnamese order, word by word as written;
    a number sorts by its value ('Phường 2' before 'Phường 10'); tones break ties."""
    keys = [
        (f"0{len(word):02d}{word}", "") if word.isdigit() else _word_keys(word)
        for word in unicodedata.normalize("NFC", text).split()
    ]
    return "00".join(p for p, _ in keys) + "0000" + "".join(s for _, s in keys)


def fold(text: str) -> str:
    """Lower-case text without tone or vowel marks ('Đặng Thị Ngọc' → 'dang thi ngoc')."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text.lower())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def normalize_name(full_name: str) -> str:
    """NFC, single spaces, each word capitalised ('nguyễn  văn AN' → 'Nguyễn Văn An')."""
    words = unicodedata.normalize("NFC", full_name).split()
    return " ".join(w[:1].upper() + w[1:].lower() for w in words)


def number_vi(value, places: int = 2) -> str:
    """A number written the Vietnamese way: decimal comma, dots between thousands ('1.234,50', '3,00');
    '' for None or ''. Forms and pages that print figures for people use it (template filter `number_vi`)."""
    if value is None or value == "":
        return ""
    text = f"{Decimal(str(value)):,.{places}f}" if places else f"{Decimal(str(value)):,.0f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")
