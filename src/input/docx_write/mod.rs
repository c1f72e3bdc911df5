//! Writing fixes into a Word document (`.docx`), for `nianbao check --fix`.
//!
//! The fixes are computed on the report text the reader makes
//! (`docx::convert`); the reader also records where each part of that text
//! came from in `word/document.xml` (`docx_map`). A round of edits is
//! carried back to the XML through that record (`plan`): only the `w:t`
//! elements of the paragraphs and cells an edit touches change, inserted
//! lines become paragraphs or rows copied from a neighbour, and the new XML
//! is read back to check that it gives exactly the edited text. Edits that
//! cannot be made faithfully are refused with a reason, never approximated.
//! The package is then rewritten with `word/document.xml` replaced and every
//! other byte copied (`package`).
//!
//! Pure like the rest of `input`: bytes in, bytes out, no file I/O.

mod package;
mod plan;
mod xml;

use super::docx;
use super::{Document, InputError, Limits};
use crate::analysis::config::Lang;
use crate::analysis::finding::Edit;
use crate::tr;
use package::Package;
use std::io::Read;

/// The part the report text is read from.
const DOCUMENT: &str = "word/document.xml";
/// Rounds of fixes at most (one round can reveal more to fix).
const MAX_ROUNDS: usize = 8;
/// The largest `[Content_Types].xml` read.
const MAX_CONTENT_TYPES: u64 = 1 << 20;

/// An edit of the report text, with (for inserted lines) the offset of a
/// line whose paragraph formatting they copy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocEdit {
    pub edit: Edit,
    pub like: Option<usize>,
}

/// Why `--fix` leaves a whole document alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FixError {
    /// The document cannot be read (the reader's error).
    Input(InputError),
    /// A macro-enabled document or template (`.docm`, `.dotm`).
    MacroEnabled,
    /// A template (`.dotx`).
    Template,
    /// An encrypted entry in the package.
    Encrypted,
    /// A damaged package (detail in English, from the zip layer).
    Damaged(String),
    /// A package feature nianbao does not rewrite (Zip64, other compression).
    Unsupported(String),
    /// Larger than nianbao rewrites.
    TooLarge,
    /// The rewritten package did not read back as the fixed text (a bug).
    Unfaithful,
}

impl From<InputError> for FixError {
    fn from(e: InputError) -> Self {
        FixError::Input(e)
    }
}

impl FixError {
    /// The message shown after the file name.
    pub fn message(&self, lang: Lang) -> String {
        let not = tr!(lang, "未修复：", "not fixed: ");
        let why = match self {
            FixError::Input(e) => return e.message(lang),
            FixError::MacroEnabled => tr!(
                lang,
                "这是启用宏的 Word 文档或模板（.docm/.dotm），--fix 不改写它；请另存为 .docx 后再修复".to_string(),
                "a macro-enabled Word document or template (.docm/.dotm); --fix does not rewrite it: save it as .docx first".to_string()
            ),
            FixError::Template => tr!(
                lang,
                "这是 Word 模板（.dotx），--fix 不改写模板；请用它新建 .docx 文档后再修复".to_string(),
                "a Word template (.dotx); --fix does not rewrite templates: make a .docx from it first".to_string()
            ),
            FixError::Encrypted => tr!(
                lang,
                "Word 文档中有加密的部分，--fix 不改写它".to_string(),
                "the Word document has encrypted parts; --fix does not rewrite it".to_string()
            ),
            FixError::Damaged(d) => tr!(
                lang,
                format!("Word 文档已损坏或不完整（{d}），--fix 不改写它；请在 Word/WPS 中打开并另存"),
                format!("the Word document is damaged or truncated ({d}); --fix does not rewrite it: open and save it in Word/WPS")
            ),
            FixError::Unsupported(d) => tr!(
                lang,
                format!("Word 文档的压缩包格式（{d}）不受支持，--fix 不改写它"),
                format!("the Word document's zip format ({d}) is not supported; --fix does not rewrite it")
            ),
            FixError::TooLarge => tr!(
                lang,
                "Word 文档太大，--fix 不改写它".to_string(),
                "the Word document is too large for --fix".to_string()
            ),
            FixError::Unfaithful => tr!(
                lang,
                "改写后的文档读回的内容与修复不一致，未写入（这是 nianbao 的缺陷，请报告）".to_string(),
                "the rewritten document did not read back as fixed; nothing written (a bug in nianbao, please report it)".to_string()
            ),
        };
        format!("{not}{why}")
    }
}

