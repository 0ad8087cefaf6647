//! Tests of the registry against the real, compiled-in data, with the
//! localities of the seed entries written the ways editors write them.

use unicode_normalization::UnicodeNormalization;

use super::*;

mod errors;

fn reg() -> &'static Registry {
    registry()
}

fn path(p: &str) -> Vec<&str> {
    p.split('/').collect()
}

/// Resolve or fail the test with the error's message.
fn resolve(p: &str, s: Structure) -> UnitId {
    match reg().resolve(&path(p), s) {
        Ok(id) => id,
        Err(e) => panic!("{p} ({s:?}): {e}"),
    }
}

fn full(p: &str, s: Structure) -> String {
    reg().full_name(resolve(p, s))
}

fn code(p: &str, s: Structure) -> &'static str {
    reg().unit(resolve(p, s)).code
}

fn names(ids: &[UnitId]) -> Vec<String> {
    ids.iter().map(|&id| reg().full_name(id)).collect()
}

fn nfd(s: &str) -> String {
    s.nfd().collect()
}

const PRE: Structure = Structure::Pre2025;
const POST: Structure = Structure::Post2025;

#[test]
fn counts_match_the_official_lists() {
    let r = reg();
    assert_eq!(r.count(POST, 1), 34);
    assert_eq!(r.count(POST, 2), 3321);
    assert_eq!(r.count(PRE, 1), 63);
    assert_eq!(r.count(PRE, 2), 696);
    assert_eq!(r.count(PRE, 3), 10_035);
    // Thừa Thiên Huế; 24 districts (Quận 2, Quận 9, Quận Thủ Đức, Yên
    // Dũng, …); communes of earlier lists, renamed or merged.
    assert_eq!(r.count(Structure::Old, 1), 1);
    assert_eq!(r.count(Structure::Old, 2), 24);
    assert_eq!(r.count(Structure::Old, 3), 1218);
    let kinds = |kind: &str| {
        r.units()
            .filter(|(_, u)| u.structure == POST && u.level == 2 && u.kind == kind)
            .count()
    };
    assert_eq!(
        (kinds("Phường"), kinds("Xã"), kinds("Đặc khu")),
        (687, 2621, 13)
    );
}

#[test]
fn data_is_sound() {
    let r = reg();
    assert!(r.codes.is_sound(&r.units));
    for (id, u) in r.units() {
        match u.parent {
            None => assert_eq!(u.level, 1, "{}", r.full_name(id)),
            Some(p) => {
                let pu = r.unit(p);
                assert_eq!(pu.level + 1, u.level, "{}", r.full_name(id));
                if u.structure != Structure::Old {
                    assert_eq!(pu.structure, u.structure, "{}", r.full_name(id));
                }
            }
        }
        assert!(decode::KINDS.contains(&u.kind), "{}", u.kind);
        assert_eq!(r.by_code(u.structure, u.code), Some(id));
        // Every pre-2025 province and commune became something.
        if u.structure == PRE && u.level != 2 {
            assert!(!r.successors(id).is_empty(), "{}", r.full_name(id));
        }
        // The coarse index never loses a unit its real key would find.
        assert_eq!(
            key::coarse(u.name),
            key::coarse(r.key_of(id)),
            "{}",
            r.full_name(id)
        );
    }
    // Every post-2025 unit came from somewhere.
    for (id, u) in r.units().filter(|(_, u)| u.structure == POST) {
        assert!(!r.predecessors(id).is_empty(), "{}", u.name);
    }
}

#[test]
fn registry_is_decoded_once() {
    assert!(std::ptr::eq(registry(), registry()));
}

