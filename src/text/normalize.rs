//! Unicode normalization and matching keys for Vietnamese text: [`nfc`],
//! [`match_key`], [`locality_key`] and [`canonical_tone_placement`]. This file
//! owns case folding, dash/whitespace folding and the administrative
//! unit-type prefixes; where a tone mark goes inside a syllable is decided in
//! `tone.rs`. It does not produce URL slugs (`slug.rs`) and does not order
//! strings (`collate.rs`).

use unicode_normalization::UnicodeNormalization;

use super::tone;

/// The byte-order mark that editors (notably Notepad) put at the start of
/// UTF-8 files; it is invisible and would otherwise end up in the first key.
const BOM: char = '\u{FEFF}';

/// Strip the leading U+FEFFs, if present: a file saved twice by an editor
/// that adds one can start with two, and normalizing must be idempotent
/// (found by `fuzz/` target `text`).
pub(crate) fn strip_bom(s: &str) -> &str {
    s.trim_start_matches(BOM)
}

/// NFC-normalize (also strip leading U+FEFF BOMs if present).
pub fn nfc(s: &str) -> String {
    let s = strip_bom(s);
    // Text typed on a Vietnamese keyboard is nearly always NFC already; the
    // quick check (no allocation, no decomposition) settles that in one
    // pass, several times faster than normalizing.
    if surely_nfc(s)
        || unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        return s.to_string();
    }
    s.nfc().collect()
}

/// Whether `s` is NFC by a look at its bytes alone: true when every
/// character is below U+0300 (ASCII, Latin-1, Latin Extended-A and B: "ơ",
/// "ư", "đ"), in Latin Extended Additional (U+1E00–U+1EFF: "ạ", "ế", "ữ"...)
/// or one of the dashes, quotes and ellipsis of U+2010–U+2027. Each of them
/// is its own NFC form and combines with nothing before it (the test
/// `fast_ranges_are_nfc_and_start_nothing` asks the Unicode tables), so a
/// text made only of them is NFC. Vietnamese typed in NFC is such a text;
/// anything else goes to the full check. The quick check looks every
/// character up in two tables, for every string of every entry.
fn surely_nfc(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            0x00..=0x7f => i += 1,
            // Two-byte characters up to U+02FF.
            0xc2..=0xcb => i += 2,
            // U+1E00–U+1EFF: E1 B8..BB xx.
            0xe1 if matches!(b.get(i + 1), Some(0xb8..=0xbb)) => i += 3,
            // U+2010–U+2027: E2 80 90..A7.
            0xe2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0x90..=0xa7)) => {
                i += 3
            }
            _ => return false,
        }
    }
    true
}

/// Re-place every syllable's tone mark by one fixed rule, keeping case:
/// the tone goes where official place names put it ("Hòa Bình", "Thanh Hóa",
/// "Thủy", "Khỏe", "Quý"). Words that are not a single Vietnamese syllable
/// with exactly one tone mark (foreign words such as "café", numbers, …) are
/// left as they are. The result is NFC.
pub fn canonical_tone_placement(s: &str) -> String {
    let nfd: String = strip_bom(s).nfd().collect();
    tone::place_tones(&nfd).nfc().collect()
}

/// The one matching key for names, enum values and references: NFC,
/// lower-cased (full Unicode lowercase, Đ→đ), tone marks placed one canonical
/// way so "Hoà"/"Hòa", "Thuỷ"/"Thủy", "Khoẻ"/"Khỏe", "Qúy"/"Quý" give the
/// same key, en dash, em dash, minus and hyphen all become '-', spaces around
/// '-' and runs of whitespace folded to one space, trimmed.
///
/// The same for NFC or NFD input. Vowel-quality marks (â ă ê ô ơ ư đ) and
/// the tone itself are kept: "Sơn Hà" and "Sơn Hạ" stay different keys.
///
/// Dash folding: spaces on either side of a dash are removed and a run of
/// dashes becomes one, so "Văn hóa - Xã hội", "Văn hóa – Xã hội" and
/// "Văn hóa—Xã hội" all give "văn hóa-xã hội". Invisible format characters
/// that creep in from copy-paste (zero-width space, word joiner, soft hyphen,
/// a BOM anywhere) are dropped.
pub fn match_key(s: &str) -> String {
    // Lower-case the decomposed form so that case mapping only ever sees
    // base letters; decompose again because a few lowercase mappings
    // (U+0130 İ → i + U+0307) emit combining sequences of their own.
    let lowered = s.nfd().collect::<String>().to_lowercase();
    let folded = fold_separators(lowered.nfd());
    tone::place_tones(&folded).nfc().collect()
}

