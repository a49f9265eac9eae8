"""`python -m pipeline run`: build the datasets from the command line (what `make run` calls)."""

from pipeline.process_settings import tune_collector

tune_collector()  # before the imports below, which are part of the build

from pipeline.cli import main  # noqa: E402 (after the collector is tuned)

raise SystemExit(main())
