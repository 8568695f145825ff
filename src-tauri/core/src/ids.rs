//! Identifiers and clocks: UUIDv7 record ids, UTC timestamps and the hybrid logical
//! clock that orders versions of a record across devices (used by sync).

use chrono::{DateTime, SecondsFormat, Utc};

/// A new record id: a UUIDv7 (time-ordered) as lower-case text.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// True if `s` is a UUID in canonical text form.
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36 && uuid::Uuid::parse_str(s).is_ok()
}

/// The current UTC time as RFC 3339 with milliseconds, e.g. `2022-07-05T00:30:00.000Z`.
pub fn now_utc() -> String {
    fmt_utc(Utc::now())
}

pub fn fmt_utc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Hybrid logical clock: physical milliseconds plus a counter, so that versions made on
/// one device are strictly increasing even if the wall clock steps back, and versions
/// from several devices compare sensibly. Rendered as fixed-width hex so text order is
/// clock order: `0183a1b2c3d4e-0000`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Hlc {
    pub millis: u64,
    pub counter: u32,
}

impl Hlc {
    pub fn parse(s: &str) -> Option<Hlc> {
        let (m, c) = s.split_once('-')?;
        Some(Hlc {
            millis: u64::from_str_radix(m, 16).ok()?,
            counter: u32::from_str_radix(c, 16).ok()?,
        })
    }

    /// The next value after `self` at wall time `now_ms`.
    pub fn tick(self, now_ms: u64) -> Hlc {
        if now_ms > self.millis {
            Hlc {
                millis: now_ms,
                counter: 0,
            }
        } else {
            Hlc {
                millis: self.millis,
                counter: self.counter + 1,
            }
        }
    }

    /// Advance past a clock value seen in data from another device.
    pub fn observe(self, other: Hlc) -> Hlc {
        self.max(other)
    }

    /// Advance past `other`, but not beyond `limit_ms`: a value from the future moves
    /// this clock only as far as the limit.
    pub fn observe_bounded(self, other: Hlc, limit_ms: u64) -> Hlc {
        let seen = if other.millis > limit_ms {
            Hlc {
                millis: limit_ms,
                counter: 0,
            }
        } else {
            other
        };
        self.max(seen)
    }
}

impl std::fmt::Display for Hlc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:013x}-{:04x}", self.millis, self.counter)
    }
}

/// How far a clock seen in received data may run ahead (of the file's `made_at`, or of
/// this computer's own clock) before it counts as wrong: ten minutes.
pub const CLOCK_TOLERANCE_MS: u64 = 10 * 60 * 1000;

pub fn wall_millis() -> u64 {
    Utc::now().timestamp_millis().max(0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_uuid_v7_and_ordered() {
        let a = new_id();
        std::thread::sleep(std::time::Duration::from_millis(2));
        let b = new_id();
        assert!(is_uuid(&a));
        assert_eq!(uuid::Uuid::parse_str(&a).unwrap().get_version_num(), 7);
        assert!(a < b);
        assert!(!is_uuid("not-a-uuid"));
    }

    #[test]
    fn hlc_is_monotonic_when_clock_steps_back() {
        let h = Hlc::default().tick(1000);
        let h2 = h.tick(900);
        assert!(h2 > h);
        let h3 = h2.tick(2000);
        assert!(h3 > h2);
        assert_eq!(Hlc::parse(&h3.to_string()), Some(h3));
        assert!(
            h2.to_string() < h3.to_string(),
            "text order equals clock order"
        );
    }
}
