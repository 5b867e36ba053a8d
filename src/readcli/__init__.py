"""readcli: a command-line bilingual reader and offline translator for Arabic news."""

__version__ = "0.1.0"
