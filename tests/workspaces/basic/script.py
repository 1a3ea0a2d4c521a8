"""Train the model."""

lora_alpha = 16  # scaling for Lora adapters
