//! Words for the search index: the one tokenizer shared, letter for letter,
//! with the client script (`themes/default/static/js/tim-kiem.js`,
//! `words()`), so that the index and a query cut and fold text the same way.
//!
//! A text is read in NFD. A character that lower-cases to an ASCII letter or
//! digit, or to one of the few Latin letters without a decomposition (đ ð ø
//! ł ı ß æ œ), belongs to a word; a combining mark belongs to the word it
//! follows; anything else ends the word. Each word gives:
//!
//! - `folded`: ASCII, diacritics dropped, đ → d, lower case: the same letters
//!   as [`crate::text::slugify`] gives for that word ("Đoàn" → "doan"). A
//!   query matches on this form, so "dan van kheo" finds "Dân vận khéo".
//! - `exact`: lower case with the vowel-quality marks (â ă ê ô ơ ư) and đ kept
//!   and the tone mark moved to the end, after a colon, as a digit (1 sắc,
//!   2 huyền, 3 hỏi, 4 ngã, 5 nặng): "Hòa" and "Hoà" both give "hoa:2",
//!   "khéo" gives "kheo:1" (the colon keeps "hòa" apart from a word "hoa2").
//!   Where the tone mark sits in the syllable (old or new style) does not
//!   matter, so a query typed with diacritics ranks text with the same
//!   diacritics first whichever style either side uses.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Longest word kept, in folded bytes: longer runs are URLs or noise.
pub const MAX_WORD: usize = 32;

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Word {
    pub folded: String,
    pub exact: String,
}

impl Word {
    /// Whether the word was written with any diacritic (or đ).
    pub fn has_marks(&self) -> bool {
        self.folded != self.exact
    }
}

/// The tone marks of Vietnamese, with the digit that stands for each.
fn tone_digit(c: char) -> Option<char> {
    Some(match c {
        '\u{0301}' => '1', // sắc
        '\u{0300}' => '2', // huyền
        '\u{0309}' => '3', // hỏi
        '\u{0303}' => '4', // ngã
        '\u{0323}' => '5', // nặng
        _ => return None,
    })
}

/// ASCII letters for a lower-case letter that NFD cannot reduce.
fn fold_special(c: char) -> Option<&'static str> {
    Some(match c {
        'đ' | 'ð' => "d",
        'ø' => "o",
        'ł' => "l",
        'ı' => "i",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        _ => return None,
    })
}

#[derive(Default)]
struct Acc {
    folded: String,
    /// Lower-case NFD letters with quality marks, tone marks removed.
    kept: String,
    tones: String,
}

impl Acc {
    fn finish(&mut self, out: &mut Vec<Word>) {
        if !self.folded.is_empty() && self.folded.len() <= MAX_WORD {
            let mut exact: String = self.kept.nfc().collect();
            if !self.tones.is_empty() {
                exact.push(':');
                exact.push_str(&self.tones);
            }
            out.push(Word {
                folded: std::mem::take(&mut self.folded),
                exact,
            });
        }
        self.folded.clear();
        self.kept.clear();
        self.tones.clear();
    }
}

/// The words of a text, in order, with repeats.
pub fn words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    let mut acc = Acc::default();
    for c in text.nfd() {
        if is_combining_mark(c) {
            if acc.folded.is_empty() {
                continue;
            }
            match tone_digit(c) {
                Some(d) => acc.tones.push(d),
                None => acc.kept.push(c),
            }
            continue;
        }
        // Lower-casing may itself give a letter plus a combining mark (İ).
        for l in c.to_lowercase().collect::<String>().nfd() {
            if l.is_ascii_alphanumeric() {
                acc.folded.push(l);
                acc.kept.push(l);
            } else if let Some(f) = fold_special(l) {
                acc.folded.push_str(f);
                acc.kept.push(l);
            } else if is_combining_mark(l) && !acc.folded.is_empty() {
                match tone_digit(l) {
                    Some(d) => acc.tones.push(d),
                    None => acc.kept.push(l),
                }
            } else {
                acc.finish(&mut out);
            }
        }
    }
    acc.finish(&mut out);
    out
}

