#!/usr/bin/env bash
# Makes a sample event with the shared Kalimantan Selatan roster (check-ins with
# signatures, plans, an award, a signer), exports every PDF report, and renders the
# first page of each to docs/reports/*.png with pdftoppm, so the README shows them.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/reports}"
cargo build --locked --bin plm-desk
bin=target/debug/plm-desk
data=$(mktemp -d)
pdfs=$(mktemp -d)
trap 'rm -rf "$data" "$pdfs"' EXIT
j() { "$bin" --data "$data" --json "$@"; }
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1"; }
ev=$(j event create --title "Peer Learning Meeting Provinsi Kalimantan Selatan 2022" --province 63 --city Banjarbaru \
      --venue "Hotel Aston Banua" --start 2022-07-05 --days 2 --wave 3 --organiser "Perpustakaan Nasional RI" | field "['id']")
j roster import tests/fixtures/roster-kalsel.csv --event "$ev" >/dev/null
for code in $(j participant list --event "$ev" | python3 -c "import json,sys; print(' '.join(p['code'] for p in json.load(sys.stdin)[:18]))"); do
  j checkin --event "$ev" --code "$code" --day 1 --signature tests/fixtures/signature.png >/dev/null
done
j plan add --event "$ev" --institution "Perpustakaan Desa Sungai Rangas" --activity "Kelas literasi digital untuk ibu-ibu PKK" \
  --strategy layanan --objective "Warga memakai internet untuk usaha rumahan" --target "Ibu PKK, remaja" --when 2022-08..2022-10 \
  --responsible "Rahmah" --resources "Dana Desa" --indicator "30 warga lulus kelas" >/dev/null
j plan add --event "$ev" --institution "Perpustakaan Desa Sungai Rangas" --activity "Audiensi dengan kepala desa" --strategy advokasi --when 2022-09 >/dev/null
j plan add --event "$ev" --institution "Dinas Perpustakaan Kab. Banjar" --activity "Lomba bercerita tingkat kabupaten" --strategy publikasi --when 2022-11 >/dev/null
cat_id=$(j award list --event "$ev" | field "[1]['category']['id']")
nom=$(j award nominee --category "$cat_id" --institution "Perpustakaan Desa Sungai Rangas" --regency Banjar | field "['id']")
j award nominee --category "$cat_id" --institution "Perpustakaan Desa Tigarun" --regency Tapin >/dev/null
j award decide --category "$cat_id" --winner "$nom" --note "Rapat dewan juri" >/dev/null
j note add --event "$ev" --kind obstacle --text "Sinyal internet lemah di desa" >/dev/null
j session add --event "$ev" --day 1 --start 08.30 --end 10.00 --title "Pembukaan dan pengarahan" --kind opening --facilitator "Panitia" --resource-person "Kepala Dinas" >/dev/null
j session add --event "$ev" --day 1 --start 10.15 --end 12.00 --title "Paparan capaian perpustakaan desa" --kind presentation --facilitator "Master Trainer" >/dev/null
j session add --event "$ev" --day 2 --start 08.30 --end 12.00 --title "Penyusunan RTL" --kind rtl --facilitator "Fasilitator Daerah" >/dev/null
j allowance set --event "$ev" --role participant --per-day 150000 --deduction 5 >/dev/null
j allowance set --event "$ev" --role facilitator --lump-sum 1800000 --deduction 5 >/dev/null
j allowance set --event "$ev" --role resource_person --lump-sum 1000000 --deduction 15 >/dev/null
j allowance set --event "$ev" --role committee --per-day 0 >/dev/null
j allowance signers --event "$ev" --treasurer "Siti Rahmah" --treasurer-nip 198001012005012001 \
  --officer-role "Pejabat Pembuat Komitmen" --officer "Ahmad Fauzi" --officer-nip 197502022000031002 >/dev/null
j photo add --event "$ev" tests/fixtures/photo-opening.jpg --caption "Pembukaan oleh Kepala Dinas" >/dev/null
mkdir -p "$out"
j export attendance --event "$ev" --day 1 --out "$pdfs/daftar-hadir.pdf" >/dev/null
j export attendance --event "$ev" --day 2 --blank --paper f4 --out "$pdfs/daftar-hadir-kosong.pdf" >/dev/null
j export plans --event "$ev" --out "$pdfs/rtl.pdf" >/dev/null
j export badges --event "$ev" --out "$pdfs/badge.pdf" >/dev/null
j export certificates --event "$ev" --out "$pdfs/sertifikat.pdf" >/dev/null
j export summary --event "$ev" --out "$pdfs/ringkasan.pdf" >/dev/null
j export agenda --event "$ev" --out "$pdfs/jadwal-acara.pdf" >/dev/null
j export receipts --event "$ev" --out "$pdfs/daftar-penerimaan.pdf" >/dev/null
j export report --event "$ev" --out "$pdfs/laporan-kegiatan.pdf" >/dev/null
j export report --event "$ev" --out "$pdfs/laporan-kegiatan.docx" >/dev/null
for f in "$pdfs"/*.pdf; do
  name=$(basename "$f" .pdf)
  pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$f" "$out/$name"
done
# the report's inside pages, and its DOCX as LibreOffice (and so Word users) opens it
pdftoppm -png -r 60 -f 2 -l 3 "$pdfs/laporan-kegiatan.pdf" "$out/laporan-kegiatan-isi"
if command -v soffice >/dev/null; then
  soffice -env:UserInstallation="file://$pdfs/lo" --headless --convert-to pdf --outdir "$pdfs/docx" "$pdfs/laporan-kegiatan.docx" >/dev/null 2>&1
  pdftoppm -png -r 60 -f 2 -l 2 -singlefile "$pdfs/docx/laporan-kegiatan.pdf" "$out/laporan-kegiatan-docx"
fi
echo "report pages in $out"
