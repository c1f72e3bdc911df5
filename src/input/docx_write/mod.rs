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
use super::{Document, InputError};
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
/// `MAX_ROUNDS`).
pub fn fix(
    bytes: &[u8],
    mut edits_of: impl FnMut(&str) -> Vec<DocEdit>,
) -> Result<Fixed, FixError> {
    let parts = docx::read(bytes)?;
    let package = Package::read(bytes)?;
    check_kind(bytes, &package)?;
    let numbering = parts.numbering;
    let mut xml = parts.xml;
    let (mut document, mut map) = docx::parse(&xml, numbering.clone())?;
    let (mut applied, mut refused) = (0, Vec::new());
    for _ in 0..MAX_ROUNDS {
        let edits = edits_of(&document.text);
        let cur = plan::Current {
            xml: &xml,
            document: &document,
            map: &map,
            numbering: &numbering,
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
    if docx::convert(&out)?.text != document.text {
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
