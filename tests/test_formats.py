"""The machine formats: a TSV field never holds a tab or a line break, and nothing else changes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from readcli.render.formats import tsv_field

BREAKS = "\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


@given(st.text(alphabet=st.sampled_from(list(BREAKS) + list("ab ج\u200f\x1b")) | st.characters()))
@settings(max_examples=500)
def test_a_field_is_the_text_with_breaks_folded(text):
    field = tsv_field(text)
    assert not any(c in field for c in BREAKS)
    # Exactly what folding every line break and tab into one space gives.
    assert field == " ".join(text.replace("\t", " ").splitlines())


def test_values():
    assert [tsv_field(v) for v in (None, True, False, 3, ["a", "b"], "x\ty\r\nz")] == [
        "", "yes", "no", "3", "a,b", "x y z",
    ]
