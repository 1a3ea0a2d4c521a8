"""The language server: translates LSP requests to engine calls and back."""
