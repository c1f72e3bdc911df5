//! Word's automatic numbering. Typing "一、" at the start of a line in Chinese
//! Word or WPS often turns it into a numbered list: the document then holds
//! "总体情况" and a reference to a list in `word/numbering.xml`, not the text
//! "一、". The report text needs the number as the reader sees it, so each
//! numbered paragraph gets its label ("一、", "（三）", "1.") computed here, in
//! document order, from the list definitions (directly or through the
//! paragraph's style in `word/styles.xml`).
//!
//! Best effort: missing or malformed numbering or style parts give no labels,
//! never an error.

use super::docx::attr;
use super::map::chinese_number;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;
use std::collections::{HashMap, HashSet};

/// List levels (`w:ilvl` 0..=8).
const LEVELS: usize = 9;
/// Longest `w:basedOn` chain followed.
const MAX_STYLE_DEPTH: usize = 16;
/// Longest level text, number format or suffix kept (Word's are a few
/// characters: "%1、", "chineseCounting"); longer values are ignored, so that
/// a label costs little however many paragraphs are numbered.
const MAX_VALUE_CHARS: usize = 64;
/// Largest letter count of a letter format ("AA…"); larger numbers are digits.
const MAX_LETTERS: usize = 8;

#[derive(Clone, Debug, Default, PartialEq)]
struct Level {
    start: usize,
    format: String,
    text: String,
    /// What follows the label: "tab" (the default), "space" or "nothing".
    suffix: String,
    legal: bool,
}

#[derive(Clone, Debug, Default)]
struct Num {
    abstract_id: String,
    /// `w:lvlOverride/w:startOverride` per level.
    start_overrides: HashMap<usize, usize>,
}

#[derive(Clone, Debug, Default)]
struct StyleNum {
    num_id: Option<String>,
    level: Option<usize>,
    based_on: Option<String>,
}

/// The numbering of one document, with its counters.
#[derive(Clone, Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    nums: HashMap<String, Num>,
    styles: HashMap<String, StyleNum>,
    /// Current count per list (abstract numbering) and level.
    counters: HashMap<String, [Option<usize>; LEVELS]>,
    /// Lists whose start overrides were applied.
    started: HashSet<String>,
}

fn num_attr(e: &BytesStart, name: &[u8]) -> Option<usize> {
    attr(e, name)?.parse().ok()
}

/// A short text attribute (at most `MAX_VALUE_CHARS` characters).
fn short_attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    attr(e, name).filter(|v| v.chars().count() <= MAX_VALUE_CHARS)
}

/// Calls `f` with each start and empty element of an XML part, in order; a
/// malformed part ends early (what was read so far is kept).
fn elements(xml: &[u8], mut f: impl FnMut(&BytesStart)) {
    let mut r = Reader::from_reader(xml);
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => f(&e),
            Ok(Event::Eof) | Err(_) => return,
            _ => {}
        }
    }
}

impl Numbering {
    /// Reads `word/numbering.xml` and `word/styles.xml` (either may be absent).
    pub fn parse(numbering: Option<&[u8]>, styles: Option<&[u8]>) -> Numbering {
        let mut n = Numbering::default();
        if let Some(xml) = numbering {
            n.parse_numbering(xml);
        }
        if let Some(xml) = styles {
            n.parse_styles(xml);
        }
        n
    }

    fn parse_numbering(&mut self, xml: &[u8]) {
        // Where we are: the abstract numbering, num and level being read.
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut level: Option<usize> = None;
        let mut override_level: Option<usize> = None;
        elements(xml, |e| {
            let name = e.local_name();
            match name.as_ref() {
                b"abstractNum" => {
                    abstract_id = attr(e, b"abstractNumId");
                    num_id = None;
                    if let Some(id) = &abstract_id {
                        self.abstracts
                            .entry(id.clone())
                            .or_insert_with(|| vec![Level::default(); LEVELS]);
                    }
                }
                b"num" => {
                    num_id = attr(e, b"numId");
                    abstract_id = None;
                }
                b"abstractNumId" => {
                    if let (Some(id), Some(a)) = (&num_id, attr(e, b"val")) {
                        self.nums.entry(id.clone()).or_default().abstract_id = a;
                    }
                }
                b"lvlOverride" => override_level = num_attr(e, b"ilvl"),
                b"startOverride" => {
                    if let (Some(id), Some(l), Some(v)) = (
                        &num_id,
                        override_level.filter(|l| *l < LEVELS),
                        num_attr(e, b"val"),
                    ) {
                        self.nums
                            .entry(id.clone())
                            .or_default()
                            .start_overrides
                            .insert(l, v);
                    }
                }
                b"lvl" if num_id.is_none() => {
                    level = num_attr(e, b"ilvl").filter(|l| *l < LEVELS);
                    if let Some(l) = self.level_mut(&abstract_id, level) {
                        *l = Level {
                            start: 1,
                            suffix: "tab".to_string(),
                            ..Level::default()
                        };
                    }
                }
                b"start" => {
                    if let (Some(v), Some(l)) =
                        (num_attr(e, b"val"), self.level_mut(&abstract_id, level))
                    {
                        l.start = v;
                    }
                }
                b"numFmt" => {
                    if let (Some(v), Some(l)) =
                        (short_attr(e, b"val"), self.level_mut(&abstract_id, level))
                    {
                        l.format = v;
                    }
                }
                b"lvlText" => {
                    if let (Some(v), Some(l)) =
                        (short_attr(e, b"val"), self.level_mut(&abstract_id, level))
                    {
                        l.text = v;
                    }
                }
                b"suff" => {
                    if let (Some(v), Some(l)) =
                        (short_attr(e, b"val"), self.level_mut(&abstract_id, level))
                    {
                        l.suffix = v;
                    }
                }
                b"isLgl" => {
                    if let Some(l) = self.level_mut(&abstract_id, level) {
                        l.legal = attr(e, b"val").is_none_or(|v| v != "0" && v != "false");
                    }
                }
                _ => {}
            }
        });
    }

