// Indonesian formats: "Selasa, 5 Juli 2022", "08.30 WITA".
import { getLang } from './i18n.js';

const HARI = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];
const BULAN = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function parseIso(iso) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

export function longDate(iso) {
  if (!iso) return '';
  const d = parseIso(iso);
  const id = getLang() === 'id';
  const wd = (id ? HARI : DAYS)[d.getUTCDay()];
  const mo = (id ? BULAN : MONTHS)[d.getUTCMonth()];
  return `${wd}, ${d.getUTCDate()} ${mo} ${d.getUTCFullYear()}`;
}

export function shortDate(iso) {
  if (!iso) return '';
  const d = parseIso(iso);
  const mo = (getLang() === 'id' ? BULAN : MONTHS)[d.getUTCMonth()];
  return `${d.getUTCDate()} ${mo} ${d.getUTCFullYear()}`;
}

export function dateRange(start, end) {
  return start === end ? longDate(start) : `${shortDate(start)} – ${shortDate(end)}`;
}

// "08:30" -> "08.30" in Indonesian, "08:30" in English.
export function time(hhmm) {
  return getLang() === 'id' ? hhmm.replace(':', '.') : hhmm;
}

export function timeRange(start, end, zone) {
  return `${time(start)}–${time(end)}${zone ? ' ' + zone : ''}`;
}

// Today's date in the venue's zone, as YYYY-MM-DD.
export function todayIn(tzOffsetMinutes) {
  const now = new Date(Date.now() + tzOffsetMinutes * 60000);
  return now.toISOString().slice(0, 10);
}

export const ZONE_OFFSETS = { 'Asia/Jakarta': 420, 'Asia/Makassar': 480, 'Asia/Jayapura': 540 };

// The ISO date `n` days after `iso`.
export function addDays(iso, n) {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

// A plan item's time: "Agustus 2022", "17 Agustus 2022", "Agustus 2022 – Oktober 2022".
export function whenText(from, to) {
  const one = (s) => {
    if (!s) return '';
    if (s.length === 10) return shortDate(s);
    const [y, m] = s.split('-').map(Number);
    return `${(getLang() === 'id' ? BULAN : MONTHS)[m - 1]} ${y}`;
  };
  if (from && to) return `${one(from)} – ${one(to)}`;
  return one(from);
}

// The way a user types a stored "when" back: "2022-08..2022-10".
export function whenInput(from, to) {
  return from && to ? `${from}..${to}` : (from || '');
}

// A moment in the user's language and the computer's clock: "25 Nov 2026 00.01".
export function dateTimeLocal(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(getLang() === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'medium', timeStyle: 'short' });
}
