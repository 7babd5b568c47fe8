"""Simplified Chinese versions of the message templates in :mod:`ecoaccount.messages`.

Messages are built in English all over the code (``M.NAME.format(...)``).  Instead of touching
those call sites, :func:`translate` recognises a finished English message by matching it
against every template in ``messages.py`` and fills the Chinese template of the same name with
the text captured for each placeholder.

The Chinese templates use the same field names as the English ones but no conversions or format
specs: the captured text is already rendered (quotes from ``!r``, ``:.4g`` rounding, ...).
A few values that the code itself builds from fixed English phrases (the reason of an NPP
requirement, "first"/"second", "row 5", ...) are translated as well, see ``_VALUE_RULES``.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, replace

from ecoaccount import messages
from ecoaccount.problems import Problem

__all__ = ["ZH", "LANGUAGES", "match", "translate", "translate_problem"]

LANGUAGES = ("en", "zh")

ZH: dict[str, str] = {
    # --- workbook structure ---
    "NOT_A_WORKBOOK": "无法将文件作为工作簿打开（{detail}）；应为 .xlsx、.xlsm、.xlsb 或 .ods 文件",
    "NOT_OUR_TEMPLATE": (
        "此工作簿不是 ecoaccount 模板：没有任何工作表标明模板类型；"
        "应使用由 'ecoaccount template KIND' 生成的工作簿"
    ),
    "UNSAFE_ARCHIVE": "已拒绝打开：{detail}",
    "MISSING_SHEET": "缺少工作表 {sheet}；应包含工作表 {expected}",
    "MISSING_HEADER": "第 {row} 行未找到表头 {header}；应为 {expected}（英文或中文表头）",
    "UNKNOWN_UNIT": "无法识别单位 {value}；应为以下之一：{expected}",
    # --- cell values ---
    "REQUIRED": "{field} 为空；应填写此项",
    "NOT_A_NUMBER": "值 {value} 无法识别为数字；应为以 {unit} 计的数字",
    "NOT_AN_INTEGER": "值 {value} 不是整数；应为年份，如 2020",
    "BELOW_MIN": "{field} 为 {value}；应不小于 {bound}",
    "ABOVE_MAX": "{field} 为 {value}；应不大于 {bound}",
    "NEGATIVE": "{field} 为 {value}；应为 0 或正数",
    "NOT_IN_CHOICES": "{field} {value} 不是可选值 {expected} 之一",
    "DUPLICATE_ROW": "重复行：{key} 再次出现（首次出现在 {first}）；每项应只出现一次",
    "EMPTY_TABLE": "表 {table} 没有数据行；应至少有一行",
    # --- land-use transfer matrix and carbon-sink zones (003) ---
    "LANDUSE_MISSING_COLUMN": "表 {table} 缺少列 {column}；应包含以下列：{expected}",
    "LANDUSE_UNKNOWN_CLASS": (
        "地类 {value} 未出现在分区规则中；应为以下之一：{expected}（或在规则表中添加该地类）"
    ),
    "LANDUSE_UNKNOWN_ZONE": "分区 {value} 不是碳汇分区；应为以下之一：{expected}",
    "LANDUSE_PARCEL_MISSING": (
        "地块 {parcel} 在 {present} 表中存在，但不在 {absent} 表中；每个地块应同时出现在两张表中"
    ),
    "LANDUSE_AREA_NOT_BALANCED": (
        "地块面积合计：第一个时点为 {before} ha，第二个时点为 {after} ha（相差 {difference} ha）；"
        "两个时点的合计应在 {tolerance} ha 误差内相等，因为两个时点必须覆盖同一研究区"
    ),
    "LANDUSE_PERIOD_NOT_ORDERED": (
        "时段 {start}-{end}：起始年 {start} 不早于结束年 {end}；应满足 start_year < end_year"
    ),
    "LANDUSE_PERIOD_OUT_OF_ORDER": (
        "时段 {start}-{end} 在上一时段 {previous_start}-{previous_end} 结束之前就已开始；"
        "各时段应按时间顺序排列且互不重叠"
    ),
    "LANDUSE_PERIOD_AREA_NOT_BALANCED": (
        "时段 {start}-{end} 覆盖 {area} ha，而时段 {first_start}-{first_end} 覆盖 {first_area} ha；"
        "各时段的研究区面积合计应在 {tolerance} ha 误差内相同"
    ),
    "LANDUSE_SEVERAL_PERIODS": (
        "转移表包含 {count} 个时段（{periods}）；转移矩阵应只对应一个时段（请先选定一个时段）"
    ),
    "MISSING_PARAM": "参数表中缺少参数 {param}；应有一行 id 为 {param}",
    # --- vegetation carbon sequestration dynamics (002) ---
    "VCS_MISSING_COLUMN": "表 {table} 缺少列 {column}；应包含以下列：{expected}",
    "VCS_NO_NPP_COLUMNS": (
        "表 {table} 既没有 'npp' 列，也不具备全部混合像元列 {mixed}；应具备二者之一"
    ),
    "VCS_NPP_AND_MIXED": (
        "表 {table} 同时包含 'npp' 列和混合像元列 {mixed}；应只提供其中之一"
        "（植被区的 NPP，或按式 (1) 计算 NPP 所需的输入）"
    ),
    "VCS_YEAR_OUT_OF_ORDER": (
        "图斑 {patch} 的年份 {year} 排在年份 {previous} 之后；每个图斑的年份应按升序排列"
    ),
    "VCS_MISSING_PATCH_YEAR": "图斑 {patch} 缺少 {years} 的数据行；表中每个年份每个图斑应各有一行",
    "VCS_RESTORED_EXCEEDS_DESTROYED": (
        "图斑 {patch}：截至 {year} 年的修复面积为 {restored} ha，而截至 {year} 年的损毁面积仅为 "
        "{destroyed} ha；截至当年的修复面积不应超过损毁面积（请检查该图斑的 destroyed_ha 和 restored_ha）"
    ),
    "VCS_NPP_REQUIRED": "图斑 {patch} {year} 年的 NPP 为空；应填写数值，因为{reason}",
    "VCS_NPP_REQUIRED_BASELINE": "该年为损毁前年份，用于式 (3)-(4) 的基线",
    "VCS_NPP_REQUIRED_RESTORED": "该图斑当年有修复面积（直接增加量 C_restore）",
    "VCS_PIXEL_AREA_NOT_POSITIVE": "像元面积 S 为 {value}；应大于 0",
    "VCS_VEG_AREA_EXCEEDS_PIXEL": "植被面积 S_veg 为 {s_veg}，但像元面积 S 为 {s}；S_veg 应介于 0 与 S 之间",
    "VCS_NPP_A_NEGATIVE": (
        "尺度转换（式 (1)）后的 NPP 为 {value}：NPP_b x S = {total} 小于 NPP_bg x (S - S_veg) = "
        "{background}；NPP_b x S 应不小于 NPP_bg x (S - S_veg)"
    ),
    "VCS_DESTRUCTION_BEFORE_START": (
        "图斑 {patch} 的损毁年份 {year} 早于序列首年（{first}）；损毁年份应在序列范围内，"
        "且之前至少有一个未受扰动的年份"
    ),
    "VCS_RESTORATION_WITHOUT_DESTRUCTION": (
        "图斑 {patch} 有修复年份 {year}，但没有损毁年份；任何修复年份之前都应有损毁年份"
    ),
    "VCS_RESTORATION_NOT_AFTER_DESTRUCTION": (
        "图斑 {patch}：修复年份 {restoration} 落在观测年 {restoration_in}，并不晚于损毁年份 "
        "{destruction}（观测年 {destruction_in}）；修复应发生在晚于损毁的观测年"
    ),
    # --- GEP of a restoration project (ecoaccount.methods.gep) ---
    "GEP_MISSING_PARAMETER": "参数 {parameter}（{label}，{unit}）{where}为空；应填写数值（{source}）",
    "GEP_FACTOR_OUT_OF_RANGE": "{factor} 因子{where}为 {value}；应介于 0 与 1 之间",
    "GEP_UNKNOWN_LAND_TYPE": (
        "地类 {value} 不在地类映射表中；应为以下之一：{expected}（或将其连同一个系数组添加到映射表中）"
    ),
    "GEP_UNKNOWN_COEFFICIENT_SET": "地类 {land_type} 的系数组 {value} 没有参数；应为以下之一：{expected}",
    "GEP_AREA_MISMATCH": (
        "情景 {scenario} 的土地利用面积合计为 {total} ha；应为 {expected} ha（{basis}），"
        "误差不超过 {tolerance} ha"
    ),
    "GEP_EMPTY_SCENARIO": (
        "情景 {scenario} 没有土地利用面积；{expected} 中的每个情景都应有 area_ha 为正数的行"
    ),
    "GEP_MISSING_COLUMN": "表 {table} 缺少列 {column}；应包含以下列：{expected}",
    # --- ESV and compensation (000) ---
    "ESV_UNMAPPED_CLASS": (
        "地类 {value} 在地类对照表中没有对应行；应为以下之一：{expected}，或在地类对照表中添加 {value}"
    ),
    "ESV_UNKNOWN_SUBTYPE": "当量因子子类 {value} 不在当量因子表中；应为以下之一：{expected}",
    "ESV_WEIGHTS": "地类 {cls} 的对照权重合计为 {total}；应为 1（无生态系统服务的地类为 0）",
    "ESV_NO_GRAIN": "地区 {region} {year} 年没有粮食统计数据；粮食表中应有相应行，用于计算 Ea（式 1）",
    "ESV_ZERO_SOWN": "地区 {region} {year} 年的播种面积合计为 0；应为正数，用于计算 Ea（式 1）",
    "ESV_NO_GDP": "缺少地区 {region} {year} 年的地区生产总值（GDP）；GDP 表中应有相应行",
    "ESV_REGION_NAME": "地区名称 {value} 以 = < > 开头或包含 * ? ~；应为普通名称",
    "ESV_NO_CLASSES": "LandUse 工作表在 Region 和 Year 之后没有地类列；每个地类应占一列",
    "ESV_MISSING_SERVICES": "Services 表缺少 {missing}；当量因子表中的每项生态系统服务应各占一行",
    # --- VCS template (ecoaccount.kinds.vcs) ---
    "VCS_ID_NAME": (
        "{field} {value} 以 = < > 开头或包含 * ? ~；应为普通名称"
        "（这些字符在结果的 SUMIFS 公式中会被当作通配符）"
    ),
    "VCS_ID_CASE": (
        "{field} {value} 与 {other}（首次出现在 {first}）仅大小写不同；名称之间应不只是大小写不同"
        "（结果的 SUMIFS 公式不区分大小写）"
    ),
    "VCS_NPP_WITH_MIXED": (
        "本行填写了 NPP，而其他行（首次出现在 {first}）填写了式 (1) 的混合像元输入；"
        "应每一行都填写 NPP，或改为填写 NPP_b、NPP_bg、S 和 S_veg"
    ),
    "VCS_MIXED_INCOMPLETE": (
        "本行式 (1) 的混合像元输入不完整（{missing} 为空）；NPP_b、NPP_bg、S 和 S_veg 四项应全部填写或全部留空"
    ),
    "VCS_EVENT_PATCH_NOT_IN_ANNUAL": (
        "图斑 {patch} 在此填写了损毁/修复年份，但在 {table} 中没有数据行；此处列出的每个图斑都应有逐年 NPP 数据行"
    ),
    "VCS_AREAS_GIVEN_TWICE": (
        "图斑 {patch} 在本行填写了 {value}，同时在 {table} 中也有一行（位于 {where}）；"
        "其面积应在此处逐年填写，或在该处以损毁/修复年份填写，不能两者兼有"
    ),
    "VCS_NPP_REQUIRED_PREVIOUS": (
        "该图斑在 {year} 年又有面积被损毁，其直接减少量采用上一观测年的植被固碳量（VCS）"
    ),
    # --- land-use template (ecoaccount.kinds.landuse) ---
    "LANDUSE_NO_INPUT": (
        "Transitions 表和两张地块表都没有数据行；应提供二者之一"
        "（由起始地类、目标地类和面积构成的长表，或两个时点的地块）"
    ),
    "LANDUSE_BOTH_INPUTS": (
        "Transitions 表有 {transitions} 行，地块表有 {parcels} 行；应只提供二者之一（清空 Transitions 表或地块表）"
    ),
    "LANDUSE_ONE_PARCEL_TABLE": "表 {present} 有数据行，但表 {absent} 为空；应提供两个时点的地块",
    "LANDUSE_PARCEL_YEAR": "参数 {param} 为空；由于已填写地块表，应填写{which}土地利用图的年份",
    "LANDUSE_CLASS_NOT_LISTED": (
        "地类 {value} 不在 Classes 表中；应为以下之一：{expected}（或将 {value} 添加到 Classes 表中）"
    ),
    "LANDUSE_CLASS_NAME": (
        "地类 {value} 以 = < > 开头或包含 * ? ~ |；应为普通名称（电子表格查找会把这些字符当作匹配模式）"
    ),
    "LANDUSE_CLASS_CASE": (
        "地类 {value} 与 {other}（位于 {first}）仅大小写不同；名称应互不相同，因为电子表格查找不区分大小写"
    ),
    "LANDUSE_PARCEL_AREA_DIFFERS": (
        "地块 {parcel} 在此处为 {after}，但在 {before_cell} 处为 {before}；两个时点的面积应在 {tolerance} "
        "误差内相同（一个地块即两期地图叠加后的一个多边形）"
    ),
    "LANDUSE_DUPLICATE_PARCEL": "地块 {parcel} 再次出现（首次出现在 {first}）；每张表中每个地块编号应只出现一次",
    "LANDUSE_CHAIN_NOT_BALANCED": (
        "地类 {cls} 在时段 {a}-{b} 末为 {end}，但在时段 {b}-{c} 初为 {start}（相差 {difference}）；"
        "{b} 年的面积应在 {tolerance} 误差内相同"
    ),
    "LANDUSE_REFERENCE_NEEDS": "{field} 为空；{quantity} 参考数据应填写此项",
    "LANDUSE_REFERENCE_ZONE": "分区 {value} 不是碳汇分区；应为以下之一：{expected}",
    "VCS_MIXED_WITH_NPP": (
        "本行填写了式 (1) 的混合像元输入，而其他行（首次出现在 {first}）填写了 NPP；"
        "应每一行都填写 NPP，或改为填写 NPP_b、NPP_bg、S 和 S_veg"
    ),
    # --- GEP template (ecoaccount.kinds.gep) ---
    "GEP_SCENARIO_AREA": (
        "情景 {scenario} 的土地利用面积合计为 {total} {unit}；应为 {expected} {unit}"
        "（项目区面积，{where}），误差不超过 {tolerance} {unit}"
    ),
    "GEP_NAME": (
        "{field} {value} 以 = < > 开头或包含 * ? ~；应为普通名称（这些字符在结果公式中会被当作运算符或通配符）"
    ),
    "GEP_SAME_SCENARIOS": "目标情景 {value} 同时也是基准情景；应为两个不同的情景名称（如修复前和修复后）",
    "TOO_LARGE": "{field} 为 {value}；应为介于 -{bound} 与 {bound} 之间的数字",
    # --- templates: units in headers, names, files ---
    "HEADER_UNIT": (
        "表头 {header} 中的单位为 {unit}，而 {where} 选定的单位为 {chosen}；"
        "两处应为同一单位（请修改表头中的单位或所选单位）"
    ),
    "GEP_SCENARIO_NO_AREA": (
        "情景 {scenario} 在“土地利用”表中没有面积；应为该表已有的情景之一（{found}），写法须一致，或为此情景填写面积行"
    ),
    "GEP_LAND_TYPE_UNNAMED": "此地类没有名称；应填写中文名称、英文名称或两者",
    "TEMPLATE_EXISTS": "文件 {path} 已存在；应使用新的文件名，或加 {flag} 覆盖",
    # --- damaged and hostile files ---
    "FILE_NOT_FOUND": "文件 {path} 不存在；请检查文件名和所在文件夹，并给出工作簿的路径",
    "FILE_IS_FOLDER": (
        "{path} 是一个文件夹，不是工作簿；请给出其中某个 .xlsx 文件的路径（或用 'ecoaccount batch' 处理整个文件夹）"
    ),
    "FILE_NOT_REGULAR": "{path} 不是普通文件（而是设备或管道）；请给出已保存的 .xlsx 工作簿的路径",
    "FILE_WRONG_TYPE": "无法读取 {suffix} 类型的文件；请将工作簿另存为 .xlsx（Excel 工作簿）后再给出该文件",
    "FILE_OLD_XLS": (
        "这是旧格式的 Excel 文件（.xls）；请在 Excel 或 LibreOffice 中打开，另存为 .xlsx（Excel 工作簿）后再给出该文件"
    ),
    "FILE_ENCRYPTED": (
        "该工作簿设有打开密码；请在 Excel 中打开，另存一份不带密码的副本"
        "（文件 > 信息 > 保护工作簿 > 用密码进行加密，清除密码），再给出该副本"
    ),
    "FILE_DAMAGED": (
        "文件已损坏或不是工作簿（{detail}）；请在 Excel 或 LibreOffice 中打开，重新另存为 .xlsx，再给出保存后的副本"
    ),
    "ARCHIVE_TOO_LARGE": (
        "该工作簿解压后为 {size} MiB（{what}）；"
        "最多接受 {limit} MiB；请删除无用的工作表、行和列，重新保存后再给出该文件"
    ),
    "ARCHIVE_RATIO": (
        "工作簿中的部件 {part} 解压后为压缩大小的 {ratio} 倍，与压缩炸弹攻击相同（最多接受 {limit} 倍）；"
        "请在 Excel 或 LibreOffice 中打开并重新保存，再给出保存后的副本"
    ),
    "SHEET_TOO_LARGE": (
        "工作表 {sheet} 的内容一直延伸到单元格 {cell}，需读取 {cells} 个单元格；最多接受 {limit} 个；"
        "请删除数据以外的零散单元格（按 Ctrl+End 可定位最后使用的单元格），保存后重新检查"
    ),
    "ERROR_CELL": "该单元格显示错误值 {error}；请修正公式，或直接输入应有的数值",
    "AMBIGUOUS_NUMBER": "值 {value} 有歧义：逗号可能是小数点，也可能是千位分隔符；请输入不带逗号的数字（如 1.5 或 15）",
    "DATE_NOT_NUMBER": (
        "值 {value} 是日期；应为以 {unit} 计的数字；请将单元格格式设为数字（设置单元格格式 > 数字）后重新输入"
    ),
    "DATE_NOT_YEAR": (
        "值 {value} 是日期；应为年份，如 2020；请将单元格格式设为数字（设置单元格格式 > 数字）后重新输入年份"
    ),
    "RESULT_AS_INPUT": "这是 ecoaccount 生成的结果工作簿；请给出生成它所用的模板或输入工作簿",
    "NEWER_TEMPLATE": (
        "该工作簿由更新版本的 ecoaccount 生成（模板版本 {found}；本版本最多可读取版本 {supported}）；"
        "请升级 ecoaccount（pip install -U ecoaccount）后重新检查"
    ),
    "DUPLICATE_HEADER": "表头 {header} 第二次出现（首次出现在 {first}）；请删除或重命名其中一列，使每列只出现一次",
    "CONTROL_CHARACTER": "文本 {value} 含有 Excel 无法保存的不可见控制字符 {char}；请重新输入不含该字符的文本",
    "TEXT_TOO_LONG": (
        "文本长度为 {length} 个字符，超过 Excel 单元格最多可容纳的 {limit} 个字符；请缩短文本或将其移到备注中"
    ),
    "NAME_TWIN": (
        "{field} {value} 与 {other}（首次出现在 {first}）仅在字母大小写或全角/半角上不同；"
        "请统一写法，因为电子表格公式会把它们视为同一名称"
    ),
    "OUTPUT_IS_FOLDER": "输出 {path} 是一个文件夹；请为结果给出文件名，如 {suggestion}",
    "OUTPUT_NOT_REGULAR": "输出 {path} 不是普通文件（而是设备或管道）；请给出要写入的 .xlsx 文件名",
    "OUTPUT_IS_INPUT": "输出 {path} 就是输入文件；fill 从不修改输入，请另取一个文件名",
    "OUTPUT_NAME_TOO_LONG": "输出文件名 {name} 有 {length} 字节，超过该文件夹允许的 {limit} 字节；请使用更短的文件名",
    "OUTPUT_NOT_WRITTEN": "无法写入 {path}（{detail}）；请检查该文件夹是否存在以及是否有写入权限",
    "GDP_NOT_POSITIVE": "GDP 为 {value}；应大于 0，因为 ECPS 要除以单位面积 GDP",
    "ESV_ZERO_AREA": "区域 {region} 在 {year} 年各地类面积均为 0；请填写面积，或删除该行（ECPS 要除以面积）",
    "ALL_PRICES_ZERO": "区域 {region} 在 {year} 年的粮食价格全部为 0，Ea 将为 0；请填写各粮食作物的价格",
}

# Values that the code builds from fixed English phrases, per placeholder name: (pattern, zh).
# Patterns are matched with fullmatch; the first that matches wins; other values stay as captured.
_VALUE_RULES: dict[str, tuple[tuple[re.Pattern[str], str], ...]] = {
    "which": ((re.compile("first"), "第一期"), (re.compile("second"), "第二期")),
    "unit": ((re.compile("the stated unit"), "所列单位"),),
    "where": ((re.compile(r" for coefficient set (.+)", re.S), r"在系数组 \1 中"),),
    "basis": (
        (re.compile("the project area"), "项目区面积"),
        (re.compile(r"the total of scenario (.+)", re.S), r"情景 \1 的合计"),
    ),
    "first": ((re.compile(r"row (\d+)"), r"第 \1 行"),),
    "key": ((re.compile(r"patch (.+)", re.S), r"图斑 \1"),),
    "expected": ((re.compile(r"('[^']*') or ('[^']*')"), r"\1 或 \2"),),
    "detail": (
        (re.compile("no such file"), "文件不存在"),
        (re.compile(r"not a zip archive: (.+)", re.S), r"不是 zip 压缩包：\1"),
        (re.compile(r"suffix (.+)", re.S), r"扩展名为 \1"),
        (re.compile(r"member (.+) expands (\d+)× \(limit (\d+)×\)", re.S), r"成员 \1 解压后膨胀 \2 倍（上限 \3 倍）"),
        (re.compile(r"declared size (\d+) MiB exceeds (\d+) MiB"), r"声明的解压大小 \1 MiB 超过 \2 MiB"),
    ),
}
# Placeholders whose value is itself a finished message (a fragment template such as
# VCS_NPP_REQUIRED_BASELINE): translated recursively.
_NESTED = frozenset({"reason"})


@dataclass(frozen=True)
class _Template:
    name: str
    pattern: re.Pattern[str]
    literal_chars: int
    order: int


def _english_templates() -> dict[str, str]:
    """Every UPPER_CASE string constant of ``messages.py``, in definition order."""
    return {k: v for k, v in vars(messages).items() if k.isupper() and isinstance(v, str)}


def _compile(template: str) -> tuple[re.Pattern[str], int]:
    """The template as an anchored regex (use fullmatch) and the number of its literal characters.

    Placeholders become lazy named groups, a repeated placeholder a backreference.  Groups
    accept the empty string because some values are legitimately empty (``where`` of
    GEP_MISSING_PARAMETER is "" for global parameters).  A placeholder that directly follows
    another one (``{value}{where}``) is an optional suffix: empty or starting with a space,
    otherwise the split between the two values would be arbitrary.
    """
    parts: list[str] = []
    seen: set[str] = set()
    literal = 0
    previous_was_field = False
    for text, field, _spec, _conv in string.Formatter().parse(template):
        parts.append(re.escape(text))
        literal += len(text)
        if text:
            previous_was_field = False
        if field is None:
            continue
        group = r"(?:\s.*?)?" if previous_was_field else ".*?"
        if not field.isidentifier():  # attribute/index access: not used in messages.py
            parts.append(group)
        elif field in seen:
            parts.append(f"(?P={field})")
        else:
            seen.add(field)
            parts.append(f"(?P<{field}>{group})")
        previous_was_field = True
    return re.compile("".join(parts), re.S), literal


def _build() -> tuple[_Template, ...]:
    out = []
    for i, (name, text) in enumerate(_english_templates().items()):
        pattern, literal = _compile(text)
        out.append(_Template(name, pattern, literal, i))
    # Most literal characters first (the most specific template), then definition order.
    return tuple(sorted(out, key=lambda t: (-t.literal_chars, t.order)))


_TEMPLATES = _build()


def match(message: str) -> tuple[str, dict[str, str]] | None:
    """The name of the English template that produced ``message`` and the captured values."""
    for t in _TEMPLATES:
        m = t.pattern.fullmatch(message)
        if m is not None:
            return t.name, m.groupdict()
    return None


def _value_zh(field: str, value: str) -> str:
    if field in _NESTED:
        return translate(value, "zh")
    for pattern, zh in _VALUE_RULES.get(field, ()):
        m = pattern.fullmatch(value)
        if m is not None:
            return m.expand(zh)
    return value


def translate(message: str, lang: str) -> str:
    """``message`` (an English message built from ``messages.py``) in ``lang`` ("en" or "zh").

    A message that matches no template, or a language other than "zh", comes back unchanged.
    """
    if lang != "zh" or not isinstance(message, str):
        return message
    try:
        found = match(message)
        if found is None:
            return message
        name, values = found
        zh = ZH.get(name)
        if zh is None:
            return message
        return zh.format(**{k: _value_zh(k, v) for k, v in values.items()})
    except Exception:  # never let a translation hide the problem itself
        return message


def translate_problem(problem: Problem, lang: str) -> Problem:
    """A copy of ``problem`` with its message translated (the location stays as it is)."""
    return replace(problem, message=translate(problem.message, lang))
