"""Messages of ``ecoaccount batch``: statuses, why a file was skipped or failed, the summary and the
console lines.

Reasons travel between processes as ``(id, params)`` (``[id, {...}]`` in the journal) and are rendered
in the reviewer's language (``--lang``) only when the summary is written: ``message(id, params)``.
"""

from __future__ import annotations

from ecoaccount.messages import Msg

# --- statuses: each status once; the counts and the summary render them from here ----------------------
STATUS_COMPUTED = Msg("STATUS_COMPUTED", en="computed", zh="已计算")
STATUS_INVALID = Msg("STATUS_INVALID", en="invalid", zh="无效")
STATUS_FAILED = Msg("STATUS_FAILED", en="failed", zh="失败")
STATUS_SKIPPED = Msg("STATUS_SKIPPED", en="skipped", zh="已跳过")
#: status code (as an outcome stores it) -> its message, in the order of the counts.
STATUS: dict[str, Msg] = {
    "computed": STATUS_COMPUTED,
    "invalid": STATUS_INVALID,
    "failed": STATUS_FAILED,
    "skipped": STATUS_SKIPPED,
}
STATUSES: tuple[str, ...] = tuple(STATUS)
STATUS_COUNT = Msg("STATUS_COUNT", en="{count} {status}", zh="{status} {count}")

# --- why a file was skipped -----------------------------------------------------------------------------
SKIP_LOCK = Msg(
    "SKIP_LOCK",
    en="a lock file that Excel, WPS or LibreOffice leaves while a workbook is open",
    zh="Excel、WPS 或 LibreOffice 打开工作簿时留下的锁定文件",
)
SKIP_FORMAT = Msg(
    "SKIP_FORMAT",
    en="not a workbook format ({suffix}); batch reads .xlsx, .xlsm, .xlsb and .ods",
    zh="不是工作簿格式（{suffix}）；批量处理读取 .xlsx、.xlsm、.xlsb 和 .ods",
)
SKIP_XLS = Msg(
    "SKIP_XLS",
    en=(
        "an Excel 97-2003 .xls workbook: open it in Excel or WPS, choose Save As > Excel Workbook (.xlsx) "
        "and put the .xlsx in the folder"
    ),
    zh=(
        "Excel 97-2003 .xls 工作簿：请在 Excel 或 WPS 中打开，选择“另存为 > Excel 工作簿"
        "（.xlsx）”，再把 .xlsx 文件放入文件夹"
    ),
)
SKIP_RESULT = Msg(
    "SKIP_RESULT",
    en="a result workbook written by ecoaccount, not a submission",
    zh="由 ecoaccount 生成的结果工作簿，不是提交文件",
)
SKIP_BATCH_OUTPUT = Msg(
    "SKIP_BATCH_OUTPUT",
    en="a summary or error list written by an earlier batch",
    zh="早先批量处理生成的汇总表或错误清单",
)
SKIP_OUTPUT_FOLDER = Msg(
    "SKIP_OUTPUT_FOLDER",
    en="in the output folder of an earlier batch ({folder})",
    zh="位于早先批量处理的输出文件夹中（{folder}）",
)
SKIP_SUBFOLDER = Msg(
    "SKIP_SUBFOLDER",
    en="a sub-folder; run with --recursive to include the submissions in it",
    zh="子文件夹；如需处理其中的提交文件，请使用 --recursive",
)
SKIP_NOT_REACHED = Msg(
    "SKIP_NOT_REACHED",
    en="not processed: the run was stopped before this file; run again with --resume to finish",
    zh="未处理：批量处理在此文件之前被中止；请加 --resume 重新运行以完成",
)
SKIP_NO_SUFFIX = Msg(
    "SKIP_NO_SUFFIX",
    en="a file name without an extension; batch reads .xlsx, .xlsm, .xlsb and .ods",
    zh="文件名没有扩展名；批量处理读取 .xlsx、.xlsm、.xlsb 和 .ods",
)