/// Trường Sơn, Sầm Sơn, Thanh Hóa: every way the seeds write it.
#[test]
fn truong_son_however_written() {
    let want = "Phường Trường Sơn, Thành phố Sầm Sơn, Tỉnh Thanh Hóa";
    for p in [
        "Tỉnh Thanh Hoá / Sầm Sơn / Trường Sơn",
        "Thanh Hóa / TP Sầm Sơn / Phường Trường Sơn",
        "Thanh Hoá / Thành phố Sầm Sơn / phường Trường Sơn",
        "Thanh Hóa / Sầm Sơn / Trường Sơn",
        "Tỉnh Thanh Hóa / thành phố Sầm Sơn / phường Trường Sơn",
        "TỈNH THANH HOÁ / TP. SẦM SƠN / P. TRƯỜNG SƠN",
        "  Thanh   Hóa / Sầm Sơn /  Trường Sơn ",
    ] {
        assert_eq!(full(p, PRE), want, "{p}");
        assert_eq!(full(&nfd(p), PRE), want, "NFD {p}");
    }
    let id = resolve("Thanh Hóa / Sầm Sơn / Trường Sơn", PRE);
    let u = reg().unit(id);
    assert_eq!(
        (u.code, u.level, u.kind, u.name),
        ("14836", 3, "Phường", "Trường Sơn")
    );
    assert_eq!(
        names(&reg().successors(id)),
        ["Phường Sầm Sơn, Tỉnh Thanh Hóa"]
    );
}

/// Kỳ Sơn became a phường of Thành phố Hòa Bình when Huyện Kỳ Sơn was merged
/// into the city (2020); Mông Hóa was still a xã in the 2024 list. Both are
/// in the new Phường Kỳ Sơn of Phú Thọ since July 2025.
#[test]
fn ky_son_and_mong_hoa_hoa_binh() {
    let ky_son = resolve("Hòa Bình / Thành phố Hòa Bình / Phường Kỳ Sơn", PRE);
    assert_eq!(
        reg().full_name(ky_son),
        "Phường Kỳ Sơn, Thành phố Hòa Bình, Tỉnh Hòa Bình"
    );
    let mong_hoa = resolve("Tỉnh Hoà Bình / TP Hoà Bình / xã Mông Hoá", PRE);
    assert_eq!(
        reg().full_name(mong_hoa),
        "Xã Mông Hóa, Thành phố Hòa Bình, Tỉnh Hòa Bình"
    );
    for p in [
        "Hòa Bình / TP Hòa Bình",
        "Hoà Bình / TP. Hoà Bình",
        "Hòa Bình / Hòa Bình",
    ] {
        assert_eq!(full(p, PRE), "Thành phố Hòa Bình, Tỉnh Hòa Bình", "{p}");
    }
    let new_ky_son = reg().successors(ky_son);
    assert_eq!(names(&new_ky_son), ["Phường Kỳ Sơn, Tỉnh Phú Thọ"]);
    assert_eq!(reg().successors(mong_hoa), new_ky_son);
    let from = reg().predecessors(new_ky_son[0]);
    assert!(from.contains(&ky_son) && from.contains(&mong_hoa));
    // The province itself went into Phú Thọ.
    let province = resolve("Hòa Bình", PRE);
    assert_eq!(names(&reg().successors(province)), ["Tỉnh Phú Thọ"]);
}

#[test]
fn ban_bo_tam_duong_lai_chau() {
    for p in [
        "Lai Châu / Tam Đường / Bản Bo",
        "Tỉnh Lai Châu / Huyện Tam Đường / Xã Bản Bo",
    ] {
        assert_eq!(full(p, PRE), "Xã Bản Bo, Huyện Tam Đường, Tỉnh Lai Châu");
    }
    assert_eq!(
        full("Lai Châu / huyện Tam Đường", PRE),
        "Huyện Tam Đường, Tỉnh Lai Châu"
    );
    assert_eq!(
        full("Tỉnh Lai Châu / Huyện Tân Uyên / Thị trấn Tân Uyên", PRE),
        "Thị trấn Tân Uyên, Huyện Tân Uyên, Tỉnh Lai Châu"
    );
    let ban_bo = resolve("Lai Châu / Tam Đường / Bản Bo", PRE);
    assert_eq!(
        names(&reg().successors(ban_bo)),
        ["Xã Bản Bo, Tỉnh Lai Châu"]
    );
    assert_eq!(full("Lai Châu / Bản Bo", POST), "Xã Bản Bo, Tỉnh Lai Châu");
}

