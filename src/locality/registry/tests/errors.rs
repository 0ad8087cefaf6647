//! What the registry answers for names it cannot place alone: the
//! candidates of an ambiguous name, the nearest of an unknown one.

use super::*;

/// A bare name that exists in several provinces is ambiguous, and the
/// error names each candidate in full, so the provinces tell them apart.
#[test]
fn a_name_in_two_provinces_is_ambiguous() {
    let err = reg()
        .resolve(&["Trường Sơn"], POST)
        .expect_err("two Xã Trường Sơn");
    assert_eq!(err.kind, ResolveErrorKind::Ambiguous);
    assert_eq!(err.matches, 2);
    let names: Vec<&str> = err
        .candidates
        .iter()
        .map(|c| c.full_name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Xã Trường Sơn, Tỉnh Bắc Ninh",
            "Xã Trường Sơn, Tỉnh Quảng Trị"
        ]
    );
    assert!(err.to_string().contains("Tỉnh Bắc Ninh"), "{err}");

    let err = reg().resolve(&["Kỳ Sơn"], PRE).expect_err("five Kỳ Sơn");
    assert_eq!(
        (err.kind, err.matches, err.candidates.len()),
        (ResolveErrorKind::Ambiguous, 5, 5)
    );
    // A written type word breaks the tie.
    assert_eq!(full("Huyện Kỳ Sơn", PRE), "Huyện Kỳ Sơn, Tỉnh Nghệ An");
    // So does the parent.
    assert_eq!(
        full("Quảng Trị / Trường Sơn", POST),
        "Xã Trường Sơn, Tỉnh Quảng Trị"
    );
}

#[test]
fn unknown_names_suggest_the_nearest() {
    let err = reg()
        .resolve(&path("Thanh Hóa / Sầm Sơm"), PRE)
        .expect_err("typo");
    assert_eq!(
        (err.kind, err.segment, err.written.as_str()),
        (ResolveErrorKind::Unknown, 1, "Sầm Sơm")
    );
    assert_eq!(
        err.within.map(|w| reg().full_name(w)).as_deref(),
        Some("Tỉnh Thanh Hóa")
    );
    assert_eq!(
        err.candidates[0].full_name,
        "Thành phố Sầm Sơn, Tỉnh Thanh Hóa"
    );
    assert!(err.candidates.len() <= 5);
    assert!(
        err.to_string().contains("did you mean: Thành phố Sầm Sơn"),
        "{err}"
    );

    let err = reg().resolve(&["Ha Noi"], PRE).expect_err("no diacritics");
    assert_eq!(err.candidates[0].full_name, "Thành phố Hà Nội");

    let err = reg().resolve::<&str>(&[], PRE).expect_err("empty");
    assert_eq!(err.kind, ResolveErrorKind::Unknown);
}
