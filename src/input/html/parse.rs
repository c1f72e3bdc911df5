//! Parsing a page into a tree (html5ever's tokenizer and tree builder, into
//! scraper's `Html`) in bounded time and memory, whatever the page.
//!
//! html5ever follows the HTML standard, whose tree construction looks through
//! the stack of open elements for nearly every tag ("close a `p` element in
//! button scope"): on a page nested 100,000 deep every tag costs 100,000
//! steps, and such a page takes minutes. Browsers bound the tree's depth
//! (Blink at 512); so does this parser, between the tokenizer and the tree
//! builder ([`Bounded`]):
//!
//! - it keeps its own stack of the elements it let open, with the closings the
//!   standard implies for the common cases (`<p>` ends an open `p`, `<td>` an
//!   open cell, `<li>` an open item…);
//! - a start tag that would open an element deeper than `depth` is dropped
//!   (its text stays, in the element at the limit), and so is its end tag;
//! - an end tag of an element dropped there is dropped too; one of an element
//!   that is not open, or that the tree builder would not close (across a
//!   table cell…), costs the builder a search of its stack, and past 50
//!   million steps of such searches they are dropped;
//! - the attributes of formatting elements (`<b>`, `<font>`, `<a>`…) are
//!   dropped: they do not matter for the text, and without them the standard's
//!   "Noah's Ark" clause keeps at most three of each in the list of active
//!   formatting elements, which the builder re-opens on every paragraph.
//!
//! The tree builder's sink counts the nodes created ([`Counting`]: elements,
//! comments, runs of text); past the `nodes` limit the rest of the page is
//! not read and the page is
//! refused. The tokenizer compares each attribute with the tag's earlier ones
//! (quadratic in a tag's attributes), so attributes past the 64th of a tag are
//! removed from the page before it is tokenized ([`cap_attributes`]).

use crate::input::{InputError, Limit, Limits};
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{
    ElementFlags, NodeOrText, QuirksMode, TreeBuilder, TreeBuilderOpts, TreeSink,
};
use html5ever::{Attribute, LocalName, QualName};
use scraper::{Html, HtmlTreeSink};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

type NodeId = ego_tree::NodeId;

/// Most attributes of one tag kept.
const MAX_ATTRIBUTES: usize = 64;
/// Most steps spent on end tags the tree builder ignores (a fraction of a
/// second); past it, such end tags are dropped.
const MAX_SEARCH: usize = 50_000_000;

/// Parses a page within `limits` (`depth`, `nodes`).
pub fn parse(page: &str, limits: &Limits) -> Result<Html, InputError> {
    let page = cap_attributes(page);
    let sink = Counting {
        inner: HtmlTreeSink::new(Html::new_document()),
        created: Cell::new(0),
    };
    let bounded = Bounded {
        inner: TreeBuilder::new(sink, TreeBuilderOpts::default()),
        open: RefCell::new(Vec::new()),
        open_count: RefCell::new(HashMap::new()),
        dropped: RefCell::new(HashMap::new()),
        formatting: RefCell::new(HashMap::new()),
        depth: limits.depth.max(1),
        nodes: limits.nodes,
        stopped: Cell::new(false),
        searched: Cell::new(0),
        raw: Cell::new(false),
    };
    let tokenizer = Tokenizer::new(bounded, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(&page));
    drop(page);
    while !matches!(tokenizer.feed(&input), html5ever::TokenizerResult::Done) {}
    tokenizer.end();
    let bounded = tokenizer.sink;
    if bounded.stopped.get() {
        return Err(InputError::TooLarge(Limit::Nodes, limits.nodes as u64));
    }
    Ok(bounded.inner.sink.inner.finish())
}

/// Elements without content (never on the stack of open elements).
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "basefont"
            | "bgsound"
            | "br"
            | "col"
            | "embed"
            | "frame"
            | "hr"
            | "img"
            | "image"
            | "input"
            | "keygen"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// The standard's formatting elements (re-opened by the tree builder).
fn is_formatting(name: &str) -> bool {
    matches!(
        name,
        "a" | "b"
            | "big"
            | "code"
            | "em"
            | "font"
            | "i"
            | "nobr"
            | "s"
            | "small"
            | "strike"
            | "strong"
            | "tt"
            | "u"
    )
}

