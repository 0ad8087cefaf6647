//! URL slugs: [`slugify`] turns a Vietnamese (or other Latin-script) title
//! into `[a-z0-9-]` text for file names and URLs. It owns only the ASCII
//! folding; it does not make slugs unique within a site, does not decide
//! what a slug is made from, and keeps no mapping back to the title. Matching
//! keys are `normalize.rs`'s job: two titles with the same slug need not be
//! the same name ("Sơn Hà" and "Sơn Hạ" both give "son-ha").

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::normalize::strip_bom;

/// Latin letters that carry a diacritic or are ligatures but have no
/// canonical decomposition, so NFD cannot reduce them to ASCII.
fn fold_undecomposable(c: char) -> Option<&'static str> {
    Some(match c {
        // Vietnamese đ is a letter of its own, but URLs spell it d.
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'ø' | 'Ø' => "o",
        'ł' | 'Ł' => "l",
        'ı' => "i",
        'ß' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        _ => return None,
    })
}

/// Append a kept piece, first writing the separator owed since the last one.
fn push_piece(out: &mut String, piece: &str, pending_dash: &mut bool) {
    if *pending_dash && !out.is_empty() {
        out.push('-');
    }
    *pending_dash = false;
    out.push_str(piece);
}

/// URL slug: ASCII lower case, đ→d, every Vietnamese letter folded to its
/// base letter, any run of characters outside `[a-z0-9]` becomes one '-',
/// no leading/trailing '-'. Same result for NFC and NFD input.
///
/// "Đảm bảo mỹ quan đô thị" → "dam-bao-my-quan-do-thi";
/// "Văn hóa – Xã hội" → "van-hoa-xa-hoi"; "Quận 10" → "quan-10".
///
/// Other Latin letters with diacritics are folded by NFD + dropping the
/// combining marks (plus a few that do not decompose: ø ł ß æ œ ð ı); every
/// other character (punctuation, symbols, non-Latin scripts) acts as a
/// separator. The result may be empty (e.g. an all-Cyrillic title), which
/// the caller must handle.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // A separator is only written once the next kept character shows that
    // the slug goes on, which makes trimming the ends automatic.
    let mut pending_dash = false;
    for c in strip_bom(s).nfd() {
        if c.is_ascii_alphanumeric() {
            let lower = c.to_ascii_lowercase();
            push_piece(&mut out, lower.encode_utf8(&mut [0; 4]), &mut pending_dash);
        } else if is_combining_mark(c) {
            // Tone and quality marks (and other diacritics) vanish without
            // splitting the word: "hóa" → "hoa", not "ho-a".
        } else if let Some(folded) = fold_undecomposable(c) {
            push_piece(&mut out, folded, &mut pending_dash);
        } else {
            pending_dash = true;
        }
    }
    out
}

/// The longest slug kheo makes or accepts: a URL segment and a folder
/// name that every file system kheo supports can hold, with room for the
/// staging folder's own name around it.
pub const MAX_SLUG: usize = 80;

