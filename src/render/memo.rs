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
//! `kheo serve` keeps every card (its [`super::Session`]): after an edit
//! that shifts a thousand listing pages by one card, it renders them from
//! cards it already has. The memo belongs to one compiled [`Tera`], which
//! `serve` keeps between edits while the templates stay the same: entries
//! of models since edited are left behind, and the whole memo is emptied
//! when it grows past four cards per model. `kheo build` keeps cards up to
//! [`BUILD_BYTES`] and renders the others where they are shown: its memory
//! peaks while it renders a national site, and every card kept adds to
//! that peak until the pages are done.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use tera::{Context, Kwargs, State, Tera, TeraResult, Value};

/// The function's name, as themes call it.
pub const FUNCTION: &str = "model_card_html";
/// The component it renders.
const COMPONENT: &str = "model_card";
const SHARDS: usize = 16;
/// How many bytes of cards `kheo build` keeps: every card of a site of
/// ten thousand models; on a national site, few enough that the memory
/// it takes while rendering stays below what the search index takes next.
pub const BUILD_BYTES: usize = 48 << 20;
/// What keeping a card costs beside its HTML (the map's entry, the value,
/// the allocation).
const CARD_OVERHEAD: usize = 96;
/// Room for one rendered card: most fit without growing the buffer.
const CARD_BYTES: usize = 2048;

type Shard = HashMap<u64, Value, ahash::RandomState>;

/// Rendered cards by [`slot`] of their key and heading level.
#[derive(Default)]
pub struct CardMemo {
    /// The Tera that owns this memo (through the registered function),
    /// set once it is shared.
    tera: OnceLock<Weak<Tera>>,
    /// How many bytes of cards may be kept: none, [`BUILD_BYTES`], or
    /// any number in a [`super::Session`].
    budget: usize,
    /// How many are.
    kept: AtomicUsize,
    shards: [Mutex<Shard>; SHARDS],
}

/// Where a card with `key` and heading level `hl` is kept.
fn slot(key: u64, hl: i64) -> u64 {
    key ^ (hl as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl CardMemo {
    /// A memo for `tera` that keeps up to `budget` bytes of cards,
    /// registered as [`FUNCTION`] in it; [`CardMemo::bind`] once `tera` is
    /// shared.
    pub fn register(tera: &mut Tera, budget: usize) -> Arc<CardMemo> {
        let memo = Arc::new(CardMemo {
            budget,
            ..CardMemo::default()
        });
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

    /// Keeps a card of `bytes` when the budget has room for it.
    fn put(&self, slot: u64, html: Value, bytes: usize) {
        let cost = bytes + CARD_OVERHEAD;
        let room = self
            .kept
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |k| {
                (k + cost <= self.budget).then_some(k + cost)
            })
            .is_ok();
        if room && let Ok(mut shard) = self.shard(slot).lock() {
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
            self.kept.store(0, Ordering::Relaxed);
        }
    }
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
        let keep = self.0.budget > 0;
        if let Some(html) = at.filter(|_| keep).and_then(|at| self.0.get(at)) {
            return Ok(html);
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
        // Checked by simdutf8: `render_component` checks each card's UTF-8
        // with std's slower check into a new string, copied again into the
        // value.
        let mut buf = Vec::with_capacity(CARD_BYTES);
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
        let bytes = buf.len();
        let html = html?;
        if let Some(at) = at
            && keep
        {
            self.0.put(at, html.clone(), bytes);
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

    const CARD: &str = "{% component model_card(m: map, hl: integer = 3, @t) -%}\
        <h{{ hl }}>{{ m.title }} {{ t.more }}</h{{ hl }}>\
        {%- endcomponent model_card %}";
    const LIST: &str = "{% for m in items %}{{ model_card_html(m=m, hl=2) }}{% endfor %}";

    fn render_with(budget: usize) -> (String, usize) {
        let mut tera = Tera::new();
        let memo = CardMemo::register(&mut tera, budget);
        tera.add_raw_templates([("c.html", CARD), ("list.html", LIST)])
            .expect("templates");
        let tera = Arc::new(tera);
        memo.bind(&tera);
        let items: Vec<Value> = ["an", "bình", "cường"]
            .iter()
            .zip(1u64..)
            .map(|(title, key)| {
                let mut m = tera::Map::new();
                m.insert(tera::value::Key::Str("title"), Value::from(*title));
                m.insert(tera::value::Key::Str("card_key"), Value::from(key));
                Value::from(m)
            })
            .collect();
        let mut ctx = Context::new();
        ctx.insert_value("items", Value::from(items));
        ctx.insert("t", &HashMap::from([("more", "xem")]));
        let first = tera.render("list.html", &ctx).expect("render");
        // The second time, the cards kept come from the memo.
        let again = tera.render("list.html", &ctx).expect("render");
        assert_eq!(first, again);
        (first, memo.len())
    }

    #[test]
    fn cards_are_kept_up_to_the_budget_and_render_the_same_past_it() {
        let want = "<h2>an xem</h2><h2>bình xem</h2><h2>cường xem</h2>";
        assert_eq!(render_with(usize::MAX), (want.to_string(), 3));
        assert_eq!(render_with(0), (want.to_string(), 0));
        // Room for the first card alone.
        let one = "<h2>an xem</h2>".len() + CARD_OVERHEAD;
        assert_eq!(render_with(one), (want.to_string(), 1));
        let two = one + "<h2>bình xem</h2>".len() + CARD_OVERHEAD;
        assert_eq!(render_with(two), (want.to_string(), 2));
        assert_eq!(render_with(two - 1), (want.to_string(), 1));
    }
}
