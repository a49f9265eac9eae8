"""Build DataFrames in the exact shape of their pandera model."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa


def typed_frame(rows: list[dict], model: type[pa.DataFrameModel]) -> pd.DataFrame:
    """A frame with the model's columns, in the model's order, in the model's dtypes.

    Empty inputs still get every column, so downstream stages and published
    files keep the same schema whether a run found one row or none. Text and
    date columns stay `object` (None for missing), as pandera expects them.
    """
    schema = model.to_schema()
    frame = pd.DataFrame.from_records(rows, columns=list(schema.columns))
    for name, column in schema.columns.items():
        if str(column.dtype) not in ("str", "date"):
            frame[name] = column.dtype.coerce(frame[name])
    return frame
