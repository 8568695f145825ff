// Print & export: the PDF reports, each saved where the user chooses (system dialog),
// made off the UI thread with a progress bar; and who signs the sheets.
import * as cmd from '../commands.js';
import { t } from '../i18n.js';
import { h, clear, toast } from '../dom.js';
import { app, go } from '../app.js';
import { longDate, addDays, time } from '../fmt.js';
import SignaturePad from '../../vendor/signature_pad/signature_pad.js';
import { exportDir } from '../testhooks.js';

let busy = false;
// the file type of each kind that is not a PDF
const EXT = { receipts_xlsx: 'xlsx', report_docx: 'docx' };

export async function render(view) {
  const ev = app.event;
  if (!ev) { await go('home'); return; }
  const sessions = await cmd.sessionList({ eventId: ev.id });
  const plans = await cmd.planList({ eventId: ev.id });
  const progress = h('progress', { id: 'export-progress', max: 100, value: 0, hidden: true });
  const result = h('div', { id: 'export-result', role: 'status' });
  const unlisten = window.__TAURI__?.event?.listen('export-progress', (e) => {
    progress.hidden = false;
    progress.value = e.payload.total ? Math.round((e.payload.done / e.payload.total) * 100) : 0;
  });

  async function exportPdf(request, button) {
    if (busy) return; // one export at a time
    busy = true;
    const buttons = view.querySelectorAll('button.export');
    buttons.forEach((b) => { b.disabled = true; });
    clear(result);
    progress.hidden = false;
    progress.removeAttribute('value');
    result.append(h('p', { class: 'muted' }, t('reports.working')));
    try {
      const req = { eventId: ev.id, ...request, event_id: ev.id };
      // tests (and scripts) may set a folder: then no dialog opens
      const dir = exportDir();
      const r = dir
        ? await cmd.exportPdfTo({ request: req, path: `${dir}/${request.kind}${request.blank ? '-blank' : ''}${request.winners ? '-winners' : ''}.${EXT[request.kind] || 'pdf'}` })
        : await cmd.exportPdf({ request: req });
      clear(result);
      if (!r) { result.append(h('p', { class: 'muted' }, t('reports.cancelled'))); return; }
      result.append(h('div', { class: 'desk-ok', id: 'export-done' },
        h('div', { class: 'desk-ok-title' }, t('reports.saved')),
        h('div', {}, r.path),
        h('div', { class: 'muted small' }, r.pages
          ? t('reports.saved_detail', { pages: r.pages, kb: Math.max(1, Math.round(r.bytes / 1024)) })
          : `${Math.max(1, Math.round(r.bytes / 1024))} KB`)));
      toast(t('reports.saved'));
      button.focus({ preventScroll: true });
      result.scrollIntoView({ block: 'nearest' });
    } catch (e) {
      clear(result);
      result.append(h('div', { class: 'alert', role: 'alert' }, e.message));
    } finally {
      busy = false;
      progress.hidden = true;
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  const btn = (id, label, request) => h('button', { class: 'primary export', id, onclick: (e) => exportPdf(typeof request === 'function' ? request() : request, e.target) }, label);

  // attendance sheet
  const scope = h('select', { id: 'sheet-scope' },
    Array.from({ length: ev.days }, (_, i) => h('option', { value: `d${i + 1}` }, `${t('agenda.day_n', { n: i + 1 })} · ${longDate(addDays(ev.start_date, i))}`)),
    ev.attendance_mode === 'session' ? sessions.map((s) => h('option', { value: `s:${s.id}` }, `${t('agenda.day_n', { n: s.day })} ${time(s.start)} · ${s.title}`)) : []);
  const paper = h('select', { id: 'sheet-paper' }, h('option', { value: 'a4' }, 'A4'), h('option', { value: 'f4' }, 'F4 / Folio (215 × 330 mm)'));
  // phone numbers on a sheet that goes round the room: the facilitator's choice, off
  const phones = h('input', { type: 'checkbox', id: 'sheet-phones' });
  const sheetRequest = (blank) => () => {
    const v = scope.value;
    return v.startsWith('s:')
      ? { kind: 'attendance', session_id: v.slice(2), blank, paper: paper.value, phones: phones.checked }
      : { kind: 'attendance', day: Number(v.slice(1)), blank, paper: paper.value, phones: phones.checked };
  };
  const institution = h('select', { id: 'plans-institution' }, h('option', { value: '' }, t('reports.all_institutions')), plans.map((p) => h('option', { value: p.institution }, p.institution)));
  const rule = h('select', { id: 'cert-rule' }, h('option', { value: 'any' }, t('reports.rule_any')), h('option', { value: 'all' }, t('reports.rule_all')));

  view.append(
    h('h1', {}, t('reports.title')),
    h('p', { class: 'muted' }, t('reports.intro')),
    // who signs comes first: a signed sheet printed without a signer's name is no use
    ev.signer_name ? null : h('div', { class: 'alert warn', id: 'signer-missing' }, t('reports.signer_missing')),
    signerCard(ev),
    h('div', { class: 'card', id: 'export-status' }, progress, result),
    h('div', { class: 'grid2' },
      h('div', { class: 'card' }, h('h2', {}, t('reports.sheet')), h('p', { class: 'muted small' }, t('reports.sheet_hint')),
        h('div', { class: 'fields', style: 'display:grid;grid-template-columns:1fr 1fr;gap:10px' },
          h('label', { class: 'field' }, t('reports.day_or_session'), scope), h('label', { class: 'field' }, t('reports.paper'), paper)),
        h('label', { class: 'row', style: 'margin-top:8px' }, phones, t('reports.phones')),
        h('div', { class: 'row', style: 'margin-top:12px' }, btn('export-sheet', t('reports.sheet_signed'), sheetRequest(false)), btn('export-blank', t('reports.sheet_blank'), sheetRequest(true)))),
      h('div', { class: 'card' }, h('h2', {}, t('reports.badges')), h('p', { class: 'muted small' }, t('reports.badges_hint')),
        btn('export-badges', t('reports.save_pdf_of', { what: t('reports.badges') }), { kind: 'badges' }),
        h('h2', { style: 'margin-top:18px' }, t('reports.summary')), h('p', { class: 'muted small' }, t('reports.summary_hint')),
        btn('export-summary', t('reports.save_pdf_of', { what: t('reports.summary') }), { kind: 'summary' })),
      h('div', { class: 'card' }, h('h2', {}, t('reports.plans')), h('label', { class: 'field' }, t('plans.institution'), institution),
        h('div', { class: 'row', style: 'margin-top:12px' }, btn('export-plans', t('reports.save_pdf_of', { what: t('reports.plans') }), () => ({ kind: 'plans', institution: institution.value || null })))),
      h('div', { class: 'card', id: 'agenda-card' }, h('h2', {}, t('reports.agenda')), h('p', { class: 'muted small' }, t('reports.agenda_hint')),
        btn('export-agenda', t('reports.save_pdf_of', { what: t('reports.agenda') }), () => ({ kind: 'agenda', paper: paper.value }))),
      h('div', { class: 'card', id: 'receipts-card' }, h('h2', {}, t('reports.receipts')), h('p', { class: 'muted small' }, t('reports.receipts_hint')),
        h('div', { class: 'row' },
          btn('export-receipts', t('reports.save_pdf_of', { what: t('reports.receipts') }), () => ({ kind: 'receipts', paper: paper.value })),
          btn('export-receipts-xlsx', t('reports.save_xlsx_of', { what: t('reports.receipts') }), { kind: 'receipts_xlsx' }))),
      h('div', { class: 'card', id: 'activity-card' }, h('h2', {}, t('reports.activity')), h('p', { class: 'muted small' }, t('reports.activity_hint')),
        h('div', { class: 'row' },
          btn('export-report-docx', t('reports.save_docx_of', { what: t('reports.activity') }), { kind: 'report_docx' }),
          btn('export-report', t('reports.save_pdf_of', { what: t('reports.activity') }), { kind: 'report' }))),
      h('div', { class: 'card' }, h('h2', {}, t('reports.certificates')), h('label', { class: 'field' }, t('reports.rule'), rule),
        h('div', { class: 'row', style: 'margin-top:12px' },
          btn('export-certificates', t('reports.save_pdf_of', { what: t('reports.certificates') }), () => ({ kind: 'certificates', rule: rule.value })),
          btn('export-winners', t('reports.winners'), { kind: 'certificates', winners: true }))),
    ),
  );
  // stop listening when the view goes away
  const obs = new MutationObserver(() => { if (!document.body.contains(progress)) { unlisten?.then((f) => f()); obs.disconnect(); } });
  obs.observe(document.getElementById('view'), { childList: true });
}

function signerCard(ev) {
  const alert = h('div', { class: 'alert', role: 'alert', id: 'signer-error' });
  const canvas = h('canvas', { class: 'sig-canvas', id: 'signer-canvas', width: 600, height: 200, style: 'height:140px' });
  const form = h('form', { class: 'fields', id: 'signer-form', novalidate: true },
    h('label', { class: 'field' }, t('reports.signer_role'), h('input', { name: 'role', id: 'signer-role', maxlength: 200, value: ev.signer_role || '', placeholder: 'Ketua Panitia' })),
    h('label', { class: 'field' }, t('reports.signer_name'), h('input', { name: 'name', id: 'signer-name', maxlength: 200, value: ev.signer_name || '' })),
    h('label', { class: 'field' }, t('reports.signer_nip'), h('input', { name: 'nip', id: 'signer-nip', maxlength: 30, inputmode: 'numeric', value: ev.signer_nip || '' })),
    h('div', { class: 'field wide' }, h('span', {}, t('reports.signer_signature'), ev.has_signer_signature ? h('span', { class: 'badge', style: 'margin-left:8px' }, t('reports.signature_kept')) : null), canvas,
      h('span', { class: 'muted small' }, t('reports.signature_hint'))),
    h('div', { class: 'row wide' }, h('button', { type: 'submit', class: 'primary', id: 'signer-save' }, t('common.save')), h('button', { type: 'button', onclick: () => pad.clear() }, t('reports.clear_signature'))));
  let pad;
  requestAnimationFrame(() => {
    // draw at the canvas's real size so strokes land under the pen
    canvas.width = Math.max(200, Math.round(canvas.offsetWidth));
    canvas.height = 140;
    pad = new SignaturePad(canvas, { minWidth: 0.8, maxWidth: 2.4, penColor: '#10243f', backgroundColor: 'rgba(0,0,0,0)' });
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    alert.textContent = '';
    try {
      const updated = await cmd.eventSetSigner({
        id: ev.id, role: form.elements.role.value, name: form.elements.name.value, nip: form.elements.nip.value,
        signature: pad && !pad.isEmpty() ? pad.toDataURL('image/png') : null, clearSignature: false,
      });
      app.event = updated;
      document.getElementById('signer-missing')?.remove(); toast(t('reports.signer_saved'));
    } catch (err) { alert.textContent = err.message; }
  });
  return h('div', { class: 'card' }, h('h2', {}, t('reports.signer')), h('p', { class: 'muted small' }, t('reports.signer_hint')), alert, form);
}
