//! Photos (issue 26): published widths in AVIF and JPEG through
//! `<picture>`, metadata gone from every output byte, orientation applied,
//! bad images reported on the entry's line, the cache used on a rebuild.

use std::path::Path;

use image::GenericImageView;

use crate::common::{SiteTest, attrs, en, error_list, model, sel};

#[path = "../support/photo.rs"]
pub(crate) mod photo;

use photo::OWNER;
pub(crate) use photo::SERIAL;

/// A 32 × 24 JPEG in CMYK, which kheo reports and does not publish.
pub(crate) fn cmyk_jpeg() -> Vec<u8> {
    let mut cmyk = Vec::new();
    jpeg_encoder::Encoder::new(&mut cmyk, 80)
        .encode(
            &[0u8, 255, 255, 0].repeat(32 * 24),
            32,
            24,
            jpeg_encoder::ColorType::Cmyk,
        )
        .expect("cmyk");
    cmyk
}

/// A phone photo `w` × `h` (as stored; orientation 6 turns it upright to
/// `h` × `w`) whose top-left corner is pure red.
pub(crate) fn phone_photo(w: u32, h: u32, orientation: u16) -> Vec<u8> {
    let mut img = photo::scene(w, h, 7);
    for y in 0..h / 8 {
        for x in 0..w / 8 {
            img.put_pixel(x, y, image::Rgb([255, 0, 0]));
        }
    }
    photo::with_phone_metadata(&img, orientation)
}

fn bundle(images: &str) -> String {
    model(
        "Ảnh",
        "Hà Nội / Hoàn Kiếm",
        "kinh-te",
        2024,
        &format!("slug: anh\nimages:\n{images}"),
    )
}

