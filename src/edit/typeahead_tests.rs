//! Type-ahead over the real registry: expectations are the registry's own
//! answers (what a path resolves to), not copied lists.

use super::*;

fn none() -> TypeAhead {
    TypeAhead::new(&[])
}

fn year(y: i32) -> Option<PartialDate> {
    Some(PartialDate::year(y))
}

fn unit(path: &str, s: Structure) -> UnitId {
    let parts: Vec<&str> = path.split('/').map(str::trim).collect();
    registry::registry().resolve(&parts, s).expect(path)
}

/// The unit a suggestion's value names, read as an entry of its structure.
fn resolved(s: &Suggestion) -> UnitId {
    let st = match s.source {
        Source::Post2025 => Structure::Post2025,
        _ => Structure::Pre2025,
    };
    unit(&s.value, st)
}

#[test]
fn names_typed_without_diacritics_find_the_unit() {
    let want = unit("Thanh Hóa / Sầm Sơn / Trường Sơn", Structure::Pre2025);
    let got = none().suggest("thanh hoa / truong son", year(2019), 5);
    assert_eq!(got.first().map(resolved), Some(want), "{got:#?}");
    assert_eq!(got[0].source, Source::Pre2025);
    // It shows what the ward became in 2025.
    let became: Vec<String> = registry::registry()
        .successors(want)
        .into_iter()
        .map(|s| registry::registry().full_name(s))
        .collect();
    assert!(!became.is_empty());
    assert_eq!(got[0].became, became);
}

#[test]
fn the_structure_of_the_entrys_date_ranks_first() {
    let old = none().suggest("TP HCM / binh tan", year(2019), 5);
    assert_eq!(
        old.first().map(resolved),
        Some(unit("Hồ Chí Minh / Quận Bình Tân", Structure::Pre2025)),
        "{old:#?}"
    );
    let new = none().suggest("TP HCM / binh tan", None, 5);
    assert_eq!(
        new.first().map(|s| s.source),
        Some(Source::Post2025),
        "{new:#?}"
    );
    assert!(new.iter().any(|s| s.source == Source::Pre2025), "{new:#?}");
}

#[test]
fn abbreviations_the_registry_reads_work_here_too() {
    for typed in [
        "tp hcm",
        "TP.HCM",
        "hcm",
        "Thành phố Hồ Chí Minh",
        "ho chi minh",
    ] {
        let got = none().suggest(typed, None, 3);
        assert_eq!(
            got.first().map(|s| s.value.as_str()),
            Some("Hồ Chí Minh"),
            "{typed}"
        );
    }
    let q4 = none().suggest("hcm / q4", year(2019), 3);
    assert_eq!(
        q4.first().map(resolved),
        Some(unit("Hồ Chí Minh / Quận 4", Structure::Pre2025))
    );
    assert_eq!(q4[0].value, "Hồ Chí Minh / Quận 4");
}

#[test]
fn typed_type_words_and_diacritics_break_ties() {
    // "phuong" without its accent is still the type word.
    let got = none().suggest("phuong truong son", year(2019), 10);
    assert!(!got.is_empty());
    assert!(
        got[0].full_name.starts_with("Phường Trường Sơn"),
        "{got:#?}"
    );
    // Sơn Hà and Sơn Hạ fold to one coarse key: the marks decide.
    for name in ["Sơn Hà", "Sơn Hạ"] {
        let got = none().suggest(name, year(2019), 10);
        let first = got.first().expect("found");
        let r = registry::registry();
        let last = *r.lineage(resolved(first)).last().expect("unit");
        assert_eq!(r.key_of(last), registry::key(name), "{got:#?}");
    }
}

#[test]
fn every_suggestion_resolves_to_itself_and_the_count_is_bounded() {
    for typed in [
        "a",
        "ba",
        "son",
        "hoa binh",
        "quan 1",
        "q4",
        "xa ban bo",
        "dak",
        "tp hcm / q",
        "ha noi / hoan kiem",
        "thi tran",
        "Đắk Lắk",
        "ly thai to",
    ] {
        for at in [None, year(2019)] {
            let got = none().suggest(typed, at, 7);
            assert!(got.len() <= 7, "{typed}");
            for s in &got {
                let id = resolved(s);
                assert_eq!(
                    registry::registry().full_name(id),
                    s.full_name,
                    "{typed}: {s:?}"
                );
            }
            let values: HashSet<(Source, &str)> =
                got.iter().map(|s| (s.source, s.value.as_str())).collect();
            assert_eq!(values.len(), got.len(), "{typed}: repeated {got:#?}");
        }
    }
    assert!(none().suggest("", None, 5).is_empty());
    assert!(none().suggest(" / ", None, 5).is_empty());
    assert!(none().suggest("zzzz", None, 5).is_empty());
}