/// Hồ Chí Minh City as the 2019 awards write it.
#[test]
fn ho_chi_minh_districts_in_2019() {
    for (p, want) in [
        ("TP. Hồ Chí Minh / Quận 1", "Quận 1, Thành phố Hồ Chí Minh"),
        (
            "Thành phố Hồ Chí Minh / Quận 1",
            "Quận 1, Thành phố Hồ Chí Minh",
        ),
        ("Hồ Chí Minh / Quận 4", "Quận 4, Thành phố Hồ Chí Minh"),
        (
            "TP. Hồ Chí Minh / Quận 4 / Phường 1",
            "Phường 1, Quận 4, Thành phố Hồ Chí Minh",
        ),
        (
            "TP.HCM / Q.4 / P.1",
            "Phường 1, Quận 4, Thành phố Hồ Chí Minh",
        ),
        ("Hồ Chí Minh / Quận 10", "Quận 10, Thành phố Hồ Chí Minh"),
        (
            "TP. Hồ Chí Minh / Quận 11",
            "Quận 11, Thành phố Hồ Chí Minh",
        ),
        (
            "Hồ Chí Minh / Bình Tân",
            "Quận Bình Tân, Thành phố Hồ Chí Minh",
        ),
        (
            "TP. Hồ Chí Minh / Quận Bình Tân",
            "Quận Bình Tân, Thành phố Hồ Chí Minh",
        ),
    ] {
        let id = reg()
            .resolve_at(&path(p), 2019, Some(10), Some(16))
            .unwrap_or_else(|e| panic!("{p}: {e}"));
        assert_eq!(reg().full_name(id), want, "{p}");
        assert_eq!(reg().unit(id).structure, PRE);
    }
    // "Quận 1" is not "Quận 10" nor "Quận 11".
    assert_eq!(code("Hồ Chí Minh / Quận 1", PRE), "760");
    assert_eq!(code("Hồ Chí Minh / Quận 10", PRE), "771");
    assert_eq!(code("Hồ Chí Minh / Quận 11", PRE), "772");
}

/// "Hồ Chí Minh / Bình Tân" is Quận Bình Tân in 2019 and the new Phường
/// Bình Tân from July 2025 (a model dated after the reform, in a new ward).
#[test]
fn binh_tan_before_and_after_the_reform() {
    let r = reg();
    let p = path("Hồ Chí Minh / Bình Tân");
    let old = r.resolve_at(&p, 2019, Some(10), Some(16)).expect("2019");
    let new = r.resolve_at(&p, 2025, Some(9), None).expect("2025-09");
    assert_eq!(r.full_name(old), "Quận Bình Tân, Thành phố Hồ Chí Minh");
    assert_eq!(r.full_name(new), "Phường Bình Tân, Thành phố Hồ Chí Minh");
    assert_eq!((r.unit(new).code, r.unit(new).level), ("27442", 2));
    // The old district's area now lies in several new units, the new ward
    // among them; the new ward came from wards of the old district.
    assert!(r.successors(old).contains(&new));
    for w in r.predecessors(new) {
        assert_eq!(r.unit(w).parent, Some(old), "{}", r.full_name(w));
    }
    assert_eq!(
        names(&r.predecessors(new)),
        [
            "Phường Bình Hưng Hòa B, Quận Bình Tân, Thành phố Hồ Chí Minh",
            "Phường Bình Trị Đông A, Quận Bình Tân, Thành phố Hồ Chí Minh",
            "Phường Tân Tạo, Quận Bình Tân, Thành phố Hồ Chí Minh",
        ]
    );
}

