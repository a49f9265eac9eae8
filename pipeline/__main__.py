"""`python -m pipeline run`: build the datasets from the command line (what `make run` calls)."""

from pipeline.cli import main

raise SystemExit(main())
