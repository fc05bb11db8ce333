"""``python -m summitry.spark`` and the file to hand to ``spark-submit`` (see docs/spark.md)."""

import sys

from summitry.spark import main

if __name__ == "__main__":
    sys.exit(main())
