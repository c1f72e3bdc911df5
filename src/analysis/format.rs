//! The national report format (国办公开办函〔2021〕30号) as data: the six
//! sections, the labels of tables 2, 3 and 4, and the markers of the outdated
//! 2019 trial format. See `shared/spec/report-format.md`, sections 1–7.
//!
//! Everything else in the analysis refers to these identifiers; no other module
//! spells a canonical label.

use crate::analysis::normalize::norm_string;
use std::sync::OnceLock;

/// The six sections of a report, in the order the format fixes (§1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SectionId {
    Overview,
    Proactive,
    Requests,
    Reviews,
    Problems,
    Other,
}

impl SectionId {
    pub const ALL: [SectionId; 6] = [
        SectionId::Overview,
        SectionId::Proactive,
        SectionId::Requests,
        SectionId::Reviews,
        SectionId::Problems,
        SectionId::Other,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The Chinese numeral that numbers the section (一 … 六).
    pub fn numeral(self) -> char {
        ['一', '二', '三', '四', '五', '六'][self.index()]
    }

    /// The canonical title without its numeral.
    pub fn title(self) -> &'static str {
        match self {
            SectionId::Overview => "总体情况",
            SectionId::Proactive => "主动公开政府信息情况",
            SectionId::Requests => "收到和处理政府信息公开申请情况",
            SectionId::Reviews => "政府信息公开行政复议、行政诉讼情况",
            SectionId::Problems => "存在的主要问题及改进情况",
            SectionId::Other => "其他需要报告的事项",
        }
    }

    /// The canonical heading, e.g. `一、总体情况`.
    pub fn heading(self) -> String {
        format!("{}、{}", self.numeral(), self.title())
    }

    /// Wordings seen in real reports that mean the same section (§1).
    pub fn variants(self) -> &'static [&'static str] {
        match self {
            SectionId::Overview => &["总体情况概述", "基本情况", "工作总体情况"],
            SectionId::Proactive => &["主动公开政府信息的情况", "主动公开政府信息"],
            SectionId::Requests => &[
                "收到和处理政府信息公开的申请情况",
                "收到和处理政府信息公开申请",
                "收到和处理政府信息公开申请的情况",
            ],
            SectionId::Reviews => &[
                "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
                "政府信息公开行政复议和行政诉讼情况",
                "政府信息公开行政复议及行政诉讼情况",
                "因政府信息公开被申请行政复议、提起行政诉讼情况",
                "政府信息公开行政复议、行政诉讼",
                "行政复议、行政诉讼情况",
            ],
            SectionId::Problems => &[
                "政府信息公开工作存在的主要问题及改进情况",
                "存在的主要问题及改进措施",
                "政府信息公开工作存在的主要问题及改进措施",
                "存在的主要问题和改进情况",
                "存在的主要问题及改进",
            ],
            SectionId::Other => &["其他事项", "其他需要报告的事情", "其他需要说明的事项"],
        }
    }

    /// Key words that identify a numbered heading as this section even in an
    /// unseen wording: every word of one of the sets must occur.
    pub fn keys(self) -> &'static [&'static [&'static str]] {
        match self {
            SectionId::Overview => &[&["总体情况"], &["总体", "概况"]],
            SectionId::Proactive => &[&["主动公开", "情况"], &["主动公开政府信息"]],
            SectionId::Requests => &[&["收到", "处理", "申请"], &["依申请公开", "情况"]],
            SectionId::Reviews => &[&["行政复议", "行政诉讼"]],
            SectionId::Problems => &[&["问题", "改进"], &["问题", "整改"]],
            SectionId::Other => &[&["其他", "事项"], &["其他需要报告"]],
        }
    }

    pub fn from_numeral(c: char) -> Option<SectionId> {
        let i = "一二三四五六".chars().position(|n| n == c)?;
        Some(SectionId::ALL[i])
    }

    /// The table the section must contain, if any.
    pub fn table(self) -> Option<TableId> {
        match self {
            SectionId::Proactive => Some(TableId::T2),
            SectionId::Requests => Some(TableId::T3),
            SectionId::Reviews => Some(TableId::T4),
            _ => None,
        }
    }
}

