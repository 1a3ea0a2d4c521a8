"""The file layer shared by the CLI and the language server: which files to check
(:mod:`.walk`, with :mod:`.patterns` for gitignore and ``include``/``exclude``), how to read
one safely (:mod:`.reading`) and how to write a fix back without changing what the file is
(:mod:`.writing`). Pure: nothing here imports pygls or the CLI."""