#[test]
fn ly_thai_to_hoan_kiem_ha_noi() {
    let want = "Phường Lý Thái Tổ, Quận Hoàn Kiếm, Thành phố Hà Nội";
    for p in [
        "Hà Nội / Hoàn Kiếm / Lý Thái Tổ",
        "Thành phố Hà Nội / quận Hoàn Kiếm / phường Lý Thái Tổ",
        // A level skipped: the commune is found under the province.
        "Hà Nội / Lý Thái Tổ",
    ] {
        assert_eq!(full(p, PRE), want, "{p}");
    }
    for p in ["TP Hà Nội", "Thành phố Hà Nội", "Hà Nội"] {
        assert_eq!(full(p, PRE), "Thành phố Hà Nội", "{p}");
    }
    let id = resolve("Hà Nội / Hoàn Kiếm / Lý Thái Tổ", PRE);
    assert_eq!(reg().unit(id).code, "00058");
    assert_eq!(
        names(&reg().successors(id)),
        ["Phường Hoàn Kiếm, Thành phố Hà Nội"]
    );
}

#[test]
fn hai_an_hai_phong() {
    for p in [
        "TP. Hải Phòng / Quận Hải An",
        "Hải Phòng / Hải An",
        "Thành phố Hải Phòng / quận Hải An",
    ] {
        assert_eq!(full(p, PRE), "Quận Hải An, Thành phố Hải Phòng", "{p}");
    }
    assert_eq!(
        full("Hải Phòng / Hải An", POST),
        "Phường Hải An, Thành phố Hải Phòng"
    );
}

#[test]
fn nfd_case_and_tone_placement_do_not_matter() {
    let want = resolve("Hòa Bình / Thành phố Hòa Bình / Phường Kỳ Sơn", PRE);
    for p in [
        "Hoà Bình / Thành phố Hoà Bình / Phường Kỳ Sơn",
        "HOÀ BÌNH / THÀNH PHỐ HÒA BÌNH / PHƯỜNG KỲ SƠN",
        "hòa bình / tp hòa bình / kỳ sơn",
        "Hòa Bình / Thành phố Hòa Bình / Phường Kì Sơn",
    ] {
        assert_eq!(resolve(p, PRE), want, "{p}");
        assert_eq!(resolve(&nfd(p), PRE), want, "NFD {p}");
    }
    // A name from the package that uses the other tone placement.
    assert_eq!(
        full("Quảng Ninh / Đông Triều", PRE),
        "Thành phố Đông Triều, Tỉnh Quảng Ninh"
    );
}

#[test]
fn spelling_aliases() {
    for p in ["Đắk Lắk", "Đắc Lắc", "Dak Lak", "Tỉnh Đăk Lăk"] {
        assert_eq!(full(p, PRE), "Tỉnh Đắk Lắk", "{p}");
        assert_eq!(full(p, POST), "Tỉnh Đắk Lắk", "{p}");
    }
    for p in [
        "Bà Rịa - Vũng Tàu",
        "Bà Rịa – Vũng Tàu",
        "Bà Rịa Vũng Tàu",
        "Tỉnh Bà Rịa-Vũng Tàu",
    ] {
        assert_eq!(full(p, PRE), "Tỉnh Bà Rịa - Vũng Tàu", "{p}");
    }
    for p in ["TP.HCM", "TPHCM", "TP HCM", "Hồ Chí Minh"] {
        assert_eq!(full(p, POST), "Thành phố Hồ Chí Minh", "{p}");
    }
}

/// A ward split across several new ones: Phường Cửa Nam (Hoàn Kiếm) went
/// into four, the converter's default first.
#[test]
fn ward_split_across_several_new_ones() {
    let r = reg();
    let cua_nam = resolve("Hà Nội / Hoàn Kiếm / Cửa Nam", PRE);
    let became = r.successors(cua_nam);
    assert_eq!(
        names(&became),
        [
            "Phường Văn Miếu - Quốc Tử Giám, Thành phố Hà Nội",
            "Phường Ba Đình, Thành phố Hà Nội",
            "Phường Cửa Nam, Thành phố Hà Nội",
            "Phường Hoàn Kiếm, Thành phố Hà Nội",
        ]
    );
    for new in became {
        assert!(
            r.predecessors(new).contains(&cua_nam),
            "{}",
            r.full_name(new)
        );
    }
    let new_cua_nam = resolve("Hà Nội / Cửa Nam", POST);
    let from = names(&r.predecessors(new_cua_nam));
    assert!(
        from.contains(&"Phường Hàng Bông, Quận Hoàn Kiếm, Thành phố Hà Nội".to_string()),
        "{from:?}"
    );
}