    fn level_mut(
        &mut self,
        abstract_id: &Option<String>,
        level: Option<usize>,
    ) -> Option<&mut Level> {
        let levels = self.abstracts.get_mut(abstract_id.as_ref()?)?;
        levels.get_mut(level?)
    }

    fn parse_styles(&mut self, xml: &[u8]) {
        let mut style: Option<String> = None;
        elements(xml, |e| {
            let name = e.local_name();
            match name.as_ref() {
                b"style" => {
                    style = attr(e, b"styleId");
                    if let Some(s) = &style {
                        self.styles.insert(s.clone(), StyleNum::default());
                    }
                }
                b"basedOn" => {
                    if let Some(s) = style.as_ref().and_then(|s| self.styles.get_mut(s)) {
                        s.based_on = attr(e, b"val");
                    }
                }
                b"numId" => {
                    if let Some(s) = style.as_ref().and_then(|s| self.styles.get_mut(s)) {
                        s.num_id = attr(e, b"val");
                    }
                }
                b"ilvl" => {
                    if let Some(s) = style.as_ref().and_then(|s| self.styles.get_mut(s)) {
                        s.level = num_attr(e, b"val");
                    }
                }
                _ => {}
            }
        });
    }

    /// The numbering a style gives, following `w:basedOn`.
    fn style_numbering(&self, style: &str) -> (Option<String>, Option<usize>) {
        let mut id = style;
        let (mut num, mut level) = (None, None);
        for _ in 0..MAX_STYLE_DEPTH {
            let Some(s) = self.styles.get(id) else {
                break;
            };
            num = num.or_else(|| s.num_id.clone());
            level = level.or(s.level);
            match &s.based_on {
                Some(b) => id = b,
                None => break,
            }
        }
        (num, level)
    }

    /// The label of the next paragraph with this numbering (direct `w:numPr`
    /// values, else its style's), advancing the list's counters; `None` when
    /// the paragraph is not numbered or is a bullet.
    pub fn label(
        &mut self,
        num_id: Option<&str>,
        level: Option<usize>,
        style: Option<&str>,
    ) -> Option<String> {
        let (style_num, style_level) = style.map(|s| self.style_numbering(s)).unwrap_or_default();
        let num_id = num_id.map(str::to_string).or(style_num)?;
        let level = level.or(style_level).unwrap_or(0).min(LEVELS - 1);
        let num = self.nums.get(&num_id)?;
        let levels = self.abstracts.get(&num.abstract_id)?;
        let counters = self
            .counters
            .entry(num.abstract_id.clone())
            .or_insert([None; LEVELS]);
        if self.started.insert(num_id.clone()) {
            for (l, start) in &num.start_overrides {
                counters[*l] = Some(start.saturating_sub(1));
            }
        }
        let lvl = &levels[level];
        counters[level] = Some(match counters[level] {
            Some(c) => c.saturating_add(1),
            None => lvl.start,
        });
        for deeper in counters.iter_mut().skip(level + 1) {
            *deeper = None;
        }
        if lvl.format == "bullet" {
            return None;
        }
        let mut label = String::new();
        let mut chars = lvl.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let l = (d as usize).saturating_sub(1).min(LEVELS - 1);
                    let value = counters[l].unwrap_or(levels[l].start);
                    let format = if lvl.legal && l != level {
                        "decimal"
                    } else {
                        levels[l].format.as_str()
                    };
                    label.push_str(&format_number(value, format));
                    continue;
                }
            }
            label.push(c);
        }
        if label.is_empty() {
            return None;
        }
        match lvl.suffix.as_str() {
            "nothing" => {}
            _ => label.push(' '),
        }
        Some(label)
    }
}

