"""Every user-facing string of ``ecoaccount batch``, declared once in English and Chinese.

Reasons and problems travel between processes as ``(id, params)`` and are rendered in the
reviewer's language (``--lang``) only when the summary is written.
"""

from __future__ import annotations

from typing import Any

STATUSES = ("computed", "invalid", "failed", "skipped")

TEXT: dict[str, tuple[str, str]] = {
    # statuses
    "computed": ("computed", "已计算"),
    "invalid": ("invalid", "无效"),
    "failed": ("failed", "失败"),
    "skipped": ("skipped", "已跳过"),
    # why a file was skipped
    "SKIP_LOCK": (
        "a lock file that Excel, WPS or LibreOffice leaves while a workbook is open",
        "Excel、WPS 或 LibreOffice 打开工作簿时留下的锁定文件",
    ),
    "SKIP_FORMAT": (
        "not a workbook format ({suffix}); batch reads .xlsx, .xlsm, .xlsb and .ods",
        "不是工作簿格式（{suffix}）；批量处理读取 .xlsx、.xlsm、.xlsb 和 .ods",
    ),
    "SKIP_XLS": (
        "an Excel 97-2003 .xls workbook: open it in Excel or WPS, choose Save As > Excel Workbook (.xlsx) "
        "and put the .xlsx in the folder",
        "Excel 97-2003 .xls 工作簿：请在 Excel 或 WPS 中打开，选择“另存为 > Excel 工作簿（.xlsx）”，"
        "再把 .xlsx 文件放入文件夹",
    ),
    "SKIP_RESULT": (
        "a result workbook written by ecoaccount, not a submission",
        "由 ecoaccount 生成的结果工作簿，不是提交文件",
    ),
    "SKIP_BATCH_OUTPUT": (
        "a summary or error list written by an earlier batch",
        "早先批量处理生成的汇总表或错误清单",
    ),
    "SKIP_OUTPUT_FOLDER": (
        "in the output folder of an earlier batch ({folder})",
        "位于早先批量处理的输出文件夹中（{folder}）",
    ),
    "SKIP_SUBFOLDER": (
        "a sub-folder; run with --recursive to include the submissions in it",
        "子文件夹；如需处理其中的提交文件，请使用 --recursive",
    ),
    "SKIP_NOT_REACHED": (
        "not processed: the run was stopped before this file; run again with --resume to finish",
        "未处理：批量处理在此文件之前被中止；请加 --resume 重新运行以完成",
    ),
    # why a file failed
    "FAIL_TIMEOUT": (
        "processing took longer than the time limit of {seconds:g} s; the file may be very large or damaged "
        "(raise the limit with --timeout)",
        "处理时间超过 {seconds:g} 秒的时限；文件可能过大或已损坏（可用 --timeout 提高时限）",
    ),
    "FAIL_MEMORY": (
        "processing needed more memory than the limit of {mib} MiB; the file may be very large or damaged "
        "(raise the limit with --memory-limit)",
        "处理所需内存超过 {mib} MiB 的上限；文件可能过大或已损坏（可用 --memory-limit 提高上限）",
    ),
    "FAIL_EXIT": (
        "the worker process stopped unexpectedly (exit code {code}) while reading this file; the file may be damaged",
        "读取此文件时工作进程意外终止（退出码 {code}）；文件可能已损坏",
    ),
    "FAIL_SIGNAL": (
        "the worker process stopped unexpectedly (signal {signal}) while reading this file; the file may be damaged",
        "读取此文件时工作进程意外终止（信号 {signal}）；文件可能已损坏",
    ),
    "FAIL_KILLED": (
        "the system stopped the worker process (signal {signal}) while it read this file, most often because "
        "memory ran out",
        "读取此文件时系统终止了工作进程（信号 {signal}），通常是因为内存耗尽",
    ),
    "FAIL_ERROR": (
        "an internal error stopped the calculation ({detail}); please report it together with the file",
        "内部错误导致计算中止（{detail}）；请连同此文件一起报告",
    ),
    "FAIL_WORKER_LOST": (
        "the cluster lost the worker that processed this file ({detail})",
        "集群中处理此文件的工作进程丢失（{detail}）",
    ),
    # problems the batch itself finds (the rest come from the reader, in messages.py)
    "PROBLEM_EMPTY": ("The file is empty (0 bytes); expected a workbook", "文件为空（0 字节）；应为工作簿"),
    "PROBLEM_ENCRYPTED": (
        "The workbook is protected with a password (encrypted), so it cannot be read; expected a workbook "
        "saved without a password (File > Info > Protect Workbook > Encrypt with Password, clear the password)",
        "工作簿设置了打开密码（已加密），无法读取；应提交未加密的工作簿"
        "（文件 > 信息 > 保护工作簿 > 用密码进行加密，清除密码后保存）",
    ),
    "PROBLEM_OLD_FORMAT": (
        "The file is an Excel 97-2003 workbook with a {suffix} name; expected a real {suffix} file "
        "(open it in Excel or WPS and Save As > Excel Workbook)",
        "该文件是以 {suffix} 命名的 Excel 97-2003 工作簿；应为真正的 {suffix} 文件"
        "（请在 Excel 或 WPS 中打开并“另存为 > Excel 工作簿”）",
    ),
    # summary and error list
    "SHEET_ALL": ("All submissions", "全部提交"),
    "SHEET_ERRORS": ("Problems", "问题"),
    "KIND_esv": ("ESV", "生态系统服务价值"),
    "KIND_gep": ("GEP", "生态产品总值"),
    "KIND_vcs": ("VCS", "植被固碳"),
    "KIND_landuse": ("Land use", "土地利用"),
    "COL_NO": ("#", "序号"),
    "COL_SUBMISSION": ("Submission", "提交文件"),
    "COL_STATUS": ("Status", "状态"),
    "COL_KIND": ("Template", "模板"),
    "COL_PROBLEMS": ("Problems", "问题数"),
    "COL_REASON": ("Reason", "原因"),
    "COL_RESULT": ("Result workbook", "结果工作簿"),
    "COL_LOCATION": ("Sheet!Cell", "工作表!单元格"),
    "COL_MESSAGE": ("Problem (found; expected)", "问题（发现的值；应为）"),
    "OPEN": ("open", "打开"),
    "TRUNCATED": (
        "{n} more rows are in errors.csv (a worksheet holds at most 1,048,576 rows)",
        "另有 {n} 行见 errors.csv（一个工作表最多 1,048,576 行）",
    ),
    # console
    "PROGRESS": (
        "{done}/{total} done: {computed} computed, {invalid} invalid, {failed} failed, {skipped} skipped ({time})",
        "已完成 {done}/{total}：已计算 {computed}，无效 {invalid}，失败 {failed}，跳过 {skipped}（{time}）",
    ),
    "FINAL": (
        "{total} file(s): {computed} computed, {invalid} invalid, {failed} failed, {skipped} skipped in {time}",
        "共 {total} 个文件：已计算 {computed}，无效 {invalid}，失败 {failed}，跳过 {skipped}，用时 {time}",
    ),
    "STOPPED": (
        "stopped: the summary lists what was done; run again with --resume to finish",
        "已中止：汇总表列出已完成的部分；请加 --resume 重新运行以完成",
    ),
    "WROTE": ("summary: {summary}; problems: {errors}", "汇总表：{summary}；问题清单：{errors}"),
}


def say(key: str, lang: str, **params: Any) -> str:
    """The text ``key`` in ``lang`` (en or zh), with ``params`` filled in."""
    en, zh = TEXT[key]
    return (zh if lang == "zh" else en).format(**params)