/// Start tags that close an open `p` ("close a p element" in the standard).
fn closes_p(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "center"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "li"
            | "dd"
            | "dt"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "plaintext"
            | "pre"
            | "search"
            | "section"
            | "summary"
            | "table"
            | "ul"
            | "xmp"
    )
}

/// The standard's "special" elements (`special_tag` in html5ever): an end
/// tag of another element is not looked for past one of them.
fn is_special(name: &str) -> bool {
    closes_p(name)
        || is_void(name)
        || matches!(
            name,
            "applet"
                | "body"
                | "button"
                | "caption"
                | "colgroup"
                | "frameset"
                | "head"
                | "html"
                | "iframe"
                | "marquee"
                | "noembed"
                | "noframes"
                | "noscript"
                | "object"
                | "script"
                | "select"
                | "style"
                | "tbody"
                | "td"
                | "template"
                | "textarea"
                | "tfoot"
                | "th"
                | "thead"
                | "title"
                | "tr"
        )
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Elements that end the standard's "scope" searches.
fn is_scope_boundary(name: &str) -> bool {
    matches!(
        name,
        "applet"
            | "caption"
            | "html"
            | "table"
            | "td"
            | "th"
            | "marquee"
            | "object"
            | "template"
            | "svg"
            | "math"
    )
}

/// Between html5ever's tokenizer and its tree builder: keeps the tree within
/// `depth` and stops at `nodes` (see the module's documentation).
struct Bounded {
    inner: TreeBuilder<NodeId, Counting>,
    /// The elements let open, innermost last (at most `depth`), and how many
    /// of each name (so that a search for one that is not open costs
    /// nothing: every tag would otherwise look through the whole stack).
    open: RefCell<Vec<LocalName>>,
    open_count: RefCell<HashMap<LocalName, usize>>,
    /// Start tags dropped past the depth, by name: their end tags go too.
    dropped: RefCell<HashMap<LocalName, usize>>,
    /// Formatting elements let in and not yet ended, by name: the tree
    /// builder may have re-opened them (unseen here), so their end tags are
    /// let through while any may be in its list of formatting elements.
    formatting: RefCell<HashMap<LocalName, usize>>,
    depth: usize,
    nodes: usize,
    /// Past the nodes limit: nothing more is read.
    stopped: Cell<bool>,
    /// Steps of the tree builder's searches for end tags it (most likely)
    /// ignores, so far.
    searched: Cell<usize>,
    /// The tree builder is in its text mode (inside `title`, `textarea`,
    /// `style`, `script`…): until the element's end tag, every token must
    /// reach it as the tokenizer sends it. Dropping that end tag would leave
    /// the builder in text mode while the tokenizer, back in its data state,
    /// sends it start tags, which it cannot take (a panic in html5ever).
    raw: Cell<bool>,
}

impl Bounded {
    /// How many elements named `name` are open.
    fn count(&self, name: &str) -> usize {
        self.open_count
            .borrow()
            .get(&LocalName::from(name))
            .copied()
            .unwrap_or(0)
    }

    fn push(&self, name: LocalName) {
        *self
            .open_count
            .borrow_mut()
            .entry(name.clone())
            .or_insert(0) += 1;
        self.open.borrow_mut().push(name);
    }

    /// Pops the elements from index `i` on; returns them, outermost first.
    fn truncate(&self, i: usize) -> Vec<LocalName> {
        let gone: Vec<LocalName> = self.open.borrow_mut().drain(i..).collect();
        let mut count = self.open_count.borrow_mut();
        for n in &gone {
            if let Some(c) = count.get_mut(n) {
                *c = c.saturating_sub(1);
            }
        }
        gone
    }

    /// Closes (in the model) the innermost open element named one of
    /// `targets`, unless an element that `boundary` matches comes first.
    fn close(&self, targets: &[&str], boundary: impl Fn(&str) -> bool) {
        if targets.iter().all(|t| self.count(t) == 0) {
            return;
        }
        let at = {
            let open = self.open.borrow();
            let mut at = None;
            for i in (0..open.len()).rev() {
                let n = &*open[i];
                if targets.contains(&n) {
                    at = Some(i);
                    break;
                }
                if boundary(n) {
                    break;
                }
            }
            at
        };
        if let Some(i) = at {
            self.truncate(i);
        }
    }

    /// The closings the standard implies when `name` starts (the common ones).
    fn implied_closes(&self, name: &str) {
        if closes_p(name) {
            self.close(&["p"], |n| is_scope_boundary(n) || n == "button");
        }
        let top_is_heading = self.open.borrow().last().is_some_and(|n| is_heading(n));
        let table = |n: &str| n == "table" || n == "html";
        match name {
            _ if is_heading(name) && top_is_heading => {
                let last = self.open.borrow().len() - 1;
                self.truncate(last);
            }
            "li" => self.close(&["li"], |n| {
                is_scope_boundary(n) || matches!(n, "ol" | "ul")
            }),
            "dd" | "dt" => self.close(&["dd", "dt"], |n| {
                is_scope_boundary(n) || matches!(n, "dl" | "ol" | "ul")
            }),
            "td" | "th" => self.close(&["td", "th"], table),
            "tr" => self.close(&["tr"], table),
            "tbody" | "thead" | "tfoot" => self.close(&["tbody", "thead", "tfoot"], table),
            // A table started in a table (not in one of its cells) ends it.
            "table" => self.close(&["table"], |n| matches!(n, "td" | "th" | "caption")),
            "option" => self.close(&["option"], |n| n != "option"),
            "optgroup" => self.close(&["option", "optgroup"], |n| {
                !matches!(n, "option" | "optgroup")
            }),
            "a" | "nobr" | "button" => self.close(&[name], |n| {
                matches!(
                    n,
                    "td" | "th" | "caption" | "marquee" | "object" | "applet" | "template" | "html"
                )
            }),
            _ => {}
        }
    }

    fn start(&self, mut tag: Tag, line: u64) -> TokenSinkResult<NodeId> {
        let name = tag.name.clone();
        let foreign = self.count("svg") + self.count("math") > 0;
        if is_void(&name) || (tag.self_closing && foreign) {
            return self.inner.process_token(Token::TagToken(tag), line);
        }
        if matches!(&*name, "html" | "head" | "body") && self.count(&name) > 0 {
            return self.inner.process_token(Token::TagToken(tag), line);
        }
        self.implied_closes(&name);
        if self.open.borrow().len() >= self.depth {
            *self.dropped.borrow_mut().entry(name).or_insert(0) += 1;
            return TokenSinkResult::Continue;
        }
        if is_formatting(&name) {
            tag.attrs.clear();
            *self
                .formatting
                .borrow_mut()
                .entry(name.clone())
                .or_insert(0) += 1;
        }
        self.push(name);
        let result = self.inner.process_token(Token::TagToken(tag), line);
        if matches!(result, TokenSinkResult::RawData(_)) {
            self.raw.set(true);
        }
        result
    }

    /// A token while the tree builder is in text mode: passed on; the end
    /// tag (the only one the tokenizer sends then) ends the mode and closes
    /// its element in the model.
    fn raw_text(&self, token: Token, line: u64) -> TokenSinkResult<NodeId> {
        if let Token::TagToken(tag) = &token {
            if tag.kind == TagKind::EndTag {
                self.raw.set(false);
                self.close(&[&*tag.name], |_| false);
            }
        }
        self.inner.process_token(token, line)
    }

    fn end(&self, tag: Tag, line: u64) -> TokenSinkResult<NodeId> {
        if let Some(n) = self.dropped.borrow_mut().get_mut(&tag.name) {
            if *n > 0 {
                *n -= 1;
                return TokenSinkResult::Continue;
            }
        }
        // Where the tree builder closes the element (and all it encloses),
        // or `None` when it would ignore the end tag: an element of the
        // "special" kind (`div`, `td`…) closes only within its scope (not
        // across a table or cell), any other only when no special element
        // comes first.
        let name = &*tag.name;
        let at = match self.count(name) {
            0 => None,
            _ => {
                let open = self.open.borrow();
                let mut at = None;
                for i in (0..open.len()).rev() {
                    let n = &*open[i];
                    if n == name {
                        at = Some(i);
                        break;
                    }
                    let barrier = match name {
                        // Table scope: a cell does not stop them.
                        "table" | "tbody" | "tfoot" | "thead" | "tr" | "td" | "th" | "caption"
                        | "colgroup" => matches!(n, "table" | "html" | "template"),
                        "li" => is_scope_boundary(n) || matches!(n, "ol" | "ul"),
                        _ if is_special(name) || is_formatting(name) => is_scope_boundary(n),
                        _ => is_special(n),
                    };
                    if barrier {
                        break;
                    }
                }
                at
            }
        };
        let formatting = is_formatting(name)
            && self
                .formatting
                .borrow_mut()
                .get_mut(&tag.name)
                .is_some_and(|n| {
                    let live = *n > 0;
                    *n = n.saturating_sub(1);
                    live
                });
        match at {
            Some(i) => {
                self.truncate(i);
                self.inner.process_token(Token::TagToken(tag), line)
            }
            None if formatting || matches!(name, "p" | "br") => {
                self.inner.process_token(Token::TagToken(tag), line)
            }
            // Not open here, or behind an element the tree builder does not
            // look past: it most likely ignores the tag, after a search of
            // its stack. Let through (the builder may have opened the
            // element itself: `tbody`) while the searches cost little.
            None => {
                let cost = self.open.borrow().len();
                if self.searched.get() + cost > MAX_SEARCH {
                    return TokenSinkResult::Continue;
                }
                self.searched.set(self.searched.get() + cost);
                self.inner.process_token(Token::TagToken(tag), line)
            }
        }
    }
}

impl TokenSink for Bounded {
    type Handle = NodeId;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<NodeId> {
        if self.stopped.get() {
            return match token {
                Token::EOFToken => self.inner.process_token(token, line),
                _ => TokenSinkResult::Continue,
            };
        }
        let result = match token {
            other if self.raw.get() => self.raw_text(other, line),
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => self.start(tag, line),
            Token::TagToken(tag) => self.end(tag, line),
            other => self.inner.process_token(other, line),
        };
        if self.inner.sink.created.get() > self.nodes {
            self.stopped.set(true);
        }
        result
    }

    fn end(&self) {
        self.inner.end()
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// scraper's tree sink, counting the nodes created (elements, comments, runs
/// of text).
struct Counting {
    inner: HtmlTreeSink,
    created: Cell<usize>,
}

impl TreeSink for Counting {
    type Handle = NodeId;
    type Output = Html;
    type ElemName<'a>
        = <HtmlTreeSink as TreeSink>::ElemName<'a>
    where
        Self: 'a;

    fn finish(self) -> Html {
        self.inner.finish()
    }
    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg)
    }
    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }
    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        self.created.set(self.created.get() + 1);
        self.inner.create_element(name, attrs, flags)
    }
    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.created.set(self.created.get() + 1);
        self.inner.create_comment(text)
    }
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }
    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        if matches!(child, NodeOrText::AppendText(_)) {
            // A run of text (a new text node, or more of the last one).
            self.created.set(self.created.get() + 1);
        }
        self.inner.append(parent, child)
    }
    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        self.inner
            .append_based_on_parent_node(element, prev_element, child)
    }
    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id)
    }
    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node)
    }
    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }
    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.inner.same_node(x, y)
    }
    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode)
    }
    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.inner.append_before_sibling(sibling, new_node)
    }
    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }
    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target)
    }
    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent)
    }
}

