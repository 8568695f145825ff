//! What the domain crate's integration tests share: a fresh Kalimantan Selatan event (the
//! seed article's PLM, 5 July 2022 in WITA), people in it, a drawn signature, and
//! headquarters' keys. Each test file takes what it needs (`mod support;`).
#![allow(dead_code)]

use plm_core::events::EventInput;
use plm_core::participants::{self, ParticipantInput};
use plm_core::{sync, Store};

/// The event as typed: Kalimantan Selatan (63), from 2022-07-05, `days` days long.
pub fn kalsel(days: i64) -> EventInput {
    EventInput {
        title: "PLM Kalsel".into(),
        province: "63".into(),
        start_date: "2022-07-05".into(),
        days,
        ..Default::default()
    }
}

/// A new in-memory database holding that event; its id.
pub fn kalsel_store(days: i64) -> (Store, String) {
    let mut s = Store::open_in_memory().unwrap();
    let e = plm_core::desk::create_event(&mut s, &kalsel(days)).unwrap();
    (s, e.id)
}

/// People added one by one (`manual`), each from their own village library.
pub fn add_people(s: &mut Store, event: &str, people: impl IntoIterator<Item = ParticipantInput>) {
    for p in people {
        participants::add(s, event, &p, "manual").unwrap();
    }
}

/// "Peserta 0", "Peserta 1", … of "Desa 0", "Desa 1", …
pub fn numbered(n: usize) -> impl Iterator<Item = ParticipantInput> {
    (0..n).map(|i| ParticipantInput {
        name: format!("Peserta {i}"),
        institution: format!("Desa {i}"),
        ..Default::default()
    })
}

/// A signature as the pad draws it: a dark line on white, 120 x 40 greyscale PNG.
pub fn signature() -> Vec<u8> {
    let (w, h) = (120u32, 40u32);
    let mut px = vec![255u8; (w * h) as usize];
    for x in 5..115 {
        px[(20 * w + x) as usize] = 0;
    }
    let mut out = vec![];
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Grayscale);
        enc.write_header().unwrap().write_image_data(&px).unwrap();
    }
    out
}

/// Headquarters: a database holding its secret key, and the public key venues are given.
pub struct Hq {
    pub store: Store,
    pub public: String,
}

pub fn hq() -> Hq {
    let mut store = Store::open_in_memory().unwrap();
    let (secret, public) = sync::hq_keypair();
    plm_core::hq::keys::store_identity(&mut store, &secret).unwrap();
    Hq { store, public }
}
