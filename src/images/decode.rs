//! Reading one source image as hostile input: its bytes (with a size
//! cap), its real format (sniffed, not taken from the extension), its
//! pixels under decoder limits, with the EXIF orientation applied (the
//! decoding itself is [`kheo_codec::decode`]'s). Every
//! problem is a [`Problem`] for the editor, never a panic. Metadata is
//! never carried over: only pixels leave this module.

use std::io::Read;
use std::path::Path;

use image::{DynamicImage, ImageFormat};

use crate::l10n::Msg;

/// Files larger than this are refused before they are read: a phone's
/// 48-megapixel JPEG is under 30 MB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest side, in pixels, and largest area: a 48-megapixel phone photo
/// (8064 × 6048) fits; a decompression bomb (30,000 × 30,000 in a few
/// kilobytes) is refused from its header, before any pixel buffer exists.
pub const MAX_SIDE: u32 = 12_000;
pub const MAX_PIXELS: u64 = 50_000_000;
/// What a decoder may allocate: 50 million pixels of 16-bit RGBA is
/// 400 MB, which [`MAX_PIXELS`] already refuses for 8-bit RGB (150 MB).
pub const MAX_ALLOC: u64 = 256 * 1024 * 1024;

/// A problem with a source image, for the editor: its message (an
/// `image-…` id of `locales/`, with the file's `name`) and whether the
/// image is refused.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub error: bool,
    pub msg: Msg,
}

impl Problem {
    pub(super) fn error(id: &'static str, name: &str) -> Self {
        Problem {
            error: true,
            msg: Msg::new(id).arg("name", name),
        }
    }
    fn warning(id: &'static str, name: &str) -> Self {
        Problem {
            error: false,
            ..Problem::error(id, name)
        }
    }
    pub(super) fn arg(mut self, name: &'static str, value: impl Into<crate::l10n::Arg>) -> Self {
        self.msg = self.msg.arg(name, value);
        self
    }
}

/// A source image's pixels, upright, 8 bits per channel.
pub struct Decoded {
    pub pixels: DynamicImage,
    pub alpha: bool,
    /// Whether the source is a PNG.
    pub png: bool,
    /// Warnings found on the way (the image is still published).
    pub warnings: Vec<Problem>,
}

/// Reads the file at `path` (at most [`MAX_FILE_BYTES`]).
pub fn read(path: &Path) -> Result<Vec<u8>, Problem> {
    let name = file_name(path);
    let unreadable =
        |e: std::io::Error| Problem::error("image-read-failed", &name).arg("detail", e.to_string());
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(
            Problem::error("image-file-too-big", &name).arg("mb", MAX_FILE_BYTES / (1024 * 1024))
        );
    }
    Ok(bytes)
}

/// Decodes `bytes` (the file `path`) into upright 8-bit pixels.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<Decoded, Problem> {
    let name = file_name(path);
    let mut warnings = Vec::new();
    if bytes.is_empty() {
        return Err(Problem::error("image-empty", &name));
    }
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif)) => f,
        _ => {
            let heic = bytes.get(4..12).is_some_and(|b| {
                b.starts_with(b"ftyp")
                    && matches!(&b[4..8], b"heic" | b"heix" | b"mif1" | b"msf1" | b"hevc")
            });
            let id = if heic {
                "image-heic"
            } else {
                "image-not-image"
            };
            return Err(Problem::error(id, &name));
        }
    };
    if !extension_fits(path, format) {
        warnings.push(
            Problem::warning("image-wrong-extension", &name)
                .arg("format", format_name(format))
                .arg(
                    "ext",
                    format.extensions_str().first().copied().unwrap_or("jpg"),
                ),
        );
    }
    if format == ImageFormat::Jpeg && !jpeg_is_whole(bytes) {
        // The JPEG decoder would fill the missing part with grey.
        return Err(Problem::error("image-truncated", &name));
    }
    if format == ImageFormat::Jpeg && jpeg_is_cmyk(bytes) {
        warnings.push(Problem::warning("image-cmyk", &name));
    }
    let bounds = kheo_codec::Bounds {
        max_side: MAX_SIDE,
        max_pixels: MAX_PIXELS,
        max_alloc: MAX_ALLOC,
    };
    let up = kheo_codec::decode(bytes, format, bounds).map_err(|f| match f {
        kheo_codec::Failure::TooLarge => too_large(&name),
        kheo_codec::Failure::NoPixels { width, height } => Problem::error("image-no-pixels", &name)
            .arg("width", width)
            .arg("height", height),
        kheo_codec::Failure::Damaged(detail) => {
            Problem::error("image-damaged", &name).arg("detail", detail)
        }
    })?;
    if kheo_codec::is_animated(format, bytes) {
        warnings.push(Problem::warning("image-animated", &name));
    }
    if up.deep {
        warnings.push(Problem::warning("image-deep-color", &name));
    }
    Ok(Decoded {
        pixels: up.pixels,
        alpha: up.alpha,
        png: format == ImageFormat::Png,
        warnings,
    })
}

fn too_large(name: &str) -> Problem {
    Problem::error("image-too-large", name)
        .arg("side", MAX_SIDE)
        .arg("megapixels", MAX_PIXELS / 1_000_000)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn format_name(f: ImageFormat) -> &'static str {
    match f {
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Png => "PNG",
        ImageFormat::WebP => "WebP",
        ImageFormat::Gif => "GIF",
        _ => "other",
    }
}

fn extension_fits(path: &Path, f: ImageFormat) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    f.extensions_str().contains(&ext.as_str())
}

/// Walks a JPEG's segments up to its first scan, skipping each by its
/// length: `at` is given each marker and its segment's offset, and the
/// walk stops at the first answer it gives. `None`: no answer, or the
/// bytes are not a sequence of segments.
fn jpeg_walk<T>(b: &[u8], mut at: impl FnMut(u8, usize) -> Option<T>) -> Option<T> {
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        if let Some(answer) = at(marker, i) {
            return Some(answer);
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        if marker == 0xDA || len < 2 {
            return None;
        }
        i += 2 + len;
    }
    None
}

/// Whether a JPEG's frame header (SOF) has four components.
fn jpeg_is_cmyk(b: &[u8]) -> bool {
    // SOF0..SOF15 but DHT (C4), JPG (C8) and DAC (CC).
    let sof = |m: u8| (0xC0..=0xCF).contains(&m) && !matches!(m, 0xC4 | 0xC8 | 0xCC);
    jpeg_walk(b, |m, i| sof(m).then(|| b.get(i + 9) == Some(&4))).unwrap_or(false)
}

/// Whether a JPEG has its end marker (EOI) after its first scan: the
/// segments before it are skipped by their lengths, so an embedded
/// thumbnail's EOI does not count; a scan cannot hold an EOI (its 0xFF
/// bytes are stuffed).
fn jpeg_is_whole(b: &[u8]) -> bool {
    jpeg_walk(b, |m, i| {
        (m == 0xDA).then(|| memchr::memmem::find(&b[i..], &[0xFF, 0xD9]).is_some())
    })
    .unwrap_or(false)
}
