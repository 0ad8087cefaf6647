//! Makes made-up phone photos: 4032 × 3024 JPEGs with the EXIF a phone
//! writes (GPS position, serial number, owner), for the sample site (so
//! its model page shows what kheo publishes of real phone photos) and for
//! `benches/photos.sh`.
//!
//! cargo run --release --example sample_photos -- DIR [COUNT [FIRST_SEED]]
//!
//! Without COUNT: the sample site's five photos, by name, into DIR.
//! With COUNT: `photo-0001.jpg` … into DIR, each its own scene.

// The example makes the sample's photos only; the tests use the rest.
#[allow(dead_code)]
#[path = "../tests/support/photo.rs"]
mod photo;

use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = std::path::PathBuf::from(
        args.first()
            .cloned()
            .unwrap_or_else(|| "content/models/che-chat-luong-cao-tan-uyen".into()),
    );
    let names: Vec<(String, u64)> = match args.get(1).and_then(|c| c.parse::<u64>().ok()) {
        Some(n) => {
            let first = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
            (0..n)
                .map(|i| (format!("photo-{:04}", i + 1), first + i))
                .collect()
        }
        None => ["doi-che", "hai-che", "nha-van-hoa", "hop-ban", "duong-ban"]
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), 100 + i as u64))
            .collect(),
    };
    let failed = names.par_iter().any(|(name, seed)| {
        let img = photo::scene(4032, 3024, *seed);
        let bytes = photo::phone_jpeg(
            &img,
            &photo::Exif {
                orientation: 1,
                lat: ([22, 10, (*seed % 60) as u32], b'N'),
                lon: ([103, 44, 20], b'E'),
                serial: "SAMPLE-SERIAL-0001",
                owner: "Sample Owner",
            },
        );
        let path = dir.join(format!("{name}.jpg"));
        match std::fs::write(&path, &bytes) {
            Ok(()) => {
                println!("{} ({} bytes)", path.display(), bytes.len());
                false
            }
            Err(e) => {
                eprintln!("cannot write {}: {e}", path.display());
                true
            }
        }
    });
    if failed {
        std::process::exit(1);
    }
}
