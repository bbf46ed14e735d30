"""Numbers written in words of other languages, as digits: ``treinta y cuatro`` is 34.

English number words are read by ``boost_qa.text.numbers``. Dialogues built in French, Spanish,
German, Italian or Portuguese state their answers and leaks in their own words
(``siebenundzwanzig``, ``vingt-sept``); ``in_digits`` rewrites them as digits with text2num
(``alpha2digit``), which leaves articles alone (``un``, ``ein``, ``una``).

A row does not say its language, and alpha2digit of one language misreads English (Spanish
``miles`` and ``once``, French ``six`` and ``cents``). So a language's words are converted only
when the text holds one of its distinctive number words (``TRIGGERS``: none of them an English
word); when several languages have one, the language with the most wins. English text holds
none, and comes back unchanged.
"""

from __future__ import annotations

import re
from functools import lru_cache

from text_to_num import alpha2digit

TRIGGERS = {
    "de": (
        r"(?:\w*und)?(?:zwanzig|dreißig|dreissig|vierzig|fünfzig|sechzig|siebzig|achtzig|"
        r"neunzig)|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwölf|dreizehn|vierzehn|"
        r"fünfzehn|sechzehn|siebzehn|achtzehn|neunzehn|\w*hundert\w*|\w*tausend\w*"
    ),
    "fr": (
        r"deux|trois|quatre|cinq|huit|neuf|dix|onze|douze|treize|quatorze|quinze|dix-\w+|"
        r"vingt|vingt-\w+|trente|quarante|cinquante|soixante|soixante-\w+|quatre-vingts?"
    ),
    "es": (
        r"tres|cuatro|cinco|seis|siete|ocho|nueve|diez|doce|trece|catorce|quince|dieci\w+|"
        r"veinte|veinti\w+|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|cien|"
        r"ciento|doscientos|trescientos|quinientos"
    ),
    "it": (
        r"quattro|cinque|sette|dieci|undici|dodici|tredici|quattordici|quindici|sedici|"
        r"diciassette|diciotto|diciannove|venti\w+|trenta\w*|"
        r"quaranta\w*|cinquanta\w*|sessanta\w*|settanta\w*|ottanta\w*|novanta\w*|duecento|"
        r"trecento"
    ),
    "pt": (
        r"dois|duas|três|quatro|cinco|seis|sete|oito|nove|dez|doze|treze|catorze|quatorze|"
        r"quinze|dezesseis|dezessete|dezoito|dezenove|vinte|trinta|quarenta|cinquenta|"
        r"sessenta|setenta|oitenta|noventa|cem|cento|duzentos|trezentos"
    ),
}
"""Number words of each language that no English text uses (not ``six``, ``once``, ``miles``,
``sept``, ``seize``), nor another of these languages as an ordinary word (not ``dos``)."""
_TRIGGER = {
    language: re.compile(rf"\b(?:{words})\b", re.IGNORECASE) for language, words in TRIGGERS.items()
}
_ASCII_LETTERS = re.compile(r"[A-Za-zÀ-ÿ]")


@lru_cache(maxsize=16384)
def in_digits(text: str) -> str:
    """``text`` with the number words of its language (if not English) written as digits."""
    if _ASCII_LETTERS.search(text) is None:
        return text
    hits = {language: len(pattern.findall(text)) for language, pattern in _TRIGGER.items()}
    language, count = max(hits.items(), key=lambda item: item[1])
    if not count:
        return text
    converted: str = alpha2digit(text, language)
    return converted
