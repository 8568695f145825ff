// After the event: the allowances paid (for the receipt list), the photos for the report,
// the report's own words, and the SPJ bundle saved into one folder. Every rule (amounts,
// ceilings, what a photo may show) is decided in plm_core; this view asks and shows.
import * as cmd from '../commands.js';
import { t } from '../i18n.js';
import { h, clear, toast, ask } from '../dom.js';
import { app, go, showError } from '../app.js';
import { time } from '../fmt.js';
import { exportDir } from '../testhooks.js';

const rupiah = (n) => `Rp${Number(n || 0).toLocaleString('id-ID')}`;

function markField(form, err) {
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const bad = err.field && form.querySelector(`[name="${err.field}"]`);
  if (bad) { bad.setAttribute('aria-invalid', 'true'); bad.focus(); }
}

export async function render(view) {
  const ev = app.event;
  if (!ev) { await go('home'); return; }
  const sessions = await cmd.sessionList({ eventId: ev.id });
  let info = await cmd.allowanceInfo({ eventId: ev.id });

  // ------------------------------------------------------------ allowances
  const preview = h('div', { id: 'receipts-preview', role: 'status' });
  const rateAlert = h('div', { class: 'alert', role: 'alert', id: 'rate-error' });
  const rateList = h('div', { id: 'rate-list' });

  async function showPreview() {
    clear(preview);
    try {
      const r = await cmd.receiptsPreview({ eventId: ev.id });
      preview.append(h('div', { class: 'desk-ok' },
        h('div', { class: 'desk-ok-title', id: 'receipts-total' }, t('papers.total', { n: r.lines.length, total: rupiah(r.total_net) })),
        h('div', { class: 'small', id: 'receipts-words' }, r.total_words),
        r.total_deduction ? h('div', { class: 'muted small' }, t('papers.deducted', { total: rupiah(r.total_deduction) })) : null));
    } catch (e) {
      preview.append(h('p', { class: 'desk-again', id: 'receipts-problem' }, e.message));
    }
  }

  function renderRates() {
    clear(rateList);
    if (!info.rates.length) { rateList.append(h('p', { class: 'empty' }, t('papers.no_rates'))); return; }
    rateList.append(h('table', { class: 'list compact', id: 'rate-table' },
      h('thead', {}, h('tr', {}, h('th', {}, t('papers.for')), h('th', {}, t('papers.per_day')), h('th', {}, t('papers.lump_sum')), h('th', {}, t('papers.deduction')), h('th', {}, ''))),
      h('tbody', {}, info.rates.map((r) => h('tr', {},
        h('td', {}, r.label, h('div', { class: 'muted small' }, t(`papers.kind_${r.target_kind}`))),
        h('td', {}, r.per_day == null ? '—' : rupiah(r.per_day)),
        h('td', {}, r.lump_sum == null ? '—' : rupiah(r.lump_sum)),
        h('td', {}, r.deduction_bp == null ? '—' : `${(r.deduction_bp / 100).toLocaleString('id-ID')}%`),
        h('td', { class: 'actions' },
          h('button', { class: 'small', onclick: () => editRate(r) }, t('common.edit')),
          h('button', { class: 'small danger', 'aria-label': `${t('common.delete')} ${r.label}`, onclick: async (e) => {
            if (!(await ask(e.target, t('papers.confirm_remove', { what: r.label }), t('common.delete'), t('common.cancel')))) return;
            try { await cmd.allowanceRemove({ eventId: ev.id, kind: r.target_kind, code: r.target }); await reload(); } catch (err) { showError(err); }
          } }, '×')))))));
  }

  const targetSelect = h('select', { name: 'target', id: 'rate-target' },
    h('optgroup', { label: t('papers.roles') }, info.roles.map(([code, label]) => h('option', { value: `role:${code}` }, label))),
    h('optgroup', { label: t('papers.categories') }, info.categories.map(([code, label]) => h('option', { value: `category:${code}` }, label))));
  const rateForm = h('form', { class: 'fields', id: 'rate-form', novalidate: true },
    h('label', { class: 'field wide' }, t('papers.for'), targetSelect),
    h('label', { class: 'field' }, t('papers.per_day'), h('input', { name: 'per_day', id: 'rate-per-day', inputmode: 'numeric', placeholder: '150000' })),
    h('label', { class: 'field' }, t('papers.lump_sum'), h('input', { name: 'lump_sum', id: 'rate-lump', inputmode: 'numeric', placeholder: '0' })),
    h('label', { class: 'field' }, t('papers.deduction'), h('input', { name: 'deduction', id: 'rate-deduction', inputmode: 'decimal', placeholder: '5' })),
    h('p', { class: 'muted small wide' }, t('papers.rate_hint')),
    h('div', { class: 'row wide' }, h('button', { type: 'submit', class: 'primary', id: 'rate-save' }, t('papers.save_rate'))));
  // "150.000" or "Rp150.000" as people type money: the dots group thousands
  const amount = (v) => {
    const s = String(v || '').trim().replace(/^Rp\s*/i, '').replace(/[.\s]/g, '');
    return s === '' ? null : (/^-?\d+$/.test(s) ? Number(s) : NaN);
  };
  function editRate(r) {
    targetSelect.value = `${r.target_kind}:${r.target}`;
    rateForm.elements.per_day.value = r.per_day ?? '';
    rateForm.elements.lump_sum.value = r.lump_sum ?? '';
    rateForm.elements.deduction.value = r.deduction_bp == null ? '' : String(r.deduction_bp / 100).replace('.', ',');
    rateForm.elements.per_day.focus();
  }
  rateForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    rateAlert.textContent = '';
    const [kind, code] = targetSelect.value.split(':');
    const perDay = amount(rateForm.elements.per_day.value);
    const lump = amount(rateForm.elements.lump_sum.value);
    for (const [name, v] of [['per_day', perDay], ['lump_sum', lump]]) {
      if (Number.isNaN(v)) { const err = { field: name, message: t('papers.not_amount') }; rateAlert.textContent = err.message; markField(rateForm, err); return; }
    }
    try {
      await cmd.allowanceSet({ eventId: ev.id, kind, code, input: { per_day: perDay, lump_sum: lump, deduction_percent: rateForm.elements.deduction.value || null } });
      toast(t('papers.rate_saved'));
      rateForm.reset();
      markField(rateForm, {});
      await reload();
    } catch (err) {
      rateAlert.textContent = err.message;
      markField(rateForm, { field: err.field === 'deduction' ? 'deduction' : err.field });
    }
  });

  const s = info.signers;
  const signAlert = h('div', { class: 'alert', role: 'alert', id: 'treasurer-error' });
  const signForm = h('form', { class: 'fields', id: 'treasurer-form', novalidate: true },
    h('label', { class: 'field' }, t('papers.treasurer'), h('input', { name: 'treasurer_name', id: 'treasurer-name', maxlength: 200, value: s.treasurer_name })),
    h('label', { class: 'field' }, 'NIP', h('input', { name: 'treasurer_nip', id: 'treasurer-nip', maxlength: 40, inputmode: 'numeric', value: s.treasurer_nip })),
    h('label', { class: 'field' }, t('papers.officer_role'), h('input', { name: 'officer_role', id: 'officer-role', maxlength: 120, value: s.officer_role, placeholder: 'Pejabat Pembuat Komitmen' })),
    h('label', { class: 'field' }, t('papers.officer'), h('input', { name: 'officer_name', id: 'officer-name', maxlength: 200, value: s.officer_name })),
    h('label', { class: 'field' }, 'NIP', h('input', { name: 'officer_nip', id: 'officer-nip', maxlength: 40, inputmode: 'numeric', value: s.officer_nip })),
    h('label', { class: 'field' }, t('papers.ceiling'), h('input', { name: 'ceiling', id: 'ceiling', inputmode: 'numeric', value: Number(s.ceiling).toLocaleString('id-ID') })),
    h('div', { class: 'row wide' }, h('button', { type: 'submit', class: 'primary', id: 'treasurer-save' }, t('common.save'))));
  signForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    signAlert.textContent = '';
    const f = signForm.elements;
    const ceiling = amount(f.ceiling.value);
    try {
      info.signers = await cmd.allowanceSignersSet({ eventId: ev.id, signers: {
        treasurer_name: f.treasurer_name.value, treasurer_nip: f.treasurer_nip.value, officer_role: f.officer_role.value,
        officer_name: f.officer_name.value, officer_nip: f.officer_nip.value, ceiling: Number.isNaN(ceiling) || ceiling === null ? 0 : ceiling } });
      toast(t('papers.signers_saved'));
    } catch (err) { signAlert.textContent = err.message; markField(signForm, err); }
  });

  async function reload() {
    info = await cmd.allowanceInfo({ eventId: ev.id });
    renderRates();
    await showPreview();
  }

  // ------------------------------------------------------------ photos
  const grid = h('div', { class: 'photo-grid', id: 'photo-grid' });
  const photoAlert = h('div', { class: 'alert', role: 'alert', id: 'photo-error' });
  const file = h('input', { type: 'file', id: 'photo-file', class: 'visually-hidden', accept: '.jpg,.jpeg,.png,.heic,image/jpeg,image/png', multiple: true });
  const chosen = h('span', { class: 'muted small', id: 'photo-file-name' }, t('papers.no_photo'));
  file.addEventListener('change', () => { chosen.textContent = [...file.files].map((f) => f.name).join(', ') || t('papers.no_photo'); });
  const photoSession = h('select', { name: 'session_id', id: 'photo-session' }, h('option', { value: '' }, t('papers.whole_event')),
    sessions.map((x) => h('option', { value: x.id }, `${t('agenda.day_n', { n: x.day })} ${time(x.start)} · ${x.title}`)));
  const photoForm = h('form', { class: 'fields', id: 'photo-form', novalidate: true },
    h('div', { class: 'field wide' }, h('span', {}, t('papers.photo_files')),
      h('div', { class: 'row' }, h('button', { type: 'button', id: 'photo-pick', onclick: () => file.click() }, t('papers.pick_photos')), chosen), file),
    h('label', { class: 'field' }, t('papers.session'), photoSession),
    h('label', { class: 'field' }, t('papers.caption'), h('input', { name: 'caption', id: 'photo-caption', maxlength: 300 })),
    h('label', { class: 'row wide' }, h('input', { type: 'checkbox', name: 'shows_people', id: 'photo-people' }), t('papers.shows_people')),
    h('div', { class: 'row wide' }, h('button', { type: 'submit', class: 'primary', id: 'photo-add' }, t('papers.add_photos'))));

  const toBase64 = (buf) => {
    const bytes = new Uint8Array(buf);
    let out = '';
    for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(out);
  };
  photoForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    photoAlert.textContent = '';
    const files = [...file.files];
    if (!files.length) { photoAlert.textContent = t('papers.pick_first'); return; }
    const button = e.submitter || photoForm.querySelector('#photo-add');
    button.disabled = true;
    let added = 0;
    try {
      for (const f of files) {
        try {
          await cmd.photoAdd({ eventId: ev.id, sessionId: photoSession.value || null, name: f.name, data: toBase64(await f.arrayBuffer()),
            caption: photoForm.elements.caption.value, showsPeople: photoForm.elements.shows_people.checked });
          added += 1;
        } catch (err) { photoAlert.append(h('div', {}, err.message)); }
      }
      if (added) { toast(t('papers.photos_added', { n: added })); photoForm.reset(); file.value = ''; chosen.textContent = t('papers.no_photo'); }
      await loadPhotos();
    } finally { button.disabled = false; }
  });

  async function loadPhotos() {
    const list = await cmd.photoList({ eventId: ev.id });
    clear(grid);
    if (!list.length) { grid.append(h('p', { class: 'empty' }, t('papers.no_photos'))); return; }
    for (const p of list) {
      const img = h('img', { alt: p.caption || t('papers.photo'), loading: 'lazy' });
      cmd.photoData({ id: p.id }).then((src) => { img.src = src; }).catch(() => {});
      const keep = h('input', { type: 'checkbox', class: 'photo-in-report', checked: p.in_report });
      keep.addEventListener('change', async () => {
        try { await cmd.photoUpdate({ id: p.id, caption: p.caption, showsPeople: p.shows_people, inReport: keep.checked }); p.in_report = keep.checked; } catch (err) { showError(err); keep.checked = p.in_report; }
      });
      grid.append(h('figure', { class: 'photo', dataset: { id: p.id } }, img,
        h('figcaption', {}, p.caption || h('span', { class: 'muted' }, t('papers.no_caption')),
          p.shows_people ? h('div', { class: 'badge' }, t('papers.people')) : null,
          h('label', { class: 'row small' }, keep, t('papers.in_report')),
          h('button', { class: 'small danger', onclick: async (e) => {
            if (!(await ask(e.target, t('papers.confirm_photo'), t('common.delete'), t('common.cancel')))) return;
            try { await cmd.photoRemove({ id: p.id }); await loadPhotos(); } catch (err) { showError(err); }
          } }, t('common.delete')))));
    }
  }

  // ------------------------------------------------------------ report text
  const texts = await cmd.reportTexts({ eventId: ev.id });
  const textAlert = h('div', { class: 'alert', role: 'alert', id: 'texts-error' });
  const textForm = h('form', { class: 'fields', id: 'texts-form', novalidate: true },
    texts.from_template ? h('p', { class: 'muted small wide', id: 'texts-template' }, t('papers.from_template')) : null,
    h('label', { class: 'field wide' }, t('papers.background'), h('textarea', { name: 'background', id: 'texts-background', rows: 6 }, texts.background)),
    h('label', { class: 'field wide' }, t('papers.objectives'), h('textarea', { name: 'objectives', id: 'texts-objectives', rows: 5 }, texts.objectives)),
    h('div', { class: 'row wide' }, h('button', { type: 'submit', class: 'primary', id: 'texts-save' }, t('common.save'))));
  textForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    textAlert.textContent = '';
    try {
      await cmd.reportTextsSet({ eventId: ev.id, background: textForm.elements.background.value, objectives: textForm.elements.objectives.value });
      document.getElementById('texts-template')?.remove();
      toast(t('papers.texts_saved'));
    } catch (err) { textAlert.textContent = err.message; markField(textForm, err); }
  });

  // ------------------------------------------------------------ the SPJ bundle
  const bundleResult = h('div', { id: 'bundle-result', role: 'status' });
  const bundlePaper = h('select', { id: 'bundle-paper' }, h('option', { value: 'a4' }, 'A4'), h('option', { value: 'f4' }, 'F4 / Folio (215 × 330 mm)'));
  async function saveBundle(button) {
    clear(bundleResult);
    button.disabled = true;
    bundleResult.append(h('p', { class: 'muted' }, t('reports.working')));
    try {
      const dir = exportDir();
      const r = dir
        ? await cmd.exportBundleTo({ eventId: ev.id, paper: bundlePaper.value, path: dir })
        : await cmd.exportBundle({ eventId: ev.id, paper: bundlePaper.value });
      clear(bundleResult);
      if (!r) { bundleResult.append(h('p', { class: 'muted' }, t('reports.cancelled'))); return; }
      bundleResult.append(h('div', { class: 'desk-ok', id: 'bundle-done' },
        h('div', { class: 'desk-ok-title' }, t('papers.bundle_saved', { n: r.files.length })),
        h('div', { class: 'small' }, r.folder),
        h('ul', { id: 'bundle-files' }, r.files.map((f) => h('li', {}, h('strong', {}, f.what), ` — ${f.file} (${Math.max(1, Math.round(f.bytes / 1024))} KB)`)))));
      toast(t('papers.bundle_saved', { n: r.files.length }));
    } catch (err) {
      clear(bundleResult);
      bundleResult.append(h('div', { class: 'alert', role: 'alert', id: 'bundle-error' }, err.message));
    } finally { button.disabled = false; }
  }

  view.append(
    h('h1', {}, t('papers.title')),
    h('p', { class: 'muted' }, t('papers.intro')),
    h('div', { class: 'card', id: 'bundle-card' }, h('h2', {}, t('papers.bundle')), h('p', { class: 'muted small' }, t('papers.bundle_hint')),
      h('div', { class: 'row' }, h('label', { class: 'field' }, t('reports.paper'), bundlePaper),
        h('button', { class: 'primary', id: 'bundle-save', onclick: (e) => saveBundle(e.target) }, t('papers.bundle_save'))),
      bundleResult),
    h('div', { class: 'grid2' },
      h('div', { class: 'card', id: 'allowance-card' }, h('h2', {}, t('papers.allowances')), h('p', { class: 'muted small' }, t('papers.allowances_hint')),
        preview, rateList, h('h3', {}, t('papers.set_rate')), rateAlert, rateForm),
      h('div', { class: 'card', id: 'treasurer-card' }, h('h2', {}, t('papers.signers')), h('p', { class: 'muted small' }, t('papers.signers_hint')), signAlert, signForm)),
    h('div', { class: 'card', id: 'photo-card' }, h('h2', {}, t('papers.photos')), h('p', { class: 'muted small' }, t('papers.photos_hint')), photoAlert, photoForm, grid),
    h('div', { class: 'card', id: 'texts-card' }, h('h2', {}, t('papers.texts')), h('p', { class: 'muted small' }, t('papers.texts_hint')), textAlert, textForm),
  );
  renderRates();
  await showPreview();
  await loadPhotos();
}
