"""Every CSV download is written by one writer: UTF-8 with a BOM, CRLF line ends (RFC 4180), and
formula-like text defused while numbers stay numbers."""

import csv
import io

import pandas as pd

from generator.formats.csv_download import csv_bytes
from generator.pages.rankings import exports as ranking_exports


def test_a_download_is_utf8_with_a_bom_and_crlf_line_ends():
    raw = csv_bytes(pd.DataFrame({"name": ["海州区", "赣榆区"], "n": [1, 2]}), {"name": "县区", "n": "数"})
    assert raw.startswith("\ufeff".encode())
    assert raw.decode("utf-8-sig") == "县区,数\r\n海州区,1\r\n赣榆区,2\r\n"


def test_text_cells_and_headers_that_look_like_formulas_get_an_apostrophe_numbers_do_not():
    frame = pd.DataFrame({"label": ["=1+1", "-x", "\tcmd", "ok"], "change": [-3, 2, -1.5, 0]})
    rows = list(
        csv.reader(io.StringIO(csv_bytes(frame, {"label": "=说明", "change": "变化"}).decode("utf-8-sig")))
    )
    assert rows == [["'=说明", "变化"], ["'=1+1", "-3.0"], ["'-x", "2.0"], ["'\tcmd", "-1.5"], ["ok", "0.0"]]


def test_only_the_named_text_columns_are_defused():
    frame = pd.DataFrame({"label": ["-a"], "change": ["-3"]})
    text = csv_bytes(frame, {"label": "说明", "change": "变化"}, text_columns=["label"]).decode("utf-8-sig")
    assert text.splitlines()[1] == "'-a,-3"


def test_the_ranking_and_enterprise_downloads_end_lines_the_same_way_as_the_chart_data():
    from generator.charts.tables import csv_bytes as chart_csv_bytes

    frame = pd.DataFrame({"name": ["海州区"], "rank": [1]})
    ranking = ranking_exports.csv_bytes(frame)
    chart = chart_csv_bytes(frame, {"name": "name", "rank": "rank"})
    assert ranking == chart == "\ufeffname,rank\r\n海州区,1\r\n".encode()