/// Units that ceased before the 2024 list: Quận 2 (merged into Thành phố
/// Thủ Đức on 1 January 2021) is found in 2019, with its wards.
#[test]
fn old_units_answer_for_earlier_years() {
    let r = reg();
    let q2 = r
        .resolve_at(&path("TP. Hồ Chí Minh / Quận 2"), 2019, None, None)
        .expect("Quận 2 in 2019");
    assert_eq!(r.unit(q2).structure, Structure::Old);
    assert_eq!(r.full_name(q2), "Quận 2, Thành phố Hồ Chí Minh");
    let thu_duc = r.continuation(q2).expect("continued as");
    assert_eq!(
        r.full_name(thu_duc),
        "Thành phố Thủ Đức, Thành phố Hồ Chí Minh"
    );
    assert!(r.predecessors(thu_duc).contains(&q2));

    let thao_dien = resolve("TP. Hồ Chí Minh / Quận 2 / Thảo Điền", PRE);
    assert_eq!(
        r.full_name(thao_dien),
        "Phường Thảo Điền, Quận 2, Thành phố Hồ Chí Minh"
    );
    assert!(!r.successors(thao_dien).is_empty());
    assert!(r.successors(q2).contains(&r.successors(thao_dien)[0]));
    // Merged away in 2021: Bình Khánh is now part of An Khánh.
    let binh_khanh = resolve("Hồ Chí Minh / Quận 2 / Bình Khánh", PRE);
    let an_khanh = r.continuation(binh_khanh).expect("merged into");
    assert_eq!(
        r.full_name(an_khanh),
        "Phường An Khánh, Thành phố Thủ Đức, Thành phố Hồ Chí Minh"
    );
    // A written type tells the old Quận Thủ Đức from the later city.
    assert_eq!(
        r.unit(resolve("Hồ Chí Minh / Quận Thủ Đức", PRE)).structure,
        Structure::Old
    );
    assert_eq!(r.unit(resolve("Hồ Chí Minh / Thủ Đức", PRE)).structure, PRE);
    // A renamed province: the old name still resolves before 2025.
    assert_eq!(
        full("Thừa Thiên Huế / Phú Vang", PRE),
        "Huyện Phú Vang, Tỉnh Thừa Thiên Huế"
    );
    // After the reform Quận 2 is unknown, and the error says what it was.
    let err = r
        .resolve_at(&path("Hồ Chí Minh / Quận 2"), 2025, Some(9), None)
        .expect_err("no Quận 2 after 2025");
    assert_eq!(err.other_structure, Some(q2));
}

#[test]
fn structure_at_dates() {
    assert_eq!(Registry::structure_at(2019, None, None), PRE);
    assert_eq!(Registry::structure_at(2025, Some(6), Some(30)), PRE);
    assert_eq!(Registry::structure_at(2025, Some(7), None), POST);
    assert_eq!(Registry::structure_at(2025, Some(7), Some(1)), POST);
    assert_eq!(Registry::structure_at(2026, None, None), POST);
    assert_eq!(Registry::structure_at(2025, None, None), PRE);
    // A year-only 2025 date falls back to the new structure when needed.
    let sai_gon = reg()
        .resolve_at(&path("Hồ Chí Minh / Sài Gòn"), 2025, None, None)
        .expect("Phường Sài Gòn");
    assert_eq!(
        reg().full_name(sai_gon),
        "Phường Sài Gòn, Thành phố Hồ Chí Minh"
    );
}

