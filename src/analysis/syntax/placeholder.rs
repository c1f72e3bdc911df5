//! Template text left in a report (read for the rule `template-text`): the
//! prompts of `nianbao new` and of the templates drafters are given
//! ("【请填写：…】", "（此处填写…）", "请在此处填写"), and placeholders that stand
//! for a name, a number or a date ("XX市XX局", "××件", "○○县", "20XX年",
//! "X月X日", "YYYY年").
//!
//! Written to say nothing on real text: "XX" next to Latin letters, digits or
//! the characters of an address ("www.xx.gov.cn", "zfxxgk") is not a
//! placeholder; a single "×" (multiplication, "长×宽") is not either; "〇〇"
//! between Chinese numerals is part of a year ("二〇〇八年"); and a mask after
//! a surname ("张XX", "王××"), which published texts use to hide a person's
//! name, is left alone unless a place or unit follows it ("王XX局" is not a
//! person).
//!
//! Stage 1 only notes that a line may hold such text (its key words, see
//! [`GATE_WORDS`] and `prose::KEY_TEMPLATE`); the assembler runs [`scan`] on
//! those few lines.

/// What a piece of template text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkKind {
    /// A prompt to the drafter ("【请填写：…】").
    Prompt,
    /// A placeholder for a name, number or date ("XX", "××", "○○").
    Placeholder,
}

/// A piece of template text in a line; offsets are bytes from the line start.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    pub kind: MarkKind,
}

/// Words (normalised as the line scanner sees them: full-width folded, no
/// spaces) of which a line with template text holds at least one.
pub const GATE_WORDS: [&str; 16] = [
    "填写",
    "填入",
    "请输入",
    "请补充",
    "待补充",
    "此处",
    "在此",
    "XX",
    "xx",
    "Xx",
    "xX",
    "××",
    "○○",
    "〇〇",
    "YYYY",
    "yyyy",
];
/// Single-letter placeholders of dates: "X月X日", "×月×日".
const GATE_DATES: [&str; 6] = ["X月", "x月", "X日", "x日", "×月", "×日"];

/// Every gate word.
pub fn gate_words() -> impl Iterator<Item = &'static str> {
    GATE_WORDS.iter().chain(GATE_DATES.iter()).copied()
}

/// How a bracketed prompt may start ("【请填写：…】", "（此处填写…）").
const PROMPT_STARTS: [&str; 15] = [
    "请填写",
    "请填入",
    "请输入",
    "请补充",
    "请在此",
    "请根据实际",
    "请按实际",
    "此处填写",
    "此处输入",
    "此处补充",
    "在此填写",
    "在此输入",
    "待填写",
    "待补充",
    "填写：",
];

/// Prompts outside brackets: from these words to the end of the clause.
const BARE_PROMPTS: [&str; 5] = ["请填写", "此处填写", "在此填写", "请在此处", "待填写"];

/// Common surnames: a mask right after one hides a person's name.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";

/// What follows the placeholder of a place, a body, a count or a date.
const SUFFIXES: &str = "市省县区镇乡村街道局委办厅部处科室院所站中公单会厂校队组政人年月日号件条个项次份家名万元亿天户期届类篇起例宗%％";

/// Chinese numerals: "〇" between them is a digit of a number.
const NUMERALS: &str = "〇○零一二三四五六七八九十百千万亿两";

/// Placeholders at most this many bytes apart are one ("XX市XX局",
/// "X月X日": one name, one date).
const NEAR: usize = 6;

/// Most characters of template text quoted in a message.
const QUOTED: usize = 24;

/// The template text of a line, in order; placeholders close together are one.
pub fn scan(line: &str) -> Vec<Mark> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let end_of = |i: usize| chars.get(i).map_or(line.len(), |&(b, _)| b);
    let mut marks = Vec::new();
    brackets(&chars, &end_of, &mut marks);
    bare_prompts(line, &chars, &mut marks);
    masks(&chars, &end_of, &mut marks);
    marks.sort_by_key(|m| m.start);
    let mut joined: Vec<Mark> = Vec::with_capacity(marks.len());
    for m in marks {
        match joined.last_mut() {
            Some(last)
                if last.kind == MarkKind::Placeholder
                    && m.kind == MarkKind::Placeholder
                    && m.start >= last.end
                    && m.start - last.end <= NEAR =>
            {
                last.end = m.end
            }
            _ => joined.push(m),
        }
    }
    joined
}

