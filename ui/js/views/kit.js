// Open an event kit from headquarters at the venue: choose the file, see what it holds,
// then open it. The event arrives with headquarters' key set; nothing is pasted by hand.
import * as cmd from '../commands.js';
import { t } from '../i18n.js';
import { h, clear, toast } from '../dom.js';
import { go, refreshEvent } from '../app.js';
import { importFile } from '../testhooks.js';

export function kitButton(id = 'btn-kit-open', primary = false) {
  const out = h('div', { id: `${id}-box`, 'aria-live': 'polite' });
  const btn = h('button', { class: primary ? 'primary' : '', id, onclick: async () => {
    clear(out);
    const path = await importFile() || await cmd.hqPickFile({ kind: 'kit' });
    if (!path) return;
    try {
      const p = await cmd.kitOpen({ path, dryRun: true });
      out.append(h('div', { class: 'card', id: 'kit-preview' },
        h('h2', {}, t('kit.preview_title', { title: p.title })),
        h('dl', { class: 'kv' },
          h('dt', {}, t('event.province')), h('dd', {}, p.province),
          h('dt', {}, t('event.start_date')), h('dd', {}, `${p.start_date} · ${t('kit.days', { n: p.days })}`),
          h('dt', {}, t('hq.trainers')), h('dd', {}, p.trainers.join(', ') || '—'),
          h('dt', {}, t('kit.hq_key')), h('dd', { class: 'mono small' }, p.hq_fingerprint)),
        h('p', { id: 'kit-preview-summary' }, p.event_created
          ? t('kit.will_create', { sessions: p.sessions_added, people: p.participants_added })
          : t('kit.already', { sessions: p.sessions_added, people: p.participants_added })),
        h('div', { class: 'row' },
          h('button', { class: 'primary', id: 'kit-apply', onclick: async (e) => {
            e.target.disabled = true;
            try {
              const r = await cmd.kitOpen({ path, dryRun: false });
              toast(t('kit.opened', { title: r.title }));
              await refreshEvent();
              await go('home');
            } catch (err) { clear(out).append(h('div', { class: 'alert', role: 'alert', id: 'kit-error' }, err.message)); }
          } }, t('kit.open_now')),
          h('button', { onclick: () => clear(out) }, t('common.cancel')))));
    } catch (err) {
      out.append(h('div', { class: 'alert', role: 'alert', id: 'kit-error' }, err.message));
    }
  } }, t('kit.open'));
  return h('div', { class: 'kit-open' }, btn, out);
}