/// [`slugify`], at most [`MAX_SLUG`] characters. A longer slug is cut at a
/// word boundary (inside a single word longer than that) and ends in six
/// hex digits of a checksum of the whole slug: two long titles of one unit
/// that differ only past the cut still get two URLs, and a title always
/// gets the same one.
pub fn title_slug(title: &str) -> String {
    let full = slugify(title);
    if full.len() <= MAX_SLUG {
        return full;
    }
    const TAIL: usize = 7; // "-" and six hex digits
    let room = MAX_SLUG - TAIL;
    let cut = match full[..=room].rfind('-') {
        Some(i) if i > 0 => i,
        _ => room,
    };
    let mut s = full[..cut].trim_end_matches('-').to_string();
    let sum = crc32fast::hash(full.as_bytes()) & 0x00ff_ffff;
    s.push_str(&format!("-{sum:06x}"));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_slugs_are_cut_at_a_word_boundary() {
        let title = "Mô hình dân vận khéo ".repeat(20);
        let s = title_slug(&title);
        assert!(s.len() <= MAX_SLUG, "{s}");
        let (head, sum) = s.rsplit_once('-').expect("a checksum");
        assert_eq!(sum.len(), 6);
        assert!(head.starts_with("mo-hinh-dan-van-kheo-mo-hinh"), "{s}");
        assert!(slugify(&title).starts_with(&format!("{head}-")), "{s}");
        // Two long titles that differ only past the cut: two slugs.
        let other = format!("{title} năm 2024");
        assert_ne!(title_slug(&other), s);
        assert_eq!(title_slug(&title), s, "stable");
        assert!(title_slug(&"a".repeat(200)).starts_with(&"a".repeat(MAX_SLUG - 7)));
        assert_eq!(title_slug(&"a".repeat(200)).len(), MAX_SLUG);
        assert_eq!(title_slug("Hũ gạo tình thương"), "hu-gao-tinh-thuong");
        let exact = "a".repeat(MAX_SLUG);
        assert_eq!(title_slug(&exact), exact);
    }

    fn nfd(s: &str) -> String {
        s.nfd().collect()
    }

    #[test]
    fn examples() {
        for (input, want) in [
            ("Đảm bảo mỹ quan đô thị", "dam-bao-my-quan-do-thi"),
            ("Văn hóa – Xã hội", "van-hoa-xa-hoi"),
            ("Quận 10", "quan-10"),
            ("Văn hóa - Xã hội", "van-hoa-xa-hoi"),
            ("văn hoá – xã hội", "van-hoa-xa-hoi"),
            ("VĂN HÓA — XÃ HỘI", "van-hoa-xa-hoi"),
            ("Dân vận khéo", "dan-van-kheo"),
            ("ĐẶNG THỊ ƯỚC", "dang-thi-uoc"),
            ("Người được ưu tiên", "nguoi-duoc-uu-tien"),
            ("Thuỷ", "thuy"),
            ("Thủy", "thuy"),
        ] {
            assert_eq!(slugify(input), want, "{input}");
            assert_eq!(slugify(&nfd(input)), want, "NFD {input}");
        }
    }

    #[test]
    fn every_vietnamese_vowel_folds_to_its_base() {
        let vowels = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵ";
        let bases: String = vowels
            .chars()
            .map(|c| slugify(&c.to_string()))
            .collect::<Vec<_>>()
            .concat();
        assert_eq!(
            bases,
            "aaaaaaaaaaaaaaaaaaeeeeeeeeeeeeiiiiiioooooooooooooooooouuuuuuuuuuuuyyyyyy"
        );
        assert_eq!(slugify(&vowels.to_uppercase()), bases);
        assert_eq!(slugify("đĐ"), "dd");
    }

    #[test]
    fn separators_and_trimming() {
        assert_eq!(slugify("  --Hà   Nội!!  "), "ha-noi");
        assert_eq!(slugify("\u{FEFF}Hà Nội"), "ha-noi");
        assert_eq!(
            slugify("Quyết định số 12/2024/QĐ-UBND"),
            "quyet-dinh-so-12-2024-qd-ubnd"
        );
        assert_eq!(slugify("a.b_c"), "a-b-c");
        assert_eq!(slugify(""), "");
        assert_eq!(slugify("—"), "");
        assert_eq!(slugify("Москва"), "");
        assert_eq!(slugify("Hà Nội 🎉 2025"), "ha-noi-2025");
    }

    #[test]
    fn other_latin_letters() {
        assert_eq!(slugify("Crème brûlée à Zürich"), "creme-brulee-a-zurich");
        assert_eq!(slugify("Łódź, Øresund, Straße"), "lodz-oresund-strasse");
        assert_eq!(slugify(&nfd("Crème brûlée")), "creme-brulee");
    }

    #[test]
    fn output_alphabet() {
        let slug = slugify("Phường 5, Quận 10 — TP. Hồ Chí Minh (2025)");
        assert_eq!(slug, "phuong-5-quan-10-tp-ho-chi-minh-2025");
        assert!(
            slug.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        );
        assert!(!slug.contains("--"));
    }
}
