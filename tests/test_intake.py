"""The intake's readers on the fixture sources written for tests (tests/fixtures/intake/), the guesses
it starts a draft from, and what it writes into a corpus (python -m cenfigures.intake)."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import tomllib
from pathlib import Path

import pytest

from cenfigures.intake import command, store
from cenfigures.intake.document import table_lines
from cenfigures.intake.encoding import decode_text
from cenfigures.intake.errors import IntakeError
from cenfigures.intake.extract import PASTED, Source, extract
from cenfigures.prep import build as prep
from cenfigures.tables.paths import SEEDS_DIR

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "intake"


def fixture_source(name: str) -> Source:
    return Source((FIXTURES / name).read_bytes(), name, retrieved="2026-12-06T10:00:00Z")


@pytest.fixture(scope="module")
def portal():
    return extract(fixture_source("portal-repost-gbk.html"), SEEDS_DIR)


@pytest.fixture(scope="module")
def notice():
    return extract(fixture_source("notice-table.pdf"), SEEDS_DIR)


# ------------------------------------------------------------------ the web page in GBK


def test_the_page_is_read_in_its_encoding(portal) -> None:
    assert portal.kind == "html" and portal.media_type == "text/html"
    assert portal.reading.encoding in ("gb2312", "gbk")  # declared gbk; every character is in GB2312
    assert "主营业务收入3120.5亿元" in portal.text()


def test_the_page_keeps_the_article_and_drops_the_furniture(portal) -> None:
    text = portal.text()
    dropped = [words for _, words, _ in portal.dropped]
    for furniture in ("当前位置：首页", "分享到", "上一篇", "相关新闻", "版权所有", "联系电话", "发布时间"):
        assert furniture not in text
        assert any(furniture in words for words in dropped), furniture
    assert text.splitlines()[0] == "河北电子信息产业主营业务收入超3100亿元"  # the title opens the text
    assert "石家庄市：主营业务收入1020.3亿元，增速7.9%。" in text.splitlines()  # a table row the drafter reads


def test_a_restored_block_stands_where_it_stood(portal) -> None:
    index = next(i for i, words, _ in portal.dropped if words.startswith("分享到"))
    lines = portal.text({index}).splitlines()
    assert lines[lines.index(next(line for line in lines if line.startswith("分享到"))) - 1].startswith("据介绍")


def test_a_reposts_furniture_is_not_the_articles_date_or_publisher(portal) -> None:
    guesses = portal.guesses
    assert guesses.published == "2023-03-15"  # the page's metadata, not 发布时间：2024-03-18
    assert guesses.publisher == "中国电子报"  # not the portal's code zgdzb_0321, not the site 燕赵信息港
    assert guesses.title == "河北电子信息产业主营业务收入超3100亿元" and guesses.authors == "赵明远"
    assert guesses.region == "hebei"
    notes = " ".join(guesses.notes)
    assert "2024-03-18" in notes and "zgdzb_0321" in notes and "燕赵信息港" in notes
    assert "metadata" in guesses.cues["published"]


def test_without_metadata_the_texts_year_beats_a_later_repost_date() -> None:
    page = (FIXTURES / "portal-repost-gbk.html").read_bytes().decode("gbk")
    page = re.sub(r"<meta (?:property|name)=\"(?:article:published_time|ContentSource)\"[^>]*>\n", "", page)
    guesses = extract(Source(page.encode("gbk"), "page.html"), SEEDS_DIR).guesses
    assert not guesses.published.startswith("2024")  # 发布时间：2024-03-18 is the repost's
    assert any("2024-03-18" in note for note in guesses.notes)


# ------------------------------------------------------------------ PDF, .docx, Big5


def test_the_pdf_reads_in_order_with_its_breaks_repaired(notice) -> None:
    lines = notice.text().splitlines()
    assert lines[:2] == [
        "（测试用稿件：为本项目的测试而写，内容与数字均为虚构，并非真实报道。）",
        "关于2023年唐山市工业经济运行情况的通报",
    ]
    # a number cut by a line break is one number again, and so is a sentence
    assert "全市工业投资完成额达到1234.56亿元，同比增长11.2%。" in lines
    assert any(
        line.startswith("2023年，全市工业经济总体保持平稳增长态势，规模以上工业企业实现营业收入") for line in lines
    )
    assert lines.index("钢铁：营业收入1580.4亿元，增速2.1%。") < lines.index("电子信息：营业收入318.9亿元，增速14.5%。")
    assert lines[-2].startswith("下一步") and lines[-1] == "特此通报。"  # page 2 after page 1's table
    assert not re.search("[\u2e80-\u2fdf]", notice.text())  # radicals read as the characters (⼯ -> 工)


def test_the_pdfs_headers_footers_and_page_numbers_are_dropped(notice) -> None:
    dropped = {(words, reason) for _, words, reason in notice.dropped}
    assert dropped == {
        ("唐山市工业和信息化局文件", "running"),
        ("- 1 -", "page_number"),
        ("- 2 -", "page_number"),
    }
    assert "唐山市工业和信息化局文件" not in notice.text()


def test_the_docx_reads_paragraphs_and_its_table_in_order() -> None:
    report = extract(fixture_source("report-table.docx"), SEEDS_DIR)
    lines = report.text().splitlines()
    assert report.kind == "docx" and report.reading.encoding == ""
    assert lines[1] == "保定市2023年工业和信息化发展情况报告" == report.guesses.title
    table = ["装备制造：营业收入865.2亿元，增速9.1%。", "新一代信息技术：营业收入312.7亿元，增速15.6%。"]
    assert lines[lines.index("重点产业主要指标见下表。") + 1 :][:2] == table
    assert lines[-1].startswith("下一步，保定市将实施")


def test_a_big5_text_is_converted_and_its_encoding_recorded() -> None:
    taiwan = extract(fixture_source("taiwan-big5.txt"), SEEDS_DIR)
    assert (taiwan.kind, taiwan.reading.encoding) == ("text", "big5")
    assert "臺中市精密機械產業產值達新臺幣1.2兆元" in taiwan.text()


@pytest.mark.parametrize(
    ("text", "encoding", "recorded"),
    [
        ("河北省工业增加值增长6.9%。", "utf-8", "utf-8"),
        ("河北省工业增加值增长6.9%。", "utf-8-sig", "utf-8-sig"),
        ("河北省规模以上工业增加值同比增长6.9%，高于全国平均水平。" * 4, "gb2312", "gb2312"),
        ("朱镕基同志视察河北省规模以上工业企业，增加值同比增长6.9%。" * 4, "gbk", "gbk"),  # 镕: GBK, not GB2312
        ("臺灣省規模以上工業增加值同比增長6.9%，高於全國平均水準。" * 4, "big5", "big5"),
        ("河北省工业增加值增长6.9%。", "utf-16", "utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "gb2312", "gbk", "big5", "utf-16-bom"],
)
def test_encodings_are_detected_and_recorded(text: str, encoding: str, recorded: str) -> None:
    assert decode_text(text.encode(encoding), "x.txt") == (text, recorded)


@pytest.mark.parametrize(
    ("rows", "lines"),
    [
        (
            [["地区", "产值（亿元）", "增速（%）"], ["石家庄市", "1020.3", "7.9"], ["保定市", "—", "9.4%"]],
            ["石家庄市：产值1020.3亿元，增速7.9%。", "保定市：增速9.4%。"],
        ),
        (
            [["指标", "2022年", "2023年"], ["营业收入（万元）", "1,200", "1,350"]],
            ["营业收入：2022年1,200万元，2023年1,350万元。"],
        ),
        ([["一", "二"], ["三", "四"]], ["一，二。", "三，四。"]),  # no header row: cells joined
        ([["", ""], []], []),
    ],
    ids=["header-units", "years-across", "no-header", "empty"],
)
def test_table_rows_become_lines_the_drafter_reads(rows: list[list[str]], lines: list[str]) -> None:
    assert table_lines(rows) == lines


# ------------------------------------------------------------------ writing into the corpus


def confirmed_for(extraction, name: str, **changes) -> store.Confirmed:
    guesses = extraction.guesses
    fields = {
        "name": name,
        "title": guesses.title,
        "publisher": guesses.publisher or "燕赵信息港",
        "published": guesses.published,
        "region": guesses.region,
        "added_by": "alice",
    } | changes
    return store.Confirmed(**fields)


def test_an_article_is_added_whole_and_builds(portal, seeds_copy: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    added = store.add_article(portal, confirmed_for(portal, "hebei-it-2022"), seeds_copy, data)
    assert added.source_id == "hebei-it-2022" and added.figures > 5 and added.built
    original = seeds_copy / "originals" / "hebei-it-2022.html"
    assert original.read_bytes() == (FIXTURES / "portal-repost-gbk.html").read_bytes()
    assert (seeds_copy / "hebei-it-2022.txt").read_text(encoding="utf-8") == portal.text()
    source = tomllib.loads((seeds_copy / "hebei-it-2022.toml").read_text(encoding="utf-8"))["source"]
    assert source["original"] == "originals/hebei-it-2022.html"
    assert source["original_sha256"] == hashlib.sha256(original.read_bytes()).hexdigest()
    assert (source["media_type"], source["encoding"], source["added_by"]) == ("text/html", "gb2312", "alice")
    assert (source["published"], source["publisher_zh"], source["reviewed"]) == ("2023-03-15", "中国电子报", False)
    assert source["original_name"] == "portal-repost-gbk.html" and source["retrieved"] == "2026-12-06T10:00:00Z"
    annotation = (seeds_copy / "hebei-it-2022.toml").read_text(encoding="utf-8")
    assert "# guess: intake: not taken: 发布时间：2024-03-18" in annotation
    rows = {row["source_id"]: row for row in prep.build_tables(seeds_copy)["sources"]}
    assert rows["hebei-it-2022"]["original_sha256"] == source["original_sha256"]
    assert (data / "articles" / "hebei-it-2022.txt").exists()


def test_restored_furniture_is_in_the_text(portal, seeds_copy: Path) -> None:
    share = next(i for i, words, _ in portal.dropped if words.startswith("分享到"))
    store.add_article(portal, confirmed_for(portal, "with-share", restored={share}), seeds_copy)
    assert "分享到：微信 微博 QQ空间" in (seeds_copy / "with-share.txt").read_text(encoding="utf-8")


def test_the_same_original_again_names_the_article_that_holds_it(portal, seeds_copy: Path) -> None:
    store.add_article(portal, confirmed_for(portal, "first"), seeds_copy)
    assert store.holder_of(portal, seeds_copy) == ("first", "first.txt")
    with pytest.raises(IntakeError, match="already in the corpus as first"):
        store.add_article(portal, confirmed_for(portal, "second"), seeds_copy)
    assert not (seeds_copy / "second.txt").exists()


def test_the_same_address_is_a_duplicate_too(portal, seeds_copy: Path) -> None:
    fetched = Source(
        portal.source.data + b" ", "https://example.org/a.html", "text/html", url="https://example.org/a.html"
    )
    first = extract(fetched, seeds_copy)
    store.add_article(first, confirmed_for(first, "by-url"), seeds_copy)
    again = extract(Source(b"<html><body><p>" + "改版后的页面".encode() * 20 + b"</p></body></html>", "x", "text/html",
                           url="https://example.org/a.html"), seeds_copy)  # fmt: skip
    assert store.holder_of(again, seeds_copy) == ("by-url", "by-url.txt")


def test_a_pasted_text_identical_to_an_article_is_a_duplicate(seeds_copy: Path) -> None:
    seed = (SEEDS_DIR / "cen-2022-01-local-it-study-meetings.txt").read_bytes()
    pasted = extract(Source(seed, PASTED), seeds_copy)
    assert store.holder_of(pasted, seeds_copy) == (
        "cen-2022-01-local-it-study-meetings",
        "cen-2022-01-local-it-study-meetings.txt",
    )


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("../evil", "name_bad"),
        ("Upper", "name_bad"),
        ("regions", "name_taken"),
        ("cen-2022-01-local-it-study-meetings", "name_taken"),
    ],
)
def test_a_bad_or_taken_name_writes_nothing(portal, seeds_copy: Path, name: str, code: str) -> None:
    before = sorted(p.name for p in seeds_copy.rglob("*"))
    with pytest.raises(IntakeError) as raised:
        store.add_article(portal, confirmed_for(portal, name), seeds_copy)
    assert raised.value.code == code
    assert sorted(p.name for p in seeds_copy.rglob("*") if p.name != store.LOCK_FILE) == before


def test_a_draft_that_does_not_build_leaves_no_file(portal, seeds_copy: Path, tmp_path: Path, monkeypatch) -> None:
    def refuse(_seeds):
        raise prep.PrepError([prep.Problem("x.toml", "-", "refused for the test")])

    monkeypatch.setattr(store, "build_tables", refuse)
    before = sorted(p.name for p in seeds_copy.rglob("*"))
    with pytest.raises(IntakeError, match="refused for the test"):
        store.add_article(portal, confirmed_for(portal, "never"), seeds_copy, tmp_path / "data")
    assert sorted(p.name for p in seeds_copy.rglob("*") if p.name not in (store.LOCK_FILE, "originals")) == before
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.txt", "passwd"),
        ("C:\\Users\\王\\report-2023.docx", "report-2023"),
        ("通知.pdf", "article-"),  # no Latin letters: from the date and the digest
    ],
)
def test_an_uploads_name_is_never_a_path(portal, seeds_copy: Path, name: str, expected: str) -> None:
    uploaded = dataclasses.replace(portal, source=Source(portal.source.data, name))
    suggested = store.suggest_name(uploaded, seeds_copy)
    assert suggested.startswith(expected) and store.NAME.match(suggested)
    assert (
        store._origin_fields(uploaded, confirmed_for(uploaded, suggested))["original_name"]
        == re.split(r"[/\\]", name)[-1]
    )


def test_the_command_adds_an_article(seeds_copy: Path, tmp_path: Path, capsys) -> None:
    code = command.main(
        [str(FIXTURES / "notice-table.pdf"), "--seeds", str(seeds_copy), "--build", "--out", str(tmp_path / "d")]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "[0] dropped (running header or footer): 唐山市工业和信息化局文件" in out
    assert (seeds_copy / "notice-table.txt").exists() and (seeds_copy / "originals" / "notice-table.pdf").exists()
    sources = (tmp_path / "d" / "sources.csv").read_text(encoding="utf-8-sig")
    assert "notice-table" in sources and "application/pdf" in sources


def test_the_drafter_command_on_a_text_still_works(seeds_copy: Path) -> None:
    # the intake adds a way in; the drafter's own loop (a UTF-8 .txt in seeds/, then prep) is unchanged
    from cenfigures.draft.write import main as draft_main

    article = seeds_copy / "plain.txt"
    article.write_text("河北省2023年规模以上工业增加值增长6.9%。\n", encoding="utf-8")
    assert draft_main([str(article)]) == 0
    assert prep.build_tables(seeds_copy)["sources"][-1]["source_id"] == "plain"


def test_a_publisher_the_text_names_beats_the_repost_line_and_the_site() -> None:
    page = (FIXTURES / "portal-repost-gbk.html").read_bytes().decode("gbk")
    page = re.sub(r"<meta name=\"ContentSource\"[^>]*>\n", "", page)
    page = page.replace("来源：zgdzb_0321", "来源：燕赵信息港").replace("本报石家庄3月15日电", "新华社石家庄3月15日电")
    guesses = extract(Source(page.encode("gbk"), "page.html"), SEEDS_DIR).guesses
    assert guesses.publisher == "新华社" and "新华社" in guesses.cues["publisher"]
