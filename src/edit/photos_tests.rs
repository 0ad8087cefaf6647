//! Staging uploads and moving them into bundles, on real files.

use super::*;
use crate::diag::Diagnostics;
use crate::edit::test_site;

#[allow(dead_code)]
#[path = "../../tests/support/photo.rs"]
mod photo;

use photo::{OWNER, SERIAL};

/// A phone's JPEG `w` × `h` as stored, with GPS, a serial and an owner
/// in its EXIF, XMP and IPTC; `orientation` 6 turns it upright to `h` × `w`.
fn phone_photo(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    photo::with_phone_metadata(&photo::scene(w, h, 3), orientation)
}

fn has(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// What a phone writes beside the pixels, as bytes that would show it.
const PRIVATE: [&[u8]; 6] = [
    SERIAL.as_bytes(),
    OWNER.as_bytes(),
    b"Exif\0\0",
    b"http://ns.adobe.com/xap",
    b"Photoshop 3.0",
    b"maker-note-private",
];

fn staged_bytes(site: &Path, s: &Staged) -> Vec<u8> {
    std::fs::read(staged_path(site, &s.id, &s.name).expect("staged")).expect("read")
}

#[test]
fn a_phone_photo_is_staged_upright_and_without_its_metadata() {
    let t = test_site(&[]);
    let original = phone_photo(640, 480, 6);
    for needle in PRIVATE {
        assert!(has(&original, needle), "the fixture lacks {needle:?}");
    }
    let s = stage(t.path(), "C:\\Ảnh\\Ảnh đội tuyển.JPG", &original, false).expect("staged");
    assert_eq!(s.name, "anh-doi-tuyen.jpg");
    assert_eq!((s.width, s.height), (480, 640), "orientation applied");
    assert!(!s.kept_original);
    assert_eq!(s.id.len(), 32);
    let stored = staged_bytes(t.path(), &s);
    assert_eq!(stored.len() as u64, s.bytes);
    for needle in PRIVATE {
        assert!(
            !has(&stored, needle),
            "{:?} left in",
            String::from_utf8_lossy(needle)
        );
    }
    // The GPS IFD's tags (latitude ref 0x0001 as ASCII "N", in a TIFF
    // block): no TIFF header at all is left.
    assert!(!has(&stored, b"II*\0") && !has(&stored, b"MM\0*"));
    let img = image::load_from_memory(&stored).expect("a JPEG");
    assert_eq!((img.width(), img.height()), (480, 640));
    assert!(
        s.published_bytes > 0 && s.published_bytes < s.bytes,
        "{s:?}"
    );
    // Two uploads of one name get two folders.
    let again = stage(t.path(), "Ảnh đội tuyển.JPG", &original, false).expect("staged");
    assert_ne!(again.id, s.id);
}

#[test]
fn a_photo_longer_than_twice_the_widest_published_width_is_made_smaller() {
    let t = test_site(&[("site.yaml", "images:\n  widths: [320, 480]\n")]);
    let s = stage(t.path(), "rong.jpg", &phone_photo(1200, 900, 1), false).expect("staged");
    assert_eq!((s.width, s.height), (960, 720));
    let img = image::load_from_memory(&staged_bytes(t.path(), &s)).expect("a JPEG");
    assert_eq!((img.width(), img.height()), (960, 720));
    // Upright after orientation 6: the long edge is the height.
    let s = stage(t.path(), "doc.jpg", &phone_photo(1200, 900, 6), false).expect("staged");
    assert_eq!((s.width, s.height), (720, 960));
    let s = stage(t.path(), "nho.jpg", &phone_photo(900, 600, 1), false).expect("staged");
    assert_eq!((s.width, s.height), (900, 600), "short enough: kept");
    // Phones' sizes at the default widths (1600 the widest).
    assert_eq!(stored_size(4032, 3024, 1600), (3200, 2400));
    assert_eq!(stored_size(3024, 4032, 1600), (2400, 3200));
    assert_eq!(stored_size(8064, 6048, 1600), (3200, 2400));
    assert_eq!(stored_size(3200, 2400, 1600), (3200, 2400));
    // A tall strip keeps the widest published width.
    assert_eq!(stored_size(2000, 12000, 1600), (1600, 9600));
}

#[test]
fn keeping_the_original_keeps_its_bytes() {
    let t = test_site(&[]);
    let original = phone_photo(320, 240, 6);
    let s = stage(t.path(), "goc.jpeg", &original, true).expect("staged");
    assert!(s.kept_original);
    assert_eq!(s.name, "goc.jpg");
    assert_eq!(staged_bytes(t.path(), &s), original);
    // With its GPS: in a folder git is told to leave out.
    let ignore = std::fs::read_to_string(t.path().join(".kheo/.gitignore")).expect("ignored");
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
    assert_eq!(s.bytes, original.len() as u64);
    assert_eq!((s.width, s.height), (240, 320), "the upright size");
}

#[test]
fn a_transparent_png_stays_a_png() {
    let t = test_site(&[]);
    let img = image::RgbaImage::from_fn(64, 32, |x, _| image::Rgba([200, 30, 30, (x * 4) as u8]));
    let mut png = Vec::new();
    image::DynamicImage::ImageRgba8(img)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("png");
    let s = stage(t.path(), "Logo xã.png", &png, false).expect("staged");
    assert_eq!(s.name, "logo-xa.png");
    let back = image::load_from_memory(&staged_bytes(t.path(), &s)).expect("a PNG");
    assert!(back.color().has_alpha());
    assert_eq!(back.to_rgba8().get_pixel(1, 0).0[3], 4);
}

#[test]
fn bad_files_are_refused_with_the_pipelines_message_and_nothing_staged() {
    let t = test_site(&[]);
    let photo = phone_photo(64, 48, 1);
    let cut = &photo[..photo.len() - 200];
    let heic = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
    for (name, bytes, id) in [
        ("thu.jpg", b"not a photo".as_slice(), "image-not-image"),
        ("rong.jpg", b"".as_slice(), "image-empty"),
        ("cat.jpg", cut, "image-truncated"),
        ("iphone.heic", heic.as_slice(), "image-heic"),
    ] {
        match stage(t.path(), name, bytes, false) {
            Err(e @ PhotoError::Image(_)) => {
                let msg = e.msg();
                assert_eq!(msg.id, id, "{name}");
                assert_eq!(msg.text("name"), Some(name));
                let en = crate::l10n::Messages::new(crate::l10n::Lang::En).text(&msg);
                assert!(en.contains(name), "{en}");
            }
            other => panic!("{name}: {other:?}"),
        }
        // Kept originals are checked the same way.
        assert!(stage(t.path(), name, bytes, true).is_err(), "{name}");
    }
    let staged = t.path().join(STAGING);
    let left = std::fs::read_dir(&staged).map_or(0, |d| d.count());
    assert_eq!(left, 0, "nothing staged");
}

#[test]
fn only_our_own_ids_and_names_are_served() {
    let t = test_site(&[]);
    let s = stage(t.path(), "a.jpg", &phone_photo(32, 24, 1), false).expect("staged");
    assert!(staged_path(t.path(), &s.id, &s.name).is_some());
    for (id, name) in [
        (s.id.as_str(), "../a.jpg"),
        (s.id.as_str(), "a.md"),
        (s.id.as_str(), "A.jpg"),
        (s.id.as_str(), "x/a.jpg"),
        (s.id.as_str(), "b.jpg"),
        ("..", "a.jpg"),
        ("../../content", "a.jpg"),
        (&s.id[..31], "a.jpg"),
        (&s.id.to_uppercase(), "a.jpg"),
    ] {
        assert_eq!(staged_path(t.path(), id, name), None, "{id}/{name}");
    }
}

#[cfg(unix)]
#[test]
fn links_in_the_staging_folder_are_not_followed() {
    let t = test_site(&[("content/models/secret.jpg", "x")]);
    let id = "0123456789abcdef0123456789abcdef";
    let dir = t.path().join(STAGING).join(id);
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::os::unix::fs::symlink(
        t.path().join("content/models/secret.jpg"),
        dir.join("a.jpg"),
    )
    .expect("symlink");
    assert_eq!(staged_path(t.path(), id, "a.jpg"), None);
    let other = t
        .path()
        .join(STAGING)
        .join("fedcba9876543210fedcba9876543210");
    std::os::unix::fs::symlink(t.path().join("content/models"), &other).expect("symlink");
    assert_eq!(
        staged_path(t.path(), "fedcba9876543210fedcba9876543210", "secret.jpg"),
        None
    );
}

fn model(title: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\nlocality: \"Hà Nội / Hoàn Kiếm\"\nfield: kinh-te\nyear: 2024\n---\nNội dung.\n"
    )
}

