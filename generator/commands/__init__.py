"""Sub-commands of `python -m generator`, one module each; generator/cli.py registers them."""
