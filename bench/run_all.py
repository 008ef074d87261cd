"""`make bench`: every benchmark in turn; results land in bench/results/*.json."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
BENCHMARKS = ["classify.py", "ingest.py", "queue_page.py", "scrape.py"]

for name in BENCHMARKS:
    print(f"== {name}", flush=True)
    subprocess.run([sys.executable, str(HERE / name)], check=True, cwd=HERE)