fn model_urls(site: &Path) -> Vec<(String, String)> {
    let opts = crate::BuildOptions {
        dir: site.to_path_buf(),
        ..crate::BuildOptions::default()
    };
    let loaded = crate::load_site(&opts, &mut Diagnostics::new());
    loaded
        .models
        .iter()
        .map(|m| (m.title.clone(), m.url.clone()))
        .collect()
}

#[test]
fn committing_turns_a_plain_entry_into_a_bundle_and_keeps_its_url() {
    let t = test_site(&[("content/models/ha-noi/hoa.md", &model("Đường hoa"))]);
    let before = model_urls(t.path());
    assert_eq!(before.len(), 1, "{before:?}");
    let a = stage(t.path(), "Hoa.jpg", &phone_photo(64, 48, 1), false).expect("staged");
    let b = stage(t.path(), "hoa.jpg", &phone_photo(48, 64, 1), false).expect("staged");
    let staged = [
        (a.id.clone(), a.name.clone()),
        (b.id.clone(), b.name.clone()),
    ];
    let text = std::fs::read(t.path().join("content/models/ha-noi/hoa.md")).expect("read");
    let staged_a = staged_bytes(t.path(), &a);
    let done = commit(t.path(), "content/models/ha-noi/hoa.md", &staged).expect("committed");
    assert_eq!(done.entry_rel, "content/models/ha-noi/hoa/index.md");
    assert_eq!(
        done.names,
        [
            ("hoa.jpg".to_string(), "hoa.jpg".to_string()),
            ("hoa.jpg".to_string(), "hoa-2.jpg".to_string())
        ]
    );
    let bundle = t.path().join("content/models/ha-noi/hoa");
    assert!(!t.path().join("content/models/ha-noi/hoa.md").exists());
    assert_eq!(std::fs::read(bundle.join("index.md")).expect("moved"), text);
    assert_eq!(std::fs::read(bundle.join("hoa.jpg")).expect("a"), staged_a);
    let second = image::open(bundle.join("hoa-2.jpg")).expect("b");
    assert_eq!((second.width(), second.height()), (48, 64));
    // The staging folders are gone, and the staged names with them.
    assert_eq!(staged_path(t.path(), &a.id, &a.name), None);
    assert!(!t.path().join(STAGING).join(&a.id).exists());
    assert_eq!(model_urls(t.path()), before);
    // A second save adds to the bundle, never over a file.
    let c = stage(t.path(), "hoa.jpg", &phone_photo(40, 30, 1), false).expect("staged");
    let first = std::fs::read(bundle.join("hoa.jpg")).expect("a");
    let again = commit(t.path(), &done.entry_rel, &[(c.id, c.name)]).expect("committed");
    assert_eq!(again.entry_rel, done.entry_rel);
    assert_eq!(again.names[0].1, "hoa-3.jpg");
    assert_eq!(std::fs::read(bundle.join("hoa.jpg")).expect("a"), first);
    assert_eq!(model_urls(t.path()), before);
}

