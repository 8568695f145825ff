// Probable same people across venues: headquarters decides; nothing is merged or sent.
import * as cmd from '../../commands.js';
import { t } from '../../i18n.js';
import { h } from '../../dom.js';
import { go, showError } from '../../app.js';

export async function render(view) {
  const pairs = await cmd.hqPeople();
  view.append(h('h1', {}, t('nav.hq_people')), h('p', { class: 'muted' }, t('hq.people_help')));
  if (!pairs.length) { view.append(h('p', { class: 'muted', id: 'hq-people-empty' }, t('hq.people_none'))); return; }
  const side = (s) => h('div', {}, h('strong', {}, s.name), h('div', { class: 'muted small' }, [s.institution, s.province].filter(Boolean).join(' · ')));
  view.append(h('table', { class: 'list', id: 'hq-people-table' },
    h('thead', {}, h('tr', {}, [t('hq.person_a'), t('hq.person_b'), t('hq.reason'), t('hq.decision'), ''].map((x) => h('th', {}, x)))),
    h('tbody', {}, pairs.map((p) => h('tr', { dataset: { a: p.a.id, b: p.b.id, decision: p.decision || '' } },
      h('td', {}, side(p.a)), h('td', {}, side(p.b)),
      h('td', {}, t(`hq.reason_${p.reason}`)),
      h('td', {}, p.decision ? h('span', { class: `badge decision-${p.decision}` }, t(`hq.decision_${p.decision}`)) : h('span', { class: 'muted' }, t('hq.undecided'))),
      h('td', { class: 'actions' }, ['same', 'different'].map((d) => h('button', { class: `small ${d === 'same' ? 'primary' : ''}`, disabled: p.decision === d, onclick: async () => {
        try { await cmd.hqDecide({ a: p.a.id, b: p.b.id, decision: d }); await go('hq_people'); } catch (e) { showError(e); }
      } }, t(`hq.mark_${d}`)))))))));
}