fn all_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read output").flatten() {
        let p = e.path();
        if p.is_dir() {
            all_files(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn phone_photos_are_published_small_upright_and_without_metadata() {
    let original = phone_photo(800, 600, 6);
    // The fixture really carries what must not be published.
    for needle in [SERIAL.as_bytes(), OWNER.as_bytes(), b"Exif\0\0"] {
        assert!(original.windows(needle.len()).any(|w| w == needle));
    }
    let t = SiteTest::new()
        .file(
            "content/models/anh/index.md",
            &bundle("  - {src: nha.jpg, alt: Nhà văn hóa}\n  - {src: cho.jpg, alt: Chợ}\n"),
        )
        .bytes("content/models/anh/nha.jpg", &original)
        .bytes("content/models/anh/cho.jpg", &phone_photo(640, 480, 1));
    t.build_ok();
    let page = t.model("anh");
    // No byte of any published file holds the serial, the owner, the GPS
    // position (as EXIF rationals) or an EXIF/XMP/IPTC block.
    let mut gps = Vec::new();
    for n in [21u32, 1, 45] {
        gps.extend_from_slice(&n.to_le_bytes());
        gps.extend_from_slice(&1u32.to_le_bytes());
    }
    let needles: [&[u8]; 6] = [
        SERIAL.as_bytes(),
        OWNER.as_bytes(),
        &gps,
        b"Exif\0\0",
        b"http://ns.adobe.com/xap",
        b"Photoshop 3.0",
    ];
    let mut files = Vec::new();
    all_files(&t.out(), &mut files);
    let images: Vec<_> = files
        .iter()
        .filter(|f| f.to_string_lossy().contains(&format!("/{page}")))
        .collect();
    assert!(images.len() >= 8, "published: {images:?}");
    for f in &files {
        let bytes = std::fs::read(f).expect("read");
        for n in needles {
            assert!(
                !bytes.windows(n.len()).any(|w| w == n),
                "{} holds {:?}",
                f.display(),
                String::from_utf8_lossy(n)
            );
        }
    }
    // Widths 480 and the source's own 600 (never upscaled); upright.
    let dir = t.out().join(&page);
    let big = image::open(dir.join("nha-600.jpg")).expect("600 jpg");
    assert_eq!(big.dimensions(), (600, 800));
    // Orientation 6 turns the stored top-left corner to the top right.
    let px = big.get_pixel(590, 10).0;
    assert!(
        px[0] > 200 && px[1] < 60 && px[2] < 60,
        "top right is {px:?}"
    );
    assert_eq!(
        image::open(dir.join("nha-480.jpg"))
            .expect("480")
            .dimensions(),
        (480, 640)
    );
    assert!(dir.join("nha-480.avif").is_file() && dir.join("nha-600.avif").is_file());
    assert!(!dir.join("nha-960.jpg").exists(), "no upscaling");
    let avif = std::fs::read(dir.join("nha-480.avif")).expect("avif");
    assert_eq!(&avif[4..12], b"ftypavif");
    // The original name holds the widest fallback, stripped.
    assert_eq!(
        std::fs::read(dir.join("nha.jpg")).expect("nha.jpg"),
        std::fs::read(dir.join("nha-600.jpg")).expect("600")
    );

    let doc = t.html(&page);
    let pics: Vec<_> = doc.select(&sel("picture")).collect();
    assert_eq!(pics.len(), 2);
    let first = pics[0];
    let source = first.select(&sel("source")).next().expect("source");
    assert_eq!(source.value().attr("type"), Some("image/avif"));
    assert_eq!(
        source.value().attr("srcset"),
        Some(format!("/{page}nha-480.avif 480w, /{page}nha-600.avif 600w").as_str())
    );
    let img = first.select(&sel("img")).next().expect("img");
    assert_eq!(img.value().attr("width"), Some("600"));
    assert_eq!(img.value().attr("height"), Some("800"));
    assert_eq!(
        img.value().attr("loading"),
        None,
        "the first photo is on the first screen"
    );
    assert_eq!(img.value().attr("decoding"), Some("async"));
    assert!(img.value().attr("sizes").is_some());
    assert_eq!(
        img.value().attr("srcset"),
        Some(format!("/{page}nha-480.jpg 480w, /{page}nha-600.jpg 600w").as_str())
    );
    assert_eq!(
        attrs(&doc, ".gallery img", "loading"),
        vec!["lazy".to_string()]
    );
    assert_eq!(
        attrs(&doc, ".gallery img", "width"),
        vec!["640".to_string()]
    );
    assert_eq!(
        attrs(&doc, ".gallery img", "height"),
        vec!["480".to_string()]
    );
}

#[test]
fn originals_are_published_only_when_asked() {
    let original = phone_photo(640, 480, 1);
    let t = SiteTest::new()
        .file("site.yaml", "images:\n  widths: [320]\n  originals: true\n")
        .file(
            "content/models/anh/index.md",
            &bundle("  - {src: nha.jpg, alt: Nhà}\n"),
        )
        .bytes("content/models/anh/nha.jpg", &original);
    t.build_ok();
    let dir = t.out().join(t.model("anh"));
    assert_eq!(
        std::fs::read(dir.join("nha.jpg")).expect("original"),
        original
    );
    assert_eq!(
        image::open(dir.join("nha-320.jpg"))
            .expect("320")
            .dimensions(),
        (320, 240)
    );
    assert!(!dir.join("nha-480.jpg").exists());
}

#[test]
fn static_photos_are_processed_and_their_originals_not_published() {
    let t = SiteTest::new()
        .file(
            "content/models/anh/index.md",
            &bundle("  - {src: /anh/cho.jpg, alt: Chợ}\n"),
        )
        .bytes("static/anh/cho.jpg", &phone_photo(1000, 750, 1));
    t.build_ok();
    let out = t.out().join("anh");
    let stripped = std::fs::read(out.join("cho.jpg")).expect("cho.jpg");
    assert!(
        !stripped
            .windows(SERIAL.len())
            .any(|w| w == SERIAL.as_bytes())
    );
    assert_eq!(
        image::open(out.join("cho-960.jpg"))
            .expect("960")
            .dimensions(),
        (960, 720)
    );
    assert!(out.join("cho-1000.avif").is_file());
}

#[test]
fn a_rebuild_encodes_nothing_that_did_not_change() {
    let t = SiteTest::new()
        .file(
            "content/models/anh/index.md",
            &bundle("  - {src: a.jpg, alt: A}\n  - {src: b.jpg, alt: B}\n"),
        )
        .bytes("content/models/anh/a.jpg", &phone_photo(640, 480, 1))
        .bytes("content/models/anh/b.jpg", &phone_photo(480, 640, 1));
    let opts = t.options();
    let prepare = || {
        let mut diags = kheo::diag::Diagnostics::new();
        let site = kheo::load_site(&opts, &mut diags);
        let table = kheo::images::prepare(&opts.dir, &site, &opts.progress, &mut diags);
        assert!(!diags.has_errors());
        table
    };
    assert_eq!(prepare().encoded, 2);
    assert_eq!(prepare().encoded, 0);
    // A changed photo is encoded again, alone.
    std::fs::write(
        t.path().join("content/models/anh/b.jpg"),
        phone_photo(500, 640, 1),
    )
    .expect("write");
    let table = prepare();
    assert_eq!(table.encoded, 1);
    assert_eq!(table.sources.len(), 2);
    // A damaged cache entry is made again, not trusted.
    let key = kheo::images::cache::key(&phone_photo(640, 480, 1), &[480, 960, 1600]);
    let entry = t.path().join(format!(".kheo/images/{key:016x}"));
    std::fs::write(entry.join("meta"), "kheo-images 1\n9 9 gif\n").expect("write");
    assert_eq!(prepare().encoded, 1);
}

/// A PNG whose header says `w` × `h` and whose pixel data is a few bytes.
fn png_header_only(w: u32, h: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut c = crc32fast::Hasher::new();
        c.update(kind);
        c.update(data);
        out.extend_from_slice(&c.finalize().to_be_bytes());
    }
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01],
    );
    chunk(&mut out, b"IEND", &[]);
    out
}