#[test]
fn unit_names_for_display() {
    let r = reg();
    let q4 = r.unit(resolve("Hồ Chí Minh / Quận 4", PRE));
    assert_eq!(
        (q4.name, q4.display_name(), q4.typed_name()),
        ("4", "Quận 4".to_string(), "Quận 4".to_string())
    );
    let bt = r.unit(resolve("Hồ Chí Minh / Bình Tân", PRE));
    assert_eq!(bt.display_name(), "Bình Tân");
    let lineage: Vec<&str> = r
        .lineage(resolve("Hà Nội / Hoàn Kiếm / Lý Thái Tổ", PRE))
        .iter()
        .map(|&id| r.unit(id).name)
        .collect();
    assert_eq!(lineage, ["Hà Nội", "Hoàn Kiếm", "Lý Thái Tổ"]);
}

/// Timing, not correctness:
/// `cargo test --release --lib locality::registry -- --ignored --nocapture bench_decode`.
#[test]
#[ignore]
fn bench_decode() {
    use std::time::Instant;
    let runs = 30;
    let mut times = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let r = decode::decode(decode::UNITS, decode::CHANGES);
        times.push(t.elapsed());
        assert!(r.len() > 10_000);
    }
    times.sort();
    let cpu_runs = 100;
    let before = crate::testing::thread_cpu_ms();
    for _ in 0..cpu_runs {
        std::hint::black_box(decode::decode(decode::UNITS, decode::CHANGES));
    }
    let cpu_ms = (crate::testing::thread_cpu_ms() - before) as f64 / cpu_runs as f64;
    println!("decode + index, CPU time: {cpu_ms:.1} ms per decode ({cpu_runs} runs)");
    // Cold: a fresh registry and the seed entries' localities, as a build
    // of the sample site would pay on its first lookup.
    let seeds = [
        "Thành phố Hồ Chí Minh / Quận 4",
        "Thành phố Hồ Chí Minh / quận Bình Tân",
        "TP. Hồ Chí Minh / Quận 1",
        "TP. Hồ Chí Minh / Quận Bình Tân",
        "Hồ Chí Minh / Quận 10",
        "Hồ Chí Minh / Bình Tân",
        "TP. Hồ Chí Minh / Quận 11",
        "TP Hà Nội",
        "Hà Nội / Hoàn Kiếm / Lý Thái Tổ",
        "Hòa Bình / TP Hòa Bình",
        "Hòa Bình / Thành phố Hòa Bình / Phường Kỳ Sơn",
        "Tỉnh Hoà Bình / TP Hoà Bình / xã Mông Hoá",
        "Tỉnh Thanh Hoá / Sầm Sơn / Trường Sơn",
        "Thanh Hóa / TP Sầm Sơn / Phường Trường Sơn",
        "Lai Châu / Tam Đường / Bản Bo",
        "Tỉnh Lai Châu / Huyện Tân Uyên / Thị trấn Tân Uyên",
        "Thành phố Hải Phòng / quận Hải An",
        "Hải Phòng / Hải An",
    ];
    let mut cold = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let fresh = decode::decode(decode::UNITS, decode::CHANGES);
        for p in seeds {
            assert!(fresh.resolve(&path(p), Structure::Pre2025).is_ok(), "{p}");
        }
        cold.push(t.elapsed());
    }
    cold.sort();
    println!(
        "cold: decode + {} seed localities: min {:?}, median {:?}",
        seeds.len(),
        cold[0],
        cold[cold.len() / 2]
    );
    let r = registry();
    let paths: Vec<Vec<&str>> = seeds.iter().map(|p| path(p)).collect();
    let n = 1000;
    let t = Instant::now();
    for i in 0..n {
        let _ = std::hint::black_box(r.resolve(&paths[i % paths.len()], Structure::Pre2025));
    }
    let resolved = t.elapsed();
    println!(
        "decode + index: min {:?}, median {:?}, max {:?} ({} units, {} + {} bytes of TSV); \
         {n} warm resolutions of seed paths: {resolved:?}",
        times[0],
        times[runs / 2],
        times[runs - 1],
        r.len(),
        decode::UNITS.len(),
        decode::CHANGES.len(),
    );
}
