"""mlgloss: keeps the machine-learning vocabulary of a repository correct and consistent."""

__version__ = "0.1.0"
