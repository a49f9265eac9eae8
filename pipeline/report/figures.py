"""The report's pictures, drawn on Agg canvases (no display, no pyplot state) and saved as PNG."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import networkx as nx
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

# PNG text chunks would otherwise carry the Matplotlib version: keep the files stable across upgrades.
_PNG_METADATA = {"Software": None}
_BAR = "#3b6e8f"
_EDGE = "#9aa7b0"


def _figure(width: float, height: float) -> Figure:
    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def save_png(figure: Figure, path: Path) -> Path:
    """Write `figure` as PNG at `path`."""
    figure.savefig(path, format="png", metadata=_PNG_METADATA)
    return path


def timeline_figure(per_year: pd.Series, left_out: int) -> Figure:
    """Bars of documents per year; the subtitle says how many could not be placed in a year."""
    figure = _figure(8, 3.2)
    axes = figure.add_subplot()
    if per_year.empty:
        axes.text(0.5, 0.5, "No document is dated to a single year", ha="center", va="center")
        axes.set_axis_off()
    else:
        axes.bar(per_year.index, per_year.to_numpy(), color=_BAR, width=0.8)
        axes.set_xlabel("year")
        axes.set_ylabel("documents")
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(f"Documents per year ({int(per_year.sum())} placed, {left_out} undated or spanning years)", loc="left")
    return figure


def people_figure(top: pd.DataFrame) -> Figure:
    """Horizontal bars: the most-linked people, most linked on top."""
    figure = _figure(8, 0.6 + 0.32 * max(len(top), 3))
    axes = figure.add_subplot()
    if top.empty:
        axes.text(0.5, 0.5, "No person linked to a document", ha="center", va="center")
        axes.set_axis_off()
    else:
        axes.barh(top["name"][::-1], top["documents"][::-1], color=_BAR)
        axes.set_xlabel("documents")
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.spines[["top", "right"]].set_visible(False)
    axes.set_title("Most-linked people", loc="left")
    return figure


def network_figure(graph: nx.Graph, names: Mapping[str, str]) -> Figure:
    """Who appears with whom: node size by documents, edge width by documents shared.

    The layout is seeded so the same graph is drawn the same way on every run.
    """
    figure = _figure(8, 6)
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.set_title("Who appears with whom (top people, shared documents)", loc="left")
    if graph.number_of_nodes() == 0:
        axes.text(0.5, 0.5, "No person linked to a document", ha="center", va="center")
        return figure
    position = nx.spring_layout(graph, seed=8, weight="weight")
    heaviest = max((w for _, _, w in graph.edges(data="weight")), default=1)
    for a, b, weight in sorted(graph.edges(data="weight")):
        (xa, ya), (xb, yb) = position[a], position[b]
        axes.plot([xa, xb], [ya, yb], color=_EDGE, linewidth=0.5 + 4 * weight / heaviest, zorder=1)
    nodes = sorted(graph.nodes)
    most = max(graph.nodes[n]["documents"] for n in nodes) or 1
    axes.scatter(
        [position[n][0] for n in nodes],
        [position[n][1] for n in nodes],
        s=[80 + 600 * graph.nodes[n]["documents"] / most for n in nodes],
        color=_BAR,
        zorder=2,
    )
    for n in nodes:
        axes.annotate(
            names.get(n, n),
            position[n],
            xytext=(0, 10),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            zorder=3,
            bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8},
        )
    axes.margins(0.15)
    return figure