/// `s` cut to [`QUOTED`] characters for a message.
pub fn quote(s: &str) -> Box<str> {
    let mut q: String = s.chars().take(QUOTED).collect();
    if s.chars().nth(QUOTED).is_some() {
        q.push('…');
    }
    q.into()
}

/// "【请填写：…】" and the like, as a whole.
fn brackets(chars: &[(usize, char)], end_of: &dyn Fn(usize) -> usize, out: &mut Vec<Mark>) {
    let mut i = 0;
    while i < chars.len() {
        let Some(closers) = closers_of(chars[i].1) else {
            i += 1;
            continue;
        };
        // The closing bracket within a prompt's length, on this line.
        let close = chars[i + 1..]
            .iter()
            .take(200)
            .position(|&(_, c)| closers.contains(c))
            .map(|k| i + 1 + k);
        let Some(close) = close else {
            i += 1;
            continue;
        };
        let inner: String = chars[i + 1..close]
            .iter()
            .map(|&(_, c)| c)
            .filter(|c| !c.is_whitespace())
            .collect();
        if is_prompt(&inner) {
            out.push(Mark {
                start: chars[i].0,
                end: end_of(close + 1),
                kind: MarkKind::Prompt,
            });
            i = close + 1;
        } else {
            i += 1;
        }
    }
}

fn closers_of(c: char) -> Option<&'static str> {
    Some(match c {
        '【' => "】",
        '[' | '［' => "]］",
        '(' | '（' => ")）",
        '〔' => "〕",
        '〖' => "〗",
        _ => return None,
    })
}

fn is_prompt(inner: &str) -> bool {
    let inner = inner.trim_start_matches(['注', ':', '：']);
    PROMPT_STARTS.iter().any(|p| inner.starts_with(p))
        || (inner.starts_with('请') && inner.contains("填写"))
}

/// "请在此处填写本机关名称。": from the prompt word to the end of its clause.
fn bare_prompts(line: &str, chars: &[(usize, char)], out: &mut Vec<Mark>) {
    let mut starts: Vec<usize> = BARE_PROMPTS
        .iter()
        .flat_map(|w| line.match_indices(w).map(|(at, _)| at))
        .collect();
    starts.sort_unstable();
    for at in starts {
        if out.iter().any(|m| m.start <= at && at < m.end) {
            continue;
        }
        let end = chars
            .iter()
            .find(|&&(b, c)| b > at && matches!(c, '。' | '；' | ';' | '！' | '？' | '\n'))
            .map_or(line.len(), |&(b, c)| b + c.len_utf8());
        out.push(Mark {
            start: at,
            end,
            kind: MarkKind::Prompt,
        });
    }
}

/// The classes of characters that placeholders repeat.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    X,
    Times,
    Circle,
    Y,
}

fn class(c: char) -> Option<Class> {
    Some(match c {
        'X' | 'x' | 'Ｘ' | 'ｘ' => Class::X,
        '×' | '✕' | '╳' => Class::Times,
        '○' | '〇' | '◯' => Class::Circle,
        'Y' | 'y' | 'Ｙ' | 'ｙ' => Class::Y,
        _ => return None,
    })
}

/// Runs of X, ×, ○ or Y that stand for a name, number or date.
fn masks(chars: &[(usize, char)], end_of: &dyn Fn(usize) -> usize, out: &mut Vec<Mark>) {
    let mut i = 0;
    while i < chars.len() {
        let Some(cl) = class(chars[i].1) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < chars.len() && class(chars[j].1) == Some(cl) {
            j += 1;
        }
        let inside = out
            .iter()
            .any(|m| m.start <= chars[i].0 && chars[i].0 < m.end);
        if !inside && is_mask(chars, i, j, cl) {
            out.push(Mark {
                start: chars[i].0,
                end: end_of(j),
                kind: MarkKind::Placeholder,
            });
        }
        i = j;
    }
}

