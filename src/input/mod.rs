//! Inputs as users have them: text files in any common encoding (`decode`),
//! Word documents (`docx`), published web pages (`html`) and PDFs (`pdf`).
//!
//! A document is converted into the report text the parser already reads (each
//! paragraph one line, each table row one line with its cells joined by TAB) and
//! a [`PositionMap`] from byte ranges of that text back to places a user can find
//! in the original: "表三 第5行 第2列" or "第12段「…」". Findings are computed on
//! the text by the normal `analysis::analyze`; only their locations are
//! translated.
//!
//! Every reader works within the input [`Limits`] (`limits`): bytes, text,
//! table cells, nesting depth.
//!
//! Pure like the analysis core: bytes in, text and map out; no file I/O.

pub mod decode;
pub mod docx;
pub mod docx_map;
pub mod docx_write;
pub mod html;
pub mod limits;
mod map;
mod numbering;
pub mod pdf;

pub use limits::{Limit, Limits};
pub use map::{Place, PositionMap};

use crate::analysis::config::Lang;
use crate::tr;
use std::path::Path;

/// The kinds of input `nianbao check` reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Plain text or Markdown in any supported encoding.
    Text,
    /// A Word/WPS document (Office Open XML, `.docx`).
    Docx,
    /// A web page.
    Html,
    /// A PDF (its text layer).
    Pdf,
}

impl Kind {
    /// The kind a file name's extension stands for, if it is one nianbao reads.
    pub fn from_path(path: &Path) -> Option<Kind> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "md" | "markdown" => Some(Kind::Text),
            "docx" => Some(Kind::Docx),
            "html" | "htm" | "shtml" | "xhtml" => Some(Kind::Html),
            "pdf" => Some(Kind::Pdf),
            _ => None,
        }
    }

    /// The kind of an input known by its extension, or else by its first bytes
    /// (standard input, a file without a known extension).
    pub fn detect(path: Option<&Path>, bytes: &[u8]) -> Kind {
        if let Some(kind) = path.and_then(Kind::from_path) {
            return kind;
        }
        if bytes.starts_with(docx::ZIP_MAGIC) {
            return Kind::Docx;
        }
        if pdf::looks_like_pdf(bytes) {
            return Kind::Pdf;
        }
        if html::looks_like_html(bytes) {
            return Kind::Html;
        }
        Kind::Text
    }

    /// The kind's name for people: "Word 文档（.docx）".
    pub fn name_zh(self) -> &'static str {
        match self {
            Kind::Text => "文本",
            Kind::Docx => "Word（.docx）",
            Kind::Html => "网页（HTML）",
            Kind::Pdf => "PDF",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Docx => "Word document (.docx)",
            Kind::Html => "web page (HTML)",
            Kind::Pdf => "PDF",
        }
    }

    /// Whether `--fix` can write this kind back.
    pub fn fixable(self) -> bool {
        matches!(self, Kind::Text | Kind::Docx)
    }
}

/// The report text of a file's bytes, whatever its kind (by the file name's
/// extension, else by the first bytes), within `limits`.
pub fn text_of(path: Option<&Path>, bytes: &[u8], limits: &Limits) -> Result<String, InputError> {
    limits.check_bytes(bytes.len() as u64)?;
    match Kind::detect(path, bytes) {
        Kind::Text => Ok(decode_text(bytes, limits)?.text),
        Kind::Docx => Ok(docx::convert(bytes, limits)?.text),
        Kind::Html => Ok(html::convert(bytes, limits)?.text),
        Kind::Pdf => Ok(pdf::convert(bytes, limits)?.text),
    }
}

/// Decodes a text file within the `text` limit (as `decode::decode_within`);
/// binary content is named by what it is when its first
/// bytes tell (a PDF, Word document or old Office file under a text file's
/// name), so that the message says what to do.
pub fn decode_text(bytes: &[u8], limits: &Limits) -> Result<decode::Decoded, InputError> {
    limits.check_text(bytes.len() / 2)?;
    let d = decode::decode(bytes).map_err(|e| match e {
        decode::DecodeError::Binary if bytes.starts_with(docx::ZIP_MAGIC) => {
            InputError::Misnamed(Kind::Docx)
        }
        decode::DecodeError::Binary if pdf::looks_like_pdf(bytes) => {
            InputError::Misnamed(Kind::Pdf)
        }
        decode::DecodeError::Binary if bytes.starts_with(docx::OLE_MAGIC) => InputError::LegacyWord,
        e => e.into(),
    })?;
    limits.check_text(d.text.len())?;
    Ok(d)
}

/// A document converted to report text.
#[derive(Clone, Debug)]
pub struct Document {
    /// The report text: paragraphs and table rows, one per line.
    pub text: String,
    /// Where each part of `text` came from.
    pub map: PositionMap,
}

