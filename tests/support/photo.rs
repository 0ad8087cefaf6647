//! Made-up phone photos, for the tests, the benchmark and the sample
//! site (no photo is downloaded): a street scene of sky, houses, trees
//! and people with sensor-like noise, so it compresses like a real photo,
//! saved as a phone saves it — a JPEG with an EXIF block holding the
//! orientation, the GPS position and the camera's serial number, a maker
//! note and an XMP packet.

use image::{Rgb, RgbImage};

/// A deterministic pseudo-random generator (xorshift).
struct Rand(u64);
impl Rand {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 32) as u32
    }
    fn below(&mut self, n: u32) -> u32 {
        self.next() % n.max(1)
    }
}

/// A `w` × `h` street scene; `seed` changes the houses, colours and people.
pub fn scene(w: u32, h: u32, seed: u64) -> RgbImage {
    let mut r = Rand(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let horizon = h * (40 + r.below(20)) / 100;
    let sky = [
        90 + r.below(60) as i32,
        140 + r.below(60) as i32,
        200 + r.below(50) as i32,
    ];
    let ground = [
        110 + r.below(60) as i32,
        100 + r.below(40) as i32,
        80 + r.below(40) as i32,
    ];
    let mut img = RgbImage::from_fn(w, h, |x, y| {
        let c = if y < horizon {
            let t = y as i32 * 60 / horizon.max(1) as i32;
            [sky[0] + t, sky[1] + t / 2, sky[2] - t / 3]
        } else {
            // Paving: a pattern of tiles that gets finer towards the horizon.
            let d = (y - horizon + 8) as i32;
            let tile = ((x as i32 * 40 / d) + (y as i32 * 40 / d)) % 2 * 14;
            [ground[0] + tile, ground[1] + tile, ground[2] + tile]
        };
        Rgb(c.map(|v| v.clamp(0, 255) as u8))
    });
    // Houses along the horizon, with windows.
    let mut x0 = 0;
    while x0 < w {
        let hw = w / 10 + r.below(w / 6);
        let hh = horizon / 3 + r.below(horizon / 2);
        let col = [150 + r.below(100), 120 + r.below(100), 90 + r.below(100)];
        fill(&mut img, x0, horizon.saturating_sub(hh), hw, hh, col);
        let win = (hw / 8).max(4);
        let mut wy = horizon.saturating_sub(hh) + win;
        while wy + 2 * win < horizon {
            let mut wx = x0 + win;
            while wx + 2 * win < x0 + hw {
                fill(
                    &mut img,
                    wx,
                    wy,
                    win,
                    win + win / 2,
                    [40, 50, 60 + r.below(60)],
                );
                wx += 2 * win;
            }
            wy += 3 * win;
        }
        x0 += hw + r.below(w / 40 + 1);
    }
    // Trees and people: discs and bars in front.
    for _ in 0..30 {
        let cx = r.below(w);
        let cy = horizon + r.below(h - horizon);
        let rad = h / 60 + r.below(h / 14);
        let col = [30 + r.below(90), 80 + r.below(120), 30 + r.below(90)];
        disc(&mut img, cx, cy.saturating_sub(rad * 2), rad, col);
        fill(
            &mut img,
            cx.saturating_sub(rad / 5),
            cy.saturating_sub(rad),
            rad / 3 + 1,
            rad * 2,
            [90, 60, 40],
        );
    }
    // Sensor noise and a little blur-free grain, as a phone leaves it.
    for p in img.pixels_mut() {
        let n = (r.below(25) as i32) - 12;
        for c in p.0.iter_mut() {
            *c = (*c as i32 + n).clamp(0, 255) as u8;
        }
    }
    img
}

fn fill(img: &mut RgbImage, x: u32, y: u32, w: u32, h: u32, c: [u32; 3]) {
    for yy in y..(y + h).min(img.height()) {
        for xx in x..(x + w).min(img.width()) {
            img.put_pixel(xx, yy, Rgb(c.map(|v| v.min(255) as u8)));
        }
    }
}

fn disc(img: &mut RgbImage, cx: u32, cy: u32, r: u32, c: [u32; 3]) {
    let (cx, cy, r) = (cx as i64, cy as i64, r as i64);
    for y in (cy - r).max(0)..(cy + r).min(img.height() as i64) {
        for x in (cx - r).max(0)..(cx + r).min(img.width() as i64) {
            if (x - cx).pow(2) + (y - cy).pow(2) <= r * r {
                let shade = ((x - cx + y - cy) / 6) as i32;
                img.put_pixel(
                    x as u32,
                    y as u32,
                    Rgb(c.map(|v| (v as i32 + shade).clamp(0, 255) as u8)),
                );
            }
        }
    }
}

/// What a phone writes about a photo.
pub struct Exif<'a> {
    /// EXIF orientation, 1 to 8.
    pub orientation: u16,
    /// Degrees, minutes, seconds, and the reference (N/S).
    pub lat: ([u32; 3], u8),
    pub lon: ([u32; 3], u8),
    pub serial: &'a str,
    pub owner: &'a str,
}