/// Whether the run `chars[i..j]` of class `cl` is a placeholder.
fn is_mask(chars: &[(usize, char)], i: usize, j: usize, cl: Class) -> bool {
    let len = j - i;
    let prev = i.checked_sub(1).map(|k| chars[k].1);
    let next = chars.get(j).map(|&(_, c)| c);
    let latin = |c: Option<char>| {
        c.is_some_and(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '_' | '-' | '@' | ':' | '=' | '&')
        })
    };
    let is = |c: Option<char>, set: &str| c.is_some_and(|c| set.contains(c));
    // "20XX年", "202X年": the unknown digits of a year.
    let digits = chars[..i]
        .iter()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit())
        .count();
    if digits > 0 {
        let before = (i - digits).checked_sub(1).map(|k| chars[k].1);
        return digits + len == 4
            && matches!(cl, Class::X | Class::Times)
            && next == Some('年')
            && !latin(before);
    }
    if latin(prev) || latin(next) {
        return false;
    }
    let date = is(next, "月日") && (len == 1 || len == 2);
    let long_enough = match cl {
        Class::X | Class::Times => len >= 2 || date,
        Class::Circle => len >= 2 && !is(prev, NUMERALS) && !is(next, NUMERALS),
        Class::Y => len == 4 && is(next, "年"),
    };
    if !long_enough {
        return false;
    }
    // "张XX" hides a person; "王XX局" names a body.
    let person = is(prev, SURNAMES) && !is(next, SUFFIXES);
    !person
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(line: &str) -> Vec<&str> {
        scan(line).iter().map(|m| &line[m.start..m.end]).collect()
    }

    #[test]
    fn prompts_of_nianbao_new_and_other_templates() {
        assert_eq!(
            found("（一）主动公开。【请填写：全年主动公开政府信息的数量、渠道和重点领域。】"),
            ["【请填写：全年主动公开政府信息的数量、渠道和重点领域。】"]
        );
        assert_eq!(
            found("本机关【请填写：是否收取信息处理费】。【请填写：落实情况。】"),
            ["【请填写：是否收取信息处理费】", "【请填写：落实情况。】"]
        );
        assert_eq!(found("（请根据实际情况填写）"), ["（请根据实际情况填写）"]);
        assert_eq!(found("[此处填写机关名称]"), ["[此处填写机关名称]"]);
        assert_eq!(
            found("本年度工作情况：请在此处填写。其他。"),
            ["请在此处填写。"]
        );
        assert_eq!(found("此处填写存在的问题"), ["此处填写存在的问题"]);
    }

    #[test]
    fn placeholders_for_names_numbers_and_dates() {
        assert_eq!(found("XX市XX局2023年政府信息公开工作年度报告"), ["XX市XX"]);
        assert_eq!(found("××县人民政府"), ["××"]);
        assert_eq!(found("○○镇人民政府"), ["○○"]);
        assert_eq!(found("全年收到申请XX件，办结XXX件"), ["XX", "XXX"]);
        assert_eq!(found("20XX年政府信息公开工作年度报告"), ["XX"]);
        assert_eq!(found("统计期限为YYYY年1月1日"), ["YYYY"]);
        assert_eq!(found("于2023年X月X日发布"), ["X月X"]);
        assert_eq!(found("ＸＸ区人力资源和社会保障局"), ["ＸＸ"]);
        // A surname before a unit: a body, not a person.
        assert_eq!(found("王XX局"), ["XX"]);
    }

    #[test]
    fn real_text_is_left_alone() {
        for line in [
            "网址：http://www.xx.gov.cn/zfxxgk/",
            "zfxxgklby_2023",
            "规格为 3×4 米，长×宽×高",
            "二〇〇八年五月一日起施行",
            "二○○九年",
            "XXL 号",
            "MAXXIS",
            "申请人张XX申请公开",
            "王××不服",
            "X光机、X射线",
            "【打印】【关闭】【字体：大 中 小】",
            "申请人可在线填写申请表",
            "（已填写完毕）",
            "第二十条第（一）项",
            "某某公司",
            "Windows XP",
            "○ 加强队伍建设",
        ] {
            assert!(found(line).is_empty(), "{line}: {:?}", found(line));
        }
    }

    #[test]
    fn gate_words_cover_every_placeholder() {
        let gates: Vec<Vec<char>> = gate_words()
            .map(|w| crate::analysis::normalize::Norm::chars_of(w).0)
            .collect();
        for line in [
            "XX市",
            "××县",
            "○○镇",
            "〇〇镇",
            "20XX年",
            "X月X日",
            "×月×日",
            "YYYY年",
            "【请填写：】",
            "（请根据实际情况填写）",
            "[此处填写]",
            "请在此处",
            "（待补充）",
            "ＸＸ区",
            "xx市",
        ] {
            let chars = crate::analysis::normalize::Norm::chars_of(line).0;
            assert!(
                gates
                    .iter()
                    .any(|g| chars.windows(g.len()).any(|w| w == g.as_slice())),
                "{line}"
            );
            assert!(!scan(line).is_empty(), "{line}");
        }
    }
}