/// Why an input could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    /// A text or web page with binary data.
    Binary,
    /// A file named as text whose content is a document of this kind.
    Misnamed(Kind),
    /// A text in an unknown encoding.
    Undecodable,
    /// A `.docx` that is not a zip archive at all.
    NotZip,
    /// A Word 97–2003 `.doc` file, or an encrypted `.docx` (both are OLE files).
    LegacyWord,
    /// A zip archive without `word/document.xml`.
    NoDocumentXml,
    /// A damaged or truncated zip archive (detail from the zip reader).
    CorruptZip(String),
    /// `word/document.xml` is not well-formed XML (detail from the XML reader).
    BadXml(String),
    /// Over one of the input limits (which, and its value).
    TooLarge(Limit, u64),
    /// A part of a `.docx` (its name) is larger than the `bytes` limit (its
    /// value) once uncompressed.
    PartTooLarge(String, u64),
    /// A PDF that opens only with a password.
    PdfEncrypted,
    /// A PDF without a text layer (scanned pages).
    PdfScanned,
    /// A PDF whose text cannot be decoded (fonts without a Unicode map).
    PdfNoUnicode,
    /// A damaged or truncated PDF (detail from the PDF reader).
    PdfDamaged(String),
    /// A PDF larger or more complex than nianbao reads (what ran out).
    PdfTooComplex(String),
}

impl From<decode::DecodeError> for InputError {
    fn from(e: decode::DecodeError) -> Self {
        match e {
            decode::DecodeError::Binary => InputError::Binary,
            decode::DecodeError::Undecodable => InputError::Undecodable,
        }
    }
}

impl InputError {
    /// The message shown to the user after the file name.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            InputError::Binary => tr!(
                lang,
                "无法检查：文件含二进制数据，不是文本报告；nianbao 检查文本（.txt、.md）、Word（.docx）、网页（.html）和 PDF（.pdf）格式的报告，其他格式请先另存为其中一种"
                    .to_string(),
                "cannot check: binary data, not a text report; nianbao checks reports as text (.txt, .md), Word (.docx), web pages (.html) and PDF (.pdf): save other formats as one of these first"
                    .to_string()
            ),
            InputError::Misnamed(kind) => {
                let ext = match kind {
                    Kind::Docx => ".docx",
                    Kind::Pdf => ".pdf",
                    Kind::Html => ".html",
                    Kind::Text => ".txt",
                };
                tr!(
                    lang,
                    format!(
                        "无法检查：文件内容是 {} 文件，扩展名却是文本文件的；请把文件名改为以 {ext} 结尾后再检查",
                        kind.name_zh()
                    ),
                    format!(
                        "cannot check: the file holds a {} but is named as a text file; rename it to end in {ext} and check it again",
                        kind.name_en()
                    )
                )
            }
            InputError::Undecodable => tr!(
                lang,
                "无法检查：文件编码无法识别（支持 UTF-8、UTF-16、GB18030/GBK）".to_string(),
                "cannot check: unknown text encoding (UTF-8, UTF-16 and GB18030/GBK are supported)"
                    .to_string()
            ),
            InputError::NotZip => tr!(
                lang,
                "无法检查：不是有效的 Word 文档（.docx 文件应是 zip 压缩包）".to_string(),
                "cannot check: not a valid Word document (a .docx file is a zip archive)"
                    .to_string()
            ),
            InputError::LegacyWord => tr!(
                lang,
                "无法检查：这是旧版 Word 97-2003（.doc）文件或加密的文档，请在 Word/WPS 中另存为不加密的 .docx"
                    .to_string(),
                "cannot check: a Word 97-2003 (.doc) or encrypted document; save it as an unencrypted .docx in Word/WPS"
                    .to_string()
            ),
            InputError::NoDocumentXml => tr!(
                lang,
                "无法检查：压缩包中没有 word/document.xml，不是 Word 文档".to_string(),
                "cannot check: the zip archive has no word/document.xml; not a Word document"
                    .to_string()
            ),
            InputError::CorruptZip(d) => tr!(
                lang,
                format!("无法检查：Word 文档已损坏或不完整（{d}）"),
                format!("cannot check: the Word document is damaged or truncated ({d})")
            ),
            InputError::BadXml(d) => tr!(
                lang,
                format!("无法检查：Word 文档内容（word/document.xml）有错误：{d}"),
                format!("cannot check: the Word document's word/document.xml is malformed: {d}")
            ),
            InputError::TooLarge(limit, max) => {
                let (name, value) = (limit.name(), limit.show(*max));
                let what = match limit {
                    Limit::Bytes => tr!(
                        lang,
                        format!("文件大于输入上限 {name} = {value}"),
                        format!("the file is larger than the input limit {name} = {value}")
                    ),
                    Limit::Text => tr!(
                        lang,
                        format!("读出的报告文本大于上限 {name} = {value}"),
                        format!("the report text read is larger than the limit {name} = {value}")
                    ),
                    Limit::Cells => tr!(
                        lang,
                        format!("文档的表格（合并单元格按所占格数计）超过上限 {name} = {value} 个单元格"),
                        format!(
                            "the document's tables (merged cells counted as the cells they cover) exceed the limit {name} = {value} cells"
                        )
                    ),
                    Limit::Nodes => tr!(
                        lang,
                        format!(
                            "文档的节点（网页的元素、文字和注释，或 Word 的段落和单元格）超过上限 {name} = {value} 个"
                        ),
                        format!(
                            "the document has more nodes (web page elements, texts and comments, or Word paragraphs and cells) than the limit {name} = {value}"
                        )
                    ),
                    Limit::Depth => tr!(
                        lang,
                        format!("文档嵌套深于上限 {name} = {value}"),
                        format!("the document is nested deeper than the limit {name} = {value}")
                    ),
                };
                too_large(lang, &what, *limit)
            }
            InputError::PartTooLarge(part, max) => {
                let what = tr!(
                    lang,
                    format!(
                        "Word 文档中的 {part} 解压后大于输入上限 bytes = {}",
                        Limit::Bytes.show(*max)
                    ),
                    format!(
                        "the Word document's {part} is larger than the input limit bytes = {} once uncompressed",
                        Limit::Bytes.show(*max)
                    )
                );
                too_large(lang, &what, Limit::Bytes)
            }
            InputError::PdfEncrypted => tr!(
                lang,
                "无法检查：PDF 已加密，需要密码才能打开；请提供不加密的版本".to_string(),
                "cannot check: the PDF is encrypted and opens only with a password; provide an unencrypted copy"
                    .to_string()
            ),
            InputError::PdfScanned => tr!(
                lang,
                "扫描件，没有文字层，无法检查（请提供 Word 原稿或带文字的 PDF，或先做文字识别）".to_string(),
                "cannot check: a scanned PDF without a text layer (provide the Word original or a PDF with text, or run OCR first)"
                    .to_string()
            ),
            InputError::PdfNoUnicode => tr!(
                lang,
                "无法检查：PDF 的字体没有文字编码映射（ToUnicode），文字无法识别".to_string(),
                "cannot check: the PDF's fonts have no Unicode map (ToUnicode); its text cannot be read"
                    .to_string()
            ),
            InputError::PdfDamaged(d) => tr!(
                lang,
                format!("无法检查：PDF 文件已损坏或不完整（{d}）"),
                format!("cannot check: the PDF is damaged or truncated ({d})")
            ),
            InputError::PdfTooComplex(d) => tr!(
                lang,
                format!(
                    "无法检查：PDF 过大或过于复杂，超出读取上限（{d}）（如确是报告，可用 --limit {}=… 或 nianbao.toml 的 [limits] 提高上限）",
                    pdf_limit(d)
                ),
                format!(
                    "cannot check: the PDF is larger or more complex than nianbao reads ({d}) (if it is a real report, raise the limit with --limit {}=… or [limits] in nianbao.toml)",
                    pdf_limit(d)
                )
            ),
        }
    }
}

