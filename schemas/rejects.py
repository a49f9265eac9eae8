"""Model of the rejects table: what could not be used, and why."""

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

STAGES = ["read", "parse", "dates", "validate", "names"]


class RejectsModel(pa.DataFrameModel):
    """One row per input that a stage could not use; nothing is dropped silently."""

    source_file: Series[str] = pa.Field(nullable=True, description="Raw file the problem was found in, if any.")
    line: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, description="1-based line in the raw file, where known.")
    stage: Series[str] = pa.Field(isin=STAGES, description="Stage that rejected it: " + ", ".join(STAGES) + ".")
    reason: Series[str] = pa.Field(description="Why it was rejected, in plain words.")
    raw_text: Series[str] = pa.Field(nullable=True, description="The offending text as read (cut at 500 characters).")
    document_id: Series[str] = pa.Field(nullable=True, description="Document concerned, when the reject is about one.")

    class Config:
        description = "Inputs the pipeline could not use, with the stage and the reason. Kept, never dropped."
        strict = True
