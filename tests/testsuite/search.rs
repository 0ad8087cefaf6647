//! Search (issue 5): the static index under `tim-kiem/chi-muc/`, read back
//! with `kheo::search::read`, which answers as the client script does and
//! folds queries with the same code as the index. The browser side is
//! tested in `tests/browser/search.test.js`.

use kheo::search::read::Index;

use crate::common::*;

fn site() -> SiteTest {
    SiteTest::new()
        .file(
            "content/models/a.md",
            &model(
                "Dân vận khéo ở phường Hải An",
                "Hải Phòng / Hải An",
                "kinh-te",
                2021,
                "slug: a\nsummary: Hội viên phụ nữ vận động các hộ góp vốn.\nprivate: {ghi_chu: BIMATRIENG, phone: \"0912345678\"}\n",
            ),
        )
        .file(
            "content/models/b.md",
            &model(
                "Đảm bảo mỹ quan đô thị đường hoa Lê Lợi",
                "Thanh Hóa / Sầm Sơn / Trường Sơn",
                "van-hoa-xa-hoi",
                2023,
                "slug: b\norganizations: [Đoàn Thanh niên phường]\n",
            ),
        )
        .file(
            "content/models/c.md",
            &model(
                "Vườn hoa bình yên của chi hội",
                "Hà Nội / Hoàn Kiếm",
                "van-hoa-xa-hoi",
                2022,
                "slug: c\n",
            ),
        )
        .file(
            "content/models/d.md",
            &model(
                "Tổ hòa giải ở cơ sở",
                "Hòa Bình",
                "quoc-phong-an-ninh",
                2020,
                "slug: d\n",
            ),
        )
        .file(
            "content/models/e.md",
            &model(
                "NHAPCHUADANG dân vận khéo",
                "Hải Phòng / Hải An",
                "kinh-te",
                2021,
                "slug: e\ndraft: true\n",
            ),
        )
        .file(
            "content/awards/x.md",
            "---\ntitle: Bằng khen Dân vận khéo Hải Phòng\nkind: bang-khen\nlevel: tinh\nissuer: UBND thành phố Hải Phòng\nlocality: Hải Phòng\nyear: 2022\nmodels: [a]\nslug: x\nprivate: {x: BIMATRIENG}\n---\nKhen thưởng các mô hình tiêu biểu.\n",
        )
        .file(
            "content/pages/gioi-thieu.md",
            "---\ntitle: Giới thiệu\n---\nPhong trào thi đua “Dân vận khéo” là gì.\n",
        )
}

fn paths(index: &Index, query: &str, filters: &[(&str, &str)]) -> Vec<String> {
    let (hits, _) = index
        .search_hits(query, filters, 100)
        .unwrap_or_else(|e| panic!("{query}: {e}"));
    hits.into_iter().map(|h| h.path).collect()
}

