"""Python extraction: docstrings and comments are prose, code and literals are not."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extract_helpers import check_invariant, kept, masked
from mlgloss.analysis.extract.python import _extract_scanned, extract_python

SOURCE = '''#!/usr/bin/env python
# Copyright 2024 The HuggingFace Team. Fine-tune with LoRA.
"""Train a LoRA adapter on nvidia/X-Lora.

Args:
    lora_alpha (`int`, *optional*, defaults to 8):
        The alpha parameter for Lora scaling, see `load_lora_weights`.

Parameters
----------
r : int
    The rank of the update matrices.

Example:

```python
>>> from peft import LoraConfig
```

>>> model.generate()
tensor([1, 2])

:param model: the base model, see :class:`peft.LoraConfig` and https://hf.co/docs.
:returns: the adapter.
"""
import os  # noqa: F401

x = "a string literal about lora alpha"  # the low-rank adapter
# model = get_peft_model(model, config)


def merge():
    \'\'\'Merge the adapter weights into the base model.\'\'\'
    return 1
'''


def test_docstring_prose_kept_structure_masked() -> None:
    e = extract_python(SOURCE)
    check_invariant(SOURCE, e)
    assert kept(SOURCE, e, "Train a LoRA adapter on ")
    assert masked(SOURCE, e, "nvidia/X-Lora")
    assert masked(SOURCE, e, '"""')
    assert masked(SOURCE, e, "Args:")
    assert masked(SOURCE, e, "lora_alpha (`int`, *optional*, defaults to 8):")
    assert kept(SOURCE, e, "The alpha parameter for Lora scaling, see ")
    assert masked(SOURCE, e, "`load_lora_weights`")
    assert masked(SOURCE, e, "Parameters\n----------\nr : int")
    assert kept(SOURCE, e, "The rank of the update matrices.")
    assert masked(SOURCE, e, ">>> from peft import LoraConfig")
    assert masked(SOURCE, e, ">>> model.generate()\ntensor([1, 2])")
    assert masked(SOURCE, e, ":param model:")
    assert kept(SOURCE, e, " the base model, see ")
    assert masked(SOURCE, e, ":class:`peft.LoraConfig`")
    assert masked(SOURCE, e, "https://hf.co/docs")
    assert masked(SOURCE, e, ":returns:")
    assert kept(SOURCE, e, "Merge the adapter weights into the base model.")


def test_code_and_string_literals_masked() -> None:
    e = extract_python(SOURCE)
    assert masked(SOURCE, e, 'x = "a string literal about lora alpha"')
    assert masked(SOURCE, e, "import os")
    assert masked(SOURCE, e, "return 1")


def test_comments_prose_directives_and_code_masked() -> None:
    e = extract_python(SOURCE)
    assert masked(SOURCE, e, "#!/usr/bin/env python")
    assert kept(SOURCE, e, " Copyright 2024 The HuggingFace Team. Fine-tune with LoRA.")
    assert kept(SOURCE, e, " the low-rank adapter")
    assert masked(SOURCE, e, "# noqa: F401")
    assert masked(SOURCE, e, "# model = get_peft_model(model, config)")
    comments = {SOURCE[a:b] for a, b in e.comments}
    assert "# the low-rank adapter" in comments
    assert "# noqa: F401" in comments
    assert "#!/usr/bin/env python" not in comments


def test_broken_file_still_yields_comments_and_docstrings() -> None:
    broken = (
        'def f(:\n    """Compute the LoRA scaling factor."""\n'
        "    # the adapter rank\n"
        '    s = "unterminated\n'
        '    """Docstring being typed about QLoRA\n\nx = 1\n'
    )
    e = extract_python(broken)
    check_invariant(broken, e)
    assert kept(broken, e, "Compute the LoRA scaling factor.")
    assert kept(broken, e, " the adapter rank")
    assert masked(broken, e, '"unterminated')
    assert kept(broken, e, "Docstring being typed about QLoRA")
    assert masked(broken, e, "x = 1")


def test_scanner_agrees_with_tokenizer_on_clean_source() -> None:
    assert _extract_scanned(SOURCE).prose == extract_python(SOURCE).prose


def test_crlf_source() -> None:
    text = '"""Doc about LoRA."""\r\n# a comment\r\nx = 1\r\n'
    e = extract_python(text)
    check_invariant(text, e)
    assert kept(text, e, "Doc about LoRA.")
    assert kept(text, e, " a comment")
    assert masked(text, e, "x = 1")


_TEXT = st.text(
    alphabet=st.sampled_from([*list("ab _#'\"\\(){}:=>.\t\n\r\x00 rfu"), "😀", "é"]),
    max_size=200,
) | st.text(max_size=200)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_property_any_text(text: str) -> None:
    check_invariant(text, extract_python(text))
    check_invariant(text, _extract_scanned(text))
