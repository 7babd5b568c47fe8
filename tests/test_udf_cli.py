"""``ecoaccount xl`` and ``ecoaccount calc-addin``: the files they write and the steps they print."""

from __future__ import annotations

import zipfile

from python_calamine import CalamineWorkbook

from ecoaccount import cli
from ecoaccount.udf import calc
from ecoaccount.udf.registry import FUNCTIONS


def test_xl_writes_the_udf_ready_workbook_and_prints_the_steps(zh_tmp, capsys):
    out = zh_tmp / "生态函数.xlsm"
    assert cli.main(["xl", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Trust access to the VBA project object model" in text and "Import Functions" in text
    assert "Excel on Windows" in text and "LibreOffice Calc" in text
    with zipfile.ZipFile(out) as z:
        assert "xl/vbaProject.bin" in z.namelist()
    book = CalamineWorkbook.from_path(str(out))
    assert book.sheet_names == ["Functions", "xlwings.conf"]
    conf = dict((r[0], r[1]) for r in book.get_sheet_by_name("xlwings.conf").to_python())
    assert conf["UDF Modules"] == "ecoaccount.udf"
    cells = [c for r in book.get_sheet_by_name("Functions").to_python() for c in r]
    for fn in FUNCTIONS:
        assert fn.name in cells
    assert not any(isinstance(c, str) and c.startswith("#ECO!") for c in cells)  # every example call computes


def test_xl_in_chinese(zh_tmp, capsys):
    out = zh_tmp / "函数.xlsm"
    assert cli.main(["xl", "-o", str(out), "--lang", "zh"]) == 0
    assert "信任对 VBA 工程对象模型的访问" in capsys.readouterr().out
    cells = [c for r in CalamineWorkbook.from_path(str(out)).get_sheet_by_name("Functions").to_python() for c in r]
    assert "补偿需求强度 t = 2·arctan(ECPS)/π（Wang、Fan 等，煤炭资源枯竭城市生态补偿，式 6）。" in cells


def test_calc_addin_builds_the_extension_and_prints_how_to_install(zh_tmp, capsys):
    out = zh_tmp / "ecoaccount.oxt"
    assert cli.main(["calc-addin", "-o", str(out)]) == 0
    assert "unopkg add --force" in capsys.readouterr().out
    with zipfile.ZipFile(out) as z:
        component = z.read("ecoaccount_calc.py").decode("utf-8")
        assert z.read(calc.RDB) == calc.shipped_rdb()
    compile(component, "ecoaccount_calc.py", "exec")  # the generated component is valid Python
    for fn in FUNCTIONS:
        assert f"def {fn.name}(self" in component


def test_calc_addin_install_failure_is_a_message_not_a_traceback(zh_tmp, capsys, monkeypatch):
    fake = zh_tmp / "unopkg"
    fake.write_text(
        "#!/bin/sh\necho 'ERROR: Cannot run unopkg as root without --shared or --bundled option.'\nexit 1\n"
    )
    fake.chmod(0o755)
    monkeypatch.setattr(calc, "unopkg", lambda: str(fake))
    assert cli.main(["calc-addin", "-o", str(zh_tmp / "e.oxt"), "--install", "--profile", str(zh_tmp / "p")]) == 1
    err = capsys.readouterr().err
    assert "Cannot run unopkg as root" in err and "run it as your own user" in err