/// Elements whose content the tokenizer reads as text up to their end tag.
fn is_raw_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"script"
            | b"style"
            | b"xmp"
            | b"iframe"
            | b"noembed"
            | b"noframes"
            | b"noscript"
            | b"textarea"
            | b"title"
            | b"plaintext"
    )
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// The page without the attributes past the 64th of each tag (a linear scan
/// that follows tags, quoted values, comments and raw text as the tokenizer
/// does); borrowed when no tag has that many.
pub fn cap_attributes(page: &str) -> Cow<'_, str> {
    let b = page.as_bytes();
    let n = b.len();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut i = 0;
    while let Some(j) = memchr::memchr(b'<', &b[i..]) {
        let at = i + j;
        if b[at..].starts_with(b"<!--") {
            i = memchr::memmem::find(&b[at + 4..], b"-->").map_or(n, |k| at + 4 + k + 3);
            continue;
        }
        let end_tag = b.get(at + 1) == Some(&b'/');
        let name_start = at + 1 + end_tag as usize;
        if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            i = at + 1;
            continue;
        }
        let mut k = name_start;
        while k < n && !is_space(b[k]) && b[k] != b'/' && b[k] != b'>' {
            k += 1;
        }
        let name = b[name_start..k].to_ascii_lowercase();
        let mut count = 0;
        loop {
            while k < n && (is_space(b[k]) || b[k] == b'/') {
                k += 1;
            }
            if k >= n || b[k] == b'>' {
                k = (k + 1).min(n);
                break;
            }
            let attr_start = k;
            k += 1;
            while k < n && !is_space(b[k]) && !matches!(b[k], b'/' | b'>' | b'=') {
                k += 1;
            }
            let mut v = k;
            while v < n && is_space(b[v]) {
                v += 1;
            }
            if v < n && b[v] == b'=' {
                v += 1;
                while v < n && is_space(b[v]) {
                    v += 1;
                }
                match b.get(v) {
                    Some(&q) if q == b'"' || q == b'\'' => {
                        k = memchr::memchr(q, &b[v + 1..]).map_or(n, |e| v + 1 + e + 1);
                    }
                    _ => {
                        k = v;
                        while k < n && !is_space(b[k]) && b[k] != b'>' {
                            k += 1;
                        }
                    }
                }
            }
            count += 1;
            if count > MAX_ATTRIBUTES {
                let o = out.get_or_insert_with(|| String::with_capacity(n));
                o.push_str(&page[copied..attr_start]);
                copied = k;
            }
        }
        i = k;
        if !end_tag && is_raw_text(&name) {
            // Up to the element's end tag (the rest of the page for plaintext).
            let mut close = b"</".to_vec();
            close.extend_from_slice(&name);
            i = if name == b"plaintext" {
                n
            } else {
                find_ignore_case(&b[i..], &close).map_or(n, |e| i + e)
            };
        }
    }
    match out {
        None => Cow::Borrowed(page),
        Some(mut o) => {
            o.push_str(&page[copied..]);
            Cow::Owned(o)
        }
    }
}

