//! The signature pad's image: what the desk accepts as a drawn signature (a real PNG of a
//! sane size). A leaf module: check-in and the event's signer both use it.

use crate::error::Localized;
use crate::i18n::Lang;

pub const MAX_SIGNATURE_BYTES: usize = 200 * 1024;
pub const MAX_SIGNATURE_W: u32 = 1600;
pub const MAX_SIGNATURE_H: u32 = 800;

/// A signature image refused, and why (in English, for the log and the message).
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("invalid signature image: {0}")]
pub struct SignatureError(pub &'static str);

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