/// The runs of a text that can hold words: maximal runs of letters,
/// digits and combining marks. Every character outside them ends a word in
/// [`words`], so the words of a text are the words of its runs, in order;
/// the index builder cuts each distinct run once.
pub fn runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !in_run(c)).filter(|r| !r.is_empty())
}

fn in_run(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Latin-1 letters, Latin Extended-A and -B, Latin Extended Additional
    // (every Vietnamese letter): letters, without a table lookup.
    matches!(c, '\u{C0}'..='\u{24F}' | '\u{1E00}'..='\u{1EFF}') && c != '×' && c != '÷'
        || c.is_alphanumeric()
        || is_combining_mark(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(s: &str) -> Vec<String> {
        words(s).into_iter().map(|w| w.folded).collect()
    }

    fn exact(s: &str) -> Vec<String> {
        words(s).into_iter().map(|w| w.exact).collect()
    }

    #[test]
    fn folds_like_slugify() {
        for s in [
            "Dân vận khéo ở phường Hải An",
            "Đảm bảo mỹ quan đô thị đường hoa Lê Lợi",
            "ĐẶNG THỊ ƯỚC, Quận 10 — TP. Hồ Chí Minh (2025)",
            "Crème brûlée à Zürich, Łódź, Straße",
            "Thuỷ Thủy Hoà Hòa Khoẻ Khỏe",
        ] {
            assert_eq!(
                folded(s).join("-"),
                crate::text::slugify(s),
                "{s}: index words must fold as slugs do"
            );
        }
    }

    #[test]
    fn nfc_and_nfd_give_the_same_words() {
        let s = "Đoàn Thanh niên xã Hòa Bình, “Dân vận khéo”";
        let nfd: String = s.nfd().collect();
        assert_eq!(words(s), words(&nfd));
    }

    #[test]
    fn exact_form_ignores_tone_placement_and_case() {
        assert_eq!(exact("Hòa Hoà HÒA"), ["hoa:2", "hoa:2", "hoa:2"]);
        assert_eq!(exact("Thuỷ Thủy"), ["thuy:3", "thuy:3"]);
        assert_eq!(exact("Dân vận khéo"), ["dân", "vân:5", "kheo:1"]);
        assert_eq!(exact("Đoàn"), ["đoan:2"]);
        assert_eq!(exact("Sơn Hà Sơn Hạ"), ["sơn", "ha:2", "sơn", "ha:5"]);
        assert_eq!(exact("dan van hoa2"), ["dan", "van", "hoa2"]);
        assert!(!words("dan").remove(0).has_marks());
        assert!(words("dân").remove(0).has_marks());
    }

    #[test]
    fn the_words_of_a_text_are_the_words_of_its_runs() {
        for s in [
            "Dân vận khéo — “Hải An”, 2.435 hộ; Đoàn/Hội",
            "a\u{0301}b ́x –\u{0301}y Москва-abc дef İstanbul ①② ٣",
            "Thuỷ\u{200B}Thủy Straße ǅ ﬁx Ⅻ",
        ] {
            let by_runs: Vec<Word> = runs(s).flat_map(words).collect();
            assert_eq!(words(s), by_runs, "{s}");
        }
    }

    #[test]
    fn separators_and_limits() {
        assert_eq!(folded("a.b_c—d 2.435"), ["a", "b", "c", "d", "2", "435"]);
        assert_eq!(folded("Москва 東京"), Vec::<String>::new());
        assert_eq!(folded(&"x".repeat(MAX_WORD + 1)), Vec::<String>::new());
        assert_eq!(folded("\u{0301}a"), ["a"]);
        assert_eq!(folded("İstanbul"), ["istanbul"]);
    }
}