/// Where `needle` (lower case ASCII) first occurs in `hay`, ignoring ASCII case.
fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(j) = memchr::memchr(b'<', &hay[from..]) {
        let at = from + j;
        if hay.len() - at >= needle.len() && hay[at..at + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_past_the_64th_are_dropped() {
        let attrs: String = (0..100).map(|i| format!(" a{i}=\"{i}>\"")).collect();
        let page = format!("<p{attrs}>文字</p><script>if (a<b c d) {{}}</script><p x=1>");
        let capped = cap_attributes(&page);
        assert!(capped.contains(" a63=\"63>\""), "{capped}");
        assert!(!capped.contains("a64"), "{capped}");
        assert!(capped.ends_with(">文字</p><script>if (a<b c d) {}</script><p x=1>"));
        assert!(matches!(cap_attributes("<p a=1 b>x</p>"), Cow::Borrowed(_)));
    }

    fn depth_of(html: &Html) -> usize {
        html.tree
            .nodes()
            .map(|n| n.ancestors().count())
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn the_tree_stays_within_the_depth_and_keeps_the_text() {
        let limits = Limits {
            depth: 50,
            ..Limits::default()
        };
        let page = format!(
            "<html><body>{}深{}<p>后</p></body></html>",
            "<div><span>".repeat(100),
            "</span></div>".repeat(100)
        );
        let html = parse(&page, &limits).unwrap();
        assert!(depth_of(&html) <= 55, "{}", depth_of(&html));
        let text: String = html.root_element().text().collect();
        assert_eq!(text, "深后");
    }

    #[test]
    fn implied_closings_do_not_count_as_depth() {
        // Unclosed paragraphs, items and cells, as old pages have them: the
        // last one is still read in its own paragraph, cell and row.
        let limits = Limits {
            depth: 20,
            ..Limits::default()
        };
        let rows: String = (0..100).map(|i| format!("<tr><td>{i}<td>x")).collect();
        let page = format!(
            "<body>{}{}<ul>{}</ul><table>{rows}</table>",
            "<p>段".repeat(100),
            "<div>块</div>".repeat(100),
            "<li>项".repeat(100)
        );
        let html = parse(&page, &limits).unwrap();
        let count = |name: &str| {
            html.tree
                .nodes()
                .filter(|n| n.value().as_element().is_some_and(|e| e.name() == name))
                .count()
        };
        assert_eq!(
            (
                count("p"),
                count("div"),
                count("li"),
                count("tr"),
                count("td")
            ),
            (100, 100, 100, 100, 200)
        );
    }

    /// The tree as element names, nesting and text (attributes left out:
    /// those of formatting elements are dropped on purpose).
    fn shape(html: &Html) -> String {
        fn walk(n: ego_tree::NodeRef<scraper::Node>, out: &mut String) {
            match n.value() {
                scraper::Node::Element(e) => {
                    out.push('<');
                    out.push_str(e.name());
                    out.push('>');
                    for c in n.children() {
                        walk(c, out);
                    }
                    out.push_str("</>");
                }
                scraper::Node::Text(t) => out.push_str(t),
                _ => n.children().for_each(|c| walk(c, out)),
            }
        }
        let mut out = String::new();
        walk(html.tree.root(), &mut out);
        out
    }

    #[test]
    fn ordinary_pages_parse_as_without_the_filter() {
        let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/html");
        let mut pages: Vec<String> = std::fs::read_dir(fixtures)
            .unwrap()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| super::super::decode_page(&std::fs::read(e.path()).unwrap()).unwrap())
            .collect();
        assert!(!pages.is_empty());
        // Sloppy markup as old CMS pages have it.
        pages.extend(
            [
                "<div><table><tr><td>a</div></td><td>5</td></tr><tr><td>b<td>6</table></div>后",
                "<p>一<p>二<div>三</p>四</div><span><div>五</span>六</div>七",
                "<ul><li>1<li>2<ol><li>3</ul>4</li>5",
                "<b>粗<i>斜</b>体</i>字<p><font color=red>红<p>又</font>完",
                "<table><tr><td><table><tr><td>内</td></tr></table></td></tr></table>",
                "<select><option>1<option>2</select><h1>标<h2>题</h1>",
                "<a href=x>链<a href=y>接</a></a><button>钮<button>二</button>",
                "<svg><g><path/></g></svg><math><mi/></math><dl><dt>词<dd>义<dt>再</dl>",
            ]
            .map(str::to_string),
        );
        for page in pages {
            let ours = parse(&page, &Limits::default()).unwrap();
            let plain = Html::parse_document(&page);
            assert_eq!(shape(&ours), shape(&plain), "{page}");
        }
    }

    #[test]
    fn tag_soup_parses_as_without_the_filter() {
        // Random sequences of start tags, end tags and text, as misnested as
        // they come (under the depth limit the filter must change nothing).
        const TAGS: [&str; 32] = [
            "p", "div", "span", "b", "i", "font", "a", "table", "tr", "td", "th", "tbody", "li",
            "ul", "ol", "h1", "h2", "br", "center", "strong", "em", "select", "option", "form",
            "button", "dl", "dt", "dd", "pre", "caption", "small", "u",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for _ in 0..1000 {
            let mut page = String::new();
            for k in 0..next(60) {
                let t = TAGS[next(TAGS.len())];
                match next(3) {
                    0 => page.push_str(&format!("<{t}>")),
                    1 => page.push_str(&format!("</{t}>")),
                    _ => page.push_str(&format!("x{k}")),
                }
            }
            let ours = parse(&page, &Limits::default()).unwrap();
            assert_eq!(shape(&ours), shape(&Html::parse_document(&page)), "{page}");
        }
    }

    #[test]
    fn the_nodes_limit_stops_the_parser() {
        let limits = Limits {
            nodes: 1000,
            ..Limits::default()
        };
        // Each paragraph is two nodes (the element and its text).
        assert!(parse(&"<p>x</p>".repeat(400), &limits).is_ok());
        assert_eq!(
            parse(&"<p>x</p>".repeat(2000), &limits).unwrap_err(),
            InputError::TooLarge(Limit::Nodes, 1000)
        );
        // Formatting elements re-opened paragraph after paragraph are counted
        // as created (three of each at most: their attributes are dropped).
        let page: String = (0..500).map(|i| format!("<p><b id={i}>x")).collect();
        let html = parse(&page, &Limits::default()).unwrap();
        let bs = html
            .tree
            .nodes()
            .filter(|n| n.value().as_element().is_some_and(|e| e.name() == "b"))
            .count();
        assert!(bs < 2000, "{bs}");
    }
}