/// The three statistical tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableId {
    T2,
    T3,
    T4,
}

impl TableId {
    pub fn section(self) -> SectionId {
        match self {
            TableId::T2 => SectionId::Proactive,
            TableId::T3 => SectionId::Requests,
            TableId::T4 => SectionId::Reviews,
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            TableId::T2 => "表二",
            TableId::T3 => "表三",
            TableId::T4 => "表四",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            TableId::T2 => "table 2",
            TableId::T3 => "table 3",
            TableId::T4 => "table 4",
        }
    }
}

/// A numbering marker in front of a label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Marker {
    /// `一、` … `四、` (top-level rows of table 3).
    Top(u8),
    /// `（一）` … `（七）`.
    Group(u8),
    /// `1.` … `8.`.
    Item(u8),
}

const CN_DIGITS: [char; 9] = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// The value of a Chinese numeral 一 … 九.
pub fn cn_digit(c: char) -> Option<u8> {
    CN_DIGITS.iter().position(|&d| d == c).map(|i| i as u8 + 1)
}

impl Marker {
    /// The canonical spelling, as in the national format.
    pub fn canonical(self) -> String {
        match self {
            Marker::Top(n) => format!("{}、", CN_DIGITS[n as usize - 1]),
            Marker::Group(n) => format!("（{}）", CN_DIGITS[n as usize - 1]),
            Marker::Item(n) => format!("{n}."),
        }
    }
}

/// The groups of table 3's result rows (§4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum T3Group {
    /// Rows outside any sub-group: 一, 二, （一）, （二）, （七）, 四.
    None,
    /// （三）不予公开
    Withheld,
    /// （四）无法提供
    Unable,
    /// （五）不予处理
    NotProcessed,
    /// （六）其他处理
    OtherHandling,
}

/// The 25 value rows of table 3, in canonical order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum T3Row {
    New,
    Carry,
    G1,
    G2,
    D1,
    D2,
    D3,
    D4,
    D5,
    D6,
    D7,
    D8,
    U1,
    U2,
    U3,
    P1,
    P2,
    P3,
    P4,
    P5,
    O1,
    O2,
    O3,
    Tot,
    Fwd,
}

/// A row of table 3 as the format spells it.
pub struct T3RowSpec {
    pub id: T3Row,
    pub marker: Marker,
    /// The label text after the marker, as in the format.
    pub text: &'static str,
    pub group: T3Group,
}

pub const T3_ROW_COUNT: usize = 25;

