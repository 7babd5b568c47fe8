"""Land-use transfer matrix and carbon-sink functional zones of a coal-mining area.

Source: Yang B., Bai Z., Fu S., Cao Y. (2022). Division of carbon sink functional areas and path
to carbon neutrality in coal mines. Paper file ``003_a9346aa4b4cb64fa.txt``:

- Sect. 2.2: land-use conversion (transfer) matrix ``S_ij``, the area that was class ``i`` at the
  first date and class ``j`` at the second; row sums are the class areas at the first date,
  column sums the class areas at the second date.
- Table 1: the carbon-sink functional zone of each transition (invariant, enhancement, low-carbon
  optimisation, emission control). The rules are data (``data/landuse_zone_rules.csv``);
  transitions without a rule are reported as ``"unclassified"``, never dropped.
- Sect. 3.2: area of arable land, forestland and grassland occupied by mining (transitions into
  industrial land, open pit, stripping land and dump) and the soil and vegetation carbon lost per
  occupied hectare (``data/landuse_carbon_loss.csv``).
- Sect. 3.3: zone shares per period (zone area / study-area total).

Tables (column ids; areas in ha, carbon in t):

- parcel table: ``parcel_id``, ``class``, ``area_ha``: one row per parcel of the overlay of the
  two land-use maps, at one date.
- transition table: optional ``start_year``, ``end_year`` (one period per distinct pair), then
  ``from_class``, ``to_class``, ``area_ha``.

Every quantity is a sum over groups, a difference or a ratio, so each can be written as a
spreadsheet formula (SUMIFS, SUMPRODUCT, IF).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ecoaccount import messages as msg
from ecoaccount.data import load_table
from ecoaccount.errors import InputError, ParameterError
from ecoaccount.problems import Problem, RowProblem

PARCEL_COLUMNS = ("parcel_id", "class", "area_ha")
TRANSITION_COLUMNS = ("from_class", "to_class", "area_ha")
PERIOD_COLUMNS = ("start_year", "end_year")
RULE_COLUMNS = ("from_class", "to_class", "zone")
OCCUPATION_COLUMNS = ("class", "occupied_ha")

ZONES = ("invariant", "enhancement", "low_carbon_optimisation", "emission_control")
UNCLASSIFIED = "unclassified"
ZONE_LABELS = {
    "invariant": ("Carbon sink invariant area", "碳汇不变区"),
    "enhancement": ("Carbon sink enhancement area", "碳汇增强区"),
    "low_carbon_optimisation": ("Low carbon optimisation area", "低碳优化区"),
    "emission_control": ("Carbon emission control area", "碳排放控制区"),
    UNCLASSIFIED: ("Unclassified (no rule for the transition)", "未分区（无对应规则）"),
}
MINING_GROUP = "mining"
CARBON_POOLS = ("soil", "vegetation")

# Matrix margins (row and column labels next to the class ids).
TOTAL = "total"
TRANSFERRED_OUT = "transferred_out"
TRANSFERRED_OUT_PCT = "transferred_out_pct"
TRANSFERRED_IN = "transferred_in"
TRANSFERRED_IN_PCT = "transferred_in_pct"


# --- packaged tables -------------------------------------------------------------------------


def load_classes() -> pd.DataFrame:
    """The 11 land-use classes of paper 003 (``id``, ``label_en``, ``label_zh``, ``group``)."""
    return load_table("landuse_classes.csv")


def load_rules() -> pd.DataFrame:
    """Table 1 of paper 003: ``from_class``, ``to_class``, ``zone``, ``reconstructed``, ``note``."""
    return load_table("landuse_zone_rules.csv")


def load_carbon_loss() -> pd.DataFrame:
    """Carbon lost per occupied ha, Sect. 3.2: ``id``, ``class``, ``pool``, ``value`` (t/ha)."""
    return load_table("landuse_carbon_loss.csv")


def to_class_ids(values: pd.Series, classes: pd.DataFrame | None = None) -> pd.Series:
    """Map class ids, English or Chinese labels (any case, stray spaces) to class ids.

    ``classes`` has ``id``, ``label_en``, ``label_zh`` (default: the packaged 11 classes). Values
    that match nothing are returned stripped but otherwise unchanged, so that ``validate`` can
    report them; missing values stay missing.
    """
    table = load_classes() if classes is None else classes
    lookup: dict[str, str] = {}
    for column in ("label_zh", "label_en", "id"):  # ids win over labels on a clash
        for key, class_id in zip(table[column], table["id"], strict=True):
            lookup[_norm(key)] = str(class_id)
    codes, uniques = pd.factorize(values)
    mapped = np.array([lookup.get(_norm(u), str(u).strip()) for u in uniques] + [np.nan], dtype=object)
    # code -1 (missing value) picks the trailing NaN
    return pd.Series(mapped[codes], index=values.index, name=values.name)


# --- (a) parcels -> transitions --------------------------------------------------------------


def summarise_parcels(
    before: pd.DataFrame,
    after: pd.DataFrame,
    *,
    classes: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Sum parcel areas by (class at date 1, class at date 2): ``S_ij`` of Sect. 2.2.

    Args:
        before: parcel table at the first date (``parcel_id``, ``class``, ``area_ha`` in ha).
        after: parcel table at the second date (``parcel_id``, ``class``; ``area_ha`` optional).
            Parcels are matched by ``parcel_id``; row order may differ.
        classes: class ids in the order wanted in the result (default: the packaged order; classes
            not in it follow, sorted).

    Returns:
        Transition table ``from_class``, ``to_class``, ``area_ha`` (ha), one row per pair that
        occurs in at least one parcel (a pair of zero-area parcels gives a row with 0 ha), in class
        order. A parcel's area is taken from ``before``: a parcel is one polygon of the overlay of
        the two maps, so its area is the same at both dates (``validate`` checks the totals).

    Raises:
        InputError: a column is missing, a class is empty, a parcel id is repeated, or a parcel is
            in one table only (every such parcel is listed).
    """
    problems = _missing_columns(before, "before", PARCEL_COLUMNS)
    problems += _missing_columns(after, "after", ("parcel_id", "class"))
    _raise_if(problems)
    before_ids = before["parcel_id"]
    after_ids = after["parcel_id"]
    if len(before_ids) == len(after_ids) and np.array_equal(before_ids.to_numpy(), after_ids.to_numpy()):
        position = np.arange(len(after_ids))  # same parcels in the same order: no matching needed
    else:
        index = pd.Index(after_ids)
        position = index.get_indexer(before_ids) if index.is_unique else None
        if (
            position is None
            or (position < 0).any()
            or len(before_ids) != len(after_ids)
            or np.bincount(position, minlength=len(after_ids)).max(initial=0) > 1
        ):  # a repeated ``before`` id shows as an ``after`` row matched twice (cheap integer test)
            _raise_if(_parcel_identity_problems(before, after))
    # Factorise each class column once; the 2 x (number of classes) labels are then put in order.
    from_codes, from_uniques = pd.factorize(before["class"])
    to_codes, to_uniques = pd.factorize(after["class"])
    to_codes = to_codes[position]
    problems = [
        RowProblem(table, int(r), "class", msg.REQUIRED.format(field=msg.Column("class")))
        for table, rows in (
            ("before", np.flatnonzero(from_codes < 0)),
            ("after", position[np.flatnonzero(to_codes < 0)]),
        )
        for r in rows
    ]
    _raise_if(problems)
    order = _class_order([*from_uniques, *to_uniques], classes)
    lookup = pd.Index(order)
    from_codes = lookup.get_indexer(from_uniques.astype(object))[from_codes]
    to_codes = lookup.get_indexer(to_uniques.astype(object))[to_codes]
    n = len(order)
    key = from_codes * n + to_codes
    area = before["area_ha"].to_numpy(dtype=float)
    area_sum = np.bincount(key, weights=area, minlength=n * n)
    count = np.bincount(key, minlength=n * n)
    pair = np.flatnonzero(count)
    labels = np.asarray(order, dtype=object)
    return pd.DataFrame(
        {
            "from_class": labels[pair // n],
            "to_class": labels[pair % n],
            "area_ha": area_sum[pair],
        }
    )


# --- (b) transfer matrix ---------------------------------------------------------------------


def transfer_matrix(transitions: pd.DataFrame, *, classes: Sequence[str] | None = None) -> pd.DataFrame:
    """The land-use transfer matrix ``S_ij`` of one period with its margins (Sect. 2.2, Table 3).

    Args:
        transitions: transition table of one period (``from_class``, ``to_class``, ``area_ha`` in
            ha); repeated pairs are summed.
        classes: class ids for the rows and columns, in order (default: the classes present, in
            the packaged order). A listed class that does not occur gets a row and column of 0.

    Returns:
        Square matrix, index ``from_class`` (class at the first date), columns ``to_class``
        (class at the second date), in ha, plus:

        - column ``total``: area at the first date, ``sum_j S_ij``;
        - column ``transferred_out``: ``total - S_ii``; ``transferred_out_pct``:
          ``transferred_out / total * 100`` (%);
        - row ``total``: area at the second date, ``sum_i S_ij``;
        - row ``transferred_in``: ``total - S_jj``; ``transferred_in_pct``:
          ``transferred_in / total(second date) * 100`` (%).

        The corner ``total``/``total`` is the study-area total; ``total``/``transferred_out`` and
        ``transferred_in``/``total`` are the changed area (equal); their ``_pct`` cells are the
        changed area as % of the study area. Other corner cells are NaN. A percentage whose
        denominator is 0 (a class absent at that date) is NaN, i.e. left empty.

    Raises:
        ParameterError: the table holds more than one period.
    """
    _raise_if(_missing_columns(transitions, "transitions", TRANSITION_COLUMNS))
    periods = _periods(transitions)
    if len(periods) > 1:
        listed = ", ".join(f"{s}-{e}" for s, e in periods.itertuples(index=False))
        raise ParameterError("transitions", msg.LANDUSE_SEVERAL_PERIODS.format(count=len(periods), periods=listed))
    order = _class_order(_present_classes(transitions), classes)
    s = (
        transitions.groupby(["from_class", "to_class"], sort=False)["area_ha"]
        .sum()
        .unstack(fill_value=0.0)
        .reindex(index=order, columns=order, fill_value=0.0)
        .astype(float)
    )
    start = s.sum(axis=1)
    end = s.sum(axis=0)
    unchanged = pd.Series(np.diag(s.to_numpy()), index=order)
    out = start - unchanged
    into = end - unchanged
    grand = float(start.sum())
    changed = float(out.sum())

    matrix = s.copy()
    matrix[TOTAL] = start
    matrix[TRANSFERRED_OUT] = out
    matrix[TRANSFERRED_OUT_PCT] = _pct(out, start)
    margins = pd.DataFrame(np.nan, index=[TOTAL, TRANSFERRED_IN, TRANSFERRED_IN_PCT], columns=matrix.columns)
    margins.loc[TOTAL, order] = end.to_numpy()
    margins.loc[TRANSFERRED_IN, order] = into.to_numpy()
    margins.loc[TRANSFERRED_IN_PCT, order] = _pct(into, end).to_numpy()
    margins.loc[TOTAL, [TOTAL, TRANSFERRED_OUT, TRANSFERRED_OUT_PCT]] = [
        grand,
        changed,
        _pct_scalar(changed, grand),
    ]
    margins.loc[TRANSFERRED_IN, TOTAL] = float(into.sum())
    margins.loc[TRANSFERRED_IN_PCT, TOTAL] = _pct_scalar(float(into.sum()), grand)
    result = pd.concat([matrix, margins])
    result.index.name = "from_class"
    result.columns.name = "to_class"
    return result


def class_flows(transitions: pd.DataFrame, *, classes: Sequence[str] | None = None) -> pd.DataFrame:
    """Per period and class: area at both dates, unchanged, transferred out and in (Sect. 2.2, 3.2).

    Args:
        transitions: transition table, with or without ``start_year``/``end_year`` (ha).
        classes: class ids in order (default: the classes present, packaged order); every listed
            class appears in every period, with zeros where it does not occur.

    Returns:
        ``[start_year, end_year,] class``, ``area_start_ha`` (``sum_j S_ij``), ``area_end_ha``
        (``sum_i S_ij``), ``unchanged_ha`` (``S_ii``), ``transferred_out_ha`` (start - unchanged),
        ``transferred_in_ha`` (end - unchanged), ``net_change_ha`` (end - start),
        ``transferred_out_pct`` (out / start * 100) and ``transferred_in_pct`` (in / end * 100);
        a percentage with a 0 denominator is NaN (class absent at that date).
    """
    _raise_if(_missing_columns(transitions, "transitions", TRANSITION_COLUMNS))
    keys = _period_keys(transitions)
    order = _class_order(_present_classes(transitions), classes)
    frame = _period_class_frame(transitions, keys, order, "class")
    t = transitions
    start = t.groupby([*keys, "from_class"])["area_ha"].sum().rename_axis([*keys, "class"])
    end = t.groupby([*keys, "to_class"])["area_ha"].sum().rename_axis([*keys, "class"])
    same = t[t["from_class"] == t["to_class"]]
    unchanged = same.groupby([*keys, "from_class"])["area_ha"].sum().rename_axis([*keys, "class"])
    index = pd.MultiIndex.from_frame(frame[[*keys, "class"]]) if keys else pd.Index(frame["class"])
    frame["area_start_ha"] = _align(start, index)
    frame["area_end_ha"] = _align(end, index)
    frame["unchanged_ha"] = _align(unchanged, index)
    frame["transferred_out_ha"] = frame["area_start_ha"] - frame["unchanged_ha"]
    frame["transferred_in_ha"] = frame["area_end_ha"] - frame["unchanged_ha"]
    frame["net_change_ha"] = frame["area_end_ha"] - frame["area_start_ha"]
    frame["transferred_out_pct"] = _pct(frame["transferred_out_ha"], frame["area_start_ha"])
    frame["transferred_in_pct"] = _pct(frame["transferred_in_ha"], frame["area_end_ha"])
    return frame


def transfer_shares(transitions: pd.DataFrame) -> pd.DataFrame:
    """Each transition as a share of its source class (Sect. 3.2: "30.4 % converted to grassland").

    Args:
        transitions: transition table, with or without ``start_year``/``end_year`` (ha); repeated
            pairs are summed.

    Returns:
        ``[start_year, end_year,] from_class, to_class, area_ha`` plus ``share_of_start_pct``
        (``S_ij / sum_j S_ij * 100``) and ``share_of_transferred_out_pct``
        (``S_ij / (sum_j S_ij - S_ii) * 100`` for ``i != j``; NaN on the diagonal). A share whose
        denominator is 0 is NaN.
    """
    _raise_if(_missing_columns(transitions, "transitions", TRANSITION_COLUMNS))
    keys = _period_keys(transitions)
    t = transitions.groupby([*keys, "from_class", "to_class"], sort=False, as_index=False)["area_ha"].sum()
    group = [*keys, "from_class"]
    start = t.groupby(group, sort=False)["area_ha"].transform("sum")
    moved = t["area_ha"].where(t["from_class"] != t["to_class"], 0.0)
    out = moved.groupby([t[k] for k in group], sort=False).transform("sum")
    t["share_of_start_pct"] = _pct(t["area_ha"], start)
    t["share_of_transferred_out_pct"] = _pct(t["area_ha"], out).where(t["from_class"] != t["to_class"])
    return t


# --- (c) carbon-sink functional zones --------------------------------------------------------


def classify_transitions(transitions: pd.DataFrame, rules: pd.DataFrame | None = None) -> pd.DataFrame:
    """Attach the zone of Table 1 to every transition; ``"unclassified"`` where no rule applies.

    Args:
        transitions: transition table (ha).
        rules: ``from_class``, ``to_class``, ``zone`` (default: the packaged Table 1). A pair listed
            twice uses its first rule (``validate`` reports the repetition).

    Returns:
        The transition table, same rows and order, with a ``zone`` column.
    """
    _raise_if(_missing_columns(transitions, "transitions", TRANSITION_COLUMNS))
    table = load_rules() if rules is None else rules
    _raise_if(_missing_columns(table, "rules", RULE_COLUMNS))
    lookup = table.drop_duplicates(["from_class", "to_class"])
    pair_rule = pd.MultiIndex.from_frame(lookup[["from_class", "to_class"]].astype(object))
    pair = pd.MultiIndex.from_frame(transitions[["from_class", "to_class"]].astype(object))
    position = pair_rule.get_indexer(pair)
    zones = np.append(lookup["zone"].to_numpy(dtype=object), UNCLASSIFIED)
    result = transitions.copy()
    result["zone"] = zones[position]  # -1 (no rule) picks the trailing "unclassified"
    return result


def zone_areas(transitions: pd.DataFrame, rules: pd.DataFrame | None = None) -> pd.DataFrame:
    """Area and share of each carbon-sink zone per period (Table 1, Sect. 3.3).

    Args:
        transitions: transition table, with or without ``start_year``/``end_year`` (ha).
        rules: zone rules (default: the packaged Table 1).

    Returns:
        ``[start_year, end_year,] zone, area_ha, share_pct``: the four zones then
        ``"unclassified"`` (transitions without a rule), every period, zeros included;
        ``share_pct = area_ha / (period total) * 100``, NaN when the period total is 0. The five
        areas of a period add up to its total, so the unclassified remainder is always visible.
    """
    classified = classify_transitions(transitions, rules)
    keys = _period_keys(transitions)
    zones = [*ZONES, *sorted(set(classified["zone"]) - {*ZONES, UNCLASSIFIED}), UNCLASSIFIED]
    frame = _period_class_frame(transitions, keys, zones, "zone")
    area = classified.groupby([*keys, "zone"])["area_ha"].sum()
    index = pd.MultiIndex.from_frame(frame[[*keys, "zone"]]) if keys else pd.Index(frame["zone"])
    frame["area_ha"] = _align(area, index)
    total = frame.groupby(keys, sort=False)["area_ha"].transform("sum") if keys else frame["area_ha"].sum()
    frame["share_pct"] = _pct(frame["area_ha"], total)
    return frame


def uncovered_transitions(transitions: pd.DataFrame, rules: pd.DataFrame | None = None) -> pd.DataFrame:
    """Transitions that no zone rule covers, with their area (the ``"unclassified"`` zone).

    Returns:
        ``[start_year, end_year,] from_class, to_class, area_ha`` (repeated pairs summed), in the
        order of first appearance; empty when every transition is covered.
    """
    classified = classify_transitions(transitions, rules)
    keys = _period_keys(transitions)
    missing = classified[classified["zone"] == UNCLASSIFIED]
    return missing.groupby([*keys, "from_class", "to_class"], sort=False, as_index=False)["area_ha"].sum()


# --- (d) occupation by mining and carbon lost ------------------------------------------------


def mining_occupation(transitions: pd.DataFrame, *, mining_classes: Iterable[str] | None = None) -> pd.DataFrame:
    """Area of each class occupied by mining: transitions from a non-mining into a mining class.

    Sect. 3.2: "Damaged land in industrial, open pit, stripping land, and dump land occupy 4482.5
    ha of arable land". A change between two mining classes (stripping land -> dump) is not new
    occupation and is not counted.

    Args:
        transitions: transition table, with or without ``start_year``/``end_year`` (ha).
        mining_classes: class ids counted as mining (default: group ``mining`` of the packaged
            classes: industrial, open_pit, stripping, dump).

    Returns:
        ``[start_year, end_year,] class, occupied_ha``, one row per non-mining class that occurs as
        a ``from_class`` (0 ha where none of it was occupied), in order of first appearance.
    """
    _raise_if(_missing_columns(transitions, "transitions", TRANSITION_COLUMNS))
    if mining_classes is None:
        table = load_classes()
        mining_classes = table.loc[table["group"] == MINING_GROUP, "id"]
    mining = set(mining_classes)
    keys = _period_keys(transitions)
    t = transitions[~transitions["from_class"].isin(mining)]
    occupied = t["area_ha"].where(t["to_class"].isin(mining), 0.0)
    result = (
        occupied.groupby([t[k] for k in [*keys, "from_class"]], sort=False)
        .sum()
        .rename("occupied_ha")
        .reset_index()
        .rename(columns={"from_class": "class"})
    )
    return result


def carbon_loss(occupied: pd.DataFrame, factors: pd.DataFrame | None = None) -> pd.DataFrame:
    """Soil and vegetation carbon lost to occupation by mining (Sect. 3.2).

    ``soil_loss_t = occupied_ha * soil_loss_t_per_ha`` and likewise for vegetation;
    ``total_loss_t`` is their sum.

    Args:
        occupied: ``[start_year, end_year,] class, occupied_ha`` (ha), e.g. from
            ``mining_occupation``.
        factors: ``class``, ``pool`` (``soil`` or ``vegetation``), ``value`` (t/ha) (default: the
            packaged Sect. 3.2 values: arable 82.11 / 5, forest 92.67 / 15.5, grassland
            88.35 / 6.398).

    Returns:
        ``occupied`` with ``soil_loss_t_per_ha``, ``vegetation_loss_t_per_ha`` (t/ha),
        ``has_factor`` (False when the class has no factor in either pool: built-up land or water
        carries no loss factor, its loss is counted as 0 and flagged here rather than dropped),
        ``soil_loss_t``, ``vegetation_loss_t``, ``total_loss_t`` (t).
    """
    _raise_if(_missing_columns(occupied, "occupied", OCCUPATION_COLUMNS))
    table = load_carbon_loss() if factors is None else factors
    _raise_if(_missing_columns(table, "factors", ("class", "pool", "value")))
    result = occupied.copy()
    has_factor = result["class"].isin(set(table["class"]))
    for pool in CARBON_POOLS:
        rows = table[table["pool"] == pool].drop_duplicates("class")
        per_ha = result["class"].map(dict(zip(rows["class"], rows["value"], strict=True)))
        result[f"{pool}_loss_t_per_ha"] = per_ha.astype(float).fillna(0.0)  # no factor -> 0 t/ha
    result["has_factor"] = has_factor.to_numpy()
    for pool in CARBON_POOLS:
        result[f"{pool}_loss_t"] = result["occupied_ha"] * result[f"{pool}_loss_t_per_ha"]
    result["total_loss_t"] = result["soil_loss_t"] + result["vegetation_loss_t"]
    return result


# --- validation ------------------------------------------------------------------------------


class ParcelIds:
    """The parcel ids of the two dates, numbered once: each id is hashed once, and every rule that
    compares ids (repeated ids, ids at one date only, the row of a parcel at the other date) works
    on the integer codes. Missing ids (NaN) are one id, as in ``duplicated`` and ``isin``.

    When the two tables list the same ids in the same order (a GIS overlay exported twice), one
    table is numbered and the other shares its codes.
    """

    def __init__(self, before: pd.Series | np.ndarray, after: pd.Series | np.ndarray) -> None:
        b = np.asarray(before, dtype=object)
        a = np.asarray(after, dtype=object)
        self.aligned = len(b) == len(a) and bool(np.array_equal(b, a))  # NaN != NaN: then not aligned
        if self.aligned:
            codes, uniques = pd.factorize(b, use_na_sentinel=False)
            self._codes = {"before": codes, "after": codes}
        else:
            codes, uniques = pd.factorize(np.concatenate([b, a]), use_na_sentinel=False)
            self._codes = {"before": codes[: len(b)], "after": codes[len(b) :]}
        self.count = len(uniques)

    def codes(self, table: str) -> np.ndarray:
        """The code of each row's id in ``table`` (``"before"`` or ``"after"``)."""
        return self._codes[table]

    def has_repeats(self, table: str) -> bool:
        return bool(np.bincount(self._codes[table], minlength=self.count).max(initial=0) > 1)

    def first(self, table: str) -> np.ndarray:
        """For each row of ``table``, the position of the first row with the same id."""
        _, index, inverse = np.unique(self._codes[table], return_index=True, return_inverse=True)
        return index[inverse]

    def absent(self, table: str) -> np.ndarray:
        """Whether each row's id of ``table`` is missing from the other table."""
        codes = self._codes[table]
        if self.aligned:
            return np.zeros(len(codes), dtype=bool)
        present = np.zeros(self.count, dtype=bool)
        present[self._codes["after" if table == "before" else "before"]] = True
        return ~present[codes]

    def before_rows(self) -> np.ndarray:
        """For each ``after`` row, the ``before`` row with its id (-1 when none); ``before`` ids must
        be unique."""
        after = self._codes["after"]
        if self.aligned:
            return np.arange(len(after))
        where = np.full(self.count, -1, dtype=np.int64)
        where[self._codes["before"]] = np.arange(len(self._codes["before"]))
        return where[after]


def validate(
    *,
    before: pd.DataFrame | None = None,
    after: pd.DataFrame | None = None,
    transitions: pd.DataFrame | None = None,
    rules: pd.DataFrame | None = None,
    tolerance_ha: float = 0.01,
    parcel_ids: ParcelIds | None = None,
) -> list[RowProblem]:
    """Every problem in the given tables, sorted.

    Tables: ``before``, ``after`` (parcels), ``transitions``, ``rules`` (default: packaged).
    ``parcel_ids``: the ids of ``before`` and ``after`` already numbered (``ParcelIds``), when the
    caller has them; numbered here otherwise.

    Checks: missing columns; zones not in ``ZONES`` and pairs listed twice in ``rules``; classes
    that appear in no rule; empty classes; empty or negative areas; repeated or unmatched parcel
    ids; parcel totals that differ between the two dates by more than ``tolerance_ha`` (ha);
    periods whose start year is not before the end year, periods out of time order or
    overlapping, periods whose total area differs from the first period's; transitions listed
    twice within a period.
    """
    problems: list[RowProblem] = []
    table = load_rules() if rules is None else rules
    rule_problems = _missing_columns(table, "rules", RULE_COLUMNS)
    problems += rule_problems
    if rule_problems:
        return sorted(problems, key=_sort_key)
    problems += _rule_problems(table)
    known = _class_order(_present_classes(table), None)
    problems += _parcel_problems(before, after, known, tolerance_ha, parcel_ids)
    if transitions is not None:
        missing = _missing_columns(transitions, "transitions", TRANSITION_COLUMNS)
        problems += missing
        if not missing:
            for column in ("from_class", "to_class"):
                problems += _class_problems(transitions, "transitions", column, known)
            problems += _area_problems(transitions, "transitions")
            keys = _period_keys(transitions)
            if len(keys) == 1:  # one year column without its partner
                problems += _missing_columns(transitions, "transitions", PERIOD_COLUMNS)
            problems += _duplicate_problems(transitions, "transitions", [*keys, "from_class", "to_class"])
            problems += _period_problems(transitions, tolerance_ha)
    return sorted(problems, key=_sort_key)


def _parcel_problems(
    before: pd.DataFrame | None,
    after: pd.DataFrame | None,
    known: list[str],
    tolerance_ha: float,
    ids: ParcelIds | None,
) -> list[RowProblem]:
    """Classes, areas and ids of the two parcel tables, and their totals."""
    problems: list[RowProblem] = []
    frames = {}
    for name, frame in (("before", before), ("after", after)):
        if frame is None:
            continue
        missing = _missing_columns(frame, name, PARCEL_COLUMNS)
        problems += missing
        if not missing:
            frames[name] = frame
            problems += _class_problems(frame, name, "class", known)
            problems += _area_problems(frame, name)
    if len(frames) < 2:
        for name, frame in frames.items():
            problems += _duplicate_problems(frame, name, ["parcel_id"])
        return problems
    problems += _parcel_identity_problems(before, after, ids=ids)
    total_before = float(before["area_ha"].sum())
    total_after = float(after["area_ha"].sum())
    if abs(total_before - total_after) > tolerance_ha:
        problems.append(
            RowProblem(
                "after",
                None,
                "area_ha",
                msg.LANDUSE_AREA_NOT_BALANCED.format(
                    before=_num(total_before),
                    after=_num(total_after),
                    difference=_num(total_after - total_before),
                    tolerance=_num(tolerance_ha),
                ),
            )
        )
    return problems


# --- private helpers -------------------------------------------------------------------------


def _norm(value: object) -> str:
    return " ".join(str(value).split()).casefold()


def _num(value: float) -> str:
    """A number for a message: up to 10 significant digits, no trailing zeros."""
    return f"{value:.10g}"


def _sort_key(problem: RowProblem) -> tuple:
    return (
        problem.table,
        -1 if problem.row is None else problem.row,
        problem.column or "",
        problem.message,
    )


def _raise_if(problems: list[RowProblem]) -> None:
    if problems:
        raise InputError(
            Problem(
                f"{p.table}"
                + ("" if p.row is None else f" row {p.row}")
                + ("" if p.column is None else f" [{p.column}]"),
                p.message,
            )
            for p in problems
        )


def _missing_columns(frame: pd.DataFrame, table: str, columns: Sequence[str]) -> list[RowProblem]:
    expected = tuple(columns)
    return [
        RowProblem(
            table,
            None,
            column,
            msg.LANDUSE_MISSING_COLUMN.format(table=msg.Column(table), column=msg.Column(column), expected=expected),
        )
        for column in columns
        if column not in frame.columns
    ]


def _class_order(present: Iterable[object], classes: Sequence[str] | None) -> list[str]:
    """Requested order (or the packaged order of the classes present), then any others sorted."""
    found = {str(c) for c in present if not pd.isna(c)}
    if classes is None:
        order = [c for c in load_classes()["id"] if c in found]
    else:
        order = [str(c) for c in classes]
    return order + sorted(found - set(order))


def _present_classes(frame: pd.DataFrame) -> list[object]:
    return list(pd.unique(pd.concat([frame["from_class"], frame["to_class"]], ignore_index=True)))


def _period_keys(frame: pd.DataFrame) -> list[str]:
    return [c for c in PERIOD_COLUMNS if c in frame.columns]


def _periods(frame: pd.DataFrame) -> pd.DataFrame:
    keys = _period_keys(frame)
    return frame[keys].drop_duplicates() if keys else pd.DataFrame(index=[0])


def _period_class_frame(frame: pd.DataFrame, keys: list[str], items: Sequence[str], column: str) -> pd.DataFrame:
    """Every period (order of first appearance) crossed with ``items``."""
    items_frame = pd.DataFrame({column: list(items)})
    if not keys:
        return items_frame
    return frame[keys].drop_duplicates().merge(items_frame, how="cross").reset_index(drop=True)


def _align(values: pd.Series, index: pd.Index) -> np.ndarray:
    """``values`` at ``index`` (0 where the group does not occur)."""
    return values.reindex(index, fill_value=0.0).to_numpy(dtype=float)


def _pct(numerator: pd.Series, denominator: pd.Series | float) -> pd.Series:
    """``numerator / denominator * 100``; NaN where the denominator is 0 (nothing to share)."""
    denominator = pd.Series(denominator, index=numerator.index) if np.isscalar(denominator) else denominator
    return (numerator / denominator.where(denominator != 0) * 100.0).astype(float)


def _pct_scalar(numerator: float, denominator: float) -> float:
    return numerator / denominator * 100.0 if denominator != 0 else float("nan")


def _required(values: pd.Series, table: str, column: str) -> list[RowProblem]:
    rows = np.flatnonzero(values.isna().to_numpy())
    return [RowProblem(table, int(r), column, msg.REQUIRED.format(field=msg.Column(column))) for r in rows]


def _class_problems(frame: pd.DataFrame, table: str, column: str, known: list[str]) -> list[RowProblem]:
    values = frame[column]
    problems = _required(values, table, column)
    unknown = np.flatnonzero((values.notna() & ~values.isin(known)).to_numpy())
    expected = tuple(known)
    problems += [
        RowProblem(
            table,
            int(r),
            column,
            msg.LANDUSE_UNKNOWN_CLASS.format(value=_py(values.iloc[r]), expected=expected),
        )
        for r in unknown
    ]
    return problems


def _area_problems(frame: pd.DataFrame, table: str) -> list[RowProblem]:
    area = pd.to_numeric(frame["area_ha"], errors="coerce")
    problems = [
        RowProblem(
            table,
            int(r),
            "area_ha",
            msg.NOT_A_NUMBER.format(value=_py(frame["area_ha"].iloc[r]), unit=msg.Unit("ha")),
        )
        for r in np.flatnonzero((area.isna() & frame["area_ha"].notna()).to_numpy())
    ]
    problems += _required(frame["area_ha"], table, "area_ha")
    problems += [
        RowProblem(
            table,
            int(r),
            "area_ha",
            msg.NEGATIVE.format(field=msg.Column("area_ha"), value=_num(float(area.iloc[r]))),
        )
        for r in np.flatnonzero((area < 0).to_numpy())
    ]
    return problems


def _duplicate_problems(frame: pd.DataFrame, table: str, keys: list[str]) -> list[RowProblem]:
    """Rows whose key repeats an earlier row's key; the message names the first row."""
    group = frame.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    first = pd.Series(np.arange(len(frame))).groupby(group).transform("min").to_numpy()
    return _repeated_rows(frame, table, keys, first)


def _repeated_rows(frame: pd.DataFrame, table: str, keys: list[str], first: np.ndarray) -> list[RowProblem]:
    """A problem for each row whose ``first`` row (same key) is an earlier one."""
    problems = []
    for r in np.flatnonzero(first != np.arange(len(frame))):
        key = tuple(msg.KEY_VALUE.format(column=msg.Column(k), value=_show(frame[k].iloc[r])) for k in keys)
        first_row = msg.ROW_N.format(row=int(first[r]))
        problems.append(RowProblem(table, int(r), keys[-1], msg.DUPLICATE_ROW.format(key=key, first=first_row)))
    return problems


def _py(value: object) -> object:
    """A NumPy scalar as the plain Python value, so that ``!r`` in a message shows ``3``."""
    return value.item() if isinstance(value, np.generic) else value


def _show(value: object) -> str:
    """A key value for a message: numbers as typed, text quoted."""
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return repr(str(value)) if isinstance(value, str) else _num(float(value))


def _parcel_identity_problems(
    before: pd.DataFrame, after: pd.DataFrame, *, ids: ParcelIds | None = None
) -> list[RowProblem]:
    """Repeated parcel ids within a table, and ids in one table only (each id hashed once)."""
    ids = ParcelIds(before["parcel_id"], after["parcel_id"]) if ids is None else ids
    problems: list[RowProblem] = []
    for table, frame in (("before", before), ("after", after)):
        if ids.has_repeats(table):
            problems += _repeated_rows(frame, table, ["parcel_id"], ids.first(table))
    for table, frame, other_name in (("before", before, "after"), ("after", after, "before")):
        absent = np.flatnonzero(ids.absent(table))
        problems += [
            RowProblem(
                table,
                int(r),
                "parcel_id",
                msg.LANDUSE_PARCEL_MISSING.format(
                    parcel=_py(frame["parcel_id"].iloc[r]), present=msg.Column(table), absent=msg.Column(other_name)
                ),
            )
            for r in absent
        ]
    return problems


def _rule_problems(rules: pd.DataFrame) -> list[RowProblem]:
    expected = tuple(map(msg.choice, ZONES))
    problems = [
        RowProblem(
            "rules",
            int(r),
            "zone",
            msg.LANDUSE_UNKNOWN_ZONE.format(value=_py(rules["zone"].iloc[r]), expected=expected),
        )
        for r in np.flatnonzero(~rules["zone"].isin(ZONES).to_numpy())
    ]
    problems += _duplicate_problems(rules, "rules", ["from_class", "to_class"])
    return problems


def _period_problems(transitions: pd.DataFrame, tolerance_ha: float) -> list[RowProblem]:
    keys = _period_keys(transitions)
    if len(keys) < 2:
        return []  # no periods; a lone year column is reported as a missing column by validate
    problems: list[RowProblem] = []
    t = transitions.reset_index(drop=True)
    first_rows = t.drop_duplicates(keys)
    area = t.groupby(keys, sort=False)["area_ha"].sum()
    previous: tuple | None = None
    first_period: tuple | None = None
    for row, start, end in zip(first_rows.index, first_rows["start_year"], first_rows["end_year"], strict=True):
        if pd.isna(start) or pd.isna(end):
            continue
        if start >= end:
            problems.append(
                RowProblem(
                    "transitions",
                    int(row),
                    "start_year",
                    msg.LANDUSE_PERIOD_NOT_ORDERED.format(start=start, end=end),
                )
            )
        if previous is not None and start < previous[1]:
            problems.append(
                RowProblem(
                    "transitions",
                    int(row),
                    "start_year",
                    msg.LANDUSE_PERIOD_OUT_OF_ORDER.format(
                        start=start, end=end, previous_start=previous[0], previous_end=previous[1]
                    ),
                )
            )
        period_area = float(area.loc[(start, end)])
        if first_period is None:
            first_period = (start, end, period_area)
        elif abs(period_area - first_period[2]) > tolerance_ha:
            problems.append(
                RowProblem(
                    "transitions",
                    int(row),
                    "area_ha",
                    msg.LANDUSE_PERIOD_AREA_NOT_BALANCED.format(
                        start=start,
                        end=end,
                        area=_num(period_area),
                        first_start=first_period[0],
                        first_end=first_period[1],
                        first_area=_num(first_period[2]),
                        tolerance=_num(tolerance_ha),
                    ),
                )
            )
        previous = (start, end)
    return problems


# --- the result tables of the workbook --------------------------------------------------------


def account(
    long: pd.DataFrame,
    *,
    classes: Sequence[str],
    groups: dict[str, str],
    rules: pd.DataFrame,
    factors: pd.DataFrame,
    steps: Mapping[str, Any] | None = None,
) -> dict[str, pd.DataFrame]:
    """Every result table of the land-use workbook, columns named after the output ids.

    Args:
        long: ``start_year``, ``end_year``, ``from_class``, ``to_class``, ``area_ha``: one row per
            transition, periods in order, each pair once per period (the workbook's long table).
        classes: class ids in the order of the Classes table; ``groups`` their group.
        rules: ``from_class``, ``to_class``, ``zone`` in the order of the ZoneRules table.
        factors: ``class``, ``pool``, ``value`` (t/ha), see ``carbon_loss``.
        steps: what a caller has already computed from these same arguments, by the name of the
            function that computed it: ``class_flows``, ``transfer_shares``, ``classify_transitions``
            (its ``zone`` column), ``zone_areas``, ``uncovered_transitions``, ``carbon_loss``. Each
            one given is used as it is instead of being computed again (none is changed).

    Returns:
        DataFrames by table id (``transfers``, ``flows``, ``period_totals``, ``rule_index``,
        ``zone_legend``, ``zones``, ``unclassified``, ``carbon_lost``, ``carbon_total``), areas
        in ha, carbon in t, shares as fractions (NaN where the denominator is 0), plus the 0-based
        row positions that the formulas need (``long_row``, ``flow_row``, ``class_row``, …).
    """
    long = long.reset_index(drop=True)
    at = _Positions(long, classes)
    done = _Steps(steps or {})
    flows, totals = _flow_tables(done("class_flows", lambda: class_flows(long, classes=classes)), at)
    transfers = _transfer_table(long, rules, groups, flows, at, done)
    zones, legend = _zone_tables(done("zone_areas", lambda: zone_areas(long, rules)), rules, at)
    carbon, carbon_total = _carbon_tables(long, classes, groups, factors, at, done)
    rule_index = pd.DataFrame(
        {
            "key": (rules["from_class"].astype(str) + "|" + rules["to_class"].astype(str)).to_numpy(),
            "zone": rules["zone"].to_numpy(),
            "rule_row": np.arange(len(rules), dtype=np.int64),
        }
    )
    pair_at = {k: i for i, k in enumerate(zip(*(transfers[c] for c in _PAIR), strict=True))}
    uncovered = done("uncovered_transitions", lambda: uncovered_transitions(long, rules))
    uncovered = uncovered.rename(columns={"area_ha": "area"})
    uncovered["rules"] = 0
    ukeys = zip(*(uncovered[c] for c in _PAIR), strict=True)
    uncovered["transfer_row"] = np.array([pair_at[k] for k in ukeys], dtype=np.int64)
    return {
        "flows": flows,
        "period_totals": totals,
        "transfers": transfers,
        "rule_index": rule_index,
        "zone_legend": legend,
        "zones": zones,
        "unclassified": uncovered,
        "carbon_lost": carbon,
        "carbon_total": carbon_total,
    }


_PAIR = ("start_year", "end_year", "from_class", "to_class")
_PERIOD = ["start_year", "end_year"]


def _period_key(frame: pd.DataFrame) -> pd.Series:
    return frame["start_year"].astype(int) * 10_000 + frame["end_year"].astype(int)


class _Steps:
    """A step's result given by the caller, else computed now (``account``'s ``steps``)."""

    def __init__(self, given: Mapping[str, Any]) -> None:
        self.given = given

    def __call__(self, name: str, compute: Callable[[], Any]) -> Any:
        return self.given[name] if name in self.given else compute()


class _Positions:
    """Row positions shared by the result tables: each period's first long row, each class's row."""

    def __init__(self, long: pd.DataFrame, classes: Sequence[str]) -> None:
        period = _period_key(long)
        self.first_of = {int(p): i for i, p in reversed(list(enumerate(period)))}
        self.order = {int(p): k for k, p in enumerate(dict.fromkeys(period))}
        self.position = {c: i for i, c in enumerate(classes)}

    def period_first(self, frame: pd.DataFrame) -> np.ndarray:
        return _period_key(frame).map(self.first_of).to_numpy(dtype=np.int64)

    def class_row(self, values: pd.Series) -> np.ndarray:
        return values.map(self.position).to_numpy(dtype=np.int64)

    @staticmethod
    def blocks(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        """First and last row of each row's period block (rows are grouped by period)."""
        keys = _period_key(frame).to_numpy()
        start = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
        sizes = np.diff(np.r_[start, len(keys)])
        first = np.repeat(start, sizes)
        return first, first + np.repeat(sizes, sizes) - 1


def _flow_tables(flows_ha: pd.DataFrame, at: _Positions) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Flows (period × class, from ``class_flows``) and the period totals (study area, changed area
    and share)."""
    names = ("area_start", "area_end", "unchanged", "transferred_out", "transferred_in", "net_change")
    flows = flows_ha.rename(columns={f"{n}_ha": n for n in names})
    flows["out_share"] = flows.pop("transferred_out_pct") / 100.0
    flows["in_share"] = flows.pop("transferred_in_pct") / 100.0
    flows["period_first"] = at.period_first(flows)
    flows["class_row"] = at.class_row(flows["class"])
    flows["flows_first"], flows["flows_last"] = at.blocks(flows)
    by_period = flows.groupby(_PERIOD, sort=False)
    totals = by_period[["area_start", "transferred_out"]].sum().reset_index()
    totals["changed_share"] = totals["transferred_out"] / totals["area_start"].where(totals["area_start"] != 0)
    totals["period_first"] = at.period_first(totals)
    totals["flows_first"] = by_period["flows_first"].first().to_numpy()
    totals["flows_last"] = by_period["flows_last"].first().to_numpy()
    return flows, totals


def _transfer_table(
    long: pd.DataFrame,
    rules: pd.DataFrame,
    groups: dict[str, str],
    flows: pd.DataFrame,
    at: _Positions,
    done: _Steps,
) -> pd.DataFrame:
    """Every long row with its zone, its shares and the Flows row of its from class."""
    # the workbook has each pair once per period: same rows, same order
    shares = done("transfer_shares", lambda: transfer_shares(long))
    transfers = long[[*_PAIR, "area_ha"]].rename(columns={"area_ha": "area"})
    transfers["zone"] = done("classify_transitions", lambda: classify_transitions(long, rules)["zone"]).to_numpy()
    transfers["share_of_start"] = shares["share_of_start_pct"].to_numpy() / 100.0
    transfers["share_of_out"] = shares["share_of_transferred_out_pct"].to_numpy() / 100.0
    transfers["to_group"] = transfers["to_class"].map(groups)
    transfers["long_row"] = np.arange(len(long), dtype=np.int64)
    flow_at = {(int(a), int(b), c): i for i, (a, b, c) in enumerate(flows[[*_PERIOD, "class"]].to_numpy())}
    years = transfers["start_year"].astype(int), transfers["end_year"].astype(int)
    keys = zip(*years, transfers["from_class"], strict=True)
    transfers["flow_row"] = np.array([flow_at[k] for k in keys], dtype=np.int64)
    transfers["to_row"] = at.class_row(transfers["to_class"])
    return transfers


def _zone_tables(zones_ha: pd.DataFrame, rules: pd.DataFrame, at: _Positions) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Zones per period (area, share; from ``zone_areas``) and the legend of zone codes with their
    number of rules."""
    zones = zones_ha.rename(columns={"area_ha": "area"})
    zones["share"] = zones.pop("share_pct") / 100.0
    codes = list(dict.fromkeys(zones["zone"]))
    legend = pd.DataFrame({"code": codes, "rules": [int((rules["zone"] == z).sum()) for z in codes]})
    zones["period_first"] = at.period_first(zones)
    zones["legend_row"] = zones["zone"].map({z: i for i, z in enumerate(codes)}).to_numpy(dtype=np.int64)
    zones["zones_first"], zones["zones_last"] = at.blocks(zones)
    return zones, legend


def _carbon_tables(
    long: pd.DataFrame,
    classes: Sequence[str],
    groups: dict[str, str],
    factors: pd.DataFrame,
    at: _Positions,
    done: _Steps,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Carbon lost per period and class (in class order), and its totals per period."""
    mining = [c for c in classes if groups.get(c) == MINING_GROUP]
    carbon = done("carbon_loss", lambda: carbon_loss(mining_occupation(long, mining_classes=mining), factors))
    names = {"soil_loss_t_per_ha": "soil_t_ha", "vegetation_loss_t_per_ha": "vegetation_t_ha"}
    names |= {f"{p}_loss_t": f"{p}_t" for p in (*CARBON_POOLS, "total")}
    carbon = (
        carbon.assign(_p=_period_key(carbon).map(at.order), _c=carbon["class"].map(at.position))
        .sort_values(["_p", "_c"], kind="stable")
        .drop(columns=["_p", "_c"])
        .reset_index(drop=True)
        .rename(columns=names)
    )
    carbon["factor_rows"] = [int((factors["class"] == c).sum()) // len(CARBON_POOLS) for c in carbon["class"]]
    carbon["period_first"] = at.period_first(carbon)
    carbon["class_row"] = at.class_row(carbon["class"])
    carbon["carbon_first"], carbon["carbon_last"] = at.blocks(carbon)
    by_period = carbon.groupby(_PERIOD, sort=False)
    total = by_period[["occupied_ha", "soil_t", "vegetation_t", "total_t"]].sum().reset_index()
    total["period_first"] = at.period_first(total)
    total["carbon_first"] = by_period["carbon_first"].first().to_numpy()
    total["carbon_last"] = by_period["carbon_last"].first().to_numpy()
    return carbon, total
