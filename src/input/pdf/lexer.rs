//! A streaming tokenizer for PDF content streams and CMaps: operands are
//! collected until an operator arrives. Bounded: at most `max_operands`
//! operands are kept per operator, arrays are cut at `MAX_ARRAY` elements and
//! nested at most `MAX_NESTING` deep; dictionaries (marked-content properties)
//! and inline images are skipped.

/// Elements kept of one array operand (a `TJ` array, a CMap range list).
const MAX_ARRAY: usize = 4096;
/// Deepest nesting of arrays and dictionaries followed.
const MAX_NESTING: usize = 16;
/// Longest string operand kept (bytes).
const MAX_STRING: usize = 1 << 20;

#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    Num(f64),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Operand>),
    /// A dictionary, `true`, `null`…: nothing the reader uses.
    Other,
}

impl Operand {
    pub fn num(&self) -> Option<f64> {
        match self {
            Operand::Num(n) if n.is_finite() => Some(*n),
            _ => None,
        }
    }
}

pub struct Lexer<'a> {
    b: &'a [u8],
    i: usize,
    max_operands: usize,
}

fn is_white(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

fn is_delim(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(c: u8) -> bool {
    !is_white(c) && !is_delim(c)
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    pub fn new(b: &'a [u8], max_operands: usize) -> Self {
        Lexer {
            b,
            i: 0,
            max_operands,
        }
    }

    fn skip_white(&mut self) {
        while self.i < self.b.len() {
            let c = self.b[self.i];
            if is_white(c) {
                self.i += 1;
            } else if c == b'%' {
                while self.i < self.b.len() && !matches!(self.b[self.i], b'\r' | b'\n') {
                    self.i += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next operator, with its operands in `ops` (cleared first); `None`
    /// at the end of the stream.
    pub fn next_op(&mut self, ops: &mut Vec<Operand>) -> Option<&'a [u8]> {
        ops.clear();
        loop {
            self.skip_white();
            let c = *self.b.get(self.i)?;
            match c {
                b'[' | b'(' | b'<' | b'/' | b'+' | b'-' | b'.' | b'0'..=b'9' => {
                    let start = self.i;
                    let op = self.operand(0);
                    if self.i == start {
                        self.i += 1; // never stall
                    }
                    if ops.len() < self.max_operands {
                        ops.push(op);
                    }
                }
                b']' | b'>' | b')' | b'{' | b'}' => self.i += 1,
                _ => {
                    let start = self.i;
                    while self.i < self.b.len() && is_regular(self.b[self.i]) {
                        self.i += 1;
                    }
                    let word = &self.b[start..self.i];
                    match word {
                        b"true" | b"false" | b"null" => {
                            if ops.len() < self.max_operands {
                                ops.push(Operand::Other);
                            }
                        }
                        b"BI" => {
                            self.skip_inline_image();
                            ops.clear();
                        }
                        _ => return Some(word),
                    }
                }
            }
        }
    }

    fn operand(&mut self, depth: usize) -> Operand {
        self.skip_white();
        let Some(&c) = self.b.get(self.i) else {
            return Operand::Other;
        };
        match c {
            b'(' => Operand::Str(self.literal()),
            b'<' if self.b.get(self.i + 1) == Some(&b'<') => {
                self.skip_dict(depth);
                Operand::Other
            }
            b'<' => Operand::Str(self.hex()),
            b'/' => Operand::Name(self.name()),
            b'[' => {
                self.i += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_white();
                    match self.b.get(self.i) {
                        None => break,
                        Some(b']') => {
                            self.i += 1;
                            break;
                        }
                        Some(_) => {
                            let start = self.i;
                            let item = if depth + 1 >= MAX_NESTING {
                                self.i += 1;
                                Operand::Other
                            } else {
                                self.operand(depth + 1)
                            };
                            if self.i == start {
                                self.i += 1;
                            }
                            if items.len() < MAX_ARRAY {
                                items.push(item);
                            }
                        }
                    }
                }
                Operand::Array(items)
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => self.number(),
            _ => {
                // A keyword inside an array (`true`, an operator out of place).
                while self.i < self.b.len() && is_regular(self.b[self.i]) {
                    self.i += 1;
                }
                Operand::Other
            }
        }
    }

    fn number(&mut self) -> Operand {
        let start = self.i;
        while self.i < self.b.len() && matches!(self.b[self.i], b'+' | b'-' | b'.' | b'0'..=b'9') {
            self.i += 1;
        }
        let s = std::str::from_utf8(&self.b[start..self.i]).unwrap_or("0");
        // PDF numbers have no exponent; "--5" and "5-" occur in broken files.
        let cleaned: String = {
            let neg = s.starts_with('-');
            let body: String = s.chars().filter(|c| *c != '+' && *c != '-').collect();
            if neg { format!("-{body}") } else { body }
        };
        Operand::Num(cleaned.parse().unwrap_or(0.0))
    }

    fn name(&mut self) -> Vec<u8> {
        self.i += 1;
        let mut out = Vec::new();
        while self.i < self.b.len() && is_regular(self.b[self.i]) {
            let c = self.b[self.i];
            if c == b'#' {
                if let (Some(h), Some(l)) = (
                    self.b.get(self.i + 1).copied().and_then(hex_val),
                    self.b.get(self.i + 2).copied().and_then(hex_val),
                ) {
                    out.push(h * 16 + l);
                    self.i += 3;
                    continue;
                }
            }
            out.push(c);
            self.i += 1;
        }
        out
    }

    fn literal(&mut self) -> Vec<u8> {
        self.i += 1;
        let mut out = Vec::new();
        let mut depth = 0usize;
        while let Some(&c) = self.b.get(self.i) {
            self.i += 1;
            let byte = match c {
                b'\\' => {
                    let Some(&e) = self.b.get(self.i) else { break };
                    self.i += 1;
                    match e {
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'b' => 8,
                        b'f' => 12,
                        b'\r' => {
                            if self.b.get(self.i) == Some(&b'\n') {
                                self.i += 1;
                            }
                            continue;
                        }
                        b'\n' => continue,
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.b.get(self.i) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.i += 1;
                                    }
                                    _ => break,
                                }
                            }
                            (v & 0xff) as u8
                        }
                        other => other,
                    }
                }
                b'(' => {
                    depth += 1;
                    b'('
                }
                b')' => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                    b')'
                }
                other => other,
            };
            if out.len() < MAX_STRING {
                out.push(byte);
            }
        }
        out
    }

    fn hex(&mut self) -> Vec<u8> {
        self.i += 1;
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(&c) = self.b.get(self.i) {
            self.i += 1;
            if c == b'>' {
                break;
            }
            if let Some(v) = hex_val(c) {
                match high.take() {
                    Some(h) => {
                        if out.len() < MAX_STRING {
                            out.push(h * 16 + v)
                        }
                    }
                    None => high = Some(v),
                }
            }
        }
        if let Some(h) = high {
            out.push(h * 16);
        }
        out
    }

    fn skip_dict(&mut self, depth: usize) {
        self.i += 2;
        loop {
            self.skip_white();
            match self.b.get(self.i) {
                None => return,
                Some(b'>') if self.b.get(self.i + 1) == Some(&b'>') => {
                    self.i += 2;
                    return;
                }
                Some(_) => {
                    let start = self.i;
                    if depth + 1 < MAX_NESTING {
                        self.operand(depth + 1);
                    }
                    if self.i == start {
                        self.i += 1;
                    }
                }
            }
        }
    }

    /// Skips `BI … ID <data> EI`.
    fn skip_inline_image(&mut self) {
        // The parameters up to ID.
        while self.i < self.b.len() {
            self.skip_white();
            let start = self.i;
            while self.i < self.b.len() && is_regular(self.b[self.i]) {
                self.i += 1;
            }
            if &self.b[start..self.i] == b"ID" {
                self.i += 1;
                break;
            }
            if self.i == start {
                self.i += 1;
            }
        }
        // The data up to a whitespace-delimited EI.
        while self.i + 1 < self.b.len() {
            if self.b[self.i] == b'E'
                && self.b[self.i + 1] == b'I'
                && self.i > 0
                && is_white(self.b[self.i - 1])
                && self.b.get(self.i + 2).is_none_or(|c| is_white(*c))
            {
                self.i += 2;
                return;
            }
            self.i += 1;
        }
        self.i = self.b.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(s: &[u8]) -> Vec<(String, Vec<Operand>)> {
        let mut l = Lexer::new(s, 64);
        let mut v = Vec::new();
        let mut out = Vec::new();
        while let Some(op) = l.next_op(&mut v) {
            out.push((String::from_utf8_lossy(op).into_owned(), v.clone()));
        }
        out
    }

    #[test]
    fn operators_and_operands() {
        let got =
            ops(b"BT /F1 12 Tf 1 0 0 1 72.5 -3 Tm (a\\(b\\)\\101) Tj [<0041> -250 (c)] TJ ET");
        assert_eq!(got[1].0, "Tf");
        assert_eq!(
            got[1].1,
            vec![Operand::Name(b"F1".to_vec()), Operand::Num(12.0)]
        );
        assert_eq!(got[2].1[4], Operand::Num(72.5));
        assert_eq!(got[3].1, vec![Operand::Str(b"a(b)A".to_vec())]);
        assert_eq!(
            got[4].1,
            vec![Operand::Array(vec![
                Operand::Str(vec![0, 0x41]),
                Operand::Num(-250.0),
                Operand::Str(b"c".to_vec())
            ])]
        );
    }

    #[test]
    fn dictionaries_inline_images_and_garbage() {
        let got = ops(b"/P <</MCID 3 /A [1 2]>> BDC BI /W 2 /H 2 ID \x00EI\xff EI Q %c\n q");
        let names: Vec<&str> = got.iter().map(|(o, _)| o.as_str()).collect();
        assert_eq!(names, ["BDC", "Q", "q"]);
        // Unbalanced input ends without looping.
        assert!(ops(b"[[[[( <<<< ]").len() <= 1);
        let deep = "[".repeat(100_000);
        assert!(ops(deep.as_bytes()).is_empty());
    }
}
