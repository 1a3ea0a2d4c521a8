"""Which tool reads a config file, and that tool's own keys: what ``config-key`` checks against.

``specs`` says how each supported tool is recognised, ``keysets`` loads the keys each one
reads (gathered from its released sources into ``analysis/data/config_tools/``), and
``detect`` decides, for one file, which tool reads it, or that it cannot tell.
"""