/// The serial number and owner the tests' phone photos carry, to be
/// searched for in what kheo writes.
pub const SERIAL: &str = "SN-F2LXK9QZ7734";
pub const OWNER: &str = "Nguyen Van Rieng";

/// `img` as a phone's JPEG with a GPS position (Hà Nội), [`SERIAL`] and
/// [`OWNER`] in its EXIF, XMP and IPTC; `orientation` 6 turns it upright.
pub fn with_phone_metadata(img: &RgbImage, orientation: u16) -> Vec<u8> {
    phone_jpeg(
        img,
        &Exif {
            orientation,
            lat: ([21, 1, 45], b'N'),
            lon: ([105, 51, 17], b'E'),
            serial: SERIAL,
            owner: OWNER,
        },
    )
}

/// Grain, as a phone's photo has in dim light: the JPEG of a 4032 × 3024
/// scene then passes 8 MB, as such photos do.
pub fn grain(img: &mut RgbImage) {
    let mut r: u32 = 0x9E37_79B9;
    for p in img.pixels_mut() {
        for c in p.0.iter_mut() {
            r ^= r << 13;
            r ^= r >> 17;
            r ^= r << 5;
            *c = (i32::from(*c) + (r % 27) as i32 - 13).clamp(0, 255) as u8;
        }
    }
}

/// `img` as a phone's JPEG (quality 92) with `exif`, a maker note and an
/// XMP packet that repeats the serial.
pub fn phone_jpeg(img: &RgbImage, exif: &Exif) -> Vec<u8> {
    let mut plain = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut plain, 92)
        .encode_image(img)
        .expect("encoding a made-up photo");
    let mut out = vec![0xFF, 0xD8];
    let tiff = tiff(exif);
    segment(&mut out, 0xE1, &[b"Exif\0\0".as_slice(), &tiff].concat());
    let xmp = format!(
        "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF><rdf:Description aux:SerialNumber=\"{}\" dc:creator=\"{}\"/></rdf:RDF></x:xmpmeta>",
        exif.serial, exif.owner
    );
    segment(&mut out, 0xE1, xmp.as_bytes());
    // IPTC (Photoshop APP13) with the owner's name as by-line.
    let mut iptc = b"Photoshop 3.0\08BIM\x04\x04\0\0".to_vec();
    let rec = [
        &[0x1C, 0x02, 0x50, 0x00, exif.owner.len() as u8][..],
        exif.owner.as_bytes(),
    ]
    .concat();
    iptc.extend_from_slice(&(rec.len() as u32).to_be_bytes());
    iptc.extend_from_slice(&rec);
    segment(&mut out, 0xED, &iptc);
    out.extend_from_slice(&plain[2..]);
    out
}

