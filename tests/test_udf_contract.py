"""The worksheet functions and the declared result outputs name each other.

Every declared output column whose ``udf`` flag names a function (``ecoaccount.outputs``) has that
function in the registry, and the function names the column back (``Function.output``) and returns
its quantity; every registry function mirrors one column or is explicitly a helper. That each
mirrored column holds the number the function computes is checked on every example workbook by
tests/test_udf_fill.py (``test_functions_agree_with_the_fill_result``).
"""

from __future__ import annotations

from ecoaccount.kinds import KINDS
from ecoaccount.outputs import OutputSpec
from ecoaccount.udf.registry import BY_NAME, FUNCTIONS


def declarations() -> dict[str, OutputSpec]:
    return {k: m.OUTPUTS for k, m in KINDS.items() if hasattr(m, "OUTPUTS")}


def flagged() -> dict[str, str]:
    """kind.table.column → the function its ``udf`` flag names (a column repeated on two sheets: once)."""
    out: dict[str, str] = {}
    for kind, spec in declarations().items():
        for t_id, (_sheet, table) in spec.tables().items():
            for c in table.columns:
                if c.udf:
                    out[f"{kind}.{t_id}.{c.id}"] = c.udf
    return out


def test_the_declarations_flag_some_columns_of_each_declared_kind():
    kinds = {k.split(".")[0] for k in flagged()}
    assert {"esv", "gep", "vcs"} <= kinds <= set(declarations())


def test_every_flagged_column_names_a_registry_function_that_names_it_back():
    problems = []
    for column, name in flagged().items():
        fn = BY_NAME.get(name)
        if fn is None:
            problems.append(f"{column}: udf={name!r} is no registry function")
        elif fn.output != column:
            problems.append(f"{column}: udf={name!r}, but {name}.output is {fn.output!r}")
    assert not problems, "\n".join(problems)


def test_every_registry_function_mirrors_a_declared_column_or_is_a_helper():
    specs, columns, problems = declarations(), flagged(), []
    for fn in FUNCTIONS:
        if fn.helper:
            if fn.output is not None:
                problems.append(f"{fn.name}: a helper that names an output ({fn.output})")
            continue
        if fn.output is None:
            problems.append(f"{fn.name}: names no output column and is not marked as a helper")
            continue
        kind, table_id, column_id = fn.output.split(".")
        if kind not in specs:  # a kind not declared yet: its columns cannot be checked
            continue
        tables = specs[kind].tables()
        if table_id not in tables or column_id not in [c.id for c in tables[table_id][1].columns]:
            problems.append(f"{fn.name}: no declared column {fn.output}")
        elif columns.get(fn.output) != fn.name:
            problems.append(f"{fn.name}: {fn.output} has udf={columns.get(fn.output)!r}")
        if fn.value_quantity != column_id:
            problems.append(f"{fn.name}: returns {fn.value_quantity!r}, mirrors {column_id!r}")
    assert not problems, "\n".join(problems)


def test_the_helpers_are_the_unit_conversion_and_the_transfer_matrix():
    assert {f.name for f in FUNCTIONS if f.helper} == {"ECO_CONVERT", "ECO_TRANSFER_MATRIX"}
