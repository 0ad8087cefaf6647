//! `kheo import` (issue 25): a spreadsheet made here (rust_xlsxwriter,
//! or CSV text) becomes one model per row; headers in Vietnamese or
//! English; every problem named by sheet, row and column; nothing
//! written unless all rows are good; never a file overwritten.

use std::path::Path;

use crate::common::*;

/// Writes an .xlsx with one sheet `name` of `rows` (text cells, or a
/// number when the text is all digits).
fn xlsx(path: &Path, name: &str, rows: &[&[&str]]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(name).expect("sheet name");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            if !cell.is_empty() && cell.bytes().all(|b| b.is_ascii_digit()) {
                let n: f64 = cell.parse().expect("number");
                sheet.write_number(r, c, n).expect("write");
            } else {
                sheet.write_string(r, c, *cell).expect("write");
            }
        }
    }
    book.save(path).expect("save xlsx");
}

fn kheo(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = kheo_command()
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run kheo");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn md_files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|r| {
            r.filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".md"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[test]
fn an_xlsx_becomes_one_model_per_row_that_builds() {
    let t = SiteTest::new();
    let book = t.path().join("mo-hinh.xlsx");
    xlsx(
        &book,
        "Quận Hoàn Kiếm",
        &[
            &[
                "Tên mô hình",
                "Địa bàn",
                "Lĩnh vực",
                "Năm",
                "Tóm tắt",
                "Đơn vị",
                "Kết quả",
                "Nội dung",
            ],
            &[
                "Hũ gạo tình thương",
                "Hà Nội / Hoàn Kiếm",
                "Văn hóa – Xã hội",
                "2022",
                "Mỗi tuần một hũ gạo.",
                "Hội Phụ nữ; Đoàn Thanh niên",
                "Hộ được giúp: 40; Tấn gạo: 2",
                "Các hội viên góp gạo mỗi tuần.",
            ],
            &[],
            &[
                "Hũ gạo tình thương",
                "Hải Phòng / Hải An",
                "van-hoa-xa-hoi",
                "2021",
                "",
                "",
                "",
                "",
            ],
            &[
                "Camera an ninh",
                "Hà Nội / Hoàn Kiếm / Lý Thái Tổ",
                "Quốc phòng – An ninh",
                "2023",
                "",
                "Công an phường",
                "",
                "",
            ],
        ],
    );
    let (code, out, err) = kheo(t.path(), &["import", "mo-hinh.xlsx", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("hu-gao-tinh-thuong-hoan-kiem.md"), "{out}");
    assert!(
        md_files(&t.path().join("content/models")).is_empty(),
        "--dry-run wrote files"
    );
    let (code, _, err) = kheo(t.path(), &["import", "mo-hinh.xlsx"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote 3 models"), "{err}");
    assert_eq!(
        md_files(&t.path().join("content/models")),
        [
            "camera-an-ninh-ly-thai-to.md",
            "hu-gao-tinh-thuong-hai-an.md",
            "hu-gao-tinh-thuong-hoan-kiem.md"
        ]
    );
    t.build_ok();
    let page = t.html("mo-hinh/ha-noi/quan-hoan-kiem/hu-gao-tinh-thuong/");
    let main = texts(&page, "main").join(" ");
    for want in [
        "Hũ gạo tình thương",
        "Văn hóa",
        "2022",
        "Hội Phụ nữ",
        "Đoàn Thanh niên",
        "Tấn gạo",
        "Các hội viên góp gạo mỗi tuần.",
    ] {
        assert!(main.contains(want), "{want} missing: {main}");
    }
    assert!(
        t.out()
            .join("mo-hinh/hai-phong/quan-hai-an/hu-gao-tinh-thuong/index.html")
            .is_file()
    );
    // Importing again never overwrites: the rows that are already there
    // are new files beside them (which the build then reports as the same
    // model twice in one unit).
    let before = std::fs::read(
        t.path()
            .join("content/models/hu-gao-tinh-thuong-hoan-kiem.md"),
    )
    .expect("read");
    let (code, _, err) = kheo(
        t.path(),
        &["import", "mo-hinh.xlsx", "content/models/lan-2"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(md_files(&t.path().join("content/models/lan-2")).len(), 3);
    let after = std::fs::read(
        t.path()
            .join("content/models/hu-gao-tinh-thuong-hoan-kiem.md"),
    )
    .expect("read");
    assert_eq!(before, after);
}

#[test]
fn every_bad_cell_is_named_by_sheet_row_and_column_and_nothing_is_written() {
    let t = SiteTest::new().file(
        "mo-hinh.csv",
        "title,locality,field,year,organizations\n\
         Đường hoa,Thanh Hóa / Sầm Sơn,kinh-tee,2023,Đoàn Thanh niên\n\
         Chợ an toàn,Thanh Hóa / Sầm Sơm,kinh-te,2023,\n\
         Tổ hòa giải,Hà Nội,kinh-te,hai nghìn,\n\
         Đường hoa,Thanh Hóa / Sầm Sơn,kinh-te,2023,\n\
         Đường hoa,Thanh Hóa / Sầm Sơn,kinh-te,2024,\n\
         Tổ tự quản,Tiền Giang / Cai Lậy (Huyện),kinh-te,2020,\n",
    );
    let (code, _, err) = kheo(t.path(), &["import", "mo-hinh.csv"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("sheet “mo-hinh”, row 2, column C (field): unknown field `kinh-tee`"),
        "{err}"
    );
    assert!(err.contains("did you mean `kinh-te`?"), "{err}");
    assert!(err.contains("`kinh-te` (Kinh tế)"), "{err}");
    assert!(
        err.contains("row 3, column B (locality): unknown locality “Thanh Hóa / Sầm Sơm”"),
        "{err}"
    );
    assert!(err.contains("Sầm Sơn"), "the locality's suggestion: {err}");
    assert!(
        err.contains("row 4, column D (year): `hai nghìn` is not a year"),
        "{err}"
    );
    assert!(
        err.contains("row 6, column A (title): the same model as sheet “mo-hinh”, row 5"),
        "{err}"
    );
    assert!(
        err.contains("4 problems") && err.contains("nothing was written"),
        "{err}"
    );
    assert!(md_files(&t.path().join("content/models")).is_empty());
}

#[test]
fn an_unknown_header_is_an_error_with_did_you_mean() {
    let t = SiteTest::new();
    let book = t.path().join("a.xlsx");
    xlsx(
        &book,
        "Danh sách",
        &[
            &["STT", "Tên mô hình", "Lĩnh vự", "Địa bàn", "Năm"],
            &["1", "A", "kinh-te", "Hà Nội", "2022"],
        ],
    );
    let (code, _, err) = kheo(t.path(), &["import", "a.xlsx"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("sheet “Danh sách”, row 1, column C (Lĩnh vự): unknown column “Lĩnh vự”"),
        "{err}"
    );
    assert!(err.contains("did you mean “Lĩnh vực”?"), "{err}");
    assert!(
        err.contains("column A (STT): unknown column “STT”"),
        "{err}"
    );
    assert!(md_files(&t.path().join("content/models")).is_empty());
    // Not a spreadsheet: a usage error.
    let t = t.file("a.txt", "x");
    let (code, _, err) = kheo(t.path(), &["import", "a.txt"]);
    assert_eq!(code, 2, "{err}");
}
