// Headquarters' key: create once, show (copy, QR, save as a file), back up, restore.
import * as cmd from '../../commands.js';
import { t } from '../../i18n.js';
import { h, clear, toast } from '../../dom.js';
import { go, showError } from '../../app.js';
import { pickFile, when } from './common.js';
import { exportDir, importFile } from '../../testhooks.js';

async function backup() {
  const dir = exportDir();
  return dir ? cmd.hqKeyBackupTo({ path: `${dir}/plm-hq-key-backup.txt` }) : cmd.hqKeyBackup();
}

export async function render(view, params = {}) {
  const info = await cmd.hqInfo();
  const msg = h('div', { id: 'hq-key-msg', 'aria-live': 'polite' });
  view.append(h('h1', {}, t('nav.hq_keys')), msg);
  if (!info.key) {
    view.append(h('div', { class: 'card', id: 'hq-key-create-card' },
      h('h2', {}, t('hq.create_title')),
      h('p', {}, t('hq.create_text')),
      h('button', { class: 'primary', id: 'hq-key-create', autofocus: true, onclick: async (e) => {
        e.target.disabled = true;
        try {
          await cmd.hqKeyCreate();
          await go('hq_keys', { justCreated: true });
        } catch (err) { clear(msg).append(h('div', { class: 'alert', role: 'alert' }, err.message)); e.target.disabled = false; }
      } }, t('hq.create_button'))),
    h('div', { class: 'card', id: 'hq-restore-card' },
      h('h2', {}, t('hq.restore_title')),
      h('p', {}, t('hq.restore_text')),
      h('button', { id: 'hq-key-restore', onclick: async () => {
        const path = await pickFile('txt');
        if (!path) return;
        try { await cmd.hqKeyRestore({ path }); toast(t('hq.restored')); await go('hq_keys'); } catch (err) {
          clear(msg).append(h('div', { class: 'alert', role: 'alert', id: 'hq-restore-error' }, err.message));
        }
      } }, t('hq.restore_button'))));
    return;
  }
  const k = info.key;
  if (params.justCreated && !k.backup_saved_at) {
    msg.append(h('div', { class: 'alert warn', id: 'hq-backup-ask' },
      h('strong', {}, t('hq.created')), ' ', t('hq.backup_ask'), ' ',
      h('button', { class: 'primary', id: 'hq-backup-now', autofocus: true, onclick: async () => {
        try { const r = await backup(); if (r) { toast(t('hq.backup_saved')); await go('hq_keys'); } } catch (err) { showError(err); }
      } }, t('hq.backup_button'))));
  }
  const qr = h('div', { class: 'qr', id: 'hq-qr', 'aria-label': t('hq.qr_label') });
  try {
    // SVG made in Rust from the key alone: parsed as markup, never data from a file
    const svg = new DOMParser().parseFromString(await cmd.hqKeyQr(), 'image/svg+xml').documentElement;
    qr.append(document.importNode(svg, true));
  } catch (_) { /* the key text is still shown */ }
  view.append(
    h('div', { class: 'grid2' },
      h('div', { class: 'card', id: 'hq-public-card' },
        h('h2', {}, t('hq.public_title')),
        h('p', { class: 'muted small' }, t('hq.public_help')),
        h('p', { class: 'mono key-text', id: 'hq-public-key' }, k.public_key),
        h('div', { class: 'row' },
          h('button', { id: 'hq-copy-key', onclick: async () => {
            try { await navigator.clipboard.writeText(k.public_key); toast(t('hq.copied')); } catch (_) {
              const r = document.createRange(); r.selectNodeContents(document.getElementById('hq-public-key'));
              const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(r); toast(t('hq.copy_selected'));
            }
          } }, t('hq.copy')),
          h('button', { id: 'hq-save-public', onclick: async () => {
            try { const p = await cmd.hqKeySavePublic(); if (p) toast(t('hq.public_saved')); } catch (err) { showError(err); }
          } }, t('hq.save_public'))),
        qr),
      h('div', { class: 'card', id: 'hq-backup-card' },
        h('h2', {}, t('hq.backup_title')),
        h('p', {}, t('hq.backup_text')),
        h('dl', { class: 'kv' },
          h('dt', {}, t('hq.key_backup')), h('dd', { id: 'hq-backup-status' }, k.backup_saved_at ? when(k.backup_saved_at) : t('hq.never')),
          h('dt', {}, t('hq.key_made')), h('dd', {}, when(k.created_at))),
        h('button', { class: k.backup_saved_at ? '' : 'primary', id: 'hq-backup', onclick: async () => {
          try { const r = await backup(); if (r) { toast(t('hq.backup_saved')); await go('hq_keys'); } } catch (err) { showError(err); }
        } }, t('hq.backup_button')),
        h('p', { class: 'muted small' }, t('hq.once_note')),
        h('button', { class: 'link', id: 'hq-key-create-again', onclick: async () => {
          try { await cmd.hqKeyCreate(); } catch (err) { clear(msg).append(h('div', { class: 'alert', role: 'alert', id: 'hq-key-exists' }, err.message)); }
        } }, t('hq.create_button')))),
    laptopKeyCard());
}

// A laptop lost its key store (Windows reinstalled): headquarters opens the key the
// laptop sent inside its data files and shows it for the facilitator to type or save.
function laptopKeyCard() {
  const out = h('div', { id: 'hq-laptop-key-out', 'aria-live': 'polite' });
  return h('div', { class: 'card', id: 'hq-laptop-key-card' },
    h('h2', {}, t('vault.hq_title')),
    h('p', {}, t('vault.hq_text')),
    h('button', { id: 'hq-laptop-key', onclick: async () => {
      const path = await importFile() || await cmd.hqPickLaptopFile();
      if (!path) return;
      clear(out);
      try {
        const r = await cmd.hqRecoverKey({ path });
        out.append(h('p', {}, t('vault.hq_found', { device: r.device_id || '?' })),
          h('p', { class: 'mono key-text', id: 'hq-laptop-key-text' }, r.recovery_key),
          h('p', { class: 'muted small' }, t('vault.hq_found_help')));
      } catch (err) { out.append(h('div', { class: 'alert', role: 'alert', id: 'hq-laptop-key-error' }, err.message)); }
    } }, t('vault.hq_button')),
    out);
}
