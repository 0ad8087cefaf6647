//! Vietnamese sort order: [`Collator`], the shared [`collator()`] and
//! [`sort_vi_by`]. It wraps ICU4X's CLDR "vi" collation with numeric
//! ordering and owns the fallbacks should that data ever be missing. It does
//! not normalize or key strings for equality (`normalize.rs`); two strings
//! that compare `Equal` here are not necessarily the same name.

use std::cmp::Ordering;
use std::sync::OnceLock;

use icu_collator::options::CollatorOptions;
use icu_collator::preferences::CollationNumericOrdering;
use icu_collator::{CollatorBorrowed, CollatorPreferences};
use icu_locale_core::locale;

use super::normalize::match_key;

/// Which data a [`Collator`] ended up with. The variants are kept apart
/// (rather than one `Icu` case) so tests can prove that the Vietnamese
/// tailoring is really compiled in and not silently replaced by a fallback.
/// `CollatorBorrowed<'static>` points straight into the compiled data, so it
/// is `Send + Sync` and building it copies nothing.
#[derive(Debug)]
enum Engine {
    /// CLDR "vi" tailoring: a < ă < â < b, d < đ, tones ordered
    /// không < huyền < hỏi < ngã < sắc < nặng.
    Vietnamese(CollatorBorrowed<'static>),
    /// CLDR root collation: accents are secondary, so ă sorts with a.
    Root(CollatorBorrowed<'static>),
    /// No collation data at all: byte order of [`match_key`].
    KeyBytes,
}

/// Vietnamese collation (ICU4X, locale "vi", numeric ordering on so
/// "Quận 2" < "Quận 10"; "Đ" sorts after "D", "Ă"/"Â" after "A", tones
/// secondary). `Send + Sync`; share the process-wide [`collator()`] rather
/// than building new ones.
///
/// Canonically equivalent strings (NFC vs NFD) compare `Equal`. Different
/// tone placements ("Hoà"/"Hòa") are not equal but differ only at the
/// secondary level; callers wanting them equal compare [`match_key`]s.
#[derive(Debug)]
pub struct Collator {
    engine: Engine,
}

impl Collator {
    /// Build from compiled data. Never fails at run time: if the "vi" data
    /// were missing it falls back to root collation, and without any
    /// collation data to byte order of [`match_key`].
    pub fn new() -> Collator {
        let mut prefs = CollatorPreferences::from(&locale!("vi"));
        prefs.numeric_ordering = Some(CollationNumericOrdering::True);
        if let Ok(icu) = icu_collator::Collator::try_new(prefs, CollatorOptions::default()) {
            return Collator {
                engine: Engine::Vietnamese(icu),
            };
        }
        let mut root = CollatorPreferences::default();
        root.numeric_ordering = Some(CollationNumericOrdering::True);
        match icu_collator::Collator::try_new(root, CollatorOptions::default()) {
            Ok(icu) => Collator {
                engine: Engine::Root(icu),
            },
            Err(_) => Collator {
                engine: Engine::KeyBytes,
            },
        }
    }

    /// Compare two strings in Vietnamese dictionary order.
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        match &self.engine {
            Engine::Vietnamese(icu) | Engine::Root(icu) => icu.compare(a, b),
            Engine::KeyBytes => match_key(a).cmp(&match_key(b)),
        }
    }
}

impl Collator {
    /// The sort key of `s`: comparing two keys as bytes gives the order of
    /// [`Collator::compare`]. For sorting many strings, each compared many
    /// times (a national site's 100,000 titles), making each key once is
    /// far cheaper than comparing the strings.
    pub fn sort_key(&self, s: &str) -> Vec<u8> {
        match &self.engine {
            Engine::Vietnamese(icu) | Engine::Root(icu) => {
                let mut key = Vec::with_capacity(s.len() * 2);
                let Ok(()) = icu.write_sort_key_to(s, &mut key);
                key
            }
            Engine::KeyBytes => match_key(s).into_bytes(),
        }
    }
}

impl Default for Collator {
    fn default() -> Self {
        Collator::new()
    }
}

/// A process-wide shared instance, built on first use, so callers can write
/// `text::collator().compare(a, b)`.
pub fn collator() -> &'static Collator {
    static SHARED: OnceLock<Collator> = OnceLock::new();
    SHARED.get_or_init(Collator::new)
}

