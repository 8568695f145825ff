//! The signature pad's image: what the desk accepts as a drawn signature (a real PNG of a
//! sane size), and how it is made ready for paper (greyscale on white, fitted to a box).
//! A leaf module: check-in, the event's signer and the printed papers use it.

use crate::error::Localized;
use crate::i18n::Lang;

pub const MAX_SIGNATURE_BYTES: usize = 200 * 1024;
pub const MAX_SIGNATURE_W: u32 = 1600;
pub const MAX_SIGNATURE_H: u32 = 800;

/// A signature image refused, and why (in English, for the log and the message).
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("invalid signature image: {0}")]
pub struct SignatureError(pub &'static str);

crate::domain_error!(SignatureError);

impl Localized for SignatureError {
    fn code(&self) -> &'static str {
        "checkin.bad_signature"
    }
    fn message(&self, lang: Lang) -> String {
        let why = self.0;
        lang.pick(
            format!("Gambar tanda tangan ditolak ({why}). Bersihkan lalu tanda tangani lagi."),
            format!("The signature image was refused ({why}). Clear it and sign again."),
        )
    }
}

/// Check a PNG from the signature pad: real PNG header, sane size and dimensions.
pub fn check_png(png: &[u8]) -> Result<(u32, u32), SignatureError> {
    if png.len() > MAX_SIGNATURE_BYTES {
        return Err(SignatureError("larger than 200 KB"));
    }
    if !png.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Err(SignatureError("not a PNG image"));
    }
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let reader = decoder
        .read_info()
        .map_err(|_| SignatureError("damaged PNG"))?;
    let info = reader.info();
    let (w, h) = (info.width, info.height);
    if w == 0 || h == 0 || w > MAX_SIGNATURE_W || h > MAX_SIGNATURE_H {
        return Err(SignatureError("unexpected dimensions"));
    }
    Ok((w, h))
}

/// Greyscale pixels on white, one byte each, row by row.
pub struct Grey {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

/// Decode a signature PNG, composite it on white, fit it inside `max_w` x `max_h` pixels
/// (a box-filter downscale that favours the dark strokes, so thin lines stay visible) and
/// return it as greyscale. `None` for an image that does not decode.
pub fn to_grey(png_bytes: &[u8], max_w: usize, max_h: usize) -> Option<Grey> {
    let mut dec = png::Decoder::new(std::io::Cursor::new(png_bytes));
    dec.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = dec.read_info().ok()?;
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).ok()?;
    let (w, h) = (info.width as usize, info.height as usize);
    if w == 0 || h == 0 {
        return None;
    }
    let ch = info.color_type.samples();
    let grey_at = |i: usize| -> f32 {
        let p = &buf[i * ch..i * ch + ch];
        let (v, a) = match ch {
            1 => (p[0] as f32, 255.0),
            2 => (p[0] as f32, p[1] as f32),
            3 => (
                (p[0] as f32 * 0.3 + p[1] as f32 * 0.59 + p[2] as f32 * 0.11),
                255.0,
            ),
            _ => (
                (p[0] as f32 * 0.3 + p[1] as f32 * 0.59 + p[2] as f32 * 0.11),
                p[3] as f32,
            ),
        };
        // on white paper
        let a = a / 255.0;
        v * a + 255.0 * (1.0 - a)
    };
    let scale = (max_w as f32 / w as f32)
        .min(max_h as f32 / h as f32)
        .min(1.0);
    let (nw, nh) = (
        ((w as f32 * scale).round() as usize).max(1),
        ((h as f32 * scale).round() as usize).max(1),
    );
    let mut out = vec![255u8; nw * nh];
    for oy in 0..nh {
        let y0 = oy * h / nh;
        let y1 = ((oy + 1) * h / nh).max(y0 + 1);
        for ox in 0..nw {
            let x0 = ox * w / nw;
            let x1 = ((ox + 1) * w / nw).max(x0 + 1);
            // darkest-biased average keeps thin strokes visible when shrinking
            let (mut sum, mut n, mut min) = (0.0, 0.0, 255.0f32);
            for y in y0..y1 {
                for x in x0..x1 {
                    let g = grey_at(y * w + x);
                    sum += g;
                    n += 1.0;
                    min = min.min(g);
                }
            }
            let avg = sum / n;
            out[oy * nw + ox] = (avg * 0.4 + min * 0.6).round().clamp(0.0, 255.0) as u8;
        }
    }
    Some(Grey {
        width: nw,
        height: nh,
        pixels: out,
    })
}

/// The attendance sheet's signature box, in pixels: what a print copy is fitted to.
pub const PRINT_BOX: (usize, usize) = (220, 90);

/// A signature ready for the attendance sheet: [`to_grey`] fitted to [`PRINT_BOX`], its
/// pixels deflated (zlib), which is how a PDF image stream with `FlateDecode` holds them.
#[derive(Debug, Clone, PartialEq)]
pub struct Print {
    pub width: usize,
    pub height: usize,
    pub deflated: Vec<u8>,
}

/// The print copy of a signature PNG (`None` for an image that does not decode).
pub fn print_copy(png_bytes: &[u8]) -> Option<Print> {
    use std::io::Write;
    let grey = to_grey(png_bytes, PRINT_BOX.0, PRINT_BOX.1)?;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&grey.pixels).ok()?;
    Some(Print {
        width: grey.width,
        height: grey.height,
        deflated: z.finish().ok()?,
    })
}
