// Headquarters' home: the key and its backup, the year's plans by state, what to do next.
import * as cmd from '../../commands.js';
import { t } from '../../i18n.js';
import { h, ask } from '../../dom.js';
import { go, setWorkspace, showError } from '../../app.js';
import { STATES, stateBadge, when } from './common.js';

export async function render(view) {
  const info = await cmd.hqInfo();
  view.append(h('h1', {}, t('hq.home_title')));
  if (!info.key) {
    view.append(h('div', { class: 'alert warn', id: 'hq-no-key' }, t('hq.no_key'), ' ',
      h('button', { class: 'primary', id: 'hq-go-keys', autofocus: true, onclick: () => go('hq_keys') }, t('hq.keys_open'))));
  } else if (!info.key.backup_saved_at) {
    view.append(h('div', { class: 'alert', id: 'hq-no-backup' }, t('hq.no_backup'), ' ',
      h('button', { class: 'primary', onclick: () => go('hq_keys') }, t('hq.backup_now'))));
  } else {
    // the database (every province's people, the secret key) is encrypted with a key
    // kept only on this computer until a recovery file is saved
    const v = await cmd.vaultStatus().catch(() => null);
    if (v && !v.recovery_saved_at) {
      view.append(h('div', { class: 'alert warn', id: 'vault-banner' }, t('vault.only_here_hq'), ' ',
        h('button', { id: 'btn-vault-banner', onclick: () => go('security') }, t('vault.save_button'))));
    }
  }
  const counts = h('div', { class: 'stat-row', id: 'hq-states' },
    STATES.filter((s) => info.states[s]).map((s) => h('div', { class: 'hq-stat', dataset: { state: s } },
      h('div', { class: 'stat-n' }, String(info.states[s])), stateBadge(s))));
  view.append(
    h('div', { class: 'grid2' },
      h('div', { class: 'card' },
        h('h2', {}, t('hq.year_card')),
        info.plans === 0 && !info.files ? h('p', {}, t('hq.year_empty')) : counts,
        h('p', { class: 'muted small' }, t('hq.files_in', { n: info.files })),
        h('div', { class: 'row' },
          h('button', { class: info.key ? 'primary' : '', id: 'hq-home-plans', onclick: () => go('hq_plans') }, t('nav.hq_plans')),
          h('button', { id: 'hq-home-receive', onclick: () => go('hq_receive') }, t('nav.hq_receive')))),
      h('div', { class: 'card', id: 'hq-key-card' },
        h('h2', {}, t('hq.key_card')),
        info.key
          ? h('dl', { class: 'kv' },
            h('dt', {}, t('hq.key_public')), h('dd', { class: 'mono small' }, info.key.fingerprint),
            h('dt', {}, t('hq.key_backup')), h('dd', { id: 'hq-backup-when' }, info.key.backup_saved_at ? when(info.key.backup_saved_at) : t('hq.never')))
          : h('p', {}, t('hq.no_key_short')),
        h('button', { onclick: () => go('hq_keys') }, t('hq.keys_open')))),
    h('p', { class: 'muted small' }, t('hq.switch_hint'), ' ',
      h('button', { class: 'link', id: 'btn-switch-venue', onclick: async (e) => {
        if (!(await ask(e.target, t('hq.switch_to_venue_q'), t('hq.switch_yes'), t('common.cancel')))) return;
        try { await setWorkspace('venue'); } catch (err) { showError(err); }
      } }, t('hq.switch_to_venue'))));
}