# --- why a file failed ----------------------------------------------------------------------------------
FAIL_TIMEOUT = Msg(
    "FAIL_TIMEOUT",
    en=(
        "processing took longer than the time limit of {seconds:g} s; the file may be very large or damaged "
        "(raise the limit with --timeout)"
    ),
    zh="处理时间超过 {seconds:g} 秒的时限；文件可能过大或已损坏（可用 --timeout 提高时限）",
)
FAIL_MEMORY = Msg(
    "FAIL_MEMORY",
    en=(
        "processing needed more memory than the limit of {mib} MiB; the file may be very large or damaged "
        "(raise the limit with --memory-limit)"
    ),
    zh="处理所需内存超过 {mib} MiB 的上限；文件可能过大或已损坏（可用 --memory-limit 提高上限）",
)
FAIL_EXIT = Msg(
    "FAIL_EXIT",
    en="the worker process stopped unexpectedly (exit code {code}) while reading this file; the file may be damaged",
    zh="读取此文件时工作进程意外终止（退出码 {code}）；文件可能已损坏",
)
FAIL_SIGNAL = Msg(
    "FAIL_SIGNAL",
    en="the worker process stopped unexpectedly (signal {signal}) while reading this file; the file may be damaged",
    zh="读取此文件时工作进程意外终止（信号 {signal}）；文件可能已损坏",
)
FAIL_KILLED = Msg(
    "FAIL_KILLED",
    en=(
        "the system stopped the worker process (signal {signal}) while it read this file, most often because "
        "memory ran out"
    ),
    zh="读取此文件时系统终止了工作进程（信号 {signal}），通常是因为内存耗尽",
)
FAIL_ERROR = Msg(
    "FAIL_ERROR",
    en="an internal error stopped the calculation ({detail}); please report it together with the file",
    zh="内部错误导致计算中止（{detail}）；请连同此文件一起报告",
)
FAIL_WORKER_LOST = Msg(
    "FAIL_WORKER_LOST",
    en="the cluster lost the worker that processed this file ({detail})",
    zh="集群中处理此文件的工作进程丢失（{detail}）",
)

# --- problems the batch itself finds (the rest come from the reader) ------------------------------------
FILE_EMPTY = Msg(
    "FILE_EMPTY",
    en="The file is empty (0 bytes); expected a workbook",
    zh="文件为空（0 字节）；应为工作簿",
)
# An encrypted or old-format file says what the single-file commands say: FILE_ENCRYPTED, FILE_OLD_XLS.

# --- the summary and the error list ---------------------------------------------------------------------
BATCH_SHEET_ALL = Msg("BATCH_SHEET_ALL", en="All submissions", zh="全部提交")
BATCH_SHEET_PROBLEMS = Msg("BATCH_SHEET_PROBLEMS", en="Problems", zh="问题")
KIND_ESV = Msg("KIND_ESV", en="ESV", zh="生态系统服务价值")
KIND_GEP = Msg("KIND_GEP", en="GEP", zh="生态产品总值")
KIND_VCS = Msg("KIND_VCS", en="VCS", zh="植被固碳")
KIND_LANDUSE = Msg("KIND_LANDUSE", en="Land use", zh="土地利用")
#: template kind -> its short name in the summary.
KIND_NAME: dict[str, Msg] = {"esv": KIND_ESV, "gep": KIND_GEP, "vcs": KIND_VCS, "landuse": KIND_LANDUSE}
BATCH_COL_NO = Msg("BATCH_COL_NO", en="#", zh="序号")
BATCH_COL_SUBMISSION = Msg("BATCH_COL_SUBMISSION", en="Submission", zh="提交文件")
BATCH_COL_STATUS = Msg("BATCH_COL_STATUS", en="Status", zh="状态")
BATCH_COL_KIND = Msg("BATCH_COL_KIND", en="Template", zh="模板")
BATCH_COL_PROBLEMS = Msg("BATCH_COL_PROBLEMS", en="Problems", zh="问题数")
BATCH_COL_REASON = Msg("BATCH_COL_REASON", en="Reason", zh="原因")
BATCH_COL_RESULT = Msg("BATCH_COL_RESULT", en="Result workbook", zh="结果工作簿")
BATCH_COL_LOCATION = Msg("BATCH_COL_LOCATION", en="Sheet!Cell", zh="工作表!单元格")
BATCH_COL_MESSAGE = Msg("BATCH_COL_MESSAGE", en="Problem (found; expected)", zh="问题（发现的值；应为）")
BATCH_TRUNCATED = Msg(
    "BATCH_TRUNCATED",
    en="{n} more rows are in errors.csv (a worksheet holds at most 1,048,576 rows)",
    zh="另有 {n} 行见 errors.csv（一个工作表最多 1,048,576 行）",
)

# --- console --------------------------------------------------------------------------------------------
# {counts} is a list of STATUS_COUNT, one per status.
BATCH_PROGRESS = Msg(
    "BATCH_PROGRESS",
    en="{done}/{total} done: {counts} ({time})",
    zh="已完成 {done}/{total}：{counts}（{time}）",
)
BATCH_FINAL = Msg(
    "BATCH_FINAL",
    en="{total} file(s): {counts} in {time}",
    zh="共 {total} 个文件：{counts}，用时 {time}",
)
BATCH_STOPPED = Msg(
    "BATCH_STOPPED",
    en="stopped: the summary lists what was done; run again with --resume to finish",
    zh="已中止：汇总表列出已完成的部分；请加 --resume 重新运行以完成",
)
BATCH_WROTE = Msg(
    "BATCH_WROTE",
    en="summary: {summary}; problems: {errors}",
    zh="汇总表：{summary}；问题清单：{errors}",
)
DURATION_SECONDS = Msg("DURATION_SECONDS", en="{seconds:.1f} s", zh="{seconds:.1f} 秒")
DURATION_MINUTES = Msg("DURATION_MINUTES", en="{minutes} min {seconds} s", zh="{minutes} 分 {seconds} 秒")
