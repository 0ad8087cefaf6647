//! Making the published files of one decoded image: each width resized
//! from the upright pixels (Lanczos 3), then encoded as AVIF and as the
//! fallback (JPEG, or PNG when the image has transparency). The encoders
//! are given pixels only, so no metadata can reach the output.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
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
    let (pixel, channels) = if alpha {
        (PixelType::U8x4, 4)
    } else {
        (PixelType::U8x3, 3)
    };
    let src = ImageRef::new(w, h, img.as_bytes(), pixel).map_err(|e| e.to_string())?;
    let mut dst = Image::new(width, height, pixel);
    if (width, height) == (w, h) {
        dst.buffer_mut().copy_from_slice(src.buffer());
    } else {
        Resizer::new()
            .resize(
                &src,
                &mut dst,
                &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3)),
            )
            .map_err(|e| e.to_string())?;
    }
    let buf = dst.buffer();
    let enc = ravif::Encoder::new()
        .with_quality(AVIF_QUALITY)
        .with_alpha_quality(AVIF_QUALITY)
        .with_speed(AVIF_SPEED)
        // The images are encoded in parallel already.
        .with_num_threads(Some(1));
    let (ws, hs) = (width as usize, height as usize);
    let avif = if channels == 4 {
        let px: Vec<ravif::RGBA8> = buf
            .chunks_exact(4)
            .map(|c| ravif::RGBA8::new(c[0], c[1], c[2], c[3]))
            .collect();
        enc.encode_rgba(ravif::Img::new(&px[..], ws, hs))
    } else {
        let px: Vec<ravif::RGB8> = buf
            .chunks_exact(3)
            .map(|c| ravif::RGB8::new(c[0], c[1], c[2]))
            .collect();
        enc.encode_rgb(ravif::Img::new(&px[..], ws, hs))
    }
    .map_err(|e| e.to_string())?
    .avif_file;
    let mut fallback = Vec::new();
    if fallback_as == Fallback::Png {
        use image::ImageEncoder;
        image::codecs::png::PngEncoder::new_with_quality(
            &mut fallback,
            image::codecs::png::CompressionType::Default,
            image::codecs::png::FilterType::Adaptive,
        )
        .write_image(
            buf,
            width,
            height,
            if alpha {
                image::ExtendedColorType::Rgba8
            } else {
                image::ExtendedColorType::Rgb8
            },
        )
        .map_err(|e| e.to_string())?;
    } else {
        let (w16, h16) = (
            u16::try_from(width).map_err(|e| e.to_string())?,
            u16::try_from(height).map_err(|e| e.to_string())?,
        );
        let mut e = jpeg_encoder::Encoder::new(&mut fallback, JPEG_QUALITY);
        e.set_progressive(true);
        e.set_optimized_huffman_tables(true);
        e.encode(buf, w16, h16, jpeg_encoder::ColorType::Rgb)
            .map_err(|e| e.to_string())?;
    }
    Ok(Encoded {
        width,
        height,
        avif,
        fallback,
    })
}