#[test]
fn every_province_and_a_sample_of_new_communes_are_found_by_plain_name() {
    let r = registry::registry();
    assert_eq!(r.count(Structure::Post2025, 1), 34);
    assert_eq!(r.count(Structure::Post2025, 2), 3321);
    let new: Vec<UnitId> = r
        .units()
        .filter(|(_, u)| u.structure == Structure::Post2025)
        .map(|(id, _)| id)
        .collect();
    for (i, &id) in new.iter().enumerate() {
        if r.unit(id).level == 2 && i % 17 != 0 {
            continue;
        }
        // "hai phong / an hai": as an editor types it without marks.
        let typed: Vec<String> = path_of(r, id).split(" / ").map(registry::coarse).collect();
        let typed = typed.join(" / ");
        let got = none().suggest(&typed, None, MAX);
        assert!(
            got.iter().any(|s| resolved(s) == id),
            "{typed}: {:?}",
            got.iter().map(|s| &s.full_name).collect::<Vec<_>>()
        );
    }
}

#[test]
fn the_sites_own_localities_are_offered() {
    let site = TypeAhead::new(&[
        vec![
            "Hà Nội".into(),
            "Hoàn Kiếm".into(),
            "Tổ dân phố số 5".into(),
        ],
        vec![
            "Lai Châu".into(),
            "Tam Đường".into(),
            "Bản Bo".into(),
            "Bản Nà Luồng".into(),
        ],
    ]);
    let got = site.suggest("to dan pho", None, 5);
    let mine: Vec<&Suggestion> = got.iter().filter(|s| s.source == Source::Site).collect();
    assert_eq!(mine.len(), 1, "{got:#?}");
    assert_eq!(mine[0].value, "Hà Nội / Hoàn Kiếm / Tổ dân phố số 5");
    let got = site.suggest("lai chau / na luong", None, 5);
    assert_eq!(
        got.iter().map(|s| s.value.as_str()).collect::<Vec<_>>(),
        ["Lai Châu / Tam Đường / Bản Bo / Bản Nà Luồng"]
    );
    // A name the site has exactly comes before the registry's many
    // names that only start the same way.
    let own = TypeAhead::new(&[vec!["Lai Châu".into(), "Sơn".into()]]);
    let got = own.suggest("son", None, 5);
    assert_eq!(got.len(), 5);
    assert_eq!(got[0].source, Source::Site, "{got:#?}");
    // An ancestor the path does not have rules it out.
    assert!(site.suggest("ha noi / na luong", None, 5).is_empty());
}

/// Timing, not correctness: the time per query over the whole registry.
/// `cargo test --release --lib edit::typeahead -- --ignored --nocapture bench_typeahead`.
#[test]
#[ignore]
fn bench_typeahead() {
    let r = registry::registry();
    // What editors type: the first letters of names, without marks, and
    // whole paths.
    let queries: Vec<String> = r
        .units()
        .filter(|(_, u)| u.structure == Structure::Post2025)
        .step_by(7)
        .flat_map(|(id, u)| {
            let plain = crate::text::slugify(u.name).replace('-', " ");
            let short: String = plain.chars().take(3).collect();
            [short, plain, path_of(r, id)]
        })
        .collect();
    let site = none();
    let _ = site.suggest("warm up", None, MAX);
    let (t, cpu) = (std::time::Instant::now(), crate::testing::thread_cpu_ms());
    let mut n = 0;
    for q in &queries {
        n += site.suggest(q, None, MAX).len();
    }
    let per = t.elapsed() / queries.len() as u32;
    let cpu_ms = (crate::testing::thread_cpu_ms() - cpu) as f64 / queries.len() as f64;
    println!(
        "{} queries over {} units: {per:?} wall, {cpu_ms:.2} ms CPU per query ({n} suggestions)",
        queries.len(),
        r.len()
    );
}
