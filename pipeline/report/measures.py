"""What the report shows, as numbers: documents per year, most-linked people, who appears with whom."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations

import networkx as nx
import pandas as pd


def documents_per_year(documents: pd.DataFrame) -> tuple[pd.Series, int]:
    """Documents per calendar year, every year from the first to the last present, and the count left out.

    A document is placed in a year only when its date falls inside that one
    year; undated documents and ranges across years are counted as left out
    rather than guessed.
    """
    starts, ends = documents["date_start"], documents["date_end"]
    dated = starts.notna() & ends.notna()
    years = pd.Series([d.year for d in starts[dated]], dtype="int64")
    same_year = pd.Series([s.year == e.year for s, e in zip(starts[dated], ends[dated])], dtype=bool)
    placed = years[same_year.to_numpy()]
    if placed.empty:
        return pd.Series(dtype="int64", name="documents"), len(documents)
    counts = placed.value_counts().reindex(range(placed.min(), placed.max() + 1), fill_value=0).sort_index()
    counts.index.name, counts.name = "year", "documents"
    return counts.astype("int64"), len(documents) - len(placed)


def top_people(document_people: pd.DataFrame, names: Mapping[str, str], limit: int = 15) -> pd.DataFrame:
    """The `limit` people linked to the most distinct documents: person_id, name, documents.

    Ties are broken by name so the ranking is the same on every run.
    """
    counts = document_people.drop_duplicates(["document_id", "person_id"])["person_id"].value_counts()
    ranked = pd.DataFrame({"person_id": counts.index.astype(str), "documents": counts.to_numpy(dtype="int64")})
    ranked["name"] = [names.get(pid, pid) for pid in ranked["person_id"]]
    ranked = ranked.sort_values(["documents", "name"], ascending=[False, True], kind="stable")
    return ranked.head(limit)[["person_id", "name", "documents"]].reset_index(drop=True)


def cooccurrence(document_people: pd.DataFrame, person_ids: list[str]) -> nx.Graph:
    """People as nodes (attribute `documents`), an edge wherever two share a document (attribute `weight`)."""
    links = document_people[document_people["person_id"].isin(person_ids)].drop_duplicates(["document_id", "person_id"])
    graph = nx.Graph()
    counts = links["person_id"].value_counts()
    for pid in person_ids:
        graph.add_node(pid, documents=int(counts.get(pid, 0)))
    for _, group in links.groupby("document_id", sort=True):
        for a, b in combinations(sorted(group["person_id"]), 2):
            weight = graph.edges[a, b]["weight"] + 1 if graph.has_edge(a, b) else 1
            graph.add_edge(a, b, weight=weight)
    return graph