pub static T3_ROWS: [T3RowSpec; T3_ROW_COUNT] = {
    use Marker::*;
    use T3Group::*;
    use T3Row::*;
    [
        T3RowSpec {
            id: New,
            marker: Top(1),
            text: "本年新收政府信息公开申请数量",
            group: None,
        },
        T3RowSpec {
            id: Carry,
            marker: Top(2),
            text: "上年结转政府信息公开申请数量",
            group: None,
        },
        T3RowSpec {
            id: G1,
            marker: Group(1),
            text: "予以公开",
            group: None,
        },
        T3RowSpec {
            id: G2,
            marker: Group(2),
            text: "部分公开（区分处理的，只计这一情形，不计其他情形）",
            group: None,
        },
        T3RowSpec {
            id: D1,
            marker: Item(1),
            text: "属于国家秘密",
            group: Withheld,
        },
        T3RowSpec {
            id: D2,
            marker: Item(2),
            text: "其他法律行政法规禁止公开",
            group: Withheld,
        },
        T3RowSpec {
            id: D3,
            marker: Item(3),
            text: "危及“三安全一稳定”",
            group: Withheld,
        },
        T3RowSpec {
            id: D4,
            marker: Item(4),
            text: "保护第三方合法权益",
            group: Withheld,
        },
        T3RowSpec {
            id: D5,
            marker: Item(5),
            text: "属于三类内部事务信息",
            group: Withheld,
        },
        T3RowSpec {
            id: D6,
            marker: Item(6),
            text: "属于四类过程性信息",
            group: Withheld,
        },
        T3RowSpec {
            id: D7,
            marker: Item(7),
            text: "属于行政执法案卷",
            group: Withheld,
        },
        T3RowSpec {
            id: D8,
            marker: Item(8),
            text: "属于行政查询事项",
            group: Withheld,
        },
        T3RowSpec {
            id: U1,
            marker: Item(1),
            text: "本机关不掌握相关政府信息",
            group: Unable,
        },
        T3RowSpec {
            id: U2,
            marker: Item(2),
            text: "没有现成信息需要另行制作",
            group: Unable,
        },
        T3RowSpec {
            id: U3,
            marker: Item(3),
            text: "补正后申请内容仍不明确",
            group: Unable,
        },
        T3RowSpec {
            id: P1,
            marker: Item(1),
            text: "信访举报投诉类申请",
            group: NotProcessed,
        },
        T3RowSpec {
            id: P2,
            marker: Item(2),
            text: "重复申请",
            group: NotProcessed,
        },
        T3RowSpec {
            id: P3,
            marker: Item(3),
            text: "要求提供公开出版物",
            group: NotProcessed,
        },
        T3RowSpec {
            id: P4,
            marker: Item(4),
            text: "无正当理由大量反复申请",
            group: NotProcessed,
        },
        T3RowSpec {
            id: P5,
            marker: Item(5),
            text: "要求行政机关确认或重新出具已获取信息",
            group: NotProcessed,
        },
        T3RowSpec {
            id: O1,
            marker: Item(1),
            text: "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            group: OtherHandling,
        },
        T3RowSpec {
            id: O2,
            marker: Item(2),
            text: "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            group: OtherHandling,
        },
        T3RowSpec {
            id: O3,
            marker: Item(3),
            text: "其他",
            group: OtherHandling,
        },
        T3RowSpec {
            id: Tot,
            marker: Group(7),
            text: "总计",
            group: None,
        },
        T3RowSpec {
            id: Fwd,
            marker: Top(4),
            text: "结转下年度继续办理",
            group: None,
        },
    ]
};

impl T3Row {
    pub const ALL: [T3Row; T3_ROW_COUNT] = {
        let mut out = [T3Row::New; T3_ROW_COUNT];
        let mut i = 0;
        while i < T3_ROW_COUNT {
            out[i] = T3_ROWS[i].id;
            i += 1;
        }
        out
    };

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn spec(self) -> &'static T3RowSpec {
        &T3_ROWS[self.index()]
    }

    /// The 21 result rows whose sum is （七）总计 (§6).
    pub fn is_result(self) -> bool {
        (T3Row::G1..=T3Row::O3).contains(&self)
    }

    /// The canonical label with its marker, e.g. `（一）予以公开`.
    pub fn label(self) -> String {
        let s = self.spec();
        format!("{}{}", s.marker.canonical(), s.text)
    }

    /// The label as a reader names the row in a message: the group for sub-items,
    /// e.g. `（三）不予公开 1.属于国家秘密`.
    pub fn display(self) -> String {
        let s = self.spec();
        match T3_GROUPS.iter().find(|g| g.group == s.group) {
            Some(g) => format!("{}{} {}", g.marker.canonical(), g.text, self.label()),
            None => self.label(),
        }
    }

    /// The canonical label without its marker, normalised for comparison.
    pub fn norm_text(self) -> &'static str {
        static CACHE: OnceLock<Vec<String>> = OnceLock::new();
        let v = CACHE.get_or_init(|| T3_ROWS.iter().map(|r| norm_string(r.text)).collect());
        &v[self.index()]
    }
}

/// Group header lines of table 3 (merged label cells that carry no values).
pub struct T3GroupSpec {
    pub group: T3Group,
    pub marker: Marker,
    pub text: &'static str,
}

pub static T3_GROUPS: [T3GroupSpec; 4] = [
    T3GroupSpec {
        group: T3Group::Withheld,
        marker: Marker::Group(3),
        text: "不予公开",
    },
    T3GroupSpec {
        group: T3Group::Unable,
        marker: Marker::Group(4),
        text: "无法提供",
    },
    T3GroupSpec {
        group: T3Group::NotProcessed,
        marker: Marker::Group(5),
        text: "不予处理",
    },
    T3GroupSpec {
        group: T3Group::OtherHandling,
        marker: Marker::Group(6),
        text: "其他处理",
    },
];

