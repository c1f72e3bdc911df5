//! Runs a page's content streams far enough to know where each glyph lands
//! and which lines are drawn: the text state and matrices, the fonts' codes
//! and advances, form XObjects (bounded depth, no cycles), and paths reduced
//! to horizontal and vertical rules (table borders). Everything else (colour,
//! images, clipping, shading) is ignored, but images are counted (a page of
//! images and no text is a scan).

use super::font::{Font, ToUnicode, WidthItem, cid_widths};
use super::lexer::{Lexer, Operand};
use super::{Budget, Exhausted, deref, stream_data};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// Deepest nesting of form XObjects followed.
const MAX_FORM_DEPTH: usize = 8;
/// Deepest `q` nesting kept (deeper saves are counted but not stored).
const MAX_SAVES: usize = 64;
/// Points kept of one path.
const MAX_PATH_POINTS: usize = 4096;
/// A rule is a line or a rectangle at most this thick (points).
const RULE_THICKNESS: f64 = 3.0;

/// A glyph on the page, in points from the page's bottom-left corner (after
/// `/Rotate`).
#[derive(Clone, Debug)]
pub struct Glyph {
    /// The glyph's origin: the left end of its baseline (horizontal writing),
    /// or the top centre of the glyph (vertical writing).
    pub x: f32,
    pub y: f32,
    /// Advance along the writing direction.
    pub w: f32,
    /// Height of the em square.
    pub size: f32,
    pub text: String,
    pub dir: Dir,
}

/// Writing direction of a glyph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Horizontal,
    /// Vertical writing, or text turned so that it reads downwards.
    Down,
    /// Text turned to read upwards.
    Up,
}

/// A horizontal or vertical line drawn on the page (a table border).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rule {
    pub horizontal: bool,
    /// y of a horizontal rule, x of a vertical one.
    pub pos: f32,
    pub from: f32,
    pub to: f32,
}

