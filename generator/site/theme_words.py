"""The words of the theme's own templates (site_src/overrides/), in the language being rendered.

MkDocs' theme templates cannot call the page templates' gettext, so each edition's build
configuration carries these words as `extra.ui` (generator/site/mkdocs_config.py) and the
overrides print `config.extra.ui.<key>|e`. The messages are in the catalogs like every other.
"""

from __future__ import annotations

from generator import i18n
from generator.i18n import N_

# hreflang of each edition: Simplified Chinese as written in mainland China, and English.
HREFLANG = {"zh": "zh-CN", "en": "en"}
# Each edition's name in its own language, as the language switch shows it.
LANGUAGE_NAMES = {"zh": "中文", "en": "English"}

WORDS = {
    # The language switch (header) and its accessible label.
    "switch_label": N_("切换语言"),
    # Banners.
    "sample_title": N_("演示数据"),
    "sample_short": N_("：非官方监测数据"),
    "sample_long": N_(
        "：本站当前页面由随附的演示样本数据生成，并非官方监测数据，数字不代表连云港市真实空气质量。"
    ),
    "stale_title": N_("数据已停止更新："),
    "stale_long": N_("。本站的排名和数值都是截至该日期的数据，不代表当前的空气质量。"),
    "warning_details": N_("查看预警详情与应急措施"),
    # Sharing.
    "qr_alt": N_("本页网址的二维码"),
    "qr_caption": N_("微信扫一扫，在手机上打开或转发本页"),
    # Footer.
    "source": N_("数据来源："),
    "as_of": N_("数据截至："),
    "status": N_("数据更新状态"),
    "legal_basis": N_(
        "依据《连云港市打赢蓝天保卫战三年行动计划实施方案》（连政发〔2019〕10号）第三十五、三十六条公开。"
    ),
    "methodology": N_("计算方法与数据说明"),
    "organizer": N_("主办单位："),
    "contact": N_("联系方式："),
    "site_code": N_("网站标识码："),
    "placeholder": N_("以上主办与备案信息为示例，非真实备案"),
    "mirrors": N_("本页也可从以下地址访问："),
    # The 404 page.
    "not_found_title": N_("页面不存在"),
    "not_found_text": N_("没有找到这个地址的页面：网址可能输错了，或者页面已经移动。"),
    "home": N_("返回首页"),
    "search_site": N_("搜索本站"),
    "common_pages": N_("常用页面："),
    "rankings": N_("县区空气质量排名"),
    "areas": N_("各县区空气质量"),
    "warnings": N_("重污染天气预警"),
    "forecast": N_("空气质量预报"),
    "data": N_("数据下载"),
}


def words() -> dict[str, str]:
    """Every word of the theme in the language being rendered."""
    return {key: i18n.gettext(message) for key, message in WORDS.items()}
