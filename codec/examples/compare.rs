//! Measures each step of publishing one phone photo with the codecs kheo
//! uses (this crate's functions) beside the alternatives at hand in the
//! `image` crate, so that each crate's place rests on a number:
//! decoding; resizing to 480/960/1600 with `fast_image_resize` against
//! `image`'s own `resize` (both Lanczos 3); encoding each width as AVIF
//! (ravif/rav1e, speeds 9 and 10), as JPEG (`jpeg-encoder`, progressive,
//! against `image`'s baseline encoder), as lossless WebP (`image`'s only
//! WebP encoder) and as PNG.
//!
//! cargo run --release -p kheo-codec --example compare -- PHOTO.jpg [ROUNDS=5]
//!
//! Times are the CPU time of the measuring thread
//! (`/proc/thread-self/schedstat`, Linux), the median of ROUNDS rounds of
//! at least 50 ms each, so other processes on the machine inflate them
//! little. `benches/photos.sh`
//! runs it on the sample site's first photo.

use kheo_codec::image::{self, ImageEncoder};

/// Nanoseconds this thread has run on a CPU.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

/// The median CPU seconds of one call of `f` over `rounds` rounds, and
/// its last result. The kernel updates a running thread's time at its
/// clock ticks, so each round repeats `f` for at least 50 ms of CPU.
fn measure<T>(rounds: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..rounds.max(1) {
        let t = cpu_ns();
        let mut calls = 0u32;
        while calls == 0 || cpu_ns() - t < 50_000_000 {
            last = Some(f());
            calls += 1;
        }
        times.push((cpu_ns() - t) as f64 / 1e9 / f64::from(calls));
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], last.expect("one round"))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let bytes =
        std::fs::read(args.first().expect("a JPEG photo to measure")).expect("read the photo");
    let rounds: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(5);
    let bounds = kheo_codec::Bounds {
        max_side: 12_000,
        max_pixels: 50_000_000,
        max_alloc: 256 * 1024 * 1024,
    };
    let (t, up) = measure(rounds, || {
        kheo_codec::decode(&bytes, image::ImageFormat::Jpeg, bounds)
            .unwrap_or_else(|_| panic!("decode"))
    });
    let (w, h) = (up.pixels.width(), up.pixels.height());
    println!(
        "photo {w} x {h}, {} bytes; median CPU s of {rounds}",
        bytes.len()
    );
    println!("step\tCPU s\tbytes");
    println!("decode (image: zune-jpeg)\t{t:.4}\t");
    let rgb = up.pixels.to_rgb8();
    let widths = [480u32, 960, 1600];
    let mut resized = Vec::new();
    let (mut fir, mut own) = (0.0, 0.0);
    for &width in &widths {
        let height = ((u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w)) as u32;
        let (t, buf) = measure(rounds, || {
            kheo_codec::resize(rgb.as_raw(), (w, h), false, (width, height)).expect("resize")
        });
        fir += t;
        let (t2, _) = measure(rounds, || {
            image::imageops::resize(&rgb, width, height, image::imageops::FilterType::Lanczos3)
        });
        own += t2;
        println!("resize to {width} (fast_image_resize)\t{t:.4}\t");
        println!("resize to {width} (image::imageops)\t{t2:.4}\t");
        resized.push((width, height, buf));
    }
    println!("resize, three widths (fast_image_resize)\t{fir:.4}\t");
    println!("resize, three widths (image::imageops)\t{own:.4}\t");
    for (width, height, buf) in &resized {
        let size = (*width, *height);
        let row = |name: &str, t: f64, out: &[u8]| {
            println!("{name} at {width}\t{t:.4}\t{}", out.len());
        };
        for speed in [9u8, 10] {
            let (t, out) = measure(rounds, || {
                kheo_codec::avif(buf, size, false, 55.0, speed).expect("avif")
            });
            row(&format!("AVIF q55 speed {speed} (ravif/rav1e)"), t, &out);
        }
        let (t, out) = measure(rounds, || kheo_codec::jpeg(buf, size, 75).expect("jpeg"));
        row("JPEG q75 progressive (jpeg-encoder)", t, &out);
        let (t, out) = measure(rounds, || {
            let mut out = Vec::new();
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 75)
                .write_image(buf, size.0, size.1, image::ExtendedColorType::Rgb8)
                .expect("jpeg");
            out
        });
        row("JPEG q75 baseline (image)", t, &out);
        let (t, out) = measure(rounds, || {
            let mut out = Vec::new();
            image::codecs::webp::WebPEncoder::new_lossless(&mut out)
                .write_image(buf, size.0, size.1, image::ExtendedColorType::Rgb8)
                .expect("webp");
            out
        });
        row("WebP lossless (image)", t, &out);
        let (t, out) = measure(rounds, || kheo_codec::png(buf, size, false).expect("png"));
        row("PNG (image: png)", t, &out);
    }
}
