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
//! Only `kheo serve` keeps cards (its [`super::Session`]): after an edit that
//! shifts a thousand listing pages by one card, it renders them from
//! cards it already has. The memo belongs to one compiled [`Tera`], which
//! `serve` keeps between edits while the templates stay the same: entries
//! of models since edited are left behind, and the whole memo is emptied
//! when it grows past four cards per model. `kheo build` renders each
//! card where it is shown: keeping them did not pay for the memory a
//! national site's cards take.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, Weak};

use tera::{Context, Kwargs, State, Tera, TeraResult, Value};

/// The function's name, as themes call it.
pub const FUNCTION: &str = "model_card_html";
/// The component it renders.
const COMPONENT: &str = "model_card";
const SHARDS: usize = 16;

type Shard = HashMap<u64, Value, ahash::RandomState>;

/// Rendered cards by [`slot`] of their key and heading level.
#[derive(Default)]
pub struct CardMemo {
    /// The Tera that owns this memo (through the registered function),
    /// set once it is shared.
    tera: OnceLock<Weak<Tera>>,
    /// Whether cards are kept: only in a [`super::Session`].
    keep: bool,
    shards: [Mutex<Shard>; SHARDS],
}

/// Where a card with `key` and heading level `hl` is kept.
fn slot(key: u64, hl: i64) -> u64 {
    key ^ (hl as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl CardMemo {
    /// A memo for `tera`, registered as [`FUNCTION`] in it; [`CardMemo::bind`]
    /// once `tera` is shared.
    pub fn register(tera: &mut Tera, keep: bool) -> Arc<CardMemo> {
        let memo = Arc::new(CardMemo {
            keep,
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
        if let Some(html) = at.filter(|_| self.0.keep).and_then(|at| self.0.get(at)) {
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
        if let Some(at) = at
            && self.0.keep
        {
            self.0.put(at, html.clone());
        }
        Ok(html)
    }

    fn is_safe(&self) -> bool {
        true
    }
}