/// `三、本年度办理结果`, the header of all result rows.
pub const T3_RESULTS_HEADER: &str = "本年度办理结果";

/// The seven value columns of table 3.
pub const T3_COLUMNS: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];
pub const T3_TOTAL_COL: usize = 6;

/// Words of table 3's header (besides the 勾稽关系 note).
pub const T3_HEADER_WORDS: [&str; 9] = [
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

/// The note cell of table 3's header contains this.
pub const T3_NOTE_KEY: &str = "勾稽关系";

/// The four items (第二十条第（X）项) of table 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum T2Item {
    Art1,
    Art5,
    Art6,
    Art8,
}

impl T2Item {
    pub const ALL: [T2Item; 4] = [T2Item::Art1, T2Item::Art5, T2Item::Art6, T2Item::Art8];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The numeral in （X）.
    pub fn numeral(self) -> char {
        match self {
            T2Item::Art1 => '一',
            T2Item::Art5 => '五',
            T2Item::Art6 => '六',
            T2Item::Art8 => '八',
        }
    }

    pub fn from_numeral(c: char) -> Option<T2Item> {
        T2Item::ALL.into_iter().find(|i| i.numeral() == c)
    }

    pub fn caption(self) -> String {
        format!("第二十条第（{}）项", self.numeral())
    }

    /// The column headers after 信息内容.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            T2Item::Art1 => &["本年制发件数", "本年废止件数", "现行有效件数"],
            T2Item::Art5 | T2Item::Art6 => &["本年处理决定数量"],
            T2Item::Art8 => &["本年收费金额（单位：万元）"],
        }
    }

    pub fn rows(self) -> &'static [T2Row] {
        match self {
            T2Item::Art1 => &[T2Row::Rules, T2Row::NormativeDocs],
            T2Item::Art5 => &[T2Row::Licensing],
            T2Item::Art6 => &[T2Row::Penalty, T2Row::Enforcement],
            T2Item::Art8 => &[T2Row::Fees],
        }
    }
}

/// The six rows of table 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum T2Row {
    Rules,
    NormativeDocs,
    Licensing,
    Penalty,
    Enforcement,
    Fees,
}

impl T2Row {
    pub const ALL: [T2Row; 6] = [
        T2Row::Rules,
        T2Row::NormativeDocs,
        T2Row::Licensing,
        T2Row::Penalty,
        T2Row::Enforcement,
        T2Row::Fees,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn label(self) -> &'static str {
        match self {
            T2Row::Rules => "规章",
            T2Row::NormativeDocs => "行政规范性文件",
            T2Row::Licensing => "行政许可",
            T2Row::Penalty => "行政处罚",
            T2Row::Enforcement => "行政强制",
            T2Row::Fees => "行政事业性收费",
        }
    }

    /// Old or short wordings that mean this row (label drift).
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            T2Row::NormativeDocs => &["规范性文件", "行政规范文件"],
            T2Row::Fees => &["行政事业收费", "行政事业性收费项目"],
            _ => &[],
        }
    }

    pub fn item(self) -> T2Item {
        match self {
            T2Row::Rules | T2Row::NormativeDocs => T2Item::Art1,
            T2Row::Licensing => T2Item::Art5,
            T2Row::Penalty | T2Row::Enforcement => T2Item::Art6,
            T2Row::Fees => T2Item::Art8,
        }
    }

    /// Number of value cells in the row.
    pub fn width(self) -> usize {
        self.item().columns().len()
    }

    /// Whether the row's values may be decimals (万元).
    pub fn allows_decimal(self) -> bool {
        self == T2Row::Fees
    }
}

/// The format a report is checked against (§7): the 2019 trial format
/// (国办公开办函〔2019〕60号) for reports for 2019 and 2020, the 2021 format
/// (国办公开办函〔2021〕30号) from 2021 on. They differ in table 2 and in
/// table 3's （六）其他处理 (one row in 2019, three sub-rows in 2021).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Format {
    Trial2019,
    #[default]
    National2021,
}

