"""Where extraction's time goes: CPU seconds per pipeline stage.

    python -m repwatch.bench.stages [PATH ...] [--copies 5] [--repeat 2]

Runs the repwatch pipeline one stage at a time over all the texts (each stage's
``pipe`` over every Doc, then building the output records), in one process, and
reports each stage's CPU time summed over `--repeat` passes, as seconds and as a share
of spaCy's own stages.  The ratio it implies, spaCy's stages over all stages, is the
figure `repwatch.bench.speed` measures end to end; the two agree to a few hundredths.
This one says which stage to make faster.  Default texts: the bundled samples, each
repeated `--copies` times.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from repwatch.bench.speed import ROOT, bench_texts

BUILD = "build records"


def stage_seconds(texts: list[str], repeat: int) -> dict[str, float]:
    """CPU seconds per stage (spaCy's and repwatch's, in pipeline order, then
    `BUILD`), summed over `repeat` passes after one warm-up pass over the first batch."""
    from repwatch import settings
    from repwatch.model import Article
    from repwatch.nlp import pipeline
    from repwatch.nlp.to_model import build

    nlp = pipeline.load()
    batch = int(settings.get("batch_size"))
    list(pipeline.extract([Article(id="warm-up", text=t) for t in texts[:batch]], nlp))
    version, names = pipeline.extractor_version(nlp), pipeline.country_names()
    seconds = dict.fromkeys([name for name, _ in nlp.pipeline] + [BUILD], 0.0)
    for _ in range(repeat):
        docs = [pipeline.new_doc(nlp, Article(id=str(i), text=t)) for i, t in enumerate(texts)]
        for name, stage in nlp.pipeline:
            start = time.process_time()
            docs = (
                list(stage.pipe(docs, batch_size=batch))
                if hasattr(stage, "pipe")
                else [stage(doc) for doc in docs]
            )
            seconds[name] += time.process_time() - start
        start = time.process_time()
        for i, (doc, text) in enumerate(zip(docs, texts, strict=True)):
            build(doc, Article(id=str(i), text=text), version, names)
        seconds[BUILD] += time.process_time() - start
    return seconds


def summary(seconds: dict[str, float]) -> dict[str, object]:
    """Each stage's seconds and share of spaCy's stages; the ratio they imply."""
    spacy_total = sum(s for name, s in seconds.items() if is_spacy(name))
    ours = {name: s for name, s in seconds.items() if not is_spacy(name)}
    return {
        "spacy_seconds": round(spacy_total, 3),
        "repwatch_seconds": round(sum(ours.values()), 3),
        "implied_speed_ratio": round(spacy_total / sum(seconds.values()), 3),
        "stages": {name: {"seconds": round(s, 3), "share_of_spacy": round(s / spacy_total, 3)}
                   for name, s in sorted(ours.items(), key=lambda kv: -kv[1])},
    }  # fmt: skip


def is_spacy(name: str) -> bool:
    """spaCy's own stages: everything but repwatch's stages and the record building."""
    return not name.startswith("repwatch_") and name != BUILD


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m repwatch.bench.stages", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    p.add_argument("paths", nargs="*", default=[str(ROOT / "samples")])
    p.add_argument("--copies", type=int, default=5)
    p.add_argument("--repeat", type=int, default=2)
    args = p.parse_args(argv)
    texts = bench_texts(args.paths, args.copies)
    print(json.dumps(summary(stage_seconds(texts, args.repeat)), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