#[derive(Debug, Default)]
pub struct Page {
    pub height: f32,
    pub glyphs: Vec<Glyph>,
    pub rules: Vec<Rule>,
    pub images: usize,
    /// Glyphs shown whose text cannot be known (a font without ToUnicode).
    pub unmapped: usize,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct M(pub [f64; 6]);

impl M {
    pub const ID: M = M([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// `self × n` (apply self first, then n).
    pub fn mul(&self, n: &M) -> M {
        let [a, b, c, d, e, f] = self.0;
        let [na, nb, nc, nd, ne, nf] = n.0;
        M([
            a * na + b * nc,
            a * nb + b * nd,
            c * na + d * nc,
            c * nb + d * nd,
            e * na + f * nc + ne,
            e * nb + f * nd + nf,
        ])
    }

    pub fn apply(&self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    fn translate(x: f64, y: f64) -> M {
        M([1.0, 0.0, 0.0, 1.0, x, y])
    }

    fn from_ops(ops: &[Operand]) -> Option<M> {
        if ops.len() < 6 {
            return None;
        }
        let mut m = [0.0; 6];
        for (k, o) in ops[ops.len() - 6..].iter().enumerate() {
            m[k] = o.num()?;
        }
        Some(M(m))
    }

    fn is_finite(&self) -> bool {
        self.0.iter().all(|v| v.is_finite() && v.abs() < 1e7)
    }
}

#[derive(Clone)]
struct GState {
    ctm: M,
    font: Option<Rc<Font>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    scale: f64,
    leading: f64,
    rise: f64,
}

/// Runs content streams; fonts are cached per document.
pub struct Interp<'d, 'b> {
    doc: &'d Document,
    budget: &'b mut Budget,
    fonts: HashMap<ObjectId, Rc<Font>>,
}

struct Run<'p> {
    page: &'p mut Page,
    gs: GState,
    saves: Vec<GState>,
    extra_saves: usize,
    tm: M,
    tlm: M,
    path: Vec<Vec<(f64, f64)>>,
    forms: Vec<ObjectId>,
}

impl<'d, 'b> Interp<'d, 'b> {
    pub fn new(doc: &'d Document, budget: &'b mut Budget) -> Self {
        Interp {
            doc,
            budget,
            fonts: HashMap::new(),
        }
    }

    pub fn budget(&mut self) -> &mut Budget {
        self.budget
    }

    /// Runs a page's content (already decoded) with its resources; `base` maps
    /// user space to the page's upright coordinates.
    pub fn page(
        &mut self,
        content: &[u8],
        resources: Option<&'d Dictionary>,
        base: M,
        page: &mut Page,
    ) -> Result<(), Exhausted> {
        let gs = GState {
            ctm: base,
            font: None,
            size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            scale: 1.0,
            leading: 0.0,
            rise: 0.0,
        };
        let mut run = Run {
            page,
            gs,
            saves: Vec::new(),
            extra_saves: 0,
            tm: M::ID,
            tlm: M::ID,
            path: Vec::new(),
            forms: Vec::new(),
        };
        self.content(&mut run, content, resources)
    }

    fn content(
        &mut self,
        run: &mut Run,
        content: &[u8],
        resources: Option<&'d Dictionary>,
    ) -> Result<(), Exhausted> {
        let mut lx = Lexer::new(content, 64);
        let mut ops = Vec::new();
        while let Some(op) = lx.next_op(&mut ops) {
            self.budget.op()?;
            self.op(run, op, &ops, resources)?;
        }
        Ok(())
    }

    fn op(
        &mut self,
        run: &mut Run,
        op: &[u8],
        ops: &[Operand],
        resources: Option<&'d Dictionary>,
    ) -> Result<(), Exhausted> {
        let n = |k: usize| -> f64 {
            ops.len()
                .checked_sub(k)
                .and_then(|i| ops.get(i))
                .and_then(Operand::num)
                .unwrap_or(0.0)
        };
        match op {
            b"q" => {
                if run.saves.len() < MAX_SAVES {
                    run.saves.push(run.gs.clone());
                } else {
                    run.extra_saves += 1;
                }
            }
            b"Q" => {
                if run.extra_saves > 0 {
                    run.extra_saves -= 1;
                } else if let Some(g) = run.saves.pop() {
                    run.gs = g;
                }
            }
            b"cm" => {
                if let Some(m) = M::from_ops(ops) {
                    let ctm = m.mul(&run.gs.ctm);
                    if ctm.is_finite() {
                        run.gs.ctm = ctm;
                    }
                }
            }
            b"BT" => {
                run.tm = M::ID;
                run.tlm = M::ID;
            }
            b"Tf" => {
                run.gs.size = n(1);
                run.gs.font = match ops.first() {
                    Some(Operand::Name(name)) => self.font(resources, name),
                    _ => None,
                };
            }
            b"Tc" => run.gs.char_spacing = n(1),
            b"Tw" => run.gs.word_spacing = n(1),
            b"Tz" => run.gs.scale = n(1) / 100.0,
            b"TL" => run.gs.leading = n(1),
            b"Ts" => run.gs.rise = n(1),
            b"Td" => run.next_line(n(2), n(1)),
            b"TD" => {
                run.gs.leading = -n(1);
                run.next_line(n(2), n(1));
            }
            b"Tm" => {
                if let Some(m) = M::from_ops(ops).filter(M::is_finite) {
                    run.tm = m;
                    run.tlm = m;
                }
            }
            b"T*" => run.next_line(0.0, -run.gs.leading),
            b"Tj" => {
                if let Some(Operand::Str(s)) = ops.last() {
                    run.show(s, self.budget)?;
                }
            }
            b"'" | b"\"" => {
                if op == b"\"" && ops.len() >= 3 {
                    run.gs.word_spacing = n(3);
                    run.gs.char_spacing = n(2);
                }
                run.next_line(0.0, -run.gs.leading);
                if let Some(Operand::Str(s)) = ops.last() {
                    run.show(s, self.budget)?;
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = ops.last() {
                    for item in items {
                        match item {
                            Operand::Str(s) => run.show(s, self.budget)?,
                            Operand::Num(k) if k.is_finite() => run.kern(*k),
                            _ => {}
                        }
                    }
                }
            }
            b"m" if run.path.len() < MAX_PATH_POINTS => {
                let p = run.gs.ctm.apply(n(2), n(1));
                run.path.push(vec![p]);
            }
            b"l" => {
                let p = run.gs.ctm.apply(n(2), n(1));
                if let Some(sub) = run.path.last_mut() {
                    if sub.len() < MAX_PATH_POINTS {
                        sub.push(p);
                    }
                }
            }
            b"re" if run.path.len() < MAX_PATH_POINTS => {
                let (x, y, w, h) = (n(4), n(3), n(2), n(1));
                let c = &run.gs.ctm;
                let pts = vec![
                    c.apply(x, y),
                    c.apply(x + w, y),
                    c.apply(x + w, y + h),
                    c.apply(x, y + h),
                    c.apply(x, y),
                ];
                run.path.push(pts);
            }
            b"h" | b"c" | b"v" | b"y" => {}
            b"S" | b"s" => run.paint(true, self.budget)?,
            b"f" | b"F" | b"f*" => run.paint(false, self.budget)?,
            b"B" | b"B*" | b"b" | b"b*" => run.paint(true, self.budget)?,
            b"n" => run.path.clear(),
            b"Do" => {
                if let Some(Operand::Name(name)) = ops.first() {
                    self.xobject(run, name, resources)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn xobject(
        &mut self,
        run: &mut Run,
        name: &[u8],
        resources: Option<&'d Dictionary>,
    ) -> Result<(), Exhausted> {
        let Some((id, stream)) = resources
            .and_then(|r| lookup(self.doc, r, b"XObject"))
            .and_then(|x| x.get(name).ok())
            .and_then(|o| {
                let id = o.as_reference().ok();
                let s = deref(self.doc, o)?.as_stream().ok()?;
                Some((id, s))
            })
        else {
            return Ok(());
        };
        let subtype = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        if subtype == b"Image" {
            run.page.images += 1;
            return Ok(());
        }
        if subtype != b"Form" || run.forms.len() >= MAX_FORM_DEPTH {
            return Ok(());
        }
        if let Some(id) = id {
            if run.forms.contains(&id) {
                return Ok(());
            }
        }
        let Some(data) = stream_data(self.doc, stream, self.budget)? else {
            return Ok(());
        };
        let own = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| deref(self.doc, o))
            .and_then(|o| o.as_dict().ok());
        let matrix = stream
            .dict
            .get(b"Matrix")
            .ok()
            .and_then(|o| o.as_array().ok())
            .and_then(|a| {
                let v: Vec<Operand> = a
                    .iter()
                    .map(|x| Operand::Num(x.as_float().map(f64::from).unwrap_or(f64::NAN)))
                    .collect();
                M::from_ops(&v)
            })
            .filter(M::is_finite)
            .unwrap_or(M::ID);
        let saved = run.gs.clone();
        let (tm, tlm) = (run.tm, run.tlm);
        run.gs.ctm = matrix.mul(&run.gs.ctm);
        run.forms.push(id.unwrap_or((0, 0)));
        let r = self.content(run, &data, own.or(resources));
        run.forms.pop();
        run.gs = saved;
        run.tm = tm;
        run.tlm = tlm;
        r
    }

    fn font(&mut self, resources: Option<&'d Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let obj = lookup(self.doc, resources?, b"Font")?.get(name).ok()?;
        let id = obj.as_reference().ok();
        if let Some(f) = id.and_then(|id| self.fonts.get(&id)) {
            return Some(f.clone());
        }
        let dict = deref(self.doc, obj)?.as_dict().ok()?;
        let font = Rc::new(self.load_font(dict));
        if let Some(id) = id {
            self.fonts.insert(id, font.clone());
        }
        Some(font)
    }

    fn load_font(&mut self, dict: &'d Dictionary) -> Font {
        let doc = self.doc;
        let get = |d: &'d Dictionary, k: &[u8]| d.get(k).ok().and_then(|o| deref(doc, o));
        let to_unicode = get(dict, b"ToUnicode")
            .and_then(|o| o.as_stream().ok())
            .and_then(|s| stream_data(doc, s, self.budget).ok().flatten())
            .map(|d| ToUnicode::parse(&d));
        let subtype = dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        if subtype == b"Type0" {
            let encoding = get(dict, b"Encoding");
            let (name, vertical) = match encoding {
                Some(Object::Name(n)) => (n.clone(), false),
                Some(Object::Stream(s)) => (
                    s.dict
                        .get(b"CMapName")
                        .and_then(Object::as_name)
                        .map(<[u8]>::to_vec)
                        .unwrap_or_default(),
                    s.dict.get(b"WMode").and_then(Object::as_i64).ok() == Some(1),
                ),
                _ => (Vec::new(), false),
            };
            let mut font = Font::composite(&name, vertical, to_unicode);
            let cid = get(dict, b"DescendantFonts")
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok());
            if let Some(cid) = cid {
                let items: Vec<WidthItem> = get(cid, b"W")
                    .and_then(|o| o.as_array().ok())
                    .map(|a| {
                        a.iter()
                            .filter_map(|o| match deref(doc, o)? {
                                Object::Array(ws) => Some(WidthItem::List(
                                    ws.iter().filter_map(|w| number(doc, w)).collect(),
                                )),
                                other => number(doc, other).map(WidthItem::Num),
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let dw = get(cid, b"DW").and_then(|o| number(doc, o));
                font.set_widths(cid_widths(&items), dw.or(Some(1000.0)));
            }
            return font;
        }
        let mut differences = HashMap::new();
        if let Some(Object::Dictionary(enc)) = get(dict, b"Encoding") {
            if let Some(Object::Array(items)) = get(enc, b"Differences") {
                let mut code = 0u32;
                for item in items.iter().take(1 << 12) {
                    match deref(doc, item) {
                        Some(Object::Integer(c)) => code = (*c).clamp(0, 255) as u32,
                        Some(Object::Name(n)) => {
                            differences.insert(code, String::from_utf8_lossy(n).into_owned());
                            code = code.saturating_add(1);
                        }
                        _ => {}
                    }
                }
            }
        }
        let mut font = Font::simple(to_unicode, differences);
        let first = get(dict, b"FirstChar")
            .and_then(|o| o.as_i64().ok())
            .unwrap_or(0)
            .clamp(0, 255) as u32;
        let widths: HashMap<u32, f64> = get(dict, b"Widths")
            .and_then(|o| o.as_array().ok())
            .map(|a| {
                a.iter()
                    .take(256)
                    .enumerate()
                    .filter_map(|(k, w)| Some((first + k as u32, number(doc, w)?)))
                    .collect()
            })
            .unwrap_or_default();
        let missing = get(dict, b"FontDescriptor")
            .and_then(|o| o.as_dict().ok())
            .and_then(|d| get(d, b"MissingWidth"))
            .and_then(|o| number(doc, o))
            .filter(|w| *w > 0.0);
        font.set_widths(widths, missing);
        if subtype == b"Type3" {
            if let Some(Object::Array(m)) = get(dict, b"FontMatrix") {
                if let Some(s) = m.first().and_then(|o| number(doc, o)) {
                    if s.is_finite() && s.abs() > 1e-9 && s.abs() < 1.0 {
                        font.scale = s.abs();
                    }
                }
            }
        }
        font
    }
}

fn number(doc: &Document, o: &Object) -> Option<f64> {
    match deref(doc, o)? {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(f64::from(*r)),
        _ => None,
    }
    .filter(|v| v.is_finite())
}

/// A resource category (`/Font`, `/XObject`) of a resources dictionary.
fn lookup<'d>(doc: &'d Document, resources: &'d Dictionary, key: &[u8]) -> Option<&'d Dictionary> {
    deref(doc, resources.get(key).ok()?)?.as_dict().ok()
}

impl Run<'_> {
    fn next_line(&mut self, tx: f64, ty: f64) {
        let m = M::translate(tx, ty).mul(&self.tlm);
        if m.is_finite() {
            self.tlm = m;
            self.tm = m;
        }
    }

    fn kern(&mut self, k: f64) {
        let Some(font) = &self.gs.font else { return };
        let d = -k / 1000.0 * self.gs.size;
        let m = if font.vertical {
            M::translate(0.0, d)
        } else {
            M::translate(d * self.gs.scale, 0.0)
        };
        self.tm = m.mul(&self.tm);
    }

    fn show(&mut self, bytes: &[u8], budget: &mut Budget) -> Result<(), Exhausted> {
        let Some(font) = self.gs.font.clone() else {
            return Ok(());
        };
        let g = &self.gs;
        for code in font.codes(bytes) {
            budget.glyph()?;
            let trm = M([g.size * g.scale, 0.0, 0.0, g.size, 0.0, g.rise])
                .mul(&self.tm)
                .mul(&g.ctm);
            let w0 = font.width(&code) * font.scale;
            let text = font.text(&code);
            let size = trm.0[2].hypot(trm.0[3]);
            let across = trm.0[0].hypot(trm.0[1]);
            if text.is_empty() {
                self.page.unmapped += 1;
            } else if trm.is_finite() && size > 0.1 {
                let [a, b, _, _, e, f] = trm.0;
                let dir = if font.vertical {
                    Dir::Down
                } else if b.abs() > a.abs() {
                    if b < 0.0 { Dir::Down } else { Dir::Up }
                } else {
                    Dir::Horizontal
                };
                let w = if font.vertical { size } else { w0 * across };
                self.page.glyphs.push(Glyph {
                    x: e as f32,
                    y: f as f32,
                    w: w as f32,
                    size: size as f32,
                    text,
                    dir,
                });
            }
            let spacing = g.char_spacing
                + if font.is_space(&code) {
                    g.word_spacing
                } else {
                    0.0
                };
            let m = if font.vertical {
                M::translate(0.0, -g.size + spacing)
            } else {
                M::translate((w0 * g.size + spacing) * g.scale, 0.0)
            };
            self.tm = m.mul(&self.tm);
        }
        Ok(())
    }

    /// Turns the current path into rules: thin shapes (filled or stroked) and
    /// stroked axis-parallel segments.
    fn paint(&mut self, stroke: bool, budget: &mut Budget) -> Result<(), Exhausted> {
        for sub in std::mem::take(&mut self.path) {
            if sub.is_empty() {
                continue;
            }
            let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
            for &(x, y) in &sub {
                x0 = x0.min(x);
                y0 = y0.min(y);
                x1 = x1.max(x);
                y1 = y1.max(y);
            }
            let (w, h) = (x1 - x0, y1 - y0);
            if !(w.is_finite() && h.is_finite()) {
                continue;
            }
            if h <= RULE_THICKNESS && w > RULE_THICKNESS {
                self.rule(true, (y0 + y1) / 2.0, x0, x1, budget)?;
            } else if w <= RULE_THICKNESS && h > RULE_THICKNESS {
                self.rule(false, (x0 + x1) / 2.0, y0, y1, budget)?;
            } else if stroke {
                for pair in sub.windows(2) {
                    let ((ax, ay), (bx, by)) = (pair[0], pair[1]);
                    if (ay - by).abs() < 1.0 && (ax - bx).abs() > 1.0 {
                        self.rule(true, ay, ax.min(bx), ax.max(bx), budget)?;
                    } else if (ax - bx).abs() < 1.0 && (ay - by).abs() > 1.0 {
                        self.rule(false, ax, ay.min(by), ay.max(by), budget)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn rule(
        &mut self,
        horizontal: bool,
        pos: f64,
        from: f64,
        to: f64,
        budget: &mut Budget,
    ) -> Result<(), Exhausted> {
        budget.rule()?;
        if self.page.rules.len() < super::MAX_RULES_PER_PAGE {
            self.page.rules.push(Rule {
                horizontal,
                pos: pos as f32,
                from: from as f32,
                to: to as f32,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices_compose_like_pdf() {
        let scale = M([2.0, 0.0, 0.0, 2.0, 0.0, 0.0]);
        let shift = M::translate(10.0, 5.0);
        // Scale first, then shift.
        assert_eq!(scale.mul(&shift).apply(1.0, 1.0), (12.0, 7.0));
        assert_eq!(shift.mul(&scale).apply(1.0, 1.0), (22.0, 12.0));
    }
}