#[test]
fn a_query_without_diacritics_finds_text_with_them() {
    let t = site();
    t.build_ok();
    let index = Index::open(&t.out()).expect("index");
    assert_eq!(
        paths(&index, "dan van kheo hai an", &[])[0],
        "mo-hinh/hai-phong/quan-hai-an/a/"
    );
    assert_eq!(
        paths(&index, "DAN VAN KHEO HAI AN", &[])[0],
        "mo-hinh/hai-phong/quan-hai-an/a/"
    );
    assert_eq!(
        paths(&index, "dam bao my quan", &[]),
        ["mo-hinh/thanh-hoa/thanh-pho-sam-son/truong-son/b/"]
    );
    // đ folds to d, in the text and in the query.
    assert_eq!(
        paths(&index, "doan thanh nien", &[]),
        ["mo-hinh/thanh-hoa/thanh-pho-sam-son/truong-son/b/"]
    );
    assert_eq!(
        paths(&index, "Đoàn Thanh niên", &[]),
        ["mo-hinh/thanh-hoa/thanh-pho-sam-son/truong-son/b/"]
    );
    // Old and new tone placement, NFD input.
    assert_eq!(
        paths(&index, "Thanh Hoá", &[])[0],
        "mo-hinh/thanh-hoa/thanh-pho-sam-son/truong-son/b/"
    );
    assert_eq!(
        paths(&index, "Thanh Ho\u{0301}a", &[])[0],
        "mo-hinh/thanh-hoa/thanh-pho-sam-son/truong-son/b/"
    );
    // Every word must be found; unknown words give nothing.
    assert!(
        paths(&index, "kheo zzzqqq", &[]).len() > 1,
        "partial results"
    );
    let (_, answer) = index.search_hits("kheo zzzqqq", &[], 10).expect("search");
    assert!(answer.partial);
    assert!(paths(&index, "zzzqqq", &[]).is_empty());
    // Awards and free pages are searchable too; listings are not.
    let all = paths(&index, "dan van kheo", &[]);
    assert!(all.contains(&"khen-thuong/x/".to_string()), "{all:?}");
    assert!(all.contains(&"gioi-thieu/".to_string()), "{all:?}");
    assert!(
        all.iter().all(|p| p.starts_with("mo-hinh/") && p.len() > 8
            || p.starts_with("khen-thuong/") && p.len() > 12
            || p == "gioi-thieu/"),
        "{all:?}"
    );
}

#[test]
fn exact_diacritics_rank_first() {
    let t = site();
    t.build_ok();
    let index = Index::open(&t.out()).expect("index");
    // "hoa binh" matches "Hòa Bình" (d) and "hoa bình" (c)...
    let loose = paths(&index, "hoa binh", &[]);
    assert!(
        loose.contains(&"mo-hinh/ha-noi/quan-hoan-kiem/c/".into())
            && loose.contains(&"mo-hinh/hoa-binh/d/".into())
    );
    // ...and with diacritics the exact spelling comes first, whichever way
    // the tone marks are placed.
    for q in ["Hòa Bình", "hoà bình", "HÒA BÌNH"] {
        assert_eq!(paths(&index, q, &[])[0], "mo-hinh/hoa-binh/d/", "{q}");
    }
    assert_eq!(
        paths(&index, "hoa bình", &[])[0],
        "mo-hinh/ha-noi/quan-hoan-kiem/c/"
    );
}

#[test]
fn filters_narrow_and_count() {
    let t = site();
    t.build_ok();
    let index = Index::open(&t.out()).expect("index");
    let (_, answer) = index.search_hits("dan van kheo", &[], 10).expect("search");
    let count = |facet: &str, key: &str| {
        answer.counts[facet]
            .iter()
            .find(|(k, _)| k == key)
            .map_or(0, |(_, n)| *n)
    };
    assert_eq!(count("tinh", "hai-phong"), 2, "{:?}", answer.counts);
    assert_eq!(count("loai", "mo-hinh"), 1);
    assert_eq!(count("loai", "khen-thuong"), 1);
    assert_eq!(count("loai", "trang"), 1);
    assert_eq!(count("nam", "2021"), 1);
    assert_eq!(count("linh-vuc", "kinh-te"), 1);
    assert_eq!(
        paths(&index, "dan van kheo", &[("loai", "khen-thuong")]),
        ["khen-thuong/x/"]
    );
    assert_eq!(
        paths(
            &index,
            "dan van kheo",
            &[("tinh", "hai-phong"), ("loai", "mo-hinh")]
        ),
        ["mo-hinh/hai-phong/quan-hai-an/a/"]
    );
    // A facet's counts ignore its own filter, so the other values stay visible.
    let (_, narrowed) = index
        .search_hits("dan van kheo", &[("loai", "mo-hinh")], 10)
        .expect("search");
    assert_eq!(narrowed.counts["loai"].len(), 3, "{:?}", narrowed.counts);
    assert_eq!(narrowed.counts["tinh"], [("hai-phong".to_string(), 1)]);
    // No words, only filters: everything that passes, newest first.
    assert_eq!(
        paths(&index, "", &[("linh-vuc", "van-hoa-xa-hoi")]),
        [
            "mo-hinh/thanh-hoa/thanh-pho-sam-son/truong-son/b/",
            "mo-hinh/ha-noi/quan-hoan-kiem/c/"
        ]
    );
    assert!(paths(&index, "", &[]).is_empty());
    assert!(paths(&index, "", &[("nam", "1999")]).is_empty());
    let (hits, _) = index.search_hits("mỹ quan", &[], 1).expect("search");
    let b = &hits[0];
    assert_eq!(b.title, "Đảm bảo mỹ quan đô thị đường hoa Lê Lợi");
    assert!(b.locality.contains("Sầm Sơn"), "{}", b.locality);
    assert_eq!(
        (b.field.as_str(), b.year.as_str()),
        ("Văn hóa – Xã hội", "2023")
    );
}

