"""Builds small glossaries from YAML text for tests."""

from __future__ import annotations

import textwrap

from mlgloss.glossary.loader import parse_glossary
from mlgloss.glossary.lookup import Glossary


def glossary_from(yaml_text: str, path: str = "test.yaml") -> Glossary:
    return Glossary.from_layers([[parse_glossary(textwrap.dedent(yaml_text), path)]])


SMALL = """
version: 1
entries:
  - term: LoRA
    expansion: Low-Rank Adaptation
    definition: Trains low-rank matrices beside frozen weights.
    config_keys: [lora_alpha, lora_r]
  - term: QLoRA
    definition: LoRA on a 4-bit quantized base model.
  - term: pretraining
    forms: [pre-training]
  - term: fine-tuning
    forms: [finetuning]
  - term: supervised fine-tuning
    acronym: SFT
  - term: RAG
    expansion: retrieval-augmented generation
  - term: policy
  - term: Hugging Face
    case: sensitive
    forms: [{text: HuggingFace, status: deprecated, reason: spelling}]
  - term: PyTorch
  - term: on-policy
"""
