//! Photos of the event (dokumentasi) for the activity report: per session or for the
//! whole event, with a caption. Kept in the database already shrunk (at most 1600 px on
//! the long side), turned upright by their EXIF orientation, and re-encoded as a JPEG
//! that carries no EXIF at all (no location, no camera). A photo that shows participants
//! goes into the report only when the user keeps it there.

use crate::db::Store;
use crate::error::{Error, Result};
use crate::{events, ids};
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use rusqlite::{params, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::Cursor;

/// The long side of a kept photo, in pixels.
pub const LONG_SIDE: u32 = 1600;
/// A file larger than this is refused before decoding (a phone's photo is 2-12 MB).
pub const MAX_FILE_BYTES: usize = 40 * 1024 * 1024;
/// Neither side of the decoded image may exceed this (an image "bomb" says 60000 x 60000
/// in a few hundred bytes).
pub const MAX_SIDE: u32 = 12_000;
const JPEG_QUALITY: u8 = 85;

mod error;

pub use error::PhotoError;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Photo {
    pub id: String,
    pub event_id: String,
    pub session_id: Option<String>,
    pub caption: String,
    pub shows_people: bool,
    /// Whether the report shows it (a photo with people only when the user keeps it).
    pub in_report: bool,
    pub width: u32,
    pub height: u32,
    pub bytes: usize,
    pub created_at: String,
}

/// What kind of file this is, by its first bytes, for a message that says so.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        let brand = &bytes[8..12];
        if [
            b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1",
        ]
        .iter()
        .any(|b| brand == *b)
        {
            return Some("heic");
        }
        if brand == b"avif" {
            return Some("avif");
        }
    }
    None
}

/// The refusal of a file over [`MAX_FILE_BYTES`] (also for one the window did not send).
pub fn too_large(name: &str, len: usize) -> Error {
    PhotoError::TooLarge {
        name: name.to_string(),
        mb: len / (1024 * 1024),
    }
    .into()
}

/// Decode, turn upright, shrink and re-encode. Returns (jpeg, width, height).
pub fn shrink(bytes: &[u8], name: &str) -> Result<(Vec<u8>, u32, u32)> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(name, bytes.len()));
    }
    match sniff(bytes) {
        Some("heic") => return Err(PhotoError::Heic(name.to_string()).into()),
        Some(_) => return Err(PhotoError::Avif(name.to_string()).into()),
        None => {}
    }
    let format = image::guess_format(bytes)
        .ok()
        .filter(|f| matches!(f, ImageFormat::Jpeg | ImageFormat::Png));
    let Some(format) = format else {
        return Err(PhotoError::NotAPhoto(name.to_string()).into());
    };
    let damaged = |e: image::ImageError| -> Error {
        match &e {
            image::ImageError::Limits(_) => PhotoError::TooLargeToOpen(name.to_string()),
            _ => PhotoError::Damaged {
                name: name.to_string(),
                detail: Some(e.to_string()),
            },
        }
        .into()
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(damaged)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    // a panic inside a decoder is a damaged file, never a closed window
    let decoded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        DynamicImage::from_decoder(decoder)
    }))
    .map_err(|_| PhotoError::Damaged {
        name: name.to_string(),
        detail: None,
    })?;
    let mut img = decoded.map_err(damaged)?;
    img.apply_orientation(orientation);
    let (w, h) = (img.width(), img.height());
    if w.max(h) > LONG_SIDE {
        img = img.resize(LONG_SIDE, LONG_SIDE, image::imageops::FilterType::Triangle);
    }
    let rgb = img.to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode_image(&rgb)
        .map_err(damaged)?;
    Ok((out, rgb.width(), rgb.height()))
}

fn caption_of(v: &str) -> Result<String> {
    let t = v.trim();
    if t.chars().count() > 300 {
        return Err(PhotoError::CaptionTooLong.into());
    }
    Ok(t.to_string())
}

const COLS: &str = "id, event_id, session_id, caption, shows_people, in_report, width, height, length(jpeg) AS bytes, created_at";

fn from_row(r: &rusqlite::Row) -> rusqlite::Result<Photo> {
    Ok(Photo {
        id: r.get("id")?,
        event_id: r.get("event_id")?,
        session_id: r.get("session_id")?,
        caption: r.get("caption")?,
        shows_people: r.get::<_, i64>("shows_people")? == 1,
        in_report: r.get::<_, i64>("in_report")? == 1,
        width: r.get("width")?,
        height: r.get("height")?,
        bytes: r.get::<_, i64>("bytes")? as usize,
        created_at: r.get("created_at")?,
    })
}