impl Format {
    /// The format for a report of `year` (the 2021 format when the year is
    /// not known).
    pub fn for_year(year: Option<u16>) -> Format {
        match year {
            Some(y) if y <= 2020 => Format::Trial2019,
            _ => Format::National2021,
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Format::Trial2019 => "2019年试行格式（国办公开办函〔2019〕60号）",
            Format::National2021 => "2021年格式（国办公开办函〔2021〕30号）",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Format::Trial2019 => "the 2019 trial format (国办公开办函〔2019〕60号)",
            Format::National2021 => "the 2021 format (国办公开办函〔2021〕30号)",
        }
    }

    /// The name without the notice, for a parenthesis: "按2019年试行格式".
    pub fn short_zh(self) -> &'static str {
        match self {
            Format::Trial2019 => "2019年试行格式",
            Format::National2021 => "2021年格式",
        }
    }

    pub fn short_en(self) -> &'static str {
        match self {
            Format::Trial2019 => "the 2019 trial format",
            Format::National2021 => "the 2021 format",
        }
    }
}

/// Table 2 of the 2019 trial format, item by item (第二十条第（X）项): its
/// columns after 信息内容, and its rows; a row of the 2021 table by its
/// `T2Row`, the two rows only the trial format has by their label.
pub struct TrialItem {
    pub numeral: char,
    pub columns: &'static [&'static str],
    pub rows: &'static [TrialRow],
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TrialRow {
    /// A row both formats have (the trial format calls 行政规范性文件 规范性文件).
    Shared(T2Row),
    /// 其他对外管理服务事项, 政府集中采购.
    Only(&'static str),
}

impl TrialRow {
    pub fn label(self) -> &'static str {
        match self {
            TrialRow::Shared(T2Row::NormativeDocs) => "规范性文件",
            TrialRow::Shared(r) => r.label(),
            TrialRow::Only(l) => l,
        }
    }
}

const TRIAL_DECISIONS: &[&str] = &["上一年项目数量", "本年增/减", "处理决定数量"];

pub static TRIAL_T2: [TrialItem; 5] = [
    TrialItem {
        numeral: '一',
        columns: &["本年新制作数量", "本年新公开数量", "对外公开总数量"],
        rows: &[
            TrialRow::Shared(T2Row::Rules),
            TrialRow::Shared(T2Row::NormativeDocs),
        ],
    },
    TrialItem {
        numeral: '五',
        columns: TRIAL_DECISIONS,
        rows: &[
            TrialRow::Shared(T2Row::Licensing),
            TrialRow::Only("其他对外管理服务事项"),
        ],
    },
    TrialItem {
        numeral: '六',
        columns: TRIAL_DECISIONS,
        rows: &[
            TrialRow::Shared(T2Row::Penalty),
            TrialRow::Shared(T2Row::Enforcement),
        ],
    },
    TrialItem {
        numeral: '八',
        columns: &["上一年项目数量", "本年增/减"],
        rows: &[TrialRow::Shared(T2Row::Fees)],
    },
    TrialItem {
        numeral: '九',
        columns: &["采购项目数量", "采购总金额"],
        rows: &[TrialRow::Only("政府集中采购")],
    },
];

impl TrialItem {
    pub fn caption(&self) -> String {
        format!("第二十条第（{}）项", self.numeral)
    }
}

impl T2Row {
    /// The row's columns in a format's table 2.
    pub fn columns_in(self, f: Format) -> &'static [&'static str] {
        match f {
            Format::National2021 => self.item().columns(),
            Format::Trial2019 => TRIAL_T2
                .iter()
                .find(|i| i.rows.contains(&TrialRow::Shared(self)))
                .map_or(&[], |i| i.columns),
        }
    }

    /// The row's label in a format's table 2.
    pub fn label_in(self, f: Format) -> &'static str {
        match f {
            Format::National2021 => self.label(),
            Format::Trial2019 => TrialRow::Shared(self).label(),
        }
    }

    /// The column of a format's row that counts what the 2021 column `col`
    /// counts, if it has one: the trial format's 本年新制作数量 is 本年制发件数,
    /// its 处理决定数量 is 本年处理决定数量; it has no 本年废止件数, no
    /// 现行有效件数 (对外公开总数量 counts every document published, not those
    /// in force) and no 本年收费金额.
    pub fn column_in(self, f: Format, col: usize) -> Option<usize> {
        match (f, self.item(), col) {
            (Format::National2021, _, c) => (c < self.width()).then_some(c),
            (Format::Trial2019, T2Item::Art1, 0) => Some(0),
            (Format::Trial2019, T2Item::Art5 | T2Item::Art6, 0) => Some(2),
            (Format::Trial2019, _, _) => None,
        }
    }

    /// Whether a column may hold a negative number (the trial format's 本年增/减).
    pub fn signed_column(self, f: Format, col: usize) -> bool {
        self.columns_in(f).get(col) == Some(&"本年增/减")
    }
}

