//! Model cards rendered once: the theme's `model_list` calls
//! `model_card_html(m=m, hl=hl)`, which renders the `model_card` component
//! for a card the first time and hands the same HTML to every later page
//! that lists the model with the same heading level.
//!
//! A component sees nothing but its arguments (Tera 2), so a card's HTML
//! is a function of the card, its heading level and the UI strings. The
//! card carries `card_key`, a hash of everything its value is made from
//! (the model but its body, its locality's levels) and of what every card
//! sees (the templates, the UI strings, the configuration, kheo's
//! binary): two cards with the same key render the same. A national site
//! lists each model on five or six listing pages and three model pages
//! (its related models).
//!
//! Only `kheo serve` keeps cards ([`keep_cards`]): after an edit that
//! shifts a thousand listing pages by one card, it renders them from
//! cards it already has. The memo belongs to one compiled [`Tera`], which
//! `serve` keeps between edits while the templates stay the same: entries
//! of models since edited are left behind, and the whole memo is emptied
//! when it grows past four cards per model. `kheo build` renders each
//! card where it is shown: keeping them saved 5 % of a cold build's CPU
//! time at 10,000 models and no wall time, and at 100,000 raised its
//! peak memory from 480 to 735 MB.
//!
//! Between builds, the cards are in the last build's pages. An output
//! folder records where each card is in each page that lists at least
//! [`MIN_CARDS`] of them ([`CardSpan`]s, found in the written bytes by
//! [`spans`]); when such a page is rendered again (a field edit shifts a
//! thousand listing pages by one card), its old file is read once and
//! every card it still shows is taken from there ([`with_page`]) rather
//! than rendered: one read per page, where a store of every card looked
//! up by key, tried before, cost one `pread` per card and was slower
//! than rendering them. A card comes from the old file only under its
//! key and heading level, and only when the file is still as that
//! build wrote it (its length and CRC-32, checked by the output folder).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, Weak};

use tera::{Context, Kwargs, State, Tera, TeraResult, Value};

/// The function's name, as themes call it.
pub const FUNCTION: &str = "model_card_html";
/// The component it renders.
const COMPONENT: &str = "model_card";
const SHARDS: usize = 16;
/// The fewest cards a page must list for its cards' places to be
/// recorded: listings (fifty cards a page) are, model pages (their four
/// related models) are not, which keeps the record small.
pub const MIN_CARDS: usize = 8;