#[test]
fn drafts_and_private_data_are_never_indexed() {
    let t = site();
    t.build_ok();
    let dir = t.out().join("tim-kiem/chi-muc");
    let mut files = 0;
    for e in walkdir::WalkDir::new(&dir)
        .into_iter()
        .filter_map(Result::ok)
    {
        if !e.file_type().is_file() {
            continue;
        }
        files += 1;
        let bytes = std::fs::read(e.path()).expect("read");
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        for marker in [
            "bimatrieng",
            "nhapchuadang",
            "0912345678",
            "ghi_chu",
            "mo-hinh/hai-phong/quan-hai-an/e/",
        ] {
            assert!(!text.contains(marker), "{marker} in {}", e.path().display());
        }
    }
    assert!(files >= 4, "{files} files");
    let index = Index::open(&t.out()).expect("index");
    assert!(paths(&index, "nhapchuadang", &[]).is_empty());
    assert!(paths(&index, "bimatrieng", &[]).is_empty());
}

#[test]
fn the_search_page_and_header_box_work_without_javascript() {
    let mut t = site();
    t.base_url = Some("https://example.org/dvk/".into());
    t.build_ok();
    let page = t.html("tim-kiem/");
    assert_eq!(
        attrs(&page, "form.search-form", "action"),
        ["/dvk/tim-kiem/"]
    );
    assert_eq!(attrs(&page, "form.search-form", "method"), ["get"]);
    assert_eq!(
        attrs(&page, "form.search-form input[name=q]", "id"),
        ["search-q"]
    );
    assert_eq!(attrs(&page, "label[for=search-q]", "for").len(), 1);
    assert_eq!(texts(&page, "noscript").len(), 1);
    assert_eq!(
        attrs(&page, "#search", "data-index"),
        ["/dvk/tim-kiem/chi-muc/"]
    );
    assert_eq!(attrs(&page, "script[src]", "src"), ["/dvk/js/tim-kiem.js"]);
    assert!(t.out().join("js/tim-kiem.js").is_file());
    for path in [
        "",
        "mo-hinh/hai-phong/quan-hai-an/a/",
        "khen-thuong/x/",
        "gioi-thieu/",
    ] {
        let doc = t.html(path);
        assert_eq!(
            attrs(&doc, "header form.site-search", "action"),
            ["/dvk/tim-kiem/"],
            "{path}"
        );
        let id = attrs(&doc, "header form.site-search input[name=q]", "id");
        assert_eq!(id.len(), 1, "{path}");
        assert_eq!(
            attrs(&doc, &format!("label[for={}]", id[0]), "for").len(),
            1
        );
    }
    assert!(check_links(&t.out(), "/dvk/").is_empty());
}

