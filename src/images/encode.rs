//! Making the published files of one decoded image: each width resized
//! from the upright pixels (Lanczos 3), then encoded as AVIF and as the
//! fallback (JPEG, or PNG when the image has transparency), through
//! [`kheo_codec`]. The encoders are given pixels only, so no metadata can
//! reach the output.

use image::DynamicImage;

/// AVIF quality (ravif's 0–100 scale): about what JPEG 75 looks like, at
/// a fifth of the size.
pub const AVIF_QUALITY: f32 = 55.0;
/// rav1e's second fastest preset: a fifth smaller files than the
/// fastest (10) for a few per cent more time; slower presets cost much
/// more (docs/performance.md).
pub const AVIF_SPEED: u8 = 9;
pub const JPEG_QUALITY: u8 = 75;

/// The fallback format: JPEG unless the image has transparency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fallback {
    Jpeg,
    Png,
}

impl Fallback {
    pub fn ext(self) -> &'static str {
        match self {
            Fallback::Jpeg => "jpg",
            Fallback::Png => "png",
        }
    }
    pub fn mime(self) -> &'static str {
        match self {
            Fallback::Jpeg => "image/jpeg",
            Fallback::Png => "image/png",
        }
    }
}

/// One width's two files.
pub struct Encoded {
    pub width: u32,
    pub height: u32,
    pub avif: Vec<u8>,
    pub fallback: Vec<u8>,
}

/// The height of `width` for an image of `w` × `h`, at least 1.
pub fn height_for(w: u32, h: u32, width: u32) -> u32 {
    ((u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w).max(1)).max(1) as u32
}

/// Resizes `img` (RGBA when `alpha`, else RGB) to `width` (never larger
/// than it is) and encodes it.
pub fn encode(
    img: &DynamicImage,
    alpha: bool,
    fallback_as: Fallback,
    width: u32,
) -> Result<Encoded, String> {
    let (w, h) = (img.width(), img.height());
    let width = width.min(w);
    let height = height_for(w, h, width);
    let size = (width, height);
    let buf = kheo_codec::resize(img.as_bytes(), (w, h), alpha, size)?;
    let avif = kheo_codec::avif(&buf, size, alpha, AVIF_QUALITY, AVIF_SPEED)?;
    let fallback = match fallback_as {
        Fallback::Png => kheo_codec::png(&buf, size, alpha)?,
        Fallback::Jpeg => kheo_codec::jpeg(&buf, size, JPEG_QUALITY)?,
    };
    Ok(Encoded {
        width,
        height,
        avif,
        fallback,
    })
}
