"""Project configuration: where it lives, what it may say, and how layers combine.

Settings come from ``[tool.mlgloss]`` in ``pyproject.toml`` or from the top level of a
``.mlgloss.toml``. The package's modules, each with one job:

- :mod:`.model`: :class:`~.model.ProjectConfig`, the settings that apply to one file, and
  its parts (rule settings, ``include``/``exclude`` filters, the ``config_tools`` table);
- :mod:`.keys`: the setting names, as files and as editors spell them;
- :mod:`.reader`: validation of one settings table into a :class:`~.layers.Layer`;
- :mod:`.positions`: the file, line and column of a key in TOML text, for errors;
- :mod:`.files`: reading one ``.mlgloss.toml`` or ``pyproject.toml``;
- :mod:`.layers`: one file's settings laid over those further up;
- :mod:`.resolver`: :class:`~.resolver.ConfigResolver`, the nearest configuration above a
  file, ``extend = true`` followed, cached per directory;
- :mod:`.paths`: path normalisation and containment checks.

Editor settings are laid over the result with :meth:`~.model.ProjectConfig.with_overrides`.
Every problem is a :class:`~mlgloss.analysis.errors.ConfigError` that names the file, line
and key (or, for editor settings, the key path).
"""