#[test]
fn a_save_that_fails_half_way_leaves_every_photo_staged() {
    let t = test_site(&[("content/models/ha-noi/hoa.md", &model("Đường hoa"))]);
    let text = std::fs::read(t.path().join("content/models/ha-noi/hoa.md")).expect("read");
    let staged: Vec<(String, String)> = ["a.jpg", "b.jpg", "c.jpg"]
        .iter()
        .map(|n| {
            let s = stage(t.path(), n, &phone_photo(32, 24, 1), false).expect("staged");
            (s.id, s.name)
        })
        .collect();
    let bytes: Vec<Vec<u8>> = staged
        .iter()
        .map(|(id, name)| {
            std::fs::read(staged_path(t.path(), id, name).expect("staged")).expect("read")
        })
        .collect();
    // The second photo cannot be moved (a disk full, a file held open).
    let mut calls = 0;
    let failing = |from: &Path, dir: &Path, name: &str| {
        calls += 1;
        if calls == 2 {
            return Err(PhotoError::Io {
                path: dir.join(name),
                detail: "disk full".to_string(),
            });
        }
        move_in(from, dir, name)
    };
    let got = commit_with(t.path(), "content/models/ha-noi/hoa.md", &staged, failing);
    assert!(matches!(got, Err(PhotoError::Io { .. })), "{got:?}");
    // Every photo is staged again with its bytes, the entry untouched and
    // the bundle made for the save gone.
    for ((id, name), b) in staged.iter().zip(&bytes) {
        let at = staged_path(t.path(), id, name).expect("still staged");
        assert_eq!(&std::fs::read(at).expect("read"), b, "{name}");
    }
    assert_eq!(
        std::fs::read(t.path().join("content/models/ha-noi/hoa.md")).expect("entry"),
        text
    );
    assert!(!t.path().join("content/models/ha-noi/hoa").exists());
    // Saving again moves them all.
    let done = commit(t.path(), "content/models/ha-noi/hoa.md", &staged).expect("committed");
    assert_eq!(done.entry_rel, "content/models/ha-noi/hoa/index.md");
    let bundle = t.path().join("content/models/ha-noi/hoa");
    for ((_, name), b) in staged.iter().zip(&bytes) {
        assert_eq!(
            &std::fs::read(bundle.join(name)).expect("moved"),
            b,
            "{name}"
        );
    }
    assert_eq!(std::fs::read(bundle.join("index.md")).expect("entry"), text);
}

