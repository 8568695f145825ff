// The data file for headquarters (and for a second desk): headquarters' key, export,
// import with a preview before anything is written, and a clear result.
import * as cmd from '../commands.js';
import { t } from '../i18n.js';
import { h, clear, toast } from '../dom.js';
import { app, go, showError } from '../app.js';
import { dateTimeLocal } from '../fmt.js';
import { exportDir, importFile } from '../testhooks.js';

const when = dateTimeLocal;

export async function render(view) {
  const ev = app.event;
  if (!ev) { await go('home'); return; }
  let info = await cmd.syncInfo({ eventId: ev.id });
  const status = h('div', { id: 'sync-status' });
  const result = h('div', { id: 'sync-result', role: 'status' });
  const keyAlert = h('div', { class: 'alert', role: 'alert', id: 'hq-key-error' });
  const exportAlert = h('div', { class: 'alert', role: 'alert', id: 'sync-export-error' });
  const keyInput = h('input', { id: 'hq-key', placeholder: 'age1…', value: info.hq_public_key || '', autocomplete: 'off', spellcheck: 'false' });
  let busy = false;

  // what the file holds, in words a facilitator uses: "81 peserta, 10 kehadiran, 2 RTL"
  const HOLDS = ['participants', 'attendance', 'signatures', 'sessions', 'plan_items', 'learning_notes', 'impact_stories', 'award_nominees'];
  function holds() {
    const parts = HOLDS.filter((k) => (info.counts?.[k] || 0) > 0).map((k) => t(`sync.n.${k}`, { n: info.counts[k] }));
    return parts.length ? parts.join(', ') : t('sync.n.nothing');
  }

  function renderStatus() {
    clear(status);
    const s = info.status;
    status.append(
      s.at
        ? h('p', { class: s.up_to_date ? 'desk-ok' : 'desk-again', id: 'sync-state' },
          s.up_to_date ? t('sync.up_to_date', { when: when(s.at) }) : t('sync.changed_since', { when: when(s.at) }),
          h('br'), h('span', { class: 'muted small' }, s.path || ''))
        : h('p', { class: 'desk-again', id: 'sync-state' }, t('sync.never')),
      h('p', { class: 'muted small', id: 'sync-records' }, t('sync.holds', { what: holds() })));
  }

  async function doExport(plain, button) {
    if (busy) return;
    busy = true;
    button.disabled = true;
    clear(result);
    exportAlert.textContent = '';
    keyInput.removeAttribute('aria-invalid');
    try {
      const dir = exportDir();
      const r = dir
        ? await cmd.syncExportTo({ eventId: ev.id, plain, photos: photosBox.checked, path: `${dir}/event.plmsync` })
        : await cmd.syncExport({ eventId: ev.id, plain, photos: photosBox.checked });
      if (!r) { result.append(h('p', { class: 'muted' }, t('reports.cancelled'))); return; }
      const total = Object.values(r.manifest.counts).reduce((a, b) => a + b, 0);
      result.append(h('div', { class: 'desk-ok', id: 'sync-exported' },
        h('div', { class: 'desk-ok-title' }, t('sync.exported')), h('div', {}, r.path),
        h('div', { class: 'muted small' }, t('sync.exported_detail', { n: total, kb: Math.max(1, Math.round(r.bytes / 1024)) })),
        h('div', { class: 'small' }, r.manifest.encrypted ? t('sync.encrypted') : t('sync.not_encrypted'))));
      info = await cmd.syncInfo({ eventId: ev.id });
      renderStatus();
    } catch (e) {
      // the message sits under the button that was pressed; a missing or wrong key takes
      // the facilitator to the key field itself
      exportAlert.textContent = e.message;
      if (e.code === 'sync.no_recipient' || e.code === 'sync.bad_key') {
        keyInput.setAttribute('aria-invalid', 'true');
        keyInput.focus();
      }
    } finally { busy = false; button.disabled = false; }
  }

  function reportTable(r) {
    return h('table', { class: 'list compact', id: 'sync-report-table' },
      h('thead', {}, h('tr', {}, h('th', {}, t('sync.table')), h('th', {}, t('sync.added')), h('th', {}, t('sync.updated')), h('th', {}, t('sync.deleted')), h('th', {}, t('sync.unchanged')))),
      h('tbody', {}, Object.entries(r.by_table).filter(([, c]) => c.added + c.updated + c.deleted + c.unchanged > 0).map(([k, c]) =>
        h('tr', {}, h('td', {}, t(`sync.t.${k}`)), h('td', {}, String(c.added)), h('td', {}, String(c.updated)), h('td', {}, String(c.deleted)), h('td', {}, String(c.unchanged))))));
  }

  // A refused file that a person may still decide to take: a known laptop with a new key
  // (reinstalled) or a laptop whose clock was wrong. Both need a deliberate, confirmed
  // choice, and both are recorded.
  async function decision(e, path, button) {
    if (e.code !== 'sync.device_key_changed' && e.code !== 'sync.clock_ahead') return null;
    let who;
    try { who = await cmd.syncPeek({ path }); } catch { return null; }
    const sure = h('input', { type: 'checkbox', id: 'sync-decide-sure' });
    const go = h('button', { class: 'danger', id: 'sync-decide', disabled: true }, t(e.code === 'sync.clock_ahead' ? 'sync.accept_clock' : 'sync.trust_key'));
    sure.addEventListener('change', () => { go.disabled = !sure.checked; });
    go.addEventListener('click', async () => {
      go.disabled = true;
      try {
        if (e.code === 'sync.device_key_changed') {
          await cmd.syncTrust({ device: who.device_id, key: who.key_fingerprint });
          toast(t('sync.trusted'));
          await doImport(button, { path });
        } else {
          await doImport(button, { path, acceptClock: true });
        }
      } catch (err) { showError(err); go.disabled = false; }
    });
    return h('div', { class: 'card', id: 'sync-decision' },
      h('p', {}, t(e.code === 'sync.clock_ahead' ? 'sync.clock_question' : 'sync.trust_question', { device: who.device_id, title: who.event_title, fp: who.key_fingerprint })),
      h('label', { class: 'row' }, sure, t(e.code === 'sync.clock_ahead' ? 'sync.clock_sure' : 'sync.trust_sure')),
      h('div', { class: 'row', style: 'margin-top:8px' }, go));
  }

  async function doImport(button, again = null) {
    if (busy) return;
    clear(result);
    let path = again ? again.path : await importFile();
    if (!path) path = await cmd.syncPickFile();
    if (!path) return;
    const acceptClock = !!(again && again.acceptClock);
    busy = true;
    button.disabled = true;
    try {
      const p = await cmd.syncPreview({ path, acceptClock });
      const box = h('div', { class: 'card', id: 'sync-preview' },
        h('h2', {}, t('sync.preview_title', { title: p.event_title })),
        h('p', { class: 'muted small' }, t('sync.preview_from', { device: p.device_id.slice(0, 8), when: when(p.made_at) })),
        p.already_imported ? h('p', { class: 'desk-again' }, t('sync.already')) : null,
        h('p', { id: 'sync-preview-summary' }, t('sync.summary', { added: p.added, updated: p.updated, deleted: p.deleted, unchanged: p.unchanged })),
        p.conflicts.length ? h('p', { class: 'desk-again' }, t('sync.conflicts', { n: p.conflicts.length })) : null,
        p.probable_matches.length ? h('p', { class: 'muted' }, t('sync.matches', { n: p.probable_matches.length })) : null,
        reportTable(p),
        h('div', { class: 'row', style: 'margin-top:12px' },
          h('button', { class: 'primary', id: 'sync-apply', onclick: async (e) => {
            e.target.disabled = true;
            try {
              const r = await cmd.syncImport({ path, acceptClock });
              clear(result);
              result.append(h('div', { class: 'desk-ok', id: 'sync-imported' },
                h('div', { class: 'desk-ok-title' }, t('sync.imported')),
                h('div', {}, t('sync.summary', { added: r.added, updated: r.updated, deleted: r.deleted, unchanged: r.unchanged })),
                r.conflicts.length ? h('div', { class: 'small' }, t('sync.conflicts', { n: r.conflicts.length })) : null));
              toast(t('sync.imported'));
              info = await cmd.syncInfo({ eventId: ev.id });
              renderStatus();
            } catch (err) { showError(err); e.target.disabled = false; }
          } }, t('sync.apply')),
          h('button', { onclick: () => clear(result) }, t('common.cancel'))));
      result.append(box);
      box.scrollIntoView({ block: 'start', behavior: 'smooth' });
      box.querySelector('#sync-apply').focus({ preventScroll: true });
    } catch (e) {
      result.append(h('div', { class: 'alert', role: 'alert', id: 'sync-error' }, e.message));
      busy = false;
      const d = await decision(e, path, button);
      if (d) result.append(d);
      result.scrollIntoView({ block: 'start', behavior: 'smooth' });
    } finally { busy = false; button.disabled = false; }
  }

  const saveKey = async () => {
    keyAlert.textContent = '';
    try {
      info.hq_public_key = await cmd.syncSetHq({ key: keyInput.value });
      keyInput.value = info.hq_public_key;
      keyInput.removeAttribute('aria-invalid');
      exportAlert.textContent = '';
      toast(t('sync.key_saved'));
    } catch (e) { keyAlert.textContent = e.message; keyInput.setAttribute('aria-invalid', 'true'); keyInput.focus(); }
  };
  const plainBox = h('input', { type: 'checkbox', id: 'sync-plain' });
  // photos travel only when asked; the file says how much larger it gets
  const photosBox = h('input', { type: 'checkbox', id: 'sync-photos', disabled: !info.photos.photos });
  const mb = (b) => (b / (1024 * 1024)).toLocaleString(undefined, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  view.append(
    h('h1', {}, t('sync.title')),
    h('p', { class: 'muted' }, t('sync.intro')),
    h('div', { class: 'grid2' },
      h('div', { class: 'card' }, h('h2', {}, t('sync.export_title')), status,
        h('label', { class: 'field' }, t('sync.hq_key'), h('div', { class: 'row' }, keyInput, h('button', { id: 'hq-key-save', onclick: saveKey }, t('common.save')))),
        keyAlert,
        h('p', { class: 'muted small' }, t('sync.hq_key_hint')),
        h('label', { class: 'row', style: 'margin:8px 0 0', id: 'sync-photos-label' }, photosBox,
          info.photos.photos ? t('sync.photos', { n: info.photos.photos, mb: mb(info.photos.bytes) }) : t('sync.no_photos')),
        h('label', { class: 'row', style: 'margin:8px 0' }, plainBox, t('sync.plain')),
        h('button', { class: 'primary', id: 'sync-export', onclick: (e) => doExport(plainBox.checked, e.target) }, t('sync.export')),
        exportAlert),
      h('div', { class: 'card' }, h('h2', {}, t('sync.import_title')), h('p', { class: 'muted small' }, t('sync.import_hint')),
        h('button', { class: 'primary', id: 'sync-import', onclick: (e) => doImport(e.target) }, t('sync.import')),
        h('p', { class: 'muted small', style: 'margin-top:14px' }, t('sync.own_key')), h('code', { class: 'badge-code', id: 'own-key', style: 'word-break:break-all' }, info.own_public_key))),
    result,
  );
  renderStatus();
}
