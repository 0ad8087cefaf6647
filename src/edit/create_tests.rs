//! New entries: named from the title, in their locality's folder, with the
//! folder's defaults honoured, never over an existing file.

use super::*;
use crate::diag::Diagnostics;
use crate::l10n::{Lang, Messages};

use crate::edit::test_site as site;

fn model(title: &str, locality: &str, year: i64) -> Edit {
    Edit {
        values: vec![
            ("title".into(), Value::String(title.into())),
            ("locality".into(), Value::String(locality.into())),
            ("field".into(), Value::String("kinh-te".into())),
            ("year".into(), Value::Number(year.into())),
        ],
        body: Some("Mô hình ra đời năm đó.\r\n\r\nDòng hai.\r\n".into()),
    }
}

#[test]
fn a_model_goes_into_its_defaults_folder_without_the_keys_it_gives() {
    let t = site(&[(
        "content/models/hai-phong/hai-an/_defaults.yaml",
        "locality: Hải Phòng / Hải An\nfield: kinh-te\n",
    )]);
    let checker = Checker::load(t.path(), &mut Diagnostics::new());
    let edit = model(
        "Chợ dân sinh: giảm rác thải nhựa",
        "hải phòng / HẢI AN",
        2023,
    );
    let p = plan(&checker, Kind::Model, &edit).expect("planned");
    assert_eq!(
        p.rel,
        "content/models/hai-phong/hai-an/cho-dan-sinh-giam-rac-thai-nhua.md"
    );
    // The locality is the folder's (written another way) and so is the
    // field: neither is repeated. The title has a colon: quoted.
    assert_eq!(
        p.text,
        "---\ntitle: \"Chợ dân sinh: giảm rác thải nhựa\"\nyear: 2023\n---\n\n\
         Mô hình ra đời năm đó.\n\nDòng hai.\n"
    );
    let problems = checker.check(&p.rel, &p.text, None, None, &Messages::new(Lang::Vi));
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn a_model_goes_into_its_provinces_folder() {
    let t = site(&[]);
    let checker = Checker::load(t.path(), &mut Diagnostics::new());
    for (locality, year, folder) in [
        ("Thanh Hoá / Sầm Sơn / Trường Sơn", 2019, "thanh-hoa"),
        ("TP HCM / Quận 4", 2019, "ho-chi-minh"),
        ("tp hcm / binh tan", 2026, "ho-chi-minh"),
        ("Lai Châu / Tam Đường / Bản Bo", 2020, "lai-chau"),
    ] {
        let p = plan(&checker, Kind::Model, &model("Tổ tự quản", locality, year)).expect("plan");
        assert_eq!(
            p.rel,
            format!("content/models/{folder}/to-tu-quan.md"),
            "{locality}"
        );
        assert!(
            p.text.contains(&format!("locality: {locality}\n")),
            "{}",
            p.text
        );
    }
}

#[test]
fn a_taken_name_gets_a_number_and_no_file_is_replaced() {
    let t = site(&[
        (
            "content/models/lai-chau/tham-canh.md",
            "---\ntitle: cũ\n---\n",
        ),
        (
            "content/models/lai-chau/tham-canh-2/index.md",
            "---\ntitle: cũ 2\n---\n",
        ),
    ]);
    let checker = Checker::load(t.path(), &mut Diagnostics::new());
    let edit = model("Thâm canh", "Lai Châu / Tam Đường / Bản Bo", 2020);
    let made = create(&checker, Kind::Model, &edit).expect("created");
    assert_eq!(
        made,
        t.path().join("content/models/lai-chau/tham-canh-3.md")
    );
    let again = create(&checker, Kind::Model, &edit).expect("created");
    assert_eq!(
        again,
        t.path().join("content/models/lai-chau/tham-canh-4.md")
    );
    assert_eq!(
        std::fs::read_to_string(t.path().join("content/models/lai-chau/tham-canh.md"))
            .expect("read"),
        "---\ntitle: cũ\n---\n"
    );
    let back = save::open(&made, &std::fs::read_to_string(&made).expect("read")).expect("open");
    assert_eq!(
        back.values.get("title"),
        Some(&Value::String("Thâm canh".into()))
    );
}

#[test]
fn an_award_goes_into_the_awards_folder_and_a_title_is_needed() {
    let t = site(&[]);
    let checker = Checker::load(t.path(), &mut Diagnostics::new());
    let edit = Edit {
        values: vec![
            ("title".into(), Value::String("Bằng khen năm 2023".into())),
            ("kind".into(), Value::String("bang-khen".into())),
        ],
        body: None,
    };
    let p = plan(&checker, Kind::Award, &edit).expect("planned");
    assert_eq!(p.rel, "content/awards/bang-khen-nam-2023.md");
    assert_eq!(
        p.text,
        "---\ntitle: Bằng khen năm 2023\nkind: bang-khen\n---\n"
    );
    let none = Edit {
        values: vec![("title".into(), Value::String(" ".into()))],
        body: None,
    };
    assert!(matches!(
        plan(&checker, Kind::Award, &none),
        Err(CreateError::Title(m)) if m.id == "new-title-empty"
    ));
    let symbols = Edit {
        values: vec![("title".into(), Value::String("“…”".into()))],
        body: None,
    };
    assert!(matches!(
        plan(&checker, Kind::Award, &symbols),
        Err(CreateError::Title(m)) if m.id == "new-title-no-slug"
    ));
}