/// Why one fix cannot be made in a document (it is then left to the user).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A paragraph would go between two rows of one table.
    InsideTable,
    /// Lines would be inserted inside a paragraph.
    NotAtBoundary,
    /// The text is a numbering label, a text box or a nested table.
    Numbering,
    /// The cell continues a vertical merge (Word does not show its text).
    MergedCell,
    /// The edit spans several cells or paragraphs.
    Spans,
    /// No paragraph or row to copy the formatting of.
    NoModel,
    /// The new row's cells do not fit its neighbour's grid or merges.
    RowShape,
    /// Inserted lines mix paragraphs and table rows.
    Mixed,
    /// Another fix changes the same place.
    Overlap,
    /// No run in the paragraph to hold new text.
    NoRun,
    /// The change did not read back as the edited text.
    Unfaithful,
}

impl Refusal {
    /// Why, for the user.
    pub fn message(self, lang: Lang) -> &'static str {
        match self {
            Refusal::InsideTable => tr!(
                lang,
                "需要在表格中间插入段落",
                "a paragraph would go inside a table"
            ),
            Refusal::NotAtBoundary => tr!(
                lang,
                "插入位置在段落中间",
                "the insertion point is inside a paragraph"
            ),
            Refusal::Numbering => tr!(
                lang,
                "涉及自动编号、文本框或嵌套表格",
                "it touches automatic numbering, a text box or a nested table"
            ),
            Refusal::MergedCell => tr!(
                lang,
                "单元格是纵向合并单元格的一部分",
                "the cell is part of a vertically merged cell"
            ),
            Refusal::Spans => tr!(
                lang,
                "改动跨越多个单元格或段落",
                "the change spans several cells or paragraphs"
            ),
            Refusal::NoModel => tr!(
                lang,
                "没有可仿照格式的相邻段落或行",
                "no neighbouring paragraph or row to copy the formatting of"
            ),
            Refusal::RowShape => tr!(
                lang,
                "新行与相邻行的单元格布局不一致",
                "the new row does not fit the cells of its neighbour"
            ),
            Refusal::Mixed => tr!(
                lang,
                "插入的内容既有段落又有表格行",
                "the inserted lines mix paragraphs and table rows"
            ),
            Refusal::Overlap => tr!(lang, "与另一处修复重叠", "it overlaps another fix"),
            Refusal::NoRun => tr!(
                lang,
                "段落中没有可写入文字的位置",
                "the paragraph has no run to hold the text"
            ),
            Refusal::Unfaithful => tr!(
                lang,
                "改写后读回的文字与修复不一致",
                "the document would not read back as fixed"
            ),
        }
    }
}

/// What `fix` did.
#[derive(Debug)]
pub struct Fixed {
    /// The new document (the input's bytes when nothing was applied).
    pub bytes: Vec<u8>,
    /// Its report text and position map.
    pub document: Document,
    /// Edits applied.
    pub applied: usize,
    /// The edits of the last round that could not be made, and why.
    pub refused: Vec<(Edit, Refusal)>,
}

/// Refuses file names of documents `--fix` does not rewrite (macro-enabled
/// documents, templates), by their extension.
pub fn check_name(name: &str) -> Result<(), FixError> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("docm" | "dotm") => Err(FixError::MacroEnabled),
        Some("dotx") => Err(FixError::Template),
        _ => Ok(()),
    }
}

