//! The order of listings: models newest first, then by title in
//! Vietnamese order; awards newest first, then by level and title.

use rayon::prelude::*;

use crate::content::{Award, Model};
use crate::text;

/// Models of one date: by title in Vietnamese order (through the sort
/// keys made when the files were parsed), then slug, then file (one
/// title recurs in many communes).
pub(super) fn title_order(a: &Model, b: &Model) -> std::cmp::Ordering {
    a.title_key
        .cmp(&b.title_key)
        .then_with(|| a.slug.cmp(&b.slug))
        .then_with(|| a.path.cmp(&b.path))
}

/// The listing order of models: newest first, then [`title_order`].
pub(super) fn model_order(a: &Model, b: &Model) -> std::cmp::Ordering {
    b.date_key()
        .cmp(&a.date_key())
        .then_with(|| title_order(a, b))
}

pub(super) fn sort_models(models: &mut Vec<Model>) {
    // Sorting the positions, then moving each model once: a model is a
    // large value, and a national site has 100,000 of them. Titles are
    // compared through their sort keys, made when the files were parsed.
    // Each position carries its date and the first sixteen bytes of its
    // title's sort key, so most comparisons look at neither model (at
    // 100,000 models, reading them scattered took most of the sort).
    // (Made on both cores: each key is a read somewhere else in memory.)
    let mut order: Vec<(u64, u128, usize)> = models
        .par_iter()
        .enumerate()
        .map(|(i, m)| (date_rank(m), key_prefix(&m.title_key), i))
        .collect();
    order.par_sort_unstable_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then_with(|| title_order(&models[a.2], &models[b.2]))
            .then(a.2.cmp(&b.2))
    });
    let _t = crate::progress::trace::span("sort: move");
    let mut slots: Vec<Option<Model>> = std::mem::take(models).into_iter().map(Some).collect();
    // Into a vector made to size (`filter_map` cannot tell its length).
    models.reserve_exact(order.len());
    models.extend(order.iter().filter_map(|&(_, _, i)| slots[i].take()));
}

/// A model's date as one number that sorts the newest first.
fn date_rank(m: &Model) -> u64 {
    let (y, mo, d) = m.date_key();
    let at = (i64::from(y) << 16) | (i64::from(mo) << 8) | i64::from(d);
    // The sign bit flipped sorts signed numbers as unsigned; inverted,
    // the newest first.
    !((at as u64) ^ (1 << 63))
}

/// The first sixteen bytes of a sort key (eight letters: with eight bytes,
/// titles that begin alike were compared whole, most of the sort), as a
/// number that sorts as they do
/// (a shorter key is padded with zeros: equal prefixes are compared whole).
fn key_prefix(key: &[u8]) -> u128 {
    let mut b = [0u8; 16];
    let n = key.len().min(16);
    b[..n].copy_from_slice(&key[..n]);
    u128::from_be_bytes(b)
}

pub(super) fn sort_awards(awards: &mut [Award]) {
    let coll = text::collator();
    awards.sort_by(|a, b| {
        b.years
            .1
            .cmp(&a.years.1)
            .then_with(|| a.level.cmp(&b.level))
            .then_with(|| coll.compare(&a.title, &b.title))
            .then_with(|| a.slug.cmp(&b.slug))
    });
}

#[cfg(test)]
mod tests {
    use super::key_prefix;

    /// Comparing the prefixes first, then the keys when the prefixes are
    /// equal, orders keys as comparing them whole does.
    #[test]
    fn key_prefixes_order_as_the_keys() {
        let keys: Vec<Vec<u8>> = vec![
            vec![],
            vec![0],
            vec![0, 0],
            vec![1],
            vec![1, 2],
            vec![1, 2, 0],
            vec![1, 2, 3, 4, 5, 6, 7, 8],
            vec![1, 2, 3, 4, 5, 6, 7, 8, 0],
            vec![1, 2, 3, 4, 5, 6, 7, 8, 9],
            vec![1, 2, 3, 4, 5, 6, 7, 9],
            vec![255; 3],
            vec![255; 12],
        ];
        for a in &keys {
            for b in &keys {
                let fast = key_prefix(a).cmp(&key_prefix(b)).then_with(|| a.cmp(b));
                assert_eq!(fast, a.cmp(b), "{a:?} {b:?}");
            }
        }
    }
}
