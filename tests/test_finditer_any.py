import re

from clauselint.sentences import finditer_any


def _alternation(patterns, text):
    either = "|".join(f"(?:{p.pattern})" for p in patterns)
    return [m.span() for m in re.finditer(either, text)]


def test_finditer_any_gives_the_alternations_matches():
    patterns = (re.compile(r"\.\s+(?=[A-Z])"), re.compile(r"\n[ \t]*\n\s*"))
    text = "One. Two.\n\nThree\n\n  four.  \n \nFive. six"
    assert [m.span() for m in finditer_any(patterns, text)] == _alternation(patterns, text)


def test_finditer_any_redoes_a_match_cut_short_by_an_earlier_one():
    # "ab" covers the start of "bcd", whose pattern then matches again at "cd"
    patterns = (re.compile("ab"), re.compile("b?cd"))
    text = "abcd bcd"
    assert [m.span() for m in finditer_any(patterns, text)] == _alternation(patterns, text)
    assert [m.group() for m in finditer_any(patterns, text)] == ["ab", "cd", "bcd"]