/// Applies to the document `bytes` the edits `edits_of` gives for its
/// report text, round after round until a round changes nothing (at most
/// `MAX_ROUNDS`), reading it within `limits`.
pub fn fix(
    bytes: &[u8],
    limits: &Limits,
    mut edits_of: impl FnMut(&str) -> Vec<DocEdit>,
) -> Result<Fixed, FixError> {
    let parts = docx::read(bytes, limits)?;
    let package = Package::read(bytes)?;
    check_kind(bytes, &package)?;
    let numbering = parts.numbering;
    let mut xml = parts.xml;
    let (mut document, mut map) = docx::parse(&xml, numbering.clone(), limits)?;
    let (mut applied, mut refused) = (0, Vec::new());
    for _ in 0..MAX_ROUNDS {
        let edits = edits_of(&document.text);
        let cur = plan::Current {
            xml: &xml,
            document: &document,
            map: &map,
            numbering: &numbering,
            limits,
        };
        let round = plan::round(&cur, &edits)?;
        refused = round.refused;
        if round.applied == 0 {
            break;
        }
        applied += round.applied;
        (xml, document, map) = (round.xml, round.document, round.map);
    }
    if applied == 0 {
        return Ok(Fixed {
            bytes: bytes.to_vec(),
            document,
            applied,
            refused,
        });
    }
    let out = package.replace(bytes, DOCUMENT, &xml)?;
    // The last look: the new package, read as a whole, gives the fixed text.
    if docx::convert(&out, limits)?.text != document.text {
        return Err(FixError::Unfaithful);
    }
    Ok(Fixed {
        bytes: out,
        document,
        applied,
        refused,
    })
}

