//! Where the tone mark sits inside a Vietnamese syllable. Two spellings of
//! the same word ("Hoà"/"Hòa", "Thuỷ"/"Thủy", "Qúy"/"Quý") differ only in
//! which vowel carries the tone; this file moves the tone to one fixed vowel
//! so such spellings become identical. It works on NFD text and leaves case,
//! composition (NFC) and everything that is not a single toned Vietnamese
//! syllable to its callers in `normalize.rs`.
//!
//! The rule is the one official place names follow ("Hòa Bình", "Thanh
//! Hóa", "Khánh Hòa", "Thủy", "Khỏe"), applied in order:
//! 1. "qu" and "gi" (before another vowel) are initial consonants, so the
//!    u / i there never carries the tone ("Quý", "Già").
//! 2. A vowel with a quality mark (ă â ê ô ơ ư) carries it; in "ươ" the
//!    last one does ("Người", "Được").
//! 3. With a final consonant, the last vowel does ("Hoàn", "Huỳnh").
//! 4. Otherwise the first of two vowels ("Hòa", "Thủy", "Khỏe", "Của")
//!    or the middle of three ("Ngoài", "Khuỷu").

use unicode_normalization::char::is_combining_mark;

/// The five Vietnamese tone marks as NFD combining characters.
fn is_tone(c: char) -> bool {
    matches!(
        c,
        '\u{0300}' // grave: huyền
            | '\u{0301}' // acute: sắc
            | '\u{0303}' // tilde: ngã
            | '\u{0309}' // hook above: hỏi
            | '\u{0323}' // dot below: nặng
    )
}

/// Marks that make a different vowel letter (ă â ê ô ơ ư), not a tone.
fn is_quality(c: char) -> bool {
    matches!(
        c,
        '\u{0302}' // circumflex: â ê ô
            | '\u{0306}' // breve: ă
            | '\u{031B}' // horn: ơ ư
    )
}

/// One base letter of a syllable with its vowel-quality mark, if any.
#[derive(Clone, Copy)]
struct Letter {
    base: char,
    quality: Option<char>,
}

impl Letter {
    fn lower(self) -> char {
        self.base.to_ascii_lowercase()
    }

