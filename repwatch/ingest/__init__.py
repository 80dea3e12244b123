"""Read news articles from text, HTML and JSONL files (or stdin) into `Article`s.

    for item in read_inputs(["news/", "extra.jsonl", "-"]):
        if isinstance(item, InputError):
            print(item)          # one line naming the input
        else:
            handle(item)         # an Article

Modules: `guards` (bytes -> checked text), `text`, `html`, `jsonl` (text -> Article),
`reader` (paths, directories, stdin and dispatch by extension).
"""

from repwatch.ingest.reader import READERS, read_inputs

__all__ = ["READERS", "read_inputs"]
