// Receive the venues' files: many at once, a progress bar, each file's result, and the
// venue table underneath.
import * as cmd from '../../commands.js';
import { t } from '../../i18n.js';
import { h, clear, toast } from '../../dom.js';
import { app, go } from '../../app.js';
import { receiveFiles } from '../../testhooks.js';

let busy = false;
// files dropped onto the window: the paths come from the operating system (Tauri's
// drag-drop event), and are received as if chosen, while this screen is open
let onDrop = null;
let listening = false;
async function listenForDrops() {
  const ev = window.__TAURI__ && window.__TAURI__.event;
  if (!ev || listening) return;
  listening = true;
  await ev.listen('tauri://drag-drop', (e) => {
    const paths = ((e.payload && e.payload.paths) || []).filter((p) => p.toLowerCase().endsWith('.plmsync'));
    if (app.route === 'hq_receive' && onDrop && paths.length) onDrop(paths);
  });
}

export async function render(view) {
  const bar = h('progress', { id: 'hq-progress', max: 1, value: 0, hidden: true });
  const status = h('p', { class: 'muted small', id: 'hq-progress-text', 'aria-live': 'polite' });
  const result = h('div', { id: 'hq-receive-result' });
  const clock = h('input', { type: 'checkbox', id: 'hq-accept-clock' });
  const receive = async (dropped) => {
    if (busy) return;
    busy = true; btn.disabled = true; clear(result);
    const ch = new window.__TAURI__.core.Channel();
    ch.onmessage = (p) => {
      bar.hidden = false;
      bar.max = p.total * 2;
      bar.value = (p.phase === 'check' ? 0 : p.total) + p.done;
      status.textContent = t(p.phase === 'check' ? 'hq.checking' : 'hq.merging', { done: p.done, total: p.total, file: p.file });
    };
    try {
      const paths = dropped || await receiveFiles();
      const r = paths
        ? await cmd.hqReceiveFrom({ paths, acceptClock: clock.checked, progress: ch })
        : await cmd.hqReceive({ acceptClock: clock.checked, progress: ch });
      if (!r) { status.textContent = ''; return; }
      status.textContent = t('hq.received_summary', { imported: r.imported, same: r.nothing_new, refused: r.refused });
      result.append(h('table', { class: 'list', id: 'hq-receive-table' },
        h('thead', {}, h('tr', {}, [t('hq.file'), t('hq.result'), t('hq.detail')].map((x) => h('th', {}, x)))),
        h('tbody', {}, r.files.map((f) => h('tr', { dataset: { outcome: f.outcome } },
          h('td', {}, f.file),
          h('td', {}, h('span', { class: `badge outcome-${f.outcome}` }, t(`hq.outcome.${f.outcome}`))),
          h('td', { class: 'small' }, f.message
            ? f.message
            : [f.report.event_title, ' · ', t('sync.summary', { added: f.report.added, updated: f.report.updated, deleted: f.report.deleted, unchanged: f.report.unchanged }),
              f.plan_id ? '' : h('span', { class: 'muted' }, ' · ', t('hq.unplanned_note'))]))))));
      toast(status.textContent);
    } catch (e) {
      result.append(h('div', { class: 'alert', role: 'alert' }, e.message));
    } finally {
      busy = false; btn.disabled = false;
    }
  };
  const btn = h('button', { class: 'primary', id: 'hq-receive-btn', autofocus: true, onclick: () => receive(null) }, t('hq.receive_btn'));
  onDrop = receive;
  listenForDrops().catch(() => {});
  view.append(h('h1', {}, t('nav.hq_receive')),
    h('div', { class: 'card' },
      h('p', {}, t('hq.receive_help')),
      h('div', { class: 'row' }, btn, h('button', { onclick: () => go('hq_plans') }, t('hq.see_table'))),
      h('label', { class: 'small row' }, clock, t('hq.accept_clock')),
      bar, status),
    result);
}