/// The input limit that raises the PDF reader's bound `what` (see
/// [`pdf::Limits::under`]).
fn pdf_limit(what: &str) -> &'static str {
    match what {
        "glyphs" => Limit::Text.name(),
        "operators" | "pages" => Limit::Nodes.name(),
        "rules" => Limit::Cells.name(),
        _ => Limit::Bytes.name(),
    }
}

/// "cannot check: WHAT; to check it anyway, raise the limit …".
fn too_large(lang: Lang, what: &str, limit: Limit) -> String {
    let name = limit.name();
    tr!(
        lang,
        format!(
            "无法检查：{what}（如确是报告，可用 --limit {name}=… 或 nianbao.toml 的 [limits] {name} 提高上限）"
        ),
        format!(
            "cannot check: {what} (if it is a real report, raise the limit with --limit {name}=… or [limits] {name} in nianbao.toml)"
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_by_extension_then_content() {
        let p = |s: &str| Kind::detect(Some(Path::new(s)), b"");
        assert_eq!(p("a/报告.DOCX"), Kind::Docx);
        assert_eq!(p("r.htm"), Kind::Html);
        assert_eq!(p("r.md"), Kind::Text);
        assert_eq!(Kind::detect(None, b"PK\x03\x04rest"), Kind::Docx);
        assert_eq!(
            Kind::detect(Some(Path::new("noext")), b"  <!DOCTYPE html><html>"),
            Kind::Html
        );
        assert_eq!(Kind::detect(None, "一、总体情况".as_bytes()), Kind::Text);
        assert_eq!(Kind::detect(None, b"%PDF-1.7\n%\xe2\xe3"), Kind::Pdf);
        assert_eq!(p("年报.PDF"), Kind::Pdf);
        // A known extension wins over the content.
        assert_eq!(
            Kind::detect(Some(Path::new("r.txt")), b"PK\x03\x04"),
            Kind::Text
        );
    }
}
