"""read_letters on folders: one-record files, and generated letters as text and web pages.

python benchmarks/read.py --records 6900 --letters 10000 --pages 1000
"""

from __future__ import annotations

import argparse
import html
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import cosignet as cs
from parse import letter  # the generated letters of benchmarks/parse.py


def timed(label: str, call):
    started = time.perf_counter()
    result = call()
    elapsed = time.perf_counter() - started
    print(f"{label:<44} {elapsed:7.2f} s")
    return result, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=6900)
    parser.add_argument("--letters", type=int, default=10_000)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as root:
        base = Path(root)
        for suffix in ("yaml", "json"):
            folder = base / f"signed-{suffix}"
            folder.mkdir()
            for i in range(args.records):
                record = {"name": f"Signer Number {i}", "link": f"https://example.org/{i}"}
                text = (
                    f"name: {record['name']}\nlink: {record['link']}\n"
                    if suffix == "yaml"
                    else json.dumps(record)
                )
                (folder / f"signer-{i:05d}.{suffix}").write_text(text, encoding="utf-8")
            corpus, _ = timed(
                f"{args.records:,} .{suffix} record files", lambda f=folder: cs.read_letters(f)
            )
            assert corpus.letters.n_signatories.tolist() == [args.records]

        texts = [letter(rng) for _ in range(args.letters)]
        folder = base / "letters"
        folder.mkdir()
        for i, text in enumerate(texts):
            (folder / f"letter-{i:05d}.txt").write_text(text, encoding="utf-8")
        _, parse_time = timed(
            f"parse_letter on {args.letters:,} texts", lambda: [cs.parse_letter(t) for t in texts]
        )
        corpus, read_time = timed(
            f"read_letters on {args.letters:,} .txt files", lambda: cs.read_letters(folder)
        )
        print(f"{'reading overhead':<44} {read_time - parse_time:7.2f} s")

        pages = base / "pages"
        pages.mkdir()
        for i, text in enumerate(texts[: args.pages]):
            body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.splitlines() if line)
            page = (
                f"<!doctype html><html><head><title>Letter {i}</title></head><body><nav>Home</nav>"
                f"<main>{body}</main><footer>Site</footer></body></html>"
            )
            (pages / f"letter-{i:05d}.html").write_text(page, encoding="utf-8")
        _, parse_pages = timed(
            f"parse_letter on the first {args.pages:,} texts",
            lambda: [cs.parse_letter(t) for t in texts[: args.pages]],
        )
        _, read_pages = timed(
            f"read_letters on {args.pages:,} .html pages", lambda: cs.read_letters(pages)
        )
        print(f"{'HTML extraction':<44} {read_pages - parse_pages:7.2f} s")


if __name__ == "__main__":
    main()