/// Sort a slice by a string key in Vietnamese order, ties (strings the
/// collator calls equal, e.g. NFC vs NFD) broken by byte order of the key so
/// the output never depends on input order. The sort is stable.
pub fn sort_vi_by<T>(items: &mut [T], key: impl Fn(&T) -> &str) {
    let collator = collator();
    items.sort_by(|x, y| {
        let (a, b) = (key(x), key(y));
        collator.compare(a, b).then_with(|| a.cmp(b))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn sorted(input: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = input.iter().map(|s| s.to_string()).collect();
        sort_vi_by(&mut v, |s| s.as_str());
        v
    }

    #[test]
    fn vietnamese_data_is_compiled_in() {
        let vi = Collator::new();
        assert!(matches!(vi.engine, Engine::Vietnamese(_)));
        // Behavioural proof, in case ICU itself fell back to root data
        // under the "vi" name: root puts "Ăn" before "Az" (breve is only a
        // secondary difference there), the "vi" tailoring puts it after.
        let root = icu_collator::Collator::try_new(Default::default(), Default::default());
        let Ok(root) = root else {
            panic!("root collation data missing");
        };
        assert_eq!(root.compare("Ăn", "Az"), Ordering::Less);
        assert_eq!(vi.compare("Ăn", "Az"), Ordering::Greater);
        assert_eq!(vi.compare("Ấp", "Ăz"), Ordering::Greater);
    }

    #[test]
    fn provinces_and_districts_in_vietnamese_order() {
        let input = [
            "Đà Nẵng",
            "Cà Mau",
            "Dak Lak",
            "Ánh",
            "An Giang",
            "Bình Tân",
            "Quận 10",
            "Quận 2",
            "Quận 1",
            "Ấp",
            "Ăn",
            "Hà Nội",
            "Hải Phòng",
            "Hòa Bình",
        ];
        // Alphabet: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
        // "An Giang" < "Ánh": the space after "An" sorts before "h" and the
        // tone on "Á" is only secondary. "Hà Nội" < "Hải Phòng" < "Hòa
        // Bình" the same way (space < i, a < o). Numbers by value.
        let want = [
            "An Giang",
            "Ánh",
            "Ăn",
            "Ấp",
            "Bình Tân",
            "Cà Mau",
            "Dak Lak",
            "Đà Nẵng",
            "Hà Nội",
            "Hải Phòng",
            "Hòa Bình",
            "Quận 1",
            "Quận 2",
            "Quận 10",
        ];
        assert_eq!(sorted(&input), want);
        // The same order whatever the input order or normalization form.
        let mut reversed = input;
        reversed.reverse();
        assert_eq!(sorted(&reversed), want);
        let nfd: Vec<String> = input.iter().map(|s| s.nfd().collect()).collect();
        let nfd_refs: Vec<&str> = nfd.iter().map(String::as_str).collect();
        let got: Vec<String> = sorted(&nfd_refs)
            .iter()
            .map(|s| s.nfc().collect())
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn letters_and_tones() {
        let c = collator();
        assert_eq!(c.compare("Dz", "Đa"), Ordering::Less);
        assert_eq!(c.compare("Az", "Ăa"), Ordering::Less);
        assert_eq!(c.compare("Ăz", "Âa"), Ordering::Less);
        assert_eq!(c.compare("Ez", "Êa"), Ordering::Less);
        assert_eq!(c.compare("Oz", "Ôa"), Ordering::Less);
        assert_eq!(c.compare("Ôz", "Ơa"), Ordering::Less);
        assert_eq!(c.compare("Uz", "Ưa"), Ordering::Less);
        // Tones: không, huyền, hỏi, ngã, sắc, nặng (secondary only).
        assert_eq!(
            sorted(&["mạ", "má", "mã", "mả", "mà", "ma"]),
            ["ma", "mà", "mả", "mã", "má", "mạ"]
        );
        assert_eq!(c.compare("má", "mb"), Ordering::Less);
        // Numeric ordering.
        assert_eq!(c.compare("Quận 2", "Quận 10"), Ordering::Less);
        assert_eq!(c.compare("Phường 9", "Phường 11"), Ordering::Less);
    }

    #[test]
    fn nfc_and_nfd_compare_equal_and_ties_are_deterministic() {
        let nfc = "Hòa Bình".to_string();
        let nfd: String = nfc.nfd().collect();
        assert_eq!(collator().compare(&nfc, &nfd), Ordering::Equal);
        let mut a = vec![nfc.clone(), nfd.clone()];
        let mut b = vec![nfd, nfc];
        sort_vi_by(&mut a, |s| s.as_str());
        sort_vi_by(&mut b, |s| s.as_str());
        assert_eq!(a, b);
    }

    #[test]
    fn sort_by_field() {
        struct Unit {
            name: &'static str,
        }
        let mut units = [
            Unit {
                name: "Đống Đa"
            },
            Unit { name: "Ba Đình" },
            Unit {
                name: "Cầu Giấy"
            },
        ];
        sort_vi_by(&mut units, |u| u.name);
        let names: Vec<_> = units.iter().map(|u| u.name).collect();
        assert_eq!(names, ["Ba Đình", "Cầu Giấy", "Đống Đa"]);
    }

    #[test]
    fn sort_keys_order_as_compare_does() {
        let words = [
            "Quận 2",
            "Quận 10",
            "quận 2",
            "Dân vận khéo",
            "Dân vận khéo ",
            "dân vận khéo",
            "Đan Phượng",
            "Dan Phuong",
            "Hoà Bình",
            "Hòa Bình",
            "Hoa Binh",
            "Ăn",
            "Ân",
            "An",
            "Ma",
            "Mà",
            "Mả",
            "Mã",
            "Má",
            "Mạ",
            "mô hình số 7",
            "mô hình số 70",
            "",
            "Ấp 3 – xã Tân Phú",
            "Ấp 3 - xã Tân Phú",
        ];
        let nfd: Vec<String> = words.iter().map(|w| w.nfd().collect()).collect();
        let all: Vec<&str> = words
            .iter()
            .copied()
            .chain(nfd.iter().map(String::as_str))
            .collect();
        let c = collator();
        for a in &all {
            for b in &all {
                assert_eq!(
                    c.compare(a, b),
                    c.sort_key(a).cmp(&c.sort_key(b)),
                    "{a:?} vs {b:?}"
                );
            }
        }
    }

    #[test]
    fn collator_is_send_sync_and_shared() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<Collator>();
        assert!(std::ptr::eq(collator(), collator()));
        let handle = std::thread::spawn(|| collator().compare("a", "b"));
        assert!(matches!(handle.join(), Ok(Ordering::Less)));
    }

    #[test]
    fn key_bytes_fallback_is_usable() {
        let c = Collator {
            engine: Engine::KeyBytes,
        };
        assert_eq!(c.compare("Hoà", "hòa"), Ordering::Equal);
        assert_eq!(c.compare("Quận 1", "Quận 2"), Ordering::Less);
    }

    /// Timing, not correctness: `cargo test --release -- --ignored --nocapture bench`.
    #[test]
    #[ignore]
    fn bench_collator() {
        use std::time::Instant;
        let t = Instant::now();
        let c = Collator::new();
        let built = t.elapsed();
        let t = Instant::now();
        let c2 = Collator::new();
        let built_again = t.elapsed();
        let words = [
            "Đà Nẵng",
            "Cà Mau",
            "Dak Lak",
            "Ánh",
            "An Giang",
            "Bình Tân",
            "Quận 10",
            "Quận 2",
            "Quận 1",
            "Ấp",
            "Ăn",
            "Hà Nội",
            "Hải Phòng",
            "Hòa Bình",
            "Thành phố Hồ Chí Minh",
            "Thành phố Hà Nội",
        ];
        let n = 100_000;
        let t = Instant::now();
        let mut less = 0usize;
        for i in 0..n {
            let a = words[i % words.len()];
            let b = words[(i * 7 + 3) % words.len()];
            if std::hint::black_box(&c).compare(a, b) == Ordering::Less {
                less += 1;
            }
        }
        let compared = t.elapsed();
        assert!(matches!(c2.engine, Engine::Vietnamese(_)));
        println!(
            "Collator::new(): first {built:?}, second {built_again:?}; \
             {n} compares: {compared:?} ({:.0} ns each, {less} Less)",
            compared.as_nanos() as f64 / n as f64
        );
    }
}
