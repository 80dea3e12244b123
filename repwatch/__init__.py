"""repwatch: news articles in, a sourced record of repression events out.

The data flows ingest -> nlp -> (store) -> cli/web; see README.md.
"""

__version__ = "0.1.0"
