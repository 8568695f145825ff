// Help: how to run a PLM with PLM Desk, step by step (offline, in both languages).
import { t } from '../i18n.js';
import { h } from '../dom.js';

const SECTIONS = [
  ['help.before_title', ['help.before_1', 'help.before_2', 'help.before_3', 'help.before_4']],
  ['help.during_title', ['help.during_1', 'help.during_2', 'help.during_3', 'help.during_4']],
  ['help.sessions_title', ['help.sessions_1', 'help.sessions_2', 'help.sessions_3']],
  ['help.paper_title', ['help.paper_1', 'help.paper_2']],
  ['help.after_title', ['help.after_1', 'help.after_2']],
  ['help.end_title', ['help.end_1', 'help.end_5', 'help.end_2', 'help.end_3', 'help.end_4']],
  ['help.data_title', ['help.data_1', 'help.data_2', 'help.data_3', 'help.data_4']],
  ['help.keys_title', ['help.keys_1', 'help.keys_2']],
  ['help.hq_title', ['help.hq_1', 'help.hq_2', 'help.hq_3', 'help.hq_4', 'help.hq_5']],
];

export async function render(view) {
  // at headquarters its own chapter comes first
  const hq = document.body.dataset.workspace === 'hq';
  const sections = hq ? [SECTIONS[SECTIONS.length - 1], ...SECTIONS.slice(0, -1)] : SECTIONS;
  view.append(h('h1', {}, t('help.title')),
    ...sections.map(([title, items]) => h('div', { class: 'card help' }, h('h2', {}, t(title)), h('ul', {}, items.map((k) => h('li', {}, t(k)))))));
}
