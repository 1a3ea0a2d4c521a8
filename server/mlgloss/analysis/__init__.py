"""The terminology engine: extraction, matching, rules, fixes and configuration.

Pure Python with no language-server imports; the CLI and the server both call
:func:`mlgloss.analysis.engine.analyze`.
"""