/// Characters that render as nothing and so must not make two keys differ.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' // soft hyphen
            | '\u{200B}' // zero width space
            | '\u{2060}' // word joiner
            | BOM
    )
}

/// Everything a Vietnamese text might use as a dash between two names.
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            ..='\u{2015}' // hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar
            | '\u{2212}' // minus sign
            | '\u{FE58}' // small em dash
            | '\u{FE63}' // small hyphen-minus
            | '\u{FF0D}' // fullwidth hyphen-minus
    )
}

/// Fold dashes to '-', drop the spaces around them, fold whitespace runs to
/// one ' ' and trim both ends.
fn fold_separators(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    let mut pending_space = false;
    for c in chars {
        if is_invisible(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if is_dash(c) {
            // A space before the dash is simply never written; one after it
            // is suppressed by the `ends_with('-')` check below.
            pending_space = false;
            if !out.ends_with('-') {
                out.push('-');
            }
            continue;
        }
        if pending_space && !out.is_empty() && !out.ends_with('-') {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

/// Unit-type words that may precede a locality name, already in
/// [`match_key`] form, longest first so that "thị xã" wins over "xã"-like
/// shorter entries and "tp." over "tp".
const UNIT_PREFIXES: &[&str] = &[
    "thành phố",
    "thị trấn",
    "đặc khu",
    "phường",
    "thị xã",
    "huyện",
    "quận",
    "tỉnh",
    "t.p.",
    "tp.",
    "tx.",
    "tp",
    "tx",
    "tt",
    "xã",
];

/// [`match_key`] plus Vietnamese administrative unit-type words stripped
/// from the front: tỉnh, thành phố, tp, tp., t.p., quận, huyện, thị xã, tx,
/// tx., phường, xã, thị trấn, tt, đặc khu (longest first, case- and
/// form-insensitive).
///
/// Only a whole leading word followed by a space is stripped ("Xã" is also a
/// real syllable), and only when something remains: "Quận 1" → "1", but
/// "Thị Xã" alone stays "thị xã". Abbreviations ending in '.' are also
/// stripped when glued to the name ("TP.Hồ Chí Minh"), since the dot already
/// ends the word. At most one prefix is stripped.
pub fn locality_key(s: &str) -> String {
    let key = match_key(s);
    for prefix in UNIT_PREFIXES {
        let Some(rest) = key.strip_prefix(prefix) else {
            continue;
        };
        let rest = match rest.strip_prefix(' ') {
            Some(after_space) => after_space,
            None if prefix.ends_with('.') => rest,
            // "xãi…" or "tpx…": the prefix is only the start of a longer word.
            None => continue,
        };
        // match_key already trimmed and folded spaces, but a glued "tp." can
        // leave e.g. "-…"; a lone dash is not a name either.
        if !rest.is_empty() && rest != "-" {
            return rest.to_string();
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_ranges_are_nfc_and_start_nothing() {
        use unicode_normalization::char::canonical_combining_class;
        let fast = (0..0x300u32).chain(0x1e00..=0x1eff).chain(0x2010..=0x2027);
        for c in fast.filter_map(char::from_u32) {
            let alone = c.to_string();
            assert!(
                surely_nfc(&alone),
                "U+{:04X} not taken by the fast check",
                c as u32
            );
            assert_eq!(canonical_combining_class(c), 0, "U+{:04X}", c as u32);
            // Quick check "yes", not "maybe": it never composes with what
            // comes before it.
            assert_eq!(
                unicode_normalization::is_nfc_quick(alone.chars()),
                unicode_normalization::IsNormalized::Yes,
                "U+{:04X}",
                c as u32
            );
            // Its own NFC form, and composing with nothing before it.
            for before in ["", "a", "o", "\u{1ea1}", "\u{1b0}"] {
                let s = format!("{before}{c}");
                assert_eq!(
                    s.nfc().collect::<String>(),
                    s,
                    "U+{:04X} after {before:?}",
                    c as u32
                );
            }
        }
        // Just outside the ranges: left to the full check.
        for c in [
            '\u{300}', '\u{301}', '\u{1f00}', '\u{2000}', '\u{2028}', '\u{0e01}',
        ] {
            assert!(!surely_nfc(&format!("a{c}b")), "U+{:04X}", c as u32);
        }
        assert!(surely_nfc("Mô hình “Dân vận khéo” – xã Đức Phổ…"));
        assert!(!surely_nfc(&nfd("Mô hình")));
        assert_eq!(nfc(&nfd("Mô hình ở Đức Phổ")), "Mô hình ở Đức Phổ");
    }

    fn nfd(s: &str) -> String {
        s.nfd().collect()
    }

    #[test]
    fn nfc_composes_and_strips_leading_bom() {
        assert_eq!(nfc("Ho\u{0300}a"), "Hòa");
        assert_eq!(nfc("\u{FEFF}Hà Nội"), "Hà Nội");
        assert_eq!(nfc(&nfd("Đảm bảo mỹ quan")), "Đảm bảo mỹ quan");
        // Only a leading BOM is a BOM; elsewhere it is left for the caller.
        assert_eq!(nfc("a\u{FEFF}"), "a\u{FEFF}");
        // Fuzzing case: two BOMs, and nfc(nfc(s)) must equal nfc(s).
        assert_eq!(nfc("\u{FEFF}\u{FEFF}Hà"), "Hà");
        assert_eq!(nfc(""), "");
    }

    #[test]
    fn match_key_folds_tone_placement() {
        for (a, b) in [
            ("Hoà Bình", "Hòa Bình"),
            ("Thuỷ", "Thủy"),
            ("Khoẻ", "Khỏe"),
            ("Thanh Hoá", "Thanh Hóa"),
            ("Quý", "Qúy"),
            ("Uỷ ban", "Ủy ban"),
            ("Khánh Hoà", "KHÁNH HÒA"),
        ] {
            assert_eq!(match_key(a), match_key(b), "{a} vs {b}");
        }
        assert_eq!(match_key("Hoà Bình"), "hòa bình");
        assert_eq!(match_key("Qúy"), "quý");
        assert_eq!(match_key("Thuỷ"), "thủy");
        assert_eq!(match_key("Khoẻ"), "khỏe");
    }

    #[test]
    fn match_key_folds_dashes_and_spaces() {
        let want = "văn hóa-xã hội";
        for s in [
            "Văn hóa - Xã hội",
            "văn hoá – xã hội",
            "VĂN HÓA — XÃ HỘI",
            "Văn hóa-Xã hội",
            "  Văn\thóa \u{2212}\u{00A0}Xã   hội \n",
            "Văn hóa -- Xã hội",
        ] {
            assert_eq!(match_key(s), want, "{s:?}");
        }
        assert_eq!(match_key("  Sơn   Hà  "), "sơn hà");
        assert_eq!(match_key("Hà\u{200B}Nội"), "hànội");
        assert_eq!(match_key(""), "");
        assert_eq!(match_key(" \t "), "");
    }

    #[test]
    fn match_key_keeps_vowel_quality_and_tone() {
        assert_ne!(match_key("Sơn Hà"), match_key("Sơn Hạ"));
        assert_ne!(match_key("Sơn"), match_key("Son"));
        assert_ne!(match_key("Đà"), match_key("Dà"));
        assert_eq!(match_key("ĐẶNG"), "đặng");
        assert_eq!(match_key("Người Được Ưu Tiên"), "người được ưu tiên");
    }

    #[test]
    fn match_key_same_for_nfd_input() {
        for s in [
            "Hoà Bình",
            "Thủy",
            "Văn hóa — Xã hội",
            "Sơn Hạ",
            "Qúy",
            "Đặc khu Phú Quốc",
            "Nguyễn Thị Minh Khai",
        ] {
            assert_eq!(match_key(&nfd(s)), match_key(s), "{s}");
            assert_eq!(
                canonical_tone_placement(&nfd(s)),
                canonical_tone_placement(s)
            );
        }
    }

    #[test]
    fn match_key_output_is_nfc() {
        let key = match_key(&nfd("Hoà Bình THUỶ khoẻ"));
        assert_eq!(key, nfc(&key));
        assert!(unicode_normalization::is_nfc(&key));
    }

    #[test]
    fn keys_are_idempotent() {
        for s in [
            "Hoà Bình – THUỶ",
            "TP. Hồ Chí Minh",
            " a  -  b ",
            "café Émile",
        ] {
            let key = match_key(s);
            assert_eq!(match_key(&key), key, "{s}");
            let placed = canonical_tone_placement(s);
            assert_eq!(canonical_tone_placement(&placed), placed, "{s}");
        }
    }

    #[test]
    fn canonical_tone_placement_keeps_case() {
        assert_eq!(canonical_tone_placement("Hoà Bình"), "Hòa Bình");
        assert_eq!(canonical_tone_placement("THUỶ"), "THỦY");
        assert_eq!(canonical_tone_placement("Khoẻ mạnh"), "Khỏe mạnh");
        assert_eq!(canonical_tone_placement("Qúy"), "Quý");
        assert_eq!(canonical_tone_placement("\u{FEFF}Thanh Hoá"), "Thanh Hóa");
        // Already canonical text is returned unchanged.
        let s = "Đảm bảo mỹ quan đô thị, Văn hóa – Xã hội, café, 2025";
        assert_eq!(canonical_tone_placement(s), s);
    }

    #[test]
    fn locality_key_strips_unit_words() {
        for (input, want) in [
            ("Tỉnh Thanh Hóa", "thanh hóa"),
            ("Tỉnh Thanh Hoá", "thanh hóa"),
            ("TP. Hồ Chí Minh", "hồ chí minh"),
            ("Tp.Hồ Chí Minh", "hồ chí minh"),
            ("T.P. Hồ Chí Minh", "hồ chí minh"),
            ("TP Hồ Chí Minh", "hồ chí minh"),
            ("Thành phố Hồ Chí Minh", "hồ chí minh"),
            ("THÀNH PHỐ HỒ CHÍ MINH", "hồ chí minh"),
            ("Quận 1", "1"),
            ("quận Bình Tân", "bình tân"),
            ("Quận Bình Tân", "bình tân"),
            ("Huyện Củ Chi", "củ chi"),
            ("Thị xã Sơn Tây", "sơn tây"),
            ("TX. Sơn Tây", "sơn tây"),
            ("tx Sơn Tây", "sơn tây"),
            ("Xã Mông Hóa", "mông hóa"),
            ("Phường Lý Thái Tổ", "lý thái tổ"),
            ("thị trấn Tam Đường", "tam đường"),
            ("TT Tam Đường", "tam đường"),
            ("Đặc khu Phú Quốc", "phú quốc"),
            ("Tỉnh Bà Rịa – Vũng Tàu", "bà rịa-vũng tàu"),
        ] {
            assert_eq!(locality_key(input), want, "{input}");
            assert_eq!(locality_key(&nfd(input)), want, "NFD {input}");
        }
    }

    #[test]
    fn locality_key_keeps_names_that_are_only_unit_words() {
        assert_eq!(locality_key("Thị Xã"), "thị xã");
        assert_eq!(locality_key("Quận"), "quận");
        assert_eq!(locality_key("TP."), "tp.");
        assert_eq!(locality_key("Thành phố"), "thành phố");
        assert_eq!(locality_key("Xã "), "xã");
        // Not whole words: "Tpx" and "Xãi" are not "TP"/"Xã" + name.
        assert_eq!(locality_key("Tpx Hà"), "tpx hà");
        assert_eq!(locality_key("Tân Phú"), "tân phú");
        assert_eq!(locality_key("Thịnh Long"), "thịnh long");
        // One prefix only: the name itself may start with a unit-like word.
        assert_eq!(locality_key("Phường Thị Xã"), "thị xã");
        assert_eq!(locality_key("Xã Xã Đàn"), "xã đàn");
    }
}
