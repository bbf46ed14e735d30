"""Numbers written in words of other languages, as digits: ``treinta y cuatro`` is 34.

English number words are read by ``boost_qa.text.numbers``. Dialogues built in French,
Spanish, German, Italian or Portuguese state their answers and leaks in their own words
(``siebenundzwanzig``, ``vingt-sept``); ``in_digits`` rewrites them as digits with text2num
(``alpha2digit``), which leaves articles alone (``un``, ``ein``, ``una``). Chinese and
Japanese numerals (``零下五``, ``二十七``) become digits first (``boost_qa.text.cjk_numbers``).

A row does not say its language, and alpha2digit of one language misreads English (Spanish
``miles`` and ``once``, French ``six`` and ``cents``). So a language's words are converted only
when the text holds one of its distinctive number words (``TRIGGERS``: none of them an English
word); when several languages have one, the language with the most wins. English text holds
none, and comes back unchanged.
"""

from __future__ import annotations

from functools import lru_cache

from text_to_num import alpha2digit

from boost_qa.text.cjk_numbers import cjk_in_digits
from boost_qa.text.echo import words

_WORDS = {
    "de": "zwei drei vier fünf sechs sieben acht neun zehn zwölf",
    "fr": "deux trois quatre cinq huit neuf dix onze douze treize quatorze quinze vingt trente "
    "quarante cinquante soixante",
    "es": "tres cuatro cinco seis siete ocho nueve diez doce trece catorce quince veinte treinta "
    "cuarenta cincuenta sesenta setenta ochenta noventa cien ciento doscientos trescientos "
    "quinientos",
    "it": "quattro cinque sette dieci undici dodici tredici quattordici quindici sedici "
    "diciassette diciotto diciannove duecento trecento",
    "pt": "dois duas três quatro cinco seis sete oito nove dez doze treze catorze quatorze quinze "
    "dezesseis dezessete dezoito dezenove vinte trinta quarenta cinquenta sessenta setenta "
    "oitenta noventa cem cento duzentos trezentos",
}
TRIGGERS = {language: frozenset(words.split()) for language, words in _WORDS.items()}
"""Number words of each language that no English text uses (not ``six``, ``once``, ``miles``,
``sept``, ``seize``), nor another of these languages as an ordinary word (not ``dos``)."""
_COMPOUND_PREFIXES = {
    "es": ("dieci", "veinti"),
    "it": ("venti", "trenta", "quaranta", "cinquanta", "sessanta", "settanta", "ottanta",
           "novanta"),
}  # fmt: skip
_GERMAN_ENDS = ("zig", "ßig", "hundert", "tausend")
"""Numbers written as one word: ``dieciséis``, ``ventisette``, ``siebenundzwanzig``."""
_COMPOUND_LENGTH = 6
_COMPOUND_STEMS = (
    "zig", "ßig", "hundert", "tausend", *(p for ps in _COMPOUND_PREFIXES.values() for p in ps)
)  # fmt: skip


def _compound_language(word: str) -> str | None:
    if word.endswith(_GERMAN_ENDS) or "hundert" in word or "tausend" in word:
        return "de"
    for language, prefixes in _COMPOUND_PREFIXES.items():
        if word.startswith(prefixes) and len(word) > min(map(len, prefixes)):
            return language
    return None


@lru_cache(maxsize=16384)
def in_digits(text: str) -> str:
    """``text`` with the number words of its language (if not English) written as digits."""
    text = cjk_in_digits(text)  # 零下五, 二十七: Chinese and Japanese numerals
    tokens = set(words(text))  # cached: the guards read every turn's words
    hits = {language: len(tokens & triggers) for language, triggers in TRIGGERS.items()}
    lowered = text.lower()
    if any(stem in lowered for stem in _COMPOUND_STEMS):  # rare: then read word by word
        for token in tokens:
            language = _compound_language(token) if len(token) > _COMPOUND_LENGTH else None
            if language is not None:
                hits[language] += 1
    language, count = max(hits.items(), key=lambda item: item[1])
    if not count:  # English, as most texts are
        return text
    converted: str = alpha2digit(text, language)
    return converted
