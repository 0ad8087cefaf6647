//! The closed vocabularies of the front matter: model status, award kind and
//! level, recipient kind. Each value is accepted by its key or by its
//! Vietnamese name, ignoring case, Unicode form, tone-mark placement and
//! dashes (everything [`text::slugify`] folds). Fields are not here: they are
//! configurable and live in `config.rs`.

use crate::text;

/// A closed set of values accepted by key or by name.
pub trait Choice: Sized + Copy + PartialEq + 'static {
    /// Every value, in display order.
    const ALL: &'static [Self];
    /// What the values are (the key in messages that select on it).
    const WHAT: &'static str;
    fn key(self) -> &'static str;
    /// Vietnamese display name.
    fn name(self) -> &'static str;
    /// Other accepted spellings.
    fn aliases(self) -> &'static [&'static str] {
        &[]
    }
}

/// Reads `input` as one of `C`'s values.
pub fn parse_choice<C: Choice>(input: &str) -> Option<C> {
    let s = text::slugify(input);
    // "cấp huyện" and "huyện" are the same level.
    let s = s.strip_prefix("cap-").unwrap_or(&s);
    C::ALL.iter().copied().find(|c| {
        c.key() == s
            || text::slugify(c.name()) == s
            || c.aliases().iter().any(|a| text::slugify(a) == s)
    })
}

/// "`a` (A), `b` (B)": the values, for a message's help.
pub fn choices_list<C: Choice>() -> String {
    let list: Vec<String> = C::ALL
        .iter()
        .map(|c| format!("`{}` ({})", c.key(), c.name()))
        .collect();
    list.join(", ")
}

/// The message for `value`, which is none of `C`'s values: the nearest
/// one if any, and the list.
pub fn choices_help<C: Choice>(value: &str) -> crate::l10n::Msg {
    let keys: Vec<&str> = C::ALL.iter().map(|c| c.key()).collect();
    let suggestion = crate::content::frontmatter::closest(&text::slugify(value), &keys);
    crate::l10n::Msg::new("choice-unknown")
        .arg("what", C::WHAT)
        .arg("value", value)
        .arg("suggestion", suggestion.unwrap_or("none"))
        .arg("choices", choices_list::<C>())
}

macro_rules! choice {
    ($ty:ident, $what:literal, [$($var:ident => $key:literal, $name:literal $(, [$($alias:literal),*])?;)+]) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $ty { $($var),+ }
        impl Choice for $ty {
            const ALL: &'static [Self] = &[$($ty::$var),+];
            const WHAT: &'static str = $what;
            fn key(self) -> &'static str { match self { $($ty::$var => $key),+ } }
            fn name(self) -> &'static str { match self { $($ty::$var => $name),+ } }
            fn aliases(self) -> &'static [&'static str] {
                match self { $($ty::$var => &[$($($alias),*)?]),+ }
            }
        }
    };
}

choice!(Status, "status", [
    Ongoing => "dang-thuc-hien", "Đang thực hiện";
    Replicated => "nhan-rong", "Nhân rộng", ["Được nhân rộng", "Đã nhân rộng"];
    Paused => "tam-dung", "Tạm dừng";
    Ended => "ket-thuc", "Kết thúc", ["Đã kết thúc"];
]);

choice!(AwardKind, "award-kind", [
    GiayKhen => "giay-khen", "Giấy khen";
    BangKhen => "bang-khen", "Bằng khen";
    TuyenDuong => "tuyen-duong", "Tuyên dương";
    KyNiemChuong => "ky-niem-chuong", "Kỷ niệm chương";
    CongNhan => "cong-nhan", "Quyết định công nhận", ["Công nhận"];
]);

choice!(AwardLevel, "award-level", [
    TrungUong => "trung-uong", "Cấp Trung ương";
    Tinh => "tinh", "Cấp tỉnh";
    Huyen => "huyen", "Cấp huyện";
    CoSo => "co-so", "Cấp cơ sở";
]);

choice!(RecipientKind, "recipient-kind", [
    TapThe => "tap-the", "Tập thể";
    CaNhan => "ca-nhan", "Cá nhân";
    HoGiaDinh => "ho-gia-dinh", "Hộ gia đình";
]);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_key_and_vietnamese_names() {
        assert_eq!(
            parse_choice::<Status>("nhan-rong"),
            Some(Status::Replicated)
        );
        assert_eq!(
            parse_choice::<Status>("Nhân rộng"),
            Some(Status::Replicated)
        );
        assert_eq!(
            parse_choice::<AwardKind>("BẰNG KHEN"),
            Some(AwardKind::BangKhen)
        );
        assert_eq!(
            parse_choice::<AwardLevel>("cấp huyện"),
            Some(AwardLevel::Huyen)
        );
        assert_eq!(parse_choice::<AwardLevel>("Huyện"), Some(AwardLevel::Huyen));
        assert_eq!(
            parse_choice::<AwardLevel>("cap-tinh"),
            Some(AwardLevel::Tinh)
        );
        assert_eq!(
            parse_choice::<RecipientKind>("Hộ gia đình"),
            Some(RecipientKind::HoGiaDinh)
        );
        assert_eq!(parse_choice::<AwardKind>("Kỉ niệm chương"), None);
        assert_eq!(parse_choice::<Status>("xyz"), None);
    }

    #[test]
    fn nfd_input_is_the_same_value() {
        use unicode_normalization::UnicodeNormalization;
        let nfd: String = "Tuyên dương".nfd().collect();
        assert_eq!(parse_choice::<AwardKind>(&nfd), Some(AwardKind::TuyenDuong));
    }
}
