"""`python -m pipeline run`: build the datasets from the command line (what `make run` calls)."""

import gc

# A build allocates hundreds of thousands of objects that live until it ends (Dagster's modules,
# definitions, plan and events; the tables): at the default thresholds the cyclic collector rescans
# them over and over, about a tenth of `make run` on the seed. Set before the imports below, which
# are part of it; collections still happen, a hundred times less often.
gc.set_threshold(50_000, 20, 20)

from pipeline.cli import main  # noqa: E402 (after the collector is tuned)

raise SystemExit(main())