#[test]
fn no_search_and_search_false_skip_the_index() {
    let t = site();
    let opts = kheo::BuildOptions {
        no_search: true,
        ..t.options()
    };
    assert!(kheo::build(&opts).ok());
    assert!(t.out().join("tim-kiem/index.html").is_file());
    assert!(!t.out().join("tim-kiem/chi-muc").exists());
    // The same output built again with search gets its index back.
    t.build_ok();
    assert!(t.out().join("tim-kiem/chi-muc/manifest.json").is_file());

    let t = site().file("site.yaml", "search: false\n");
    t.build_ok();
    assert!(!t.out().join("tim-kiem/chi-muc").exists());
    assert!(texts(&t.html(""), "form.site-search").is_empty());
}

#[test]
fn the_index_is_reproducible_and_split_at_scale() {
    let mut t = SiteTest::new();
    for i in 0..300 {
        t = t.file(
            &format!("content/models/m{i}.md"),
            &model(
                &format!("Mô hình số {i} từ{i}x"),
                ["Hà Nội / Hoàn Kiếm", "Lai Châu / Tam Đường", "Hòa Bình"][i % 3],
                ["kinh-te", "van-hoa-xa-hoi"][i % 2],
                2010 + (i % 12) as i32,
                &format!("slug: m{i}\n"),
            ),
        );
    }
    t.build_ok();
    let index = Index::open(&t.out()).expect("index");
    assert_eq!(index.manifest.n, 300);
    assert!(index.manifest.c.len() > 1, "several word chunks");
    for i in [0, 17, 150, 299] {
        assert_eq!(
            paths(&index, &format!("tu{i}x"), &[]),
            [format!(
                "mo-hinh/{}m{i}/",
                ["ha-noi/quan-hoan-kiem/", "lai-chau/tam-duong/", "hoa-binh/"][i % 3]
            )]
        );
    }
    let (_, answer) = index
        .search_hits("mo hinh", &[("tinh", "lai-chau")], 20)
        .expect("search");
    assert_eq!(answer.ids.len(), 100);
    assert!(
        answer.fetched.len() <= 2 + 300 / kheo::search::GROUP,
        "{:?}",
        answer.fetched
    );
    let read_all = |out: &std::path::Path| -> Vec<(String, Vec<u8>)> {
        let dir = out.join("tim-kiem/chi-muc");
        let mut v: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path()
                        .strip_prefix(&dir)
                        .expect("prefix")
                        .display()
                        .to_string(),
                    std::fs::read(e.path()).expect("read"),
                )
            })
            .collect();
        v.sort();
        v
    };
    let first = read_all(&t.out());
    let other = tempfile::tempdir().expect("temp");
    let opts = kheo::BuildOptions {
        out: Some(other.path().join("public")),
        ..t.options()
    };
    assert!(kheo::build(&opts).ok());
    assert!(
        first == read_all(&other.path().join("public")),
        "same input, same bytes"
    );
}

#[test]
fn a_stopped_index_writes_nothing() {
    use std::sync::atomic::AtomicBool;
    let t = site();
    let mut diags = kheo::diag::Diagnostics::new();
    let loaded = kheo::load_site(&t.options(), &mut diags);
    assert!(!diags.has_errors());
    // `kheo serve` stops its indexer when an edit comes: nothing of the
    // index half made may be served.
    let sink = kheo::serve::memory::MemorySink::new();
    let got = kheo::search::write_index(&loaded, &sink, None, &AtomicBool::new(true));
    assert!(matches!(got, Ok(None)), "a stopped index is not done");
    assert!(sink.finish().is_empty(), "a stopped index wrote files");
    // Not stopped, the same site gets its whole index.
    let sink = kheo::serve::memory::MemorySink::new();
    let stats = kheo::search::write_index(&loaded, &sink, None, &AtomicBool::new(false))
        .ok()
        .flatten()
        .expect("an index");
    let files = sink.finish();
    assert_eq!(stats.records, 6, "4 models, 1 award, 1 page");
    assert_eq!(files.len(), stats.files);
    assert!(files.get("tim-kiem/chi-muc/manifest.json").is_some());
}
