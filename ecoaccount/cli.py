"""The command line: one function per subcommand, ``main(argv)`` turns errors into exit codes.

Exit codes: 0 success; 2 the workbook (or a submission in a batch) is invalid, or the command was
used wrongly; 1 any other ecoaccount error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ecoaccount import __version__
from ecoaccount import messages as M  # plain Python, no pandas: --version stays quick
from ecoaccount.batch import FILES_PER_WORKER, TIMEOUT_S  # constants only: the engine is imported lazily
from ecoaccount.errors import EcoAccountError, InvalidWorkbookError

# The kinds of ecoaccount.kinds.KINDS (a test keeps them equal). The command line imports the
# kinds, pandas and the workbook layer only when a command needs them, so that ``--version`` and
# ``--help`` answer at once.
KIND_NAMES = ("esv", "gep", "landuse", "vcs")


def cmd_template(args: argparse.Namespace) -> int:
    from ecoaccount import api

    if Path(args.output).exists() and not args.force:
        message = M.TEMPLATE_EXISTS.format(path=args.output, flag="--force")
        print(f"error: {message}\n错误：{message.render('zh')}", file=sys.stderr)
        return 2
    path = api.make_template(args.kind, args.output, args.lang)
    print(f"wrote {path} ({args.kind} template, {args.lang})")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from ecoaccount import api

    lang = args.lang or api.workbook_language(args.file)
    problems = api.check(args.file)
    if problems:
        print(M.PROBLEM_COUNT.format(path=args.file, count=len(problems)).render(lang))
        for p in problems:
            print(f"  {p.render(lang)}")
        return 2
    print(M.CHECK_OK.format(path=args.file).render(lang))
    return 0


def cmd_fill(args: argparse.Namespace) -> int:
    from ecoaccount import api
    from ecoaccount.demo import headline_lines, indented

    summary = api.fill(args.file, args.output)
    print(f"wrote {summary['output']}")
    lines = headline_lines(summary, api.workbook_language(args.file))
    if lines:
        print(indented(lines, 2))
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    if not args.scheduler:
        from ecoaccount.batch import isolation

        isolation.prepare()  # the fork server imports the engine while this process does the same
    from ecoaccount.batch import main_line, run_batch

    try:
        result = run_batch(
            Path(args.directory),
            Path(args.output),
            recursive=args.recursive,
            jobs=args.jobs,
            timeout=args.timeout,
            memory_mib=args.memory_limit,
            lang=args.lang,
            resume=args.resume,
            scheduler=args.scheduler,
            progress=sys.stderr,
            files_per_worker=args.files_per_worker,
        )
    except KeyboardInterrupt:  # before anything was started: nothing to summarise
        print(M.BATCH_STOPPED.text(args.lang), file=sys.stderr)
        return 130
    print(main_line(result, args.lang))
    print(M.BATCH_WROTE.format(summary=str(result.summary_path), errors=str(result.errors_xlsx)).render(args.lang))
    if result.interrupted:
        print(M.BATCH_STOPPED.text(args.lang), file=sys.stderr)
        return 130
    return 2 if result.counts["invalid"] or result.counts["failed"] else 0


def cmd_report(args: argparse.Namespace) -> int:
    from ecoaccount.report import write_report

    out = write_report(Path(args.result), Path(args.output))
    print(f"wrote {out}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from ecoaccount.demo import run_demo

    return run_demo(Path(args.output), Path(args.workbooks) if args.workbooks else None)


def cmd_xl(args: argparse.Namespace) -> int:
    from ecoaccount.udf.workbook import STEPS, write_udf_workbook

    out = write_udf_workbook(args.output, args.lang)
    print(f"wrote {out}")
    for line in STEPS[args.lang]:
        print(line.format(path=out.name))
    return 0


def cmd_calc_addin(args: argparse.Namespace) -> int:
    import subprocess

    from ecoaccount.udf import calc

    out = calc.build_oxt(args.output, compile_types=args.compile)
    print(f"wrote {out}")
    office = calc.office_python()
    if office is not None and office != tuple(sys.version_info[:2]):
        print(
            f"warning: LibreOffice runs Python {office[0]}.{office[1]}, this is Python {sys.version_info[0]}."
            f"{sys.version_info[1]}: build the add-in from a Python {office[0]}.{office[1]} environment "
            "so that LibreOffice finds numpy, pandas and ecoaccount (docs/udf.md)",
            file=sys.stderr,
        )
    cmd = calc.install_command(out, Path(args.profile) if args.profile else None)
    if not args.install:
        print("install it with:  " + " ".join(cmd))
        print("or in LibreOffice: Tools > Extension Manager > Add; restart LibreOffice; then =ECO_T(A1) in any cell")
        return 0
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        print((done.stdout + done.stderr).strip(), file=sys.stderr)
        print("error: unopkg failed (as root it needs --shared: run it as your own user instead)", file=sys.stderr)
        return 1
    print(f"installed {out.name}; restart LibreOffice, then use =ECO_T(A1) etc. in any cell")
    return 0


def _positive(kind: type) -> Callable[[str], Any]:
    """An argparse type: a number above zero."""

    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"{text} is not above 0")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ecoaccount",
        description=(
            "Ecosystem accounting for mining and restoration areas: Excel templates in, result workbooks "
            "with live formulas and their values out."
        ),
    )
    p.add_argument("--version", action="version", version=f"ecoaccount {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    d = sub.add_parser("demo", help="run the bundled example workbooks and print a summary")
    d.add_argument(
        "-o", "--output", default="ecoaccount-demo", help="folder for the results (default: ecoaccount-demo)"
    )
    d.add_argument("--workbooks", help="folder of example workbooks (default: ./workbooks, else the built-in examples)")
    d.set_defaults(func=cmd_demo)

    t = sub.add_parser("template", help="write an empty input template")
    t.add_argument("kind", choices=KIND_NAMES, help="esv (ESV + ECPS + compensation), gep, vcs or landuse")
    t.add_argument("-o", "--output", required=True, help="the .xlsx file to write")
    t.add_argument("--lang", choices=("en", "zh"), default="en", help="label language (default: en)")
    t.add_argument("--force", action="store_true", help="replace FILE if it exists (without it, exit 2)")
    t.set_defaults(func=cmd_template)

    c = sub.add_parser("check", help="validate a filled workbook; exit 2 and list every problem if invalid")
    c.add_argument("file")
    c.add_argument("--lang", choices=("en", "zh"), help="language of the messages (default: the template's language)")
    c.set_defaults(func=cmd_check)

    f = sub.add_parser("fill", help="compute and write a result workbook (formulas with values)")
    f.add_argument("file")
    f.add_argument("-o", "--output", required=True, help="the result .xlsx (never the input)")
    f.set_defaults(func=cmd_fill)

    _add_batch_parser(sub)

    r = sub.add_parser("report", help="write a readable HTML report with charts from a result workbook")
    r.add_argument("result")
    r.add_argument("-o", "--output", required=True, help="the .html file to write")
    r.set_defaults(func=cmd_report)

    x = sub.add_parser("xl", help="write the UDF-ready Excel workbook (xlwings) and print the set-up steps")
    x.add_argument("-o", "--output", default="ecoaccount_functions.xlsm", help="the .xlsm to write")
    x.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the sheet and steps")
    x.set_defaults(func=cmd_xl)

    a = sub.add_parser("calc-addin", help="build (and install) the LibreOffice Calc add-in with the ECO_ functions")
    a.add_argument("-o", "--output", default="ecoaccount.oxt", help="the .oxt extension to write")
    a.add_argument("--install", action="store_true", help="install it with unopkg add (as your own user)")
    a.add_argument("--profile", help="install into this LibreOffice profile folder instead of your own")
    a.add_argument(
        "--compile",
        action="store_true",
        help="rebuild the type library with the SDK's unoidl-write instead of the shipped one",
    )
    a.set_defaults(func=cmd_calc_addin)
    return p


def _add_batch_parser(sub: Any) -> None:
    """``ecoaccount batch``: its help, its description of what happens to every file, and its flags."""
    b = sub.add_parser(
        "batch",
        help="fill every submission in a folder; write summary.xlsx, errors.xlsx and errors.csv",
        description=(
            "Every file in DIRECTORY is listed once in summary.xlsx as computed, invalid (with its problems in "
            "errors.xlsx and errors.csv), failed (with the reason) or skipped (with the reason). Submissions are "
            "only read, each in a worker process under time and memory limits. Exit 0 when nothing is invalid or "
            "failed, 2 otherwise, 130 when stopped with Ctrl-C (the summary then lists what was done)."
        ),
    )
    b.add_argument("directory")
    b.add_argument(
        "-o", "--output", required=True, help="folder for results and the summary; never the input folder or inside it"
    )
    b.add_argument("--recursive", action="store_true", help="also look in sub-folders")
    b.add_argument(
        "--jobs", type=_positive(int), default=None, help="submissions processed at once (default: every core)"
    )
    b.add_argument(
        "--timeout",
        type=_positive(float),
        default=TIMEOUT_S,
        help=f"seconds one submission may take before it fails (default: {TIMEOUT_S})",
    )
    b.add_argument(
        "--memory-limit",
        type=_positive(int),
        default=None,
        help="MiB one submission may use before it fails (default: 80%% of memory shared by the jobs, at least 1024)",
    )
    b.add_argument(
        "--files-per-worker",
        type=_positive(int),
        default=FILES_PER_WORKER,
        metavar="N",
        help=f"files one worker process takes in turn before a fresh one replaces it; 1 gives every submission "
        f"a fresh process (default: {FILES_PER_WORKER})",
    )
    b.add_argument(
        "--lang", choices=("en", "zh"), default="en", help="language of the summary and error list (default: en)"
    )
    b.add_argument(
        "--resume",
        action="store_true",
        help="reuse results recorded in OUTPUT/manifest.json whose input, template and tool version are unchanged",
    )
    b.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on a Dask cluster (e.g. tcp://10.0.0.5:8786); folders must be on storage every worker sees",
    )
    b.set_defaults(func=cmd_batch)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except InvalidWorkbookError as exc:
        print(exc.render(exc.lang), file=sys.stderr)
        return 2
    except EcoAccountError as exc:
        print(f"error: {exc.render(getattr(args, 'lang', None) or 'en')}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