/// Refuses macro-enabled documents and templates by the main part's content
/// type (and a macro project part).
fn check_kind(bytes: &[u8], package: &Package) -> Result<(), FixError> {
    if package.has("word/vbaProject.bin") {
        return Err(FixError::MacroEnabled);
    }
    let Some(types) = content_types(bytes) else {
        return Ok(());
    };
    let mut r = quick_xml::reader::Reader::from_reader(types.as_slice());
    loop {
        match r.read_event() {
            Ok(quick_xml::events::Event::Empty(e) | quick_xml::events::Event::Start(e))
                if e.local_name().as_ref() == b"Override" =>
            {
                let part = docx::attr(&e, b"PartName").unwrap_or_default();
                if !part.eq_ignore_ascii_case("/word/document.xml") {
                    continue;
                }
                let kind = docx::attr(&e, b"ContentType")
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                if kind.contains("macroenabled") {
                    return Err(FixError::MacroEnabled);
                }
                if kind.contains(".template") {
                    return Err(FixError::Template);
                }
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => return Ok(()),
            _ => {}
        }
    }
}

/// `[Content_Types].xml`, if there is one of a sane size.
fn content_types(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let f = zip.by_name("[Content_Types].xml").ok()?;
    let mut out = Vec::new();
    f.take(MAX_CONTENT_TYPES).read_to_end(&mut out).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::text::Span;
    use std::io::{Cursor, Write};

    const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#;
    const TAIL: &str = "<w:sectPr/></w:body></w:document>";
    const DOCX_TYPE: &str =
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

    fn package(body: &str, main_type: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default();
        w.start_file("[Content_Types].xml", o).unwrap();
        write!(
            w,
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>"#
        )
        .unwrap();
        w.start_file(DOCUMENT, o).unwrap();
        w.write_all(format!("{HEAD}{body}{TAIL}").as_bytes())
            .unwrap();
        for (name, data) in extra {
            w.start_file(*name, o).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn doc(body: &str) -> Vec<u8> {
        package(body, DOCX_TYPE, &[])
    }

    /// The document's XML after applying `edits` (given as (find, replace)
    /// on its text, or an insertion before a line) in one round.
    fn fixed(bytes: &[u8], edits: &[Edit], like: Option<usize>) -> Fixed {
        let mut first = true;
        fix(bytes, &Limits::DEFAULT, |_| {
            let e = if first { edits.to_vec() } else { Vec::new() };
            first = false;
            e.into_iter().map(|edit| DocEdit { edit, like }).collect()
        })
        .unwrap()
    }

    fn text(bytes: &[u8]) -> String {
        docx::convert(bytes, &Limits::DEFAULT).unwrap().text
    }

    fn xml(bytes: &[u8]) -> String {
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        z.by_name(DOCUMENT).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    /// An edit replacing the first `old` in `text` by `new`.
    fn replace(text: &str, old: &str, new: &str) -> Edit {
        let at = text.find(old).unwrap();
        Edit::replace(Span::new(at, at + old.len()), new)
    }

    #[test]
    fn a_paragraph_edit_changes_only_the_runs_it_covers() {
        let b = doc(
            r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>五、政府信息公开工作</w:t></w:r><w:r><w:t>存在的问题</w:t></w:r></w:p>"#,
        );
        let t = text(&b);
        let f = fixed(&b, &[replace(&t, "政府信息公开工作", "")], None);
        assert_eq!(f.applied, 1);
        assert_eq!(text(&f.bytes), "五、存在的问题\n");
        assert!(
            xml(&f.bytes).contains(
                r#"<w:r><w:rPr><w:b/></w:rPr><w:t>五、</w:t></w:r><w:r><w:t>存在的问题</w:t></w:r>"#
            ),
            "{}",
            xml(&f.bytes)
        );
    }

    #[test]
    fn a_cell_takes_its_text_in_its_first_run() {
        let row = r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>总计</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>１</w:t></w:r><w:r><w:t>３</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#;
        let b = doc(row);
        let t = text(&b);
        assert_eq!(t, "总计\t１３\n");
        let f = fixed(&b, &[replace(&t, "１３", "13")], None);
        assert_eq!(text(&f.bytes), "总计\t13\n");
        assert!(
            xml(&f.bytes).contains(r#"<w:r><w:rPr><w:b/></w:rPr><w:t>13</w:t></w:r><w:r></w:r>"#)
        );
    }

    #[test]
    fn an_empty_cell_gets_a_run_formatted_as_its_mark_or_its_row() {
        let b = doc(
            r#"<w:tbl><w:tr><w:tc><w:p><w:r><w:rPr><w:sz w:val="21"/></w:rPr><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc><w:tc><w:p><w:pPr><w:rPr><w:ins w:id="1"/><w:sz w:val="18"/></w:rPr></w:pPr></w:p></w:tc><w:tc></w:tc></w:tr></w:tbl>"#,
        );
        let t = text(&b);
        assert_eq!(t, "1\t\t\t\n");
        let edits = [
            Edit::insert(2, "2"),
            Edit::insert(3, "3"),
            Edit::insert(4, "4"),
        ];
        let f = fixed(&b, &edits, None);
        assert_eq!(text(&f.bytes), "1\t2\t3\t4\n");
        let x = xml(&f.bytes);
        assert!(
            x.contains(r#"<w:tc><w:p><w:r><w:rPr><w:sz w:val="21"/></w:rPr><w:t>2</w:t></w:r></w:p></w:tc>"#),
            "{x}"
        );
        assert!(
            x.contains(r#"</w:pPr><w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t>3</w:t></w:r></w:p>"#),
            "{x}"
        );
        assert!(
            x.contains(
                r#"<w:p><w:r><w:rPr><w:sz w:val="21"/></w:rPr><w:t>4</w:t></w:r></w:p></w:tc>"#
            ),
            "{x}"
        );
    }

    #[test]
    fn cells_that_cannot_take_text_faithfully_are_refused() {
        let b = doc(
            r#"<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        );
        let t = text(&b);
        assert_eq!(t, "a\t1\n\t2\n");
        let merged = Edit::insert(4, "x");
        let across = Edit::replace(Span::new(0, 3), "b");
        let f = fixed(&b, &[merged.clone(), across.clone()], None);
        assert_eq!(f.applied, 0);
        assert_eq!(f.bytes, b);
        assert!(f.refused.contains(&(merged, Refusal::MergedCell)));
        assert!(f.refused.contains(&(across, Refusal::Spans)));
    }

    #[test]
    fn numbering_labels_are_not_edited() {
        let numbering = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;
        let b = package(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>总体情况说明</w:t></w:r></w:p>"#,
            DOCX_TYPE,
            &[("word/numbering.xml", numbering.as_bytes())],
        );
        let t = text(&b);
        assert_eq!(t, "一、总体情况说明\n");
        let label = replace(&t, "一、总", "二、总");
        let words = replace(&t, "说明", "");
        let f = fixed(&b, std::slice::from_ref(&label), None);
        assert_eq!(f.refused, [(label, Refusal::Numbering)]);
        let f = fixed(&b, &[words], None);
        assert_eq!(text(&f.bytes), "一、总体情况\n");
        // The numbering part is copied as it was.
        let mut z = zip::ZipArchive::new(Cursor::new(&f.bytes)).unwrap();
        let mut s = String::new();
        z.by_name("word/numbering.xml")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, numbering);
    }

    const TWO_TABLES: &str = r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>二、主动公开</w:t></w:r></w:p><w:p><w:r><w:t>正文</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:tc><w:p><w:r><w:t>2</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:tbl><w:tr><w:tc><w:p><w:r><w:t>3</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>"#;

    #[test]
    fn inserted_headings_copy_their_model_between_blocks_only() {
        let b = doc(TWO_TABLES);
        let t = text(&b);
        assert_eq!(t, "二、主动公开\n正文\n1\n2\n3\t\n");
        let before_table = Edit::insert(t.find("1\n").unwrap(), "三、收到\n\n");
        let f = fixed(&b, &[before_table], Some(0));
        assert_eq!(text(&f.bytes), "二、主动公开\n正文\n三、收到\n1\n2\n3\t\n");
        assert!(xml(&f.bytes).contains(
            r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>三、收到</w:t></w:r></w:p><w:tbl>"#
        ));
        // Between two tables, and at the end: the nearest paragraph's format.
        let between = Edit::insert(t.find("3\t").unwrap(), "四、复议\n\n");
        let end = Edit::insert(t.len(), "五、问题\n");
        let f = fixed(&b, &[between, end], None);
        assert_eq!(
            text(&f.bytes),
            "二、主动公开\n正文\n1\n2\n四、复议\n3\t\n五、问题\n"
        );
        // Inside a table, or inside a paragraph (after a line break): refused.
        let inside = Edit::insert(t.find("2\n").unwrap(), "三、收到\n");
        let f = fixed(&b, std::slice::from_ref(&inside), None);
        assert_eq!(f.refused, [(inside, Refusal::InsideTable)]);
        let b = doc(r#"<w:p><w:r><w:t>甲</w:t><w:br/><w:t>乙</w:t></w:r></w:p>"#);
        let mid = Edit::insert("甲\n".len(), "丙\n");
        let f = fixed(&b, std::slice::from_ref(&mid), None);
        assert_eq!(f.refused, [(mid, Refusal::NotAtBoundary)]);
    }

    #[test]
    fn inserted_rows_copy_their_neighbour() {
        let b = doc(TWO_TABLES);
        let t = text(&b);
        let row = Edit::insert(t.len(), "4\t5\n");
        let f = fixed(&b, &[row], None);
        assert_eq!(text(&f.bytes), "二、主动公开\n正文\n1\n2\n3\t\n4\t5\n");
        let misfit = Edit::insert(t.len(), "4\t5\t6\n");
        let f = fixed(&b, std::slice::from_ref(&misfit), None);
        assert_eq!(f.refused, [(misfit, Refusal::RowShape)]);
    }

    #[test]
    fn nothing_to_do_keeps_the_bytes() {
        let b = doc(TWO_TABLES);
        let f = fixed(&b, &[], None);
        assert_eq!((f.applied, f.bytes == b), (0, true));
    }

    #[test]
    fn macro_documents_templates_and_damaged_packages_are_refused() {
        assert_eq!(check_name("报告.docm"), Err(FixError::MacroEnabled));
        assert_eq!(check_name("模板.DOTX"), Err(FixError::Template));
        assert_eq!(check_name("报告.docx"), Ok(()));
        let none = |_: &str| Vec::new();
        let docm = package(
            "<w:p/>",
            "application/vnd.ms-word.document.macroEnabled.main+xml",
            &[],
        );
        assert_eq!(
            fix(&docm, &Limits::DEFAULT, none).unwrap_err(),
            FixError::MacroEnabled
        );
        let dotx = package(
            "<w:p/>",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
            &[],
        );
        assert_eq!(
            fix(&dotx, &Limits::DEFAULT, none).unwrap_err(),
            FixError::Template
        );
        let vba = package("<w:p/>", DOCX_TYPE, &[("word/vbaProject.bin", b"\0")]);
        assert_eq!(
            fix(&vba, &Limits::DEFAULT, none).unwrap_err(),
            FixError::MacroEnabled
        );
        let good = doc("<w:p/>");
        let cut = &good[..good.len() - 5];
        assert!(matches!(
            fix(cut, &Limits::DEFAULT, none),
            Err(FixError::Input(_))
        ));
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.extend_from_slice(&[0; 64]);
        assert_eq!(
            fix(&ole, &Limits::DEFAULT, none).unwrap_err(),
            FixError::Input(InputError::LegacyWord)
        );
    }
}
