"""Which of the drafted page questions go into real2.jsonl (the drafts hold ~3 per page)."""
TABLE_CAP = 3  # at most this many table questions from one page
# kept in addition to the one rotating text question per page: qualifier, yes/no and multi-part forms
EXTRA = {
    "天津市人社局2022年受理了多少件政府信息公开申请？其中通过信函的有几件？",
    "盐都区财政局2020年的依申请公开有几件？",
    "龙游县政府办公室2023年因信息公开被申请行政复议几件？行政诉讼几件？",
    "湖南省人民政府辦公廳2020年發生幾件行政復議？其中維持幾件？",
    "广州市财政局2020年被告过吗？有没有被行政复议？",
    "武汉市民政局2021年依申请公开收费了吗？有行政复议吗？",
    "厦门市医疗保障局2022年因属于行政查询事项不予公开的有几件？",
    "苏家屯区2022年全年办理政府信息公开申请多少件？顺延到下一年度的有几件？",
    "鄂州市2021年因政府信息公开被申请行政复议几件？被起诉几件？",
    "滨江公安分局2022年被申请过行政复议吗？",
    "花都区人社局2022年因本机关不掌握相关政府信息而无法提供的有几件？",
    "杭州卫健委2023年收到多少件政府信息公开申请？其中网上申请几件？",
    "随县2024年制发了几件行政规范性文件？废止几件？现行有效几件？",
    "甘州区交通运输局2024年有没有被行政复议或者被起诉？",
    "邹城市交通运输局2024年收到几起政府信息公开申请？",
}


def select(drafts):
    """drafts: list of (page, kind, question, answer, evidence) in draft order."""
    by_page = {}
    for d in drafts:
        by_page.setdefault(d[0], []).append(d)
    keep = []
    for n, (_page, items) in enumerate(sorted(by_page.items())):
        texts = [d for d in items if d[1] in ("text_number", "text_fact")]
        rotating = texts[n % len(texts)] if texts else None
        tables = 0
        for d in items:
            if d[1] == "table_number":
                tables += 1
                if tables <= TABLE_CAP:
                    keep.append(d)
            elif d[1] in ("commitment", "compare") or d is rotating or d[2] in EXTRA:
                keep.append(d)
    return keep

# How people really type: one-character typos, traditional characters (as on mirror sites),
# and a relative year word next to an explicit year. Applied to the selected questions.
S2T = {
    "花都区人社局2022年因本机关不掌握相关政府信息而无法提供的有几件？",
    "莆田市生态环境局2022年公开的“双随机”执法检查信息有多少条？",
    "随县2024年制发了几件行政规范性文件？废止几件？现行有效几件？",
    "贵州省教育厅2021年公开了多少条全省教育系统重大项目建设进展信息？",
    "广州市财政局2020年被告过吗？有没有被行政复议？",
}
TYPO = {  # original -> with one wrong character
    "嵊泗公安2020年累计主动公开了多少条政府信息？其中门户网站多少条？": "乘泗公安2020年累计主动公开了多少条政府信息？其中门户网站多少条？",
    "靖江市教育局2021年收到依申请公开了吗？": "静江市教育局2021年收到依申请公开了吗？",
    "通城县2024年全年发布了多少条政务信息？": "通成县2024年全年发布了多少条政务信息？",
    "“葫芦岛市教育局”公众号2022年发了多少条？关注人数多少？": "“胡芦岛市教育局”公众号2022年发了多少条？关注人数多少？",
    "宜城市教育局2022年全年公开各类信息多少条？其中行政许可类几条？": "宜成市教育局2022年全年公开各类信息多少条？其中行政许可类几条？",
    "铜陵市商务局2022年主动公开了多少条信息？": "桐陵市商务局2022年主动公开了多少条信息？",
    "鄂州2021年回应了多少条网民留言？": "鄂洲2021年回应了多少条网民留言？",
    "刚察县2023年新开设的“藏语专栏”发布了多少条政务信息？藏语视频多少条？": "钢察县2023年新开设的“藏语专栏”发布了多少条政务信息？藏语视频多少条？",
    "浑源县政府网站2023年发布了多少条政务信息？": "混源县政府网站2023年发布了多少条政务信息？",
    "安庆市财政局2020年共主动公开了多少条政府信息？其中部门文件几条？": "安庆市财政厅2020年共主动公开了多少条政府信息？其中部门文件几条？",
}
REWORD = {  # relative year words, always with the explicit year nearby
    "邹城市交通运输局2024年收到几起政府信息公开申请？": "邹城市交通运输局2024年收到几起政府信息公开申请？比去年（2023年）多了几起？",
    "济南历下区燕山街道2025年的依申请公开件数和上一年比怎么样？": "济南历下区燕山街道2025年的依申请公开件数和去年（2024年）比怎么样？",
}
