// The national picture: filters (year, wave, province), totals, bars per province, people
// by category and gender, attendance per day, the strategy x status grid; a province's
// row opens its event read-only.
import * as cmd from '../../commands.js';
import { t } from '../../i18n.js';
import { h, clear } from '../../dom.js';
import { app, go } from '../../app.js';

const filter = { year: null, wave: null, province: null };

function bars(rows, value, label, fmt) {
  const max = Math.max(1, ...rows.map(value));
  return h('div', { class: 'bars' }, rows.map((r) => h('div', { class: 'bar-row' },
    h('span', { class: 'bar-label' }, label(r)),
    h('span', { class: 'bar-track' }, h('span', { class: 'bar', style: `width:${(100 * value(r)) / max}%` })),
    h('span', { class: 'bar-value' }, fmt(r)))));
}

export async function render(view, params = {}) {
  if (params.event) return renderEvent(view, params.event);
  const d = await cmd.hqDashboard({ filter });
  const sel = (name, options, cur) => h('select', { id: `hq-filter-${name}`, onchange: async (e) => {
    filter[name] = e.target.value === '' ? null : (name === 'province' ? e.target.value : Number(e.target.value));
    const v = document.getElementById('view');
    clear(v); await render(v);
  } }, h('option', { value: '' }, t('hq.all')), options.map(([v, l]) => h('option', { value: v, selected: String(cur) === String(v) }, l)));
  view.append(h('h1', {}, t('nav.hq_national')),
    h('div', { class: 'row filters' },
      h('label', {}, t('hq.year'), ' ', sel('year', d.years.map((y) => [y, y]), filter.year)),
      h('label', {}, t('hq.wave'), ' ', sel('wave', d.waves.map((w) => [w, w]), filter.wave)),
      h('label', {}, t('event.province'), ' ', sel('province', app.provinces.map((p) => [p.code, p.name]), filter.province))));
  if (d.events === 0) { view.append(h('p', { class: 'muted', id: 'hq-national-empty' }, t('hq.national_empty'))); return; }
  const total = (s) => s.planned + s.in_progress + s.done + s.dropped;
  view.append(
    h('div', { class: 'stat-row', id: 'hq-totals' },
      [[d.events, t('hq.t_events')], [d.participants, t('hq.t_people')], [d.with_disability, t('hq.t_disability')], [d.notes, t('hq.t_notes')], [d.stories, t('hq.t_stories')],
        [d.strategies.reduce((a, s) => a + total(s), 0), t('hq.t_items')]]
        .map(([n, l], i) => h('div', { class: 'hq-stat', dataset: { total: ['events', 'participants', 'disability', 'notes', 'stories', 'items'][i] } }, h('div', { class: 'stat-n' }, String(n)), h('div', { class: 'muted small' }, l)))),
    h('div', { class: 'grid2' },
      h('div', { class: 'card' }, h('h2', {}, t('hq.by_province')),
        bars(d.provinces, (p) => p.participants, (p) => p.name, (p) => `${p.participants} · ${p.attendance_percent.toFixed(1)}%`)),
      h('div', { class: 'card' }, h('h2', {}, t('hq.by_category')),
        h('table', { class: 'list', id: 'hq-categories' },
          h('thead', {}, h('tr', {}, [t('hq.category'), 'L', 'P', '?', t('hq.total')].map((x) => h('th', {}, x)))),
          h('tbody', {}, d.by_category.filter((c) => c.total).map((c) => h('tr', {}, h('td', {}, c.label), h('td', {}, c.l), h('td', {}, c.p), h('td', {}, c.unknown), h('td', {}, h('strong', {}, c.total)))))))),
    h('div', { class: 'grid2' },
      h('div', { class: 'card' }, h('h2', {}, t('hq.by_day')),
        h('table', { class: 'list', id: 'hq-days' },
          h('thead', {}, h('tr', {}, [t('hq.day'), t('hq.present'), t('hq.registered'), '%'].map((x) => h('th', {}, x)))),
          h('tbody', {}, d.days.map((r) => h('tr', { dataset: { day: r.day } }, h('td', {}, r.day), h('td', {}, r.present), h('td', {}, r.expected),
            h('td', {}, r.expected ? (100 * r.present / r.expected).toFixed(1) : '—')))))),
      h('div', { class: 'card' }, h('h2', {}, t('hq.strategy_grid')),
        h('table', { class: 'list grid-heat', id: 'hq-strategies' },
          h('thead', {}, h('tr', {}, ['', t('status.planned'), t('status.in_progress'), t('status.done'), t('status.dropped')].map((x) => h('th', {}, x)))),
          h('tbody', {}, d.strategies.map((s) => {
            const max = Math.max(1, ...d.strategies.map(total));
            const cell = (n) => h('td', { style: `background: rgba(31,111,235,${(0.08 + 0.6 * n / max).toFixed(2)})` }, n);
            return h('tr', {}, h('th', {}, t(`strategy.${s.strategy}`)), cell(s.planned), cell(s.in_progress), cell(s.done), cell(s.dropped));
          }))))),
    h('div', { class: 'card' }, h('h2', {}, t('hq.provinces')),
      h('table', { class: 'list', id: 'hq-province-table' },
        h('thead', {}, h('tr', {}, [t('event.province'), t('hq.wave'), t('hq.t_people'), t('hq.present') + ' %', t('hq.t_items'), t('hq.t_notes'), t('hq.t_stories'), t('hq.winners')].map((x) => h('th', {}, x)))),
        h('tbody', {}, d.provinces.map((p) => h('tr', { dataset: { event: p.event_id } },
          h('td', {}, h('button', { class: 'link', onclick: () => go('hq_national', { event: p.event_id }) }, p.name)),
          h('td', {}, p.wave ?? '—'), h('td', {}, p.participants), h('td', {}, p.attendance_percent.toFixed(1)),
          h('td', {}, p.plan_items), h('td', {}, p.notes), h('td', {}, p.stories),
          h('td', { class: 'small' }, p.winners.map((w) => `${w.category}: ${w.institution}`).join('; ') || '—')))))));
}

