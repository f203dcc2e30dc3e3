"""The `directives` command line (cli/main.py)."""