/// Add a photo. `name` is the file's name, for messages only.
pub fn add(
    store: &mut Store,
    event_id: &str,
    session_id: Option<&str>,
    bytes: &[u8],
    name: &str,
    caption: &str,
    shows_people: bool,
) -> Result<Photo> {
    events::get(store, event_id)?;
    if let Some(sid) = session_id {
        let s = events::get_session(store, sid)?;
        if s.event_id != event_id {
            return Err(Error::not_found("session", sid));
        }
    }
    let caption = caption_of(caption)?;
    let (jpeg, w, h) = shrink(bytes, name)?;
    let sha = hex::encode(Sha256::digest(&jpeg));
    let id = ids::new_id();
    store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "INSERT INTO photos (id, event_id, session_id, caption, shows_people, in_report, jpeg, width, height, sha256, created_at, updated_at, hlc, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13)",
            params![id, event_id, session_id, caption, shows_people, !shows_people, jpeg, w, h, sha, s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })?;
    log::info!(
        "photo {id} added to event {event_id} ({w}x{h}, {} bytes)",
        jpeg.len()
    );
    get(store, &id)
}

pub fn get(store: &Store, id: &str) -> Result<Photo> {
    store
        .conn()
        .query_row(
            &format!("SELECT {COLS} FROM photos WHERE id=?1 AND deleted_at IS NULL"),
            [id],
            from_row,
        )
        .optional()?
        .ok_or_else(|| Error::not_found("photo", id))
}

/// The event's photos, oldest first.
pub fn list(store: &Store, event_id: &str) -> Result<Vec<Photo>> {
    let mut st = store.conn().prepare(&format!(
        "SELECT {COLS} FROM photos WHERE event_id=?1 AND deleted_at IS NULL ORDER BY created_at, id"
    ))?;
    let v = st
        .query_map([event_id], from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// The kept JPEG.
pub fn jpeg(store: &Store, id: &str) -> Result<Vec<u8>> {
    store
        .conn()
        .query_row(
            "SELECT jpeg FROM photos WHERE id=?1 AND deleted_at IS NULL",
            [id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::not_found("photo", id))
}

/// Change the caption and whether the report shows the photo.
pub fn update(
    store: &mut Store,
    id: &str,
    caption: &str,
    shows_people: bool,
    in_report: bool,
) -> Result<Photo> {
    get(store, id)?;
    let caption = caption_of(caption)?;
    store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "UPDATE photos SET caption=?2, shows_people=?3, in_report=?4, updated_at=?5, hlc=?6, origin=?7 WHERE id=?1",
            params![id, caption, shows_people, in_report, s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })?;
    get(store, id)
}

/// Remove a photo (its bytes are dropped, not kept in a tombstone).
pub fn remove(store: &mut Store, id: &str) -> Result<()> {
    get(store, id)?;
    store.write(|tx| {
        let s = tx.stamp();
        tx.execute(
            "UPDATE photos SET jpeg=x'', deleted_at=?2, updated_at=?2, hlc=?3, origin=?4 WHERE id=?1",
            params![id, s.now, s.hlc, s.origin],
        )?;
        Ok(())
    })
}

/// How many photos the event has and their bytes together: what "include photos" adds
/// to the data file (before compression and encryption, which change little for JPEG).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Totals {
    pub photos: usize,
    pub bytes: usize,
}

pub fn totals(store: &Store, event_id: &str) -> Result<Totals> {
    let (n, b): (i64, i64) = store.conn().query_row(
        "SELECT count(*), coalesce(sum(length(jpeg)), 0) FROM photos WHERE event_id=?1 AND deleted_at IS NULL",
        [event_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(Totals {
        photos: n as usize,
        // base64 in the file: four characters for three bytes
        bytes: b as usize / 3 * 4,
    })
}

/// The photos the report shows, with their JPEG bytes.
pub fn for_report(store: &Store, event_id: &str) -> Result<Vec<(Photo, Vec<u8>)>> {
    let mut out = Vec::new();
    for p in list(store, event_id)?.into_iter().filter(|p| p.in_report) {
        let b = jpeg(store, &p.id)?;
        out.push((p, b));
    }
    Ok(out)
}
