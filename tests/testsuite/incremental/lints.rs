//! What `kheo build` checks besides building (links, images, personal
//! data), and how much of it a rebuild looks at again.

use super::age_content;
use crate::common::*;

/// `kheo build` checks links and personal data like `kheo check`, but a
/// rebuild that makes the same files checks only the entries read anew;
/// a strict build checks every entry, so an old warning still stops it.
#[test]
fn a_rebuild_checks_the_entries_read_anew_and_strict_checks_all() {
    let t = SiteTest::new()
        .file(
            "content/models/a.md",
            &format!(
                "{}Xem [trang lạ](/khong-co/).\n",
                model("A", "Hà Nội", "kinh-te", 2021, "")
            ),
        )
        .file(
            "content/models/b.md",
            &model("B", "Hà Nội", "kinh-te", 2021, ""),
        );
    let dead = |r: &kheo::Report| {
        r.diags
            .sorted()
            .iter()
            .filter(|d| d.kind() == "link-dead")
            .map(|d| d.path.file_name().map(|n| n.to_string_lossy().into_owned()))
            .collect::<Vec<_>>()
    };
    // Files older than the build: the parse cache trusts them next time.
    age_content(t.path());
    let r = t.build_ok();
    assert_eq!(dead(&r), [Some("a.md".to_string())]);
    // b.md's body edited (same pages): a.md is not read again.
    let t = t.file(
        "content/models/b.md",
        &format!(
            "{}Thêm một câu.\n",
            model("B", "Hà Nội", "kinh-te", 2021, "")
        ),
    );
    let r = t.build_ok();
    assert!(dead(&r).is_empty(), "{:?}", dead(&r));
    // A strict build looks at every entry again.
    let r = kheo::build(&kheo::BuildOptions {
        strict: true,
        ..t.options()
    });
    assert_eq!(dead(&r), [Some("a.md".to_string())]);
    assert!(!r.ok(), "a strict build with a warning fails");
}