fn segment(out: &mut Vec<u8>, marker: u8, data: &[u8]) {
    out.extend_from_slice(&[0xFF, marker]);
    out.extend_from_slice(&((data.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(data);
}

/// A little-endian TIFF block: IFD0 (orientation, make, model, pointers),
/// the EXIF IFD (serial, owner, maker note) and the GPS IFD.
fn tiff(e: &Exif) -> Vec<u8> {
    // (tag, type, count, value bytes)
    type Field = (u16, u16, u32, Vec<u8>);
    fn ascii(tag: u16, s: &str) -> Field {
        let mut v = s.as_bytes().to_vec();
        v.push(0);
        (tag, 2, v.len() as u32, v)
    }
    fn rationals(tag: u16, dms: [u32; 3]) -> Field {
        let mut v = Vec::new();
        for n in dms {
            v.extend_from_slice(&n.to_le_bytes());
            v.extend_from_slice(&1u32.to_le_bytes());
        }
        (tag, 5, 3, v)
    }
    let maker = [
        b"Apple iOS\0\0\x01MM".as_slice(),
        e.serial.as_bytes(),
        b"\0maker-note-private",
    ]
    .concat();
    let ifds: [Vec<Field>; 3] = [
        vec![
            ascii(0x010F, "PhoneMaker"),
            ascii(0x0110, "Phone 12"),
            (0x0112, 3, 1, e.orientation.to_le_bytes().to_vec()),
            (0x8769, 4, 1, vec![0; 4]),
            (0x8825, 4, 1, vec![0; 4]),
        ],
        vec![
            ascii(0x9003, "2025:06:14 08:31:02"),
            (0x927C, 7, maker.len() as u32, maker.clone()),
            ascii(0xA430, e.owner),
            ascii(0xA431, e.serial),
        ],
        vec![
            ascii(0x0001, std::str::from_utf8(&[e.lat.1]).unwrap_or("N")),
            rationals(0x0002, e.lat.0),
            ascii(0x0003, std::str::from_utf8(&[e.lon.1]).unwrap_or("E")),
            rationals(0x0004, e.lon.0),
        ],
    ];
    // Lay out: header, then each IFD followed by its out-of-line values.
    let mut offsets = [0u32; 3];
    let mut at = 8u32;
    for (i, ifd) in ifds.iter().enumerate() {
        offsets[i] = at;
        at += 2 + 12 * ifd.len() as u32 + 4;
        for f in ifd {
            if f.3.len() > 4 {
                at += f.3.len() as u32 + (f.3.len() as u32 & 1);
            }
        }
    }
    let mut out = b"II*\0".to_vec();
    out.extend_from_slice(&8u32.to_le_bytes());
    for (i, ifd) in ifds.iter().enumerate() {
        let mut data_at = offsets[i] + 2 + 12 * ifd.len() as u32 + 4;
        let mut data = Vec::new();
        out.extend_from_slice(&(ifd.len() as u16).to_le_bytes());
        for (tag, ty, count, val) in ifd {
            out.extend_from_slice(&tag.to_le_bytes());
            out.extend_from_slice(&ty.to_le_bytes());
            out.extend_from_slice(&count.to_le_bytes());
            let val = match tag {
                0x8769 => offsets[1].to_le_bytes().to_vec(),
                0x8825 => offsets[2].to_le_bytes().to_vec(),
                _ => val.clone(),
            };
            if val.len() <= 4 {
                let mut v = val.clone();
                v.resize(4, 0);
                out.extend_from_slice(&v);
            } else {
                out.extend_from_slice(&data_at.to_le_bytes());
                data.extend_from_slice(&val);
                if val.len() & 1 == 1 {
                    data.push(0);
                }
                data_at += val.len() as u32 + (val.len() as u32 & 1);
            }
        }
        out.extend_from_slice(&0u32.to_le_bytes());
        out.extend_from_slice(&data);
    }
    out
}