/// A list number in a Word number format (`w:numFmt`).
fn format_number(n: usize, format: &str) -> String {
    const TIANGAN: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
    const DIZHI: [char; 12] = [
        '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
    ];
    const LEGAL: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
    match format {
        "none" => String::new(),
        "decimalZero" if n < 10 => format!("0{n}"),
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "ideographDigital" => chinese_number(n),
        "chineseLegalSimplified" if n < 10 => LEGAL[n].to_string(),
        "ideographTraditional" if (1..=10).contains(&n) => TIANGAN[n - 1].to_string(),
        "ideographZodiac" if (1..=12).contains(&n) => DIZHI[n - 1].to_string(),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n as u32 - 1).map_or(n.to_string(), String::from)
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => {
            char::from_u32(0x2474 + n as u32 - 1).map_or(n.to_string(), String::from)
        }
        "decimalEnclosedFullstop" if (1..=20).contains(&n) => {
            char::from_u32(0x2488 + n as u32 - 1).map_or(n.to_string(), String::from)
        }
        "upperLetter" | "lowerLetter" if n > 0 && (n - 1) / 26 < MAX_LETTERS => {
            let letter = (b'A' + ((n - 1) % 26) as u8) as char;
            let s = letter.to_string().repeat((n - 1) / 26 + 1);
            if format == "lowerLetter" {
                s.to_lowercase()
            } else {
                s
            }
        }
        "upperRoman" | "lowerRoman" if (1..4000).contains(&n) => {
            let s = roman(n);
            if format == "lowerRoman" {
                s.to_lowercase()
            } else {
                s
            }
        }
        _ => n.to_string(),
    }
}

fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
    </w:numbering>"#;

    const STYLES: &str = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Mine"><w:basedOn w:val="1"/></w:style>
    </w:styles>"#;

    #[test]
    fn chinese_lists_count_and_restart_levels() {
        let mut n = Numbering::parse(Some(NUMBERING.as_bytes()), Some(STYLES.as_bytes()));
        let mut next =
            |num: Option<&str>, lvl: Option<usize>, style: Option<&str>| n.label(num, lvl, style);
        assert_eq!(next(Some("1"), Some(0), None).as_deref(), Some("一、"));
        assert_eq!(next(Some("1"), Some(1), None).as_deref(), Some("（一）"));
        assert_eq!(next(Some("1"), Some(1), None).as_deref(), Some("（二）"));
        assert_eq!(next(Some("1"), Some(2), None).as_deref(), Some("1. "));
        // Through a style, and a style based on it: the same list goes on.
        assert_eq!(next(None, None, Some("1")).as_deref(), Some("二、"));
        assert_eq!(next(None, Some(1), Some("Mine")).as_deref(), Some("（一）"));
        // A restarted list instance of the same list.
        assert_eq!(next(Some("3"), Some(2), None).as_deref(), Some("5. "));
        assert_eq!(next(Some("3"), Some(2), None).as_deref(), Some("6. "));
        // Bullets and unnumbered paragraphs have no label.
        assert_eq!(next(Some("2"), Some(0), None), None);
        assert_eq!(next(None, None, None), None);
        assert_eq!(next(Some("0"), Some(0), None), None);
        assert_eq!(next(None, None, Some("Normal")), None);
    }

    #[test]
    fn number_formats() {
        let f = |n, fmt| format_number(n, fmt);
        assert_eq!(f(12, "chineseCounting"), "十二");
        assert_eq!(f(3, "ideographTraditional"), "丙");
        assert_eq!(f(3, "chineseLegalSimplified"), "叁");
        assert_eq!(f(12, "decimalFullWidth"), "１２");
        assert_eq!(f(2, "decimalEnclosedCircle"), "②");
        assert_eq!(f(2, "decimalEnclosedParen"), "⑵");
        assert_eq!(f(28, "upperLetter"), "BB");
        assert_eq!(f(14, "lowerRoman"), "xiv");
        assert_eq!(f(7, "decimalZero"), "07");
        assert_eq!(f(7, "someNewFormat"), "7");
        // A huge start value gives digits, not megabytes of letters.
        assert_eq!(f(1_000_000_000, "upperLetter"), "1000000000");
    }

    #[test]
    fn broken_parts_give_no_labels() {
        let mut n = Numbering::parse(
            Some(b"<w:numbering><w:num w:numId=\"1\">"),
            Some(b"\xff\xfe<"),
        );
        assert_eq!(n.label(Some("1"), Some(0), None), None);
    }
}
