"""Lianyungang air-quality public-information site generator.

Data flows one way: sources -> snapshots -> tidy tables -> statistics (standards/) ->
page models (pages/) -> templates -> MkDocs.
"""

__version__ = "0.1.0"