/// Whether cards are kept ([`keep_cards`]).
static KEEP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Keeps the cards rendered from now on, in this process (`kheo serve`).
pub fn keep_cards() {
    KEEP.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Whether cards are kept: only then do they need their keys.
pub fn keeping() -> bool {
    KEEP.load(std::sync::atomic::Ordering::Relaxed)
}

type Shard = HashMap<u64, Value, ahash::RandomState>;

/// Rendered cards by [`slot`] of their key and heading level.
#[derive(Default)]
pub struct CardMemo {
    /// The Tera that owns this memo (through the registered function),
    /// set once it is shared.
    tera: OnceLock<Weak<Tera>>,
    shards: [Mutex<Shard>; SHARDS],
}

/// Where a card with `key` and heading level `hl` is kept.
fn slot(key: u64, hl: i64) -> u64 {
    key ^ (hl as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl CardMemo {
    /// A memo for `tera`, registered as [`FUNCTION`] in it; [`CardMemo::bind`]
    /// once `tera` is shared.
    pub fn register(tera: &mut Tera) -> Arc<CardMemo> {
        let memo = Arc::new(CardMemo::default());
        tera.register_function(FUNCTION, CardFn(Arc::clone(&memo)));
        memo
    }

    /// Gives the memo the Tera it renders with.
    pub fn bind(&self, tera: &Arc<Tera>) {
        let _ = self.tera.set(Arc::downgrade(tera));
    }

    fn shard(&self, slot: u64) -> &Mutex<Shard> {
        &self.shards[(slot >> 59) as usize % SHARDS]
    }

    fn get(&self, slot: u64) -> Option<Value> {
        self.shard(slot).lock().ok()?.get(&slot).cloned()
    }

    fn put(&self, slot: u64, html: Value) {
        if let Ok(mut shard) = self.shard(slot).lock() {
            shard.insert(slot, html);
        }
    }

    /// How many cards are kept.
    fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.lock().map(|s| s.len()).unwrap_or(0))
            .sum()
    }

    /// Empties the memo when it holds more than four cards per model of a
    /// site of `models` (`kheo serve`, after many edits).
    pub fn trim(&self, models: usize) {
        if self.len() > 4 * models + 1024 {
            for s in &self.shards {
                if let Ok(mut s) = s.lock() {
                    *s = Shard::default();
                }
            }
        }
    }
}

/// Where a card is in a page file: its [`slot`] (key and heading level),
/// offset and length.
pub type CardSpan = (u64, u32, u32);

/// The last build's file of a page, and where its cards are in it.
pub struct OldCards {
    bytes: Vec<u8>,
    at: HashMap<u64, (u32, u32), ahash::RandomState>,
}

impl OldCards {
    /// The cards of a file: `None` when a span falls outside it.
    pub fn new(bytes: Vec<u8>, spans: &[CardSpan]) -> Option<OldCards> {
        let mut at = HashMap::with_capacity_and_hasher(spans.len(), ahash::RandomState::new());
        for &(slot, from, len) in spans {
            let end = (from as usize).checked_add(len as usize)?;
            if end > bytes.len() {
                return None;
            }
            at.insert(slot, (from, len));
        }
        Some(OldCards { bytes, at })
    }

    /// The HTML of the card in `slot`, when the file has it.
    fn get(&self, slot: u64) -> Option<&str> {
        let &(from, len) = self.at.get(&slot)?;
        let (from, len) = (from as usize, len as usize);
        simdutf8::basic::from_utf8(self.bytes.get(from..from + len)?).ok()
    }
}

/// The page this thread is rendering ([`with_page`]).
struct Page {
    old: Option<OldCards>,
    shown: Vec<(u64, Value)>,
    reused: usize,
}

thread_local!(static PAGE: std::cell::RefCell<Option<Page>> = const { std::cell::RefCell::new(None) });

/// What [`with_page`] saw of a page's cards.
pub struct Shown {
    /// Each card the page asked for, in order: its slot and HTML.
    pub cards: Vec<(u64, Value)>,
    /// How many of them came from the old file.
    pub reused: usize,
}

/// Runs `render` (one page) with the cards of `old`, the page's last
/// file, at hand for `model_card_html`, and notes every card it shows.
/// (Whatever the thread had before is put back after, should a page
/// ever be rendered within another.)
pub fn with_page<R>(old: Option<OldCards>, render: impl FnOnce() -> R) -> (R, Shown) {
    let page = Page {
        old,
        shown: Vec::new(),
        reused: 0,
    };
    let outer = PAGE.with_borrow_mut(|p| p.replace(page));
    let r = render();
    let page = PAGE.with_borrow_mut(|p| std::mem::replace(p, outer));
    let shown = match page {
        Some(p) => Shown {
            cards: p.shown,
            reused: p.reused,
        },
        None => Shown {
            cards: Vec::new(),
            reused: 0,
        },
    };
    (r, shown)
}

/// The card in `slot` from the page's old file, if it has it.
fn from_page(slot: u64) -> Option<Value> {
    PAGE.with_borrow_mut(|p| {
        let p = p.as_mut()?;
        let html = Value::safe_string(p.old.as_ref()?.get(slot)?);
        p.reused += 1;
        Some(html)
    })
}

/// Notes a card the page being rendered shows.
fn note(slot: u64, html: &Value) {
    PAGE.with_borrow_mut(|p| {
        if let Some(p) = p.as_mut() {
            p.shown.push((slot, html.clone()));
        }
    });
}

/// Where the cards `shown` are in `page`, the bytes written: each is
/// looked for after the one before it. A card not found as it was
/// rendered (a template that filtered it) is left out, as is a card that
/// lists cards (those inside it were noted, and found, before it).
pub fn spans(shown: &[(u64, Value)], page: &[u8]) -> Vec<CardSpan> {
    let mut out = Vec::with_capacity(shown.len());
    let mut from = 0;
    for (slot, html) in shown {
        let Some(html) = html.as_str().map(str::as_bytes).filter(|h| !h.is_empty()) else {
            continue;
        };
        let Some(at) = find(&page[from..], html) else {
            continue;
        };
        let (Ok(start), Ok(len)) = (u32::try_from(from + at), u32::try_from(html.len())) else {
            break;
        };
        out.push((*slot, start, len));
        from += at + html.len();
    }
    out
}

/// Where `html` first is in `page`. The next card is nearly always a
/// few bytes on: its first bytes are looked for, and the whole compared
/// where they are (a search for the whole card of a kilobyte cost more
/// than rendering it).
fn find(page: &[u8], html: &[u8]) -> Option<usize> {
    let head = &html[..html.len().min(16)];
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&page[from..], head) {
        let at = from + at;
        if page[at..].starts_with(html) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// `model_card_html(m=card, hl=level)`: the `model_card` component's HTML
/// for the card, from the memo when the card has a `card_key`. `t`, the
/// UI strings, is the caller's unless given.
struct CardFn(Arc<CardMemo>);

impl tera::Function<TeraResult<Value>> for CardFn {
    fn call(&self, kwargs: Kwargs, state: &State) -> TeraResult<Value> {
        let m: Value = kwargs.must_get("m")?;
        let hl: i64 = kwargs.get("hl")?.unwrap_or(3);
        let key = m
            .as_map()
            .and_then(|m| m.get(&tera::value::Key::Str("card_key"))?.as_u64())
            .filter(|&k| k != 0);
        let at = key.map(|k| slot(k, hl));
        if let Some(at) = at {
            let kept = keeping().then(|| self.0.get(at)).flatten();
            if let Some(html) = kept.or_else(|| from_page(at)) {
                note(at, &html);
                return Ok(html);
            }
        }
        let Some(tera) = self.0.tera.get().and_then(Weak::upgrade) else {
            return Err(tera::Error::message(format!(
                "`{FUNCTION}` is only available while kheo renders pages"
            )));
        };
        let t: Value = match kwargs.get("t")? {
            Some(t) => t,
            None => state.get("t")?.unwrap_or_else(Value::none),
        };
        let mut ctx = Context::new();
        ctx.insert_value("m", m);
        ctx.insert_value("hl", Value::from(hl));
        ctx.insert_value("t", t);
        // Into a buffer kept by the thread (taken out while in use: a
        // card may list cards), and checked by simdutf8: `render_component`
        // checks each card's UTF-8 with std's slower check into a new
        // string, copied again into the value.
        thread_local!(static BUF: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) });
        let mut buf = BUF.take();
        buf.clear();
        let rendered = tera.render_component_to(
            COMPONENT,
            &ctx,
            None,
            state.autoescaping_enabled(),
            &mut buf,
        );
        let html = rendered.and_then(|()| {
            simdutf8::basic::from_utf8(&buf)
                .map(Value::safe_string)
                .map_err(|_| tera::Error::message("a card that is not UTF-8"))
        });
        BUF.set(buf);
        let html = html?;
        if let Some(at) = at {
            if keeping() {
                self.0.put(at, html.clone());
            }
            note(at, &html);
        }
        Ok(html)
    }

    fn is_safe(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_follow_the_page_and_leave_out_cards_not_written_as_rendered() {
        let page =
            "<ul><li><a>1</a></li><li><b>2</b></li><li><o><i>x</i></o></li><li><a>1</a></li></ul>";
        let card = |s: &str| Value::safe_string(s);
        let shown = vec![
            (1, card("<a>1</a>")),
            (2, card("<c>not written</c>")),
            (3, card("<b>2</b>")),
            // A card inside the card after it: the inner one is found,
            // the outer one is not looked for before it.
            (4, card("<i>x</i>")),
            (5, card("<o><i>x</i></o>")),
            // The same card twice: the second time after the first.
            (1, card("<a>1</a>")),
        ];
        let spans = spans(&shown, page.as_bytes());
        let found: Vec<(u64, &str)> = spans
            .iter()
            .map(|&(slot, at, len)| (slot, &page[at as usize..(at + len) as usize]))
            .collect();
        assert_eq!(
            found,
            vec![
                (1, "<a>1</a>"),
                (3, "<b>2</b>"),
                (4, "<i>x</i>"),
                (1, "<a>1</a>")
            ]
        );
        assert!(spans[3].1 > spans[0].1, "the second <a> is the later one");
        // What the old file gives back is exactly those bytes.
        let old = OldCards::new(page.as_bytes().to_vec(), &spans).expect("in bounds");
        assert_eq!(old.get(3), Some("<b>2</b>"));
        assert_eq!(old.get(2), None);
        assert!(OldCards::new(b"short".to_vec(), &spans).is_none());
    }
}
