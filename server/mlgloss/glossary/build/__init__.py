"""The build of the built-in glossary: seeds → importers → merge → curation → YAML.

Maintainers run it (``mlgloss glossary build``); nothing that loads or uses a glossary at
run time imports this package, except the reader of a project's Markdown glossary, which
reuses the importer and merge for that layout.
"""
