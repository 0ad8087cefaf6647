//! Reading one source image as hostile input: its bytes (with a size
//! cap), its real format (sniffed, not taken from the extension), its
//! pixels under decoder limits, with the EXIF orientation applied. Every
//! problem is a [`Problem`] for the editor, never a panic. Metadata is
//! never carried over: only pixels leave this module.

use std::io::{Cursor, Read};
use std::path::Path;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

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

/// A problem with a source image, for the editor.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub error: bool,
    pub message: String,
    pub help: String,
}

impl Problem {
    fn error(message: impl Into<String>, help: impl Into<String>) -> Self {
        Problem {
            error: true,
            message: message.into(),
            help: help.into(),
        }
    }
    fn warning(message: impl Into<String>, help: impl Into<String>) -> Self {
        Problem {
            error: false,
            message: message.into(),
            help: help.into(),
        }
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

const EXPORT_HELP: &str = "open the photo on the phone or computer and save or export it again as JPEG (or PNG), then replace the file";

/// Reads the file at `path` (at most [`MAX_FILE_BYTES`]).
pub fn read(path: &Path) -> Result<Vec<u8>, Problem> {
    let name = file_name(path);
    let file = std::fs::File::open(path)
        .map_err(|e| Problem::error(format!("cannot read image `{name}`: {e}"), EXPORT_HELP))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Problem::error(format!("cannot read image `{name}`: {e}"), EXPORT_HELP))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Problem::error(
            format!(
                "image `{name}` is over {} MB",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            "save the photo at a smaller size (a phone's normal photo size is fine)",
        ));
    }
    Ok(bytes)
}

/// Decodes `bytes` (the file `path`) into upright 8-bit pixels.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<Decoded, Problem> {
    let name = file_name(path);
    let mut warnings = Vec::new();
    if bytes.is_empty() {
        return Err(Problem::error(
            format!("image `{name}` is an empty file (0 bytes)"),
            "copy the photo again from the phone; the copy was interrupted",
        ));
    }
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP | ImageFormat::Gif)) => f,
        _ => {
            let heic = bytes.get(4..12).is_some_and(|b| {
                b.starts_with(b"ftyp")
                    && matches!(&b[4..8], b"heic" | b"heix" | b"mif1" | b"msf1" | b"hevc")
            });
            return Err(Problem::error(
                if heic {
                    format!("image `{name}` is a HEIC photo, which browsers cannot show")
                } else {
                    format!("`{name}` is not a JPEG, PNG, WebP or GIF image")
                },
                EXPORT_HELP,
            ));
        }
    };
    if !extension_fits(path, format) {
        warnings.push(Problem::warning(
            format!(
                "image `{name}` is really a {} file; its name says otherwise",
                format_name(format)
            ),
            format!(
                "rename the file to end in .{}",
                format.extensions_str().first().copied().unwrap_or("jpg")
            ),
        ));
    }
    if format == ImageFormat::Jpeg && !jpeg_is_whole(bytes) {
        // The JPEG decoder would fill the missing part with grey.
        return Err(Problem::error(
            format!("image `{name}` is damaged or cut short (its end is missing)"),
            "copy the photo again from the phone; the copy was interrupted",
        ));
    }
    if format == ImageFormat::Jpeg && jpeg_is_cmyk(bytes) {
        warnings.push(Problem::warning(
            format!("image `{name}` is a CMYK (print) JPEG; its colours may change on screen"),
            "export it again in RGB (sRGB) colours",
        ));
    }
    let broken = |e: image::ImageError| {
        Problem::error(
            format!("image `{name}` is damaged or cut short ({e})"),
            EXPORT_HELP,
        )
    };
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| too_large(&name, e))?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(too_large(
            &name,
            image::ImageError::Limits(image::error::LimitError::from_kind(
                image::error::LimitErrorKind::DimensionError,
            )),
        ));
    }
    if w == 0 || h == 0 {
        return Err(Problem::error(
            format!("image `{name}` has no pixels ({w} × {h})"),
            EXPORT_HELP,
        ));
    }
    // After the size check: frames are decoded to find a second one.
    if is_animated(format, bytes) {
        warnings.push(Problem::warning(
            format!("image `{name}` is animated; only its first frame is published"),
            "use a still photo, or link to the animation as a file",
        ));
    }
    let color = decoder.color_type();
    if color.bytes_per_pixel() / color.channel_count() > 1 {
        warnings.push(Problem::warning(
            format!("image `{name}` has 16 or 32 bits per colour; it is published with 8"),
            "export it as an 8-bit JPEG or PNG to see what will be published",
        ));
    }
    // A broken EXIF block only loses the rotation, not the photo.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut pixels = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => too_large(&name, e),
        e => broken(e),
    })?;
    pixels.apply_orientation(orientation);
    let alpha = color.has_alpha() && has_transparency(&pixels);
    let pixels = if alpha {
        DynamicImage::ImageRgba8(pixels.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(pixels.into_rgb8())
    };
    Ok(Decoded {
        pixels,
        alpha,
        png: format == ImageFormat::Png,
        warnings,
    })
}

