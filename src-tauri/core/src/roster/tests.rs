//! The roster module's tests.

use super::table::detect_delimiter;
use super::*;

#[test]
fn headers_in_both_languages() {
    for (h, f) in [
        ("Nama", Field::Name),
        ("NAMA LENGKAP", Field::Name),
        ("Name", Field::Name),
        ("L/P", Field::Gender),
        ("Jenis Kelamin", Field::Gender),
        ("JK", Field::Gender),
        ("Sex", Field::Gender),
        ("Unsur", Field::Category),
        ("Asal Instansi", Field::Institution),
        ("Unit Kerja", Field::Institution),
        ("Lembaga", Field::Institution),
        ("Kab/Kota", Field::Regency),
        ("Kabupaten/Kota", Field::Regency),
        ("Desa/Kelurahan", Field::Village),
        ("No. HP", Field::Phone),
        ("No HP", Field::Phone),
        ("WhatsApp", Field::Phone),
        ("No. Telp", Field::Phone),
        ("E-mail", Field::Email),
        ("Disabilitas", Field::Disability),
        ("NIP", Field::Nip),
        ("Jabatan", Field::Position),
    ] {
        assert_eq!(field_for_header(h), Some(f), "{h}");
    }
    assert_eq!(field_for_header("Ukuran Kaos"), None);
}

#[test]
fn delimiters_and_encodings() {
    assert_eq!(detect_delimiter("Nama;L/P;\"a,b\"\n"), b';');
    assert_eq!(detect_delimiter("Nama\tL/P\n"), b'\t');
    assert_eq!(detect_delimiter("Nama,L/P\n"), b',');
    assert_eq!(decode_text(b"Ma\x92rufah"), "Ma’rufah");
    assert_eq!(decode_text("\u{feff}Ma’rufah".as_bytes()), "Ma’rufah");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain("Nama".encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    assert_eq!(decode_text(&utf16), "Nama");
}