async function renderEvent(view, id) {
  const v = await cmd.hqEventView({ eventId: id });
  const ev = v.event;
  view.append(
    h('p', {}, h('button', { class: 'link', id: 'hq-back', onclick: () => go('hq_national') }, '← ', t('nav.hq_national'))),
    h('h1', {}, ev.title),
    h('p', { class: 'muted', id: 'hq-readonly' }, t('hq.readonly'), ' · ', ev.province_name, ' · ', ev.start_date),
    h('div', { class: 'grid2' },
      h('div', { class: 'card' }, h('h2', {}, t('nav.agenda')),
        v.sessions.length ? h('ul', {}, v.sessions.map((s) => h('li', {}, `${t('hq.day')} ${s.day} · ${s.start}–${s.end} · ${s.title}`))) : h('p', { class: 'muted' }, '—')),
      h('div', { class: 'card' }, h('h2', {}, t('hq.by_day')),
        h('ul', {}, v.days.map((d) => h('li', {}, `${t('hq.day')} ${d.day}: ${d.present}/${d.expected}`))),
        h('h2', {}, t('nav.awards')), v.winners.length ? h('ul', {}, v.winners.map(([c, w]) => h('li', {}, `${c}: ${w}`))) : h('p', { class: 'muted' }, '—'),
        h('h2', {}, t('hq.t_stories')), v.stories.length ? h('ul', {}, v.stories.map((s) => h('li', {}, s))) : h('p', { class: 'muted' }, '—'))),
    h('div', { class: 'card' }, h('h2', {}, `${t('nav.participants')} (${v.participants.length})`),
      h('table', { class: 'list', id: 'hq-event-people' }, h('tbody', {}, v.participants.map((p) => h('tr', {}, h('td', {}, p.code), h('td', {}, p.name), h('td', {}, p.gender || ''), h('td', {}, p.category), h('td', {}, p.institution)))))),
    h('div', { class: 'card' }, h('h2', {}, `${t('nav.plans')} (${v.plans.length})`),
      h('ul', {}, v.plans.map((p) => h('li', {}, `${p.institution}: ${p.items.length} ${t('hq.t_items').toLowerCase()}`)))));
}