#[test]
fn a_new_entry_gets_its_bundle_and_a_page_keeps_its_file() {
    let t = test_site(&[(
        "content/pages/gioi-thieu.md",
        "---\ntitle: Giới thiệu\n---\n",
    )]);
    let s = stage(t.path(), "a.jpg", &phone_photo(32, 24, 1), false).expect("staged");
    let done = commit(t.path(), "content/models/moi.md", &[(s.id, s.name)]).expect("new");
    assert_eq!(done.entry_rel, "content/models/moi/index.md");
    assert!(t.path().join("content/models/moi/a.jpg").is_file());
    assert!(!t.path().join("content/models/moi/index.md").exists());
    // A free page's URL is its file's name: its photos go beside it.
    let s = stage(t.path(), "b.jpg", &phone_photo(32, 24, 1), false).expect("staged");
    let done = commit(t.path(), "content/pages/gioi-thieu.md", &[(s.id, s.name)]).expect("page");
    assert_eq!(done.entry_rel, "content/pages/gioi-thieu.md");
    assert!(t.path().join("content/pages/b.jpg").is_file());
    assert!(t.path().join("content/pages/gioi-thieu.md").is_file());
}

#[test]
fn commits_outside_content_or_over_a_foreign_folder_are_refused() {
    let t = test_site(&[
        ("content/models/a.md", &model("A")),
        ("content/models/b.md", &model("B")),
        ("content/models/b/c.md", &model("C")),
    ]);
    let s = stage(t.path(), "a.jpg", &phone_photo(32, 24, 1), false).expect("staged");
    let one = [(s.id.clone(), s.name.clone())];
    for bad in [
        "content/../a.md",
        "../a.md",
        "content/models/../../x.md",
        "site.yaml",
    ] {
        assert!(
            matches!(
                commit(t.path(), bad, &one),
                Err(PhotoError::Entry(WriteError::Outside { .. }))
            ),
            "{bad}"
        );
    }
    // `b/` holds an entry of its own: it is not `b.md`'s bundle.
    assert!(matches!(
        commit(t.path(), "content/models/b.md", &one),
        Err(PhotoError::Entry(WriteError::Exists { .. }))
    ));
    assert!(t.path().join("content/models/b.md").is_file());
    // A photo that is not staged moves nothing.
    let gone = [
        (s.id.clone(), s.name.clone()),
        ("0".repeat(32), "x.jpg".to_string()),
    ];
    assert_eq!(
        commit(t.path(), "content/models/a.md", &gone),
        Err(PhotoError::Missing { id: "0".repeat(32) })
    );
    assert!(t.path().join("content/models/a.md").is_file());
    assert!(staged_path(t.path(), &s.id, &s.name).is_some());
}