/// A small JPEG whose frame header says `w` × `h`.
fn jpeg_header_says(w: u16, h: u16) -> Vec<u8> {
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 80)
        .encode(&[90u8; 16 * 16 * 3], 16, 16, jpeg_encoder::ColorType::Rgb)
        .expect("jpeg");
    let sof = out
        .windows(2)
        .position(|m| m == [0xFF, 0xC0])
        .expect("baseline frame header");
    out[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    out[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    out
}

#[test]
fn bad_images_are_reported_on_their_line_without_a_panic() {
    let good = phone_photo(320, 240, 1);
    let mut png = Vec::new();
    photo::scene(64, 48, 1)
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("png");
    let mut png16 = Vec::new();
    image::DynamicImage::ImageRgb16(
        image::DynamicImage::ImageRgb8(photo::scene(64, 48, 2)).to_rgb16(),
    )
    .write_to(
        &mut std::io::Cursor::new(&mut png16),
        image::ImageFormat::Png,
    )
    .expect("png16");
    let cmyk = cmyk_jpeg();
    let mut gif = Vec::new();
    {
        let mut enc = image::codecs::gif::GifEncoder::new(&mut gif);
        for shade in [0u8, 200] {
            let f = image::RgbaImage::from_pixel(16, 16, image::Rgba([shade, 0, 0, 255]));
            enc.encode_frame(image::Frame::new(f)).expect("frame");
        }
    }
    let items = [
        ("rong.jpg", Vec::new()),
        ("cut.jpg", good[..good.len() / 2].to_vec()),
        (
            "rac.jpg",
            b"\xFF\xD8\xFF\xE0 not really a jpeg at all".to_vec(),
        ),
        ("bom.png", png_header_only(30_000, 30_000)),
        ("bom.jpg", jpeg_header_says(30_000, 30_000)),
        (
            "heic.jpg",
            b"\0\0\0\x18ftypheic\0\0\0\0mif1heic and more bytes".to_vec(),
        ),
        ("la.jpg", png),
        ("dong.gif", gif),
        ("in.jpg", cmyk),
        ("sau.png", png16),
        ("tot.jpg", good),
    ];
    let mut list = String::new();
    let mut t = SiteTest::new();
    for (name, bytes) in &items {
        list.push_str(&format!("  - {{src: {name}, alt: Ảnh {name}}}\n"));
        t = t.bytes(&format!("content/models/anh/{name}"), bytes);
    }
    let t = t.file("content/models/anh/index.md", &bundle(&list));
    let r = t.build();
    let line_of = |name: &str| 8 + items.iter().position(|(n, _)| *n == name).expect("item");
    let all = r.diags.sorted();
    let (en, vi) = (en(), kheo::l10n::Messages::new(kheo::l10n::Lang::Vi));
    let find = |name: &str, error: bool, kind: &str, words: &str| {
        let d = all
            .iter()
            .find(|d| d.msg.text("name") == Some(name))
            .unwrap_or_else(|| panic!("nothing about {name}: {all:?}"));
        assert!(d.path.ends_with("content/models/anh/index.md"), "{d:?}");
        assert_eq!(d.line, line_of(name), "{d:?}");
        assert_eq!(d.is_error(), error, "{d:?}");
        assert_eq!(d.kind(), kind, "{d:?}");
        let text = d.message(&en);
        assert!(text.contains(&format!("`{name}`")), "{text}");
        assert!(text.contains(words), "{text}");
        assert!(d.message(&vi).contains(&format!("`{name}`")), "{d:?}");
        for m in [&en, &vi] {
            assert!(d.help(m).is_some_and(|h| !h.is_empty()), "{d:?}");
        }
    };
    find("rong.jpg", true, "image-empty", "empty");
    find("cut.jpg", true, "image-truncated", "damaged or cut short");
    find("rac.jpg", true, "image-truncated", "damaged");
    find("bom.png", true, "image-too-large", "too large");
    find("bom.jpg", true, "image-too-large", "too large");
    find("heic.jpg", true, "image-heic", "HEIC");
    find("la.jpg", false, "image-wrong-extension", "really a PNG");
    find("dong.gif", false, "image-animated", "animated");
    find("in.jpg", false, "image-cmyk", "CMYK");
    find("sau.png", false, "image-deep-color", "16");
    assert_eq!(error_list(&r).len(), 6, "{all:?}");
    assert!(!r.ok());
}