    fn is_vowel(self) -> bool {
        matches!(self.lower(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
    }
}

/// Re-place the tone of every word in an NFD string. A word is a maximal
/// run of letters and combining marks; anything else is copied through.
/// Invisible characters (zero-width space, soft hyphen, a BOM) stay inside
/// the word, which is then left as it is: `match_key` drops them before
/// placing tones, and splitting there would let the display form and the
/// key disagree on where the syllables are (found by `fuzz/` target `text`).
pub(crate) fn place_tones(nfd: &str) -> String {
    let mut out = String::with_capacity(nfd.len() + 4);
    let mut word: Vec<char> = Vec::new();
    let mut letters: Vec<Letter> = Vec::new();
    for c in nfd.chars() {
        if c.is_alphabetic() || is_combining_mark(c) || super::normalize::is_invisible(c) {
            word.push(c);
        } else {
            place_word(&word, &mut letters, &mut out);
            word.clear();
            out.push(c);
        }
    }
    place_word(&word, &mut letters, &mut out);
    out
}

/// Append `word` to `out` with its tone moved to the canonical vowel, or
/// unchanged when it is not one Vietnamese syllable with exactly one tone.
/// `letters` is scratch space reused across words to avoid allocations.
fn place_word(word: &[char], letters: &mut Vec<Letter>, out: &mut String) {
    match parse_syllable(word, letters).and_then(|tone| Some((tone, tone_target(letters)?))) {
        Some((tone, target)) => {
            for (i, letter) in letters.iter().enumerate() {
                out.push(letter.base);
                out.extend(letter.quality);
                if i == target {
                    // After the quality mark, which may not be canonical
                    // order (dot below sorts before a circumflex); the
                    // caller's NFC pass reorders and composes.
                    out.push(tone);
                }
            }
        }
        None => out.extend(word),
    }
}

/// Split `word` into letters (written to `letters`) and return its single
/// tone mark. `None` if the word has no tone, more than one, a letter
/// outside a–z/đ, a mark that Vietnamese does not use, or a mark without a
/// base letter: such words are not touched.
fn parse_syllable(word: &[char], letters: &mut Vec<Letter>) -> Option<char> {
    letters.clear();
    let mut tone = None;
    for &c in word {
        if is_tone(c) {
            // A mark before any letter belongs to whatever precedes the
            // word (it is drawn over that), not to this syllable.
            if letters.is_empty() || tone.replace(c).is_some() {
                return None;
            }
        } else if is_quality(c) {
            let last = letters.last_mut()?;
            if last.quality.replace(c).is_some() {
                return None;
            }
        } else if c.is_ascii_alphabetic() || c == 'đ' || c == 'Đ' {
            letters.push(Letter {
                base: c,
                quality: None,
            });
        } else {
            // Other marks (diaeresis, cedilla, …) or non-Latin letters:
            // not Vietnamese, so there is no rule to apply.
            return None;
        }
    }
    tone
}

/// Index of the letter that carries the tone, or `None` if `letters` is not
/// one syllable (no vowel, two vowel groups as in "café", or more than three
/// vowels in a row).
fn tone_target(letters: &[Letter]) -> Option<usize> {
    let first = letters.iter().position(|l| l.is_vowel())?;
    let end = first + letters[first..].iter().take_while(|l| l.is_vowel()).count();
    if letters[end..].iter().any(|l| l.is_vowel()) {
        return None;
    }
    let mut start = first;
    // "qu" / "gi" + vowel: the u / i belongs to the initial consonant.
    if end - start >= 2 && start == 1 && letters[start].quality.is_none() {
        let pair = (letters[0].lower(), letters[start].lower());
        if pair == ('q', 'u') || pair == ('g', 'i') {
            start += 1;
        }
    }
    let nucleus = start..end;
    if nucleus.len() > 3 {
        return None;
    }
    if let Some(i) = nucleus
        .clone()
        .rev()
        .find(|&i| letters[i].quality.is_some())
    {
        return Some(i);
    }
    if end < letters.len() {
        return Some(end - 1);
    }
    Some(match nucleus.len() {
        3 => start + 1,
        _ => start,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn place(s: &str) -> String {
        let nfd: String = s.nfd().collect();
        place_tones(&nfd).nfc().collect()
    }

    #[test]
    fn an_invisible_character_inside_a_word_leaves_it_as_written() {
        // Fuzzing case: "hoa<BOM>oaã" was two words here ("oaã" got its
        // tone moved) but one word, "hoaoaã", for match_key.
        assert_eq!(place("hoa\u{feff}oaã"), "hoa\u{feff}oaã");
        assert_eq!(place("Ho\u{ad}à"), "Ho\u{ad}à");
        assert_eq!(place("oaã hoà"), "oãa hòa");
    }

    #[test]
    fn two_vowels_open_syllable_tone_on_first() {
        for (input, want) in [
            ("hoà", "hòa"),
            ("hòa", "hòa"),
            ("thuỷ", "thủy"),
            ("khoẻ", "khỏe"),
            ("cuả", "của"),
            ("miá", "mía"),
            ("caó", "cáo"),
            ("uỷ", "ủy"),
        ] {
            assert_eq!(place(input), want, "{input}");
        }
    }

    #[test]
    fn final_consonant_tone_on_last_vowel() {
        for (input, want) in [
            ("hòan", "hoàn"),
            ("tóan", "toán"),
            ("khỏang", "khoảng"),
            ("hùynh", "huỳnh"),
            ("họach", "hoạch"),
        ] {
            assert_eq!(place(input), want, "{input}");
        }
    }

    #[test]
    fn quality_vowel_carries_tone() {
        for (input, want) in [
            ("ngừơi", "người"),
            ("đựơc", "được"),
            ("mùôn", "muồn"),
            ("tíêng", "tiếng"),
            ("Ngũyên", "Nguyễn"),
            ("thủơ", "thuở"),
            ("mửa", "mửa"),
            ("rựơu", "rượu"),
        ] {
            assert_eq!(place(input), want, "{input}");
        }
    }

    #[test]
    fn qu_and_gi_are_initials() {
        for (input, want) in [
            ("qúy", "quý"),
            ("Qúy", "Quý"),
            ("QÚY", "QUÝ"),
            ("qủa", "quả"),
            ("gìa", "già"),
            ("gì", "gì"),
            ("gìn", "gìn"),
            ("qùynh", "quỳnh"),
        ] {
            assert_eq!(place(input), want, "{input}");
        }
    }

    #[test]
    fn three_vowels_tone_on_middle() {
        assert_eq!(place("ngòai"), "ngoài");
        assert_eq!(place("khủyu"), "khuỷu");
        assert_eq!(place("ngóeo"), "ngoéo");
    }

    #[test]
    fn non_syllables_untouched() {
        for s in [
            "café",
            "Émile",
            "naïve",
            "a\u{0301}\u{0300}",
            "2025",
            "xyz",
            "Москва",
            "",
        ] {
            let nfd: String = s.nfd().collect();
            assert_eq!(place_tones(&nfd), nfd, "{s:?}");
        }
        // A stray tone with no base letter stays where it is.
        assert_eq!(place_tones(" \u{0301}a"), " \u{0301}a");
    }

    #[test]
    fn tone_moves_off_a_consonant() {
        // Broken input (tone on a consonant) still lands on the vowel.
        assert_eq!(place("h\u{0300}oa"), "hòa");
    }
}
