//! The model picker of an award's form (`GET /_sua/api/mo-hinh?q=…`): the
//! models of the last build whose page address holds every word typed
//! (with or without diacritics: the address is the title's and the
//! places' slugs), each with the reference an award writes for it.
//!
//! The reference is the model's file under `content/models/`: on a
//! national site the same title recurs in many communes, so a slug names
//! several models, and a file names one (`site/refs.rs`).

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::Entry;
use crate::serve::http::App;

/// Suggestions one answer gives.
pub const MAX: usize = 10;

/// One model offered.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Offered {
    /// What the award writes: the file under `content/models/`.
    pub value: String,
    pub title: String,
    /// `Hà Nội / Hoàn Kiếm`.
    pub locality: String,
    pub year: i32,
}

/// The models of `entries` that `typed` may mean, best first: those whose
/// slug begins with what was typed, then those whose slug holds every
/// word, then those whose places do.
pub fn find(entries: &[Entry], typed: &str, max: usize) -> Vec<Offered> {
    let wanted = crate::text::slugify(typed);
    let words: Vec<&str> = wanted.split('-').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<(u8, &Entry)> = entries
        .iter()
        .filter(|e| !e.award && !e.page.is_empty())
        .filter_map(|e| {
            let page = e.page.trim_end_matches('/');
            let address = page.strip_prefix("mo-hinh/").unwrap_or(page);
            if !words.iter().all(|w| address.contains(w)) {
                return None;
            }
            let slug = address.rsplit('/').next().unwrap_or(address);
            let rank = if slug.starts_with(wanted.as_str()) {
                0
            } else if words.iter().all(|w| slug.contains(w)) {
                1
            } else {
                2
            };
            Some((rank, e))
        })
        .collect();
    found.sort_by(|a, b| (a.0, &a.1.title, &a.1.file).cmp(&(b.0, &b.1.title, &b.1.file)));
    found
        .into_iter()
        .take(max)
        .map(|(_, e)| Offered {
            value: e
                .file
                .strip_prefix("content/models/")
                .unwrap_or(&e.file)
                .to_string(),
            title: e.title.clone(),
            locality: e.locality.clone(),
            year: e.year,
        })
        .collect()
}

/// `GET /_sua/api/mo-hinh?q=…`: [`find`] over the last build, as JSON.
pub async fn models(State(app): State<App>, Query(q): Query<HashMap<String, String>>) -> Response {
    let typed = q.get("q").map(String::as_str).unwrap_or("");
    let found = find(&app.state.entries(), typed, MAX);
    let body = serde_json::to_string(&found).unwrap_or_else(|_| "[]".into());
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(title: &str, file: &str, page: &str) -> Entry {
        Entry {
            title: title.into(),
            file: format!("content/models/{file}"),
            page: page.into(),
            locality: "Hà Nội / Hoàn Kiếm".into(),
            year: 2021,
            ..Entry::default()
        }
    }

    /// The same title in two communes gives two suggestions, told apart
    /// by their files; what is typed without diacritics finds them; an
    /// award, an entry not published and a model matching only by its
    /// place come after or not at all.
    #[test]
    fn models_are_found_by_the_words_of_their_address_and_named_by_file() {
        let entries = vec![
            model(
                "Tổ dân vận số 3",
                "ha-noi/a.md",
                "mo-hinh/ha-noi/hoan-kiem/to-dan-van-so-3/",
            ),
            model(
                "Tổ dân vận số 3",
                "ha-noi/b/index.md",
                "mo-hinh/ha-noi/ba-dinh/to-dan-van-so-3/",
            ),
            model(
                "Đường hoa",
                "ha-noi/c.md",
                "mo-hinh/ha-noi/to-dan-van/duong-hoa/",
            ),
            model("Tổ dân vận số 3", "ha-noi/d.md", ""),
            Entry {
                award: true,
                ..model("Tổ dân vận số 3", "x.md", "khen-thuong/to-dan-van-so-3/")
            },
        ];
        let values = |typed: &str| -> Vec<String> {
            find(&entries, typed, MAX)
                .into_iter()
                .map(|o| o.value)
                .collect()
        };
        assert_eq!(
            values("to dan van"),
            ["ha-noi/a.md", "ha-noi/b/index.md", "ha-noi/c.md"]
        );
        assert_eq!(values("Tổ dân vận số 3 Ba Đình"), ["ha-noi/b/index.md"]);
        // Its title first, then a place.
        assert_eq!(values("hoa"), ["ha-noi/c.md", "ha-noi/a.md"]);
        assert!(values("  ").is_empty());
        assert_eq!(find(&entries, "to dan", 1).len(), 1);
    }

    /// Timing, not correctness: a query over a national site's 100,000
    /// models, titles repeated across communes.
    /// `cargo test --release --lib pick -- --ignored --nocapture bench_pick`.
    #[test]
    #[ignore]
    fn bench_pick() {
        let titles = [
            "Tổ dân vận khéo",
            "Đường hoa",
            "Camera an ninh",
            "Nâng cấp hẻm",
        ];
        let entries: Vec<Entry> = (0..100_000)
            .map(|i| {
                let t = format!("{} số {}", titles[i % 4], i % 97);
                let page = format!(
                    "mo-hinh/tinh-{}/xa-{}/{}/",
                    i % 34,
                    i % 3321,
                    crate::text::slugify(&t)
                );
                model(&t, &format!("tinh-{}/{i}.md", i % 34), &page)
            })
            .collect();
        let queries = [
            "to dan",
            "duong hoa so 5",
            "camera an ninh xa 12",
            "nang cap hem so 9",
        ];
        let (t, cpu) = (std::time::Instant::now(), crate::testing::thread_cpu_ms());
        let mut n = 0;
        for _ in 0..10 {
            for q in queries {
                n += find(&entries, q, MAX).len();
            }
        }
        println!(
            "{} queries over 100,000 models: {:?} wall, {:.1} ms CPU per query ({n} suggestions)",
            queries.len() * 10,
            t.elapsed() / 40,
            (crate::testing::thread_cpu_ms() - cpu) as f64 / 40.0
        );
    }
}