#[cfg(unix)]
#[test]
fn commits_through_links_are_refused() {
    let t = test_site(&[("content/models/a.md", &model("A"))]);
    let elsewhere = tempfile::tempdir().expect("tempdir");
    std::fs::write(elsewhere.path().join("x.md"), model("X")).expect("write");
    std::os::unix::fs::symlink(elsewhere.path(), t.path().join("content/models/lnk")).expect("ln");
    std::os::unix::fs::symlink(elsewhere.path(), t.path().join("content/models/a")).expect("ln");
    let s = stage(t.path(), "a.jpg", &phone_photo(32, 24, 1), false).expect("staged");
    let one = [(s.id.clone(), s.name.clone())];
    assert!(matches!(
        commit(t.path(), "content/models/lnk/x.md", &one),
        Err(PhotoError::Entry(WriteError::Link { .. }))
    ));
    // `a/` is a link: not a bundle to move `a.md` into.
    assert!(commit(t.path(), "content/models/a.md", &one).is_err());
    let left: Vec<_> = std::fs::read_dir(elsewhere.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(left, ["x.md"]);
    assert!(t.path().join("content/models/a.md").is_file());
}

#[test]
fn old_staging_folders_are_removed_and_others_kept() {
    let t = test_site(&[]);
    let s = stage(t.path(), "a.jpg", &phone_photo(32, 24, 1), false).expect("staged");
    let mine = t.path().join(STAGING).join("giu-lai");
    std::fs::create_dir_all(&mine).expect("mkdir");
    assert_eq!(remove_old_staged(t.path(), KEEP_STAGED), 0);
    assert!(staged_path(t.path(), &s.id, &s.name).is_some());
    std::thread::sleep(Duration::from_millis(20));
    assert_eq!(remove_old_staged(t.path(), Duration::from_millis(1)), 1);
    assert_eq!(staged_path(t.path(), &s.id, &s.name), None);
    assert!(mine.is_dir(), "not one of ours");
}

/// CPU seconds this process has used, all threads (Linux: user and
/// system time of `/proc/self/stat`, in clock ticks of 1/100 s).
#[cfg(target_os = "linux")]
fn process_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("stat");
    let after = stat.rsplit_once(')').expect("comm").1;
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f[i].parse::<f64>().expect("ticks");
    (ticks(11) + ticks(12)) / 100.0
}

/// The time to stage a phone photo of 4032 × 3024 (more than 8 MB).
/// Run alone: `cargo test --release --lib edit::photos -- --ignored
/// --nocapture --test-threads=1 bench_stage`.
#[cfg(target_os = "linux")]
#[test]
#[ignore = "a benchmark"]
fn bench_stage_a_phone_photo() {
    let t = test_site(&[]);
    // Grainy, as a phone's photo in dim light, so that it is past 8 MB
    // (the same as the HTTP test's).
    let mut img = photo::scene(4032, 3024, 11);
    photo::grain(&mut img);
    let photo = photo::with_phone_metadata(&img, 6);
    drop(img);
    println!("photo: 4032 x 3024, {} bytes", photo.len());
    for keep in [false, true] {
        let mut cpu = Vec::new();
        let mut wall = Vec::new();
        for _ in 0..5 {
            let (c, w) = (process_cpu(), std::time::Instant::now());
            let s = stage(t.path(), "a.jpg", &photo, keep).expect("staged");
            cpu.push(process_cpu() - c);
            wall.push(w.elapsed().as_secs_f64());
            if cpu.len() == 1 {
                println!("keep_original={keep}: {s:?}");
            }
        }
        cpu.sort_by(f64::total_cmp);
        wall.sort_by(f64::total_cmp);
        println!(
            "keep_original={keep}: CPU s {cpu:?}, median {:.2}; wall s median {:.2}",
            cpu[2], wall[2]
        );
    }
}
