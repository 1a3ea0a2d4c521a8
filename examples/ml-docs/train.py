"""Train the adapter described in config.yaml.

Loads the base model, attaches a Lora adapter and runs supervised fine-tuning.
"""

import yaml


def load_config(path: str) -> dict[str, object]:
    """Read the training config; lora_alpha and lora_r are passed on as they are."""
    with open(path, encoding="utf-8") as handle:
        return dict(yaml.safe_load(handle))