/// Header words of table 2 (besides the column names of each item).
pub const T2_HEADER_WORDS: [&str; 1] = ["信息内容"];

/// Old wordings of table 2's column headers.
pub const T2_HEADER_ALIASES: [(&str, &str); 2] = [
    ("本年决定处理数量", "本年处理决定数量"),
    ("处理决定数量", "本年处理决定数量"),
];

/// The three groups of table 4, five cells each.
pub const T4_GROUPS: [&str; 3] = [
    "行政复议",
    "行政诉讼（未经复议直接起诉）",
    "行政诉讼（复议后起诉）",
];
pub const T4_COLUMNS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
pub const T4_CELLS: usize = 15;

/// Header words of table 4.
pub const T4_HEADER_WORDS: [&str; 12] = [
    "行政复议",
    "行政诉讼",
    "未经复议直接起诉",
    "复议后起诉",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
    "维持",
    "纠正",
    "审结",
];

/// Markers of the 2019 trial format (§7), found in table labels or headers.
pub const OUTDATED_MARKERS: [&str; 9] = [
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "其他对外管理服务事项",
    "上一年项目数量",
    "本年增/减",
    "本年增减",
    "政府集中采购",
    "第二十条第(九)项",
];

/// The 2007 条例 cited by outdated reports.
pub const OUTDATED_DECREE: &str = "国务院令第492号";

/// The title line ends with this (§1).
pub const TITLE_KEY: &str = "政府信息公开工作年度报告";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_in_canonical_order() {
        for (i, r) in T3Row::ALL.iter().enumerate() {
            assert_eq!(r.index(), i);
        }
        assert_eq!(T3Row::ALL.iter().filter(|r| r.is_result()).count(), 21);
        assert_eq!(
            T3Row::G2.norm_text(),
            "部分公开(区分处理的,只计这一情形,不计其他情形)"
        );
        assert_eq!(T3Row::D3.norm_text(), "危及\"三安全一稳定\"");
        assert_eq!(T3Row::D1.display(), "（三）不予公开 1.属于国家秘密");
    }

    #[test]
    fn the_trial_format_has_its_own_table_2() {
        assert_eq!(Format::for_year(Some(2020)), Format::Trial2019);
        assert_eq!(Format::for_year(Some(2021)), Format::National2021);
        assert_eq!(Format::for_year(None), Format::National2021);
        assert_eq!(T2Row::Licensing.columns_in(Format::Trial2019).len(), 3);
        assert_eq!(T2Row::Fees.columns_in(Format::Trial2019).len(), 2);
        assert_eq!(T2Row::Licensing.column_in(Format::Trial2019, 0), Some(2));
        assert_eq!(T2Row::NormativeDocs.column_in(Format::Trial2019, 1), None);
        assert_eq!(
            T2Row::NormativeDocs.label_in(Format::Trial2019),
            "规范性文件"
        );
        assert!(T2Row::Penalty.signed_column(Format::Trial2019, 1));
        assert!(!T2Row::Penalty.signed_column(Format::National2021, 0));
        // Every trial marker of table 2 is a column or a row of TRIAL_T2.
        for m in &OUTDATED_MARKERS[..8] {
            let norm = |s: &str| crate::analysis::normalize::norm_string(s);
            assert!(
                TRIAL_T2
                    .iter()
                    .any(|i| i.columns.iter().any(|c| norm(c) == norm(m))
                        || i.rows.iter().any(|r| r.label() == *m))
                    || *m == "本年增减",
                "{m}"
            );
        }
    }
}
