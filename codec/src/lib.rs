//! The pixel work of kheo's photos: decoding a source under limits into
//! upright 8-bit pixels, resizing them, and encoding AVIF, JPEG and PNG.
//!
//! This crate owns every call into the image crates that instantiates
//! their generic code, behind functions that are not generic, so that the
//! codecs are compiled here, optimized even in a debug build (compiled
//! into kheo, they ran unoptimized in its tests and its Windows check).
//! It knows nothing of sites, entries or
//! messages: kheo (`src/images/`) checks the files, reports problems and
//! caches the results. Only pixels cross this crate's boundary, so no
//! metadata of a source can reach an encoded file.

use std::io::Cursor;

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

pub use image;

/// What a decoder may read and allocate.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    /// Largest width or height.
    pub max_side: u32,
    /// Largest width × height, checked from the header.
    pub max_pixels: u64,
    /// Largest allocation the decoder may make.
    pub max_alloc: u64,
}

/// Why a source could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Over [`Bounds`] (found from the header, before any pixel buffer).
    TooLarge,
    /// A header of 0 × N or N × 0 pixels.
    NoPixels { width: u32, height: u32 },
    /// The decoder's own words.
    Damaged(String),
}

/// A source's pixels: upright, 8 bits per channel, RGB, or RGBA when
/// some pixel is not opaque.
pub struct Upright {
    pub pixels: DynamicImage,
    pub alpha: bool,
    /// The source had more than 8 bits per channel.
    pub deep: bool,
}

/// Decodes `bytes` as `format` within `bounds`, the EXIF orientation
/// applied to the pixels.
pub fn decode(bytes: &[u8], format: ImageFormat, bounds: Bounds) -> Result<Upright, Failure> {
    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(bounds.max_side);
    limits.max_image_height = Some(bounds.max_side);
    limits.max_alloc = Some(bounds.max_alloc);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(failure)?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > bounds.max_pixels {
        return Err(Failure::TooLarge);
    }
    if width == 0 || height == 0 {
        return Err(Failure::NoPixels { width, height });
    }
    let color = decoder.color_type();
    // A broken EXIF block only loses the rotation, not the photo.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut pixels = DynamicImage::from_decoder(decoder).map_err(failure)?;
    pixels.apply_orientation(orientation);
    let alpha = color.has_alpha() && has_transparency(&pixels);
    let pixels = if alpha {
        DynamicImage::ImageRgba8(pixels.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(pixels.into_rgb8())
    };
    Ok(Upright {
        pixels,
        alpha,
        deep: color.bytes_per_pixel() / color.channel_count() > 1,
    })
}

fn failure(e: image::ImageError) -> Failure {
    match e {
        image::ImageError::Limits(_) => Failure::TooLarge,
        e => Failure::Damaged(e.to_string()),
    }
}

/// Whether a GIF, PNG or WebP has a second frame. Call it after
/// [`decode`] accepted the image: frames are decoded to find one.
pub fn is_animated(format: ImageFormat, bytes: &[u8]) -> bool {
    match format {
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

/// `pixels` (`w` × `h`, RGBA when `alpha`, else RGB) resized to
/// `width` × `height` with Lanczos 3; the same bytes when the size is.
pub fn resize(
    pixels: &[u8],
    (w, h): (u32, u32),
    alpha: bool,
    (width, height): (u32, u32),
) -> Result<Vec<u8>, String> {
    let pixel = if alpha {
        PixelType::U8x4
    } else {
        PixelType::U8x3
    };
    if (width, height) == (w, h) {
        return Ok(pixels.to_vec());
    }
    let src = ImageRef::new(w, h, pixels, pixel).map_err(|e| e.to_string())?;
    let mut dst = Image::new(width, height, pixel);
    Resizer::new()
        .resize(
            &src,
            &mut dst,
            &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3)),
        )
        .map_err(|e| e.to_string())?;
    Ok(dst.into_vec())
}

/// An AVIF file of `pixels` (`width` × `height`, RGBA when `alpha`), at
/// ravif's `quality` (0–100) and rav1e's `speed` (1–10), on one thread.
pub fn avif(
    pixels: &[u8],
    (width, height): (u32, u32),
    alpha: bool,
    quality: f32,
    speed: u8,
) -> Result<Vec<u8>, String> {
    let enc = ravif::Encoder::new()
        .with_quality(quality)
        .with_alpha_quality(quality)
        .with_speed(speed)
        // kheo encodes several images at once already.
        .with_num_threads(Some(1));
    let (ws, hs) = (width as usize, height as usize);
    let encoded = if alpha {
        let px: Vec<ravif::RGBA8> = pixels
            .chunks_exact(4)
            .map(|c| ravif::RGBA8::new(c[0], c[1], c[2], c[3]))
            .collect();
        enc.encode_rgba(ravif::Img::new(&px[..], ws, hs))
    } else {
        let px: Vec<ravif::RGB8> = pixels
            .chunks_exact(3)
            .map(|c| ravif::RGB8::new(c[0], c[1], c[2]))
            .collect();
        enc.encode_rgb(ravif::Img::new(&px[..], ws, hs))
    };
    encoded.map(|e| e.avif_file).map_err(|e| e.to_string())
}

/// A progressive JPEG of RGB `pixels` at `quality` (1–100).
pub fn jpeg(pixels: &[u8], (width, height): (u32, u32), quality: u8) -> Result<Vec<u8>, String> {
    let w = u16::try_from(width).map_err(|e| e.to_string())?;
    let h = u16::try_from(height).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    let mut e = jpeg_encoder::Encoder::new(&mut out, quality);
    e.set_progressive(true);
    e.set_optimized_huffman_tables(true);
    e.encode(pixels, w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

/// A PNG of `pixels` (RGBA when `alpha`, else RGB).
pub fn png(pixels: &[u8], (width, height): (u32, u32), alpha: bool) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Default,
        image::codecs::png::FilterType::Adaptive,
    )
    .write_image(
        pixels,
        width,
        height,
        if alpha {
            image::ExtendedColorType::Rgba8
        } else {
            image::ExtendedColorType::Rgb8
        },
    )
    .map_err(|e| e.to_string())?;
    Ok(out)
}