fn too_large(name: &str, e: image::ImageError) -> Problem {
    match e {
        image::ImageError::Limits(_) => Problem::error(
            format!(
                "image `{name}` is too large to publish (over {MAX_SIDE} pixels a side or {} megapixels)",
                MAX_PIXELS / 1_000_000
            ),
            "save the photo at a smaller size (a phone's normal photo size is fine)",
        ),
        e => Problem::error(
            format!("image `{name}` is damaged or cut short ({e})"),
            EXPORT_HELP,
        ),
    }
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

/// Whether a JPEG's frame header (SOF) has four components.
fn jpeg_is_cmyk(b: &[u8]) -> bool {
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return false;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        // SOF0..SOF15 but DHT (C4), JPG (C8) and DAC (CC).
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            return b.get(i + 9) == Some(&4);
        }
        if marker == 0xDA || len < 2 {
            return false;
        }
        i += 2 + len;
    }
    false
}

/// Whether a JPEG has its end marker (EOI) after its first scan: the
/// segments before it are skipped by their lengths, so an embedded
/// thumbnail's EOI does not count; a scan cannot hold an EOI (its 0xFF
/// bytes are stuffed).
fn jpeg_is_whole(b: &[u8]) -> bool {
    let mut i = 2;
    while i + 4 <= b.len() {
        if b[i] != 0xFF {
            return false;
        }
        let marker = b[i + 1];
        if marker == 0xFF {
            i += 1;
            continue;
        }
        let len = usize::from(u16::from_be_bytes([b[i + 2], b[i + 3]]));
        if marker == 0xDA {
            return memchr::memmem::find(&b[i..], &[0xFF, 0xD9]).is_some();
        }
        if len < 2 {
            return false;
        }
        i += 2 + len;
    }
    false
}

fn is_animated(f: ImageFormat, bytes: &[u8]) -> bool {
    match f {
        ImageFormat::Gif => {
            use image::AnimationDecoder;
            image::codecs::gif::GifDecoder::new(Cursor::new(bytes))
                .map(|d| d.into_frames().take(2).count() > 1)
                .unwrap_or(false)
        }
        ImageFormat::Png => image::codecs::png::PngDecoder::new(Cursor::new(bytes))
            .and_then(|d| d.is_apng())
            .unwrap_or(false),
        ImageFormat::WebP => image::codecs::webp::WebPDecoder::new(Cursor::new(bytes))
            .map(|d| d.has_animation())
            .unwrap_or(false),
        _ => false,
    }
}

/// An alpha channel that is all opaque is dropped (a JPEG fallback is a
/// third of a PNG's size).
fn has_transparency(img: &DynamicImage) -> bool {
    match img {
        DynamicImage::ImageRgba8(b) => b.pixels().any(|p| p.0[3] != 255),
        DynamicImage::ImageLumaA8(b) => b.pixels().any(|p| p.0[1] != 255),
        other => other.to_rgba8().pixels().any(|p| p.0[3] != 255),
    }
}
