"""The standards engine: official AQI, assessment statistics, composite index, warnings.

No I/O and no knowledge of pages: frames in, frames out. The rules are tables with effective
dates (see rules.py); every function picks the version by the date of the data.
"""
