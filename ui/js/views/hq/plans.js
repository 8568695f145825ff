// The year's planned PLMs: a table with each row's state and what arrived, a form to add
// one, a spreadsheet import with its per-line report, and the event kit of each row.
import * as cmd from '../../commands.js';
import { t } from '../../i18n.js';
import { h, clear, toast, formData, ask } from '../../dom.js';
import { app, go, showError } from '../../app.js';
import { dateRange } from '../../fmt.js';
import { pickFile, stateBadge, when } from './common.js';
import { exportDir } from '../../testhooks.js';

function arrivalText(a) {
  if (!a) return '—';
  return t('hq.arrival', { files: a.files, people: a.participants, checkins: a.checkins, items: a.plan_items });
}

async function saveKit(plan, out) {
  clear(out);
  const roster = document.getElementById(`kit-roster-${plan.id}`)?.checked ? await pickFile('sheet') : null;
  const agendaFrom = document.getElementById('kit-agenda-from')?.value || null;
  const dir = exportDir();
  try {
    const r = dir
      ? await cmd.kitMakeTo({ planId: plan.id, roster, agendaFrom, path: `${dir}/kit-${plan.province_code}.plmkit` })
      : await cmd.kitMake({ planId: plan.id, roster, agendaFrom });
    if (!r) return;
    const rep = r.kit.roster_report;
    out.append(h('div', { class: 'desk-ok', id: 'kit-saved' },
      h('div', { class: 'desk-ok-title' }, t('hq.kit_saved')),
      h('div', { class: 'small' }, r.path),
      h('div', { class: 'muted small' }, t('hq.kit_detail', { people: r.kit.participants, sessions: r.kit.sessions })),
      rep && rep.rejected.length ? h('ul', { class: 'small' }, rep.rejected.map((x) => h('li', {}, t('import.line', { line: x.line }), ': ', x.reason))) : null));
    toast(t('hq.kit_saved'));
  } catch (e) {
    out.append(h('div', { class: 'alert', role: 'alert' }, e.message));
  }
}

export async function render(view, params = {}) {
  const plans = await cmd.hqPlans();
  const info = await cmd.hqInfo();
  // events kept here whose agenda can go into a kit as its template
  const templates = await cmd.eventList();
  const out = h('div', { id: 'hq-plans-msg', 'aria-live': 'polite' });
  view.append(h('h1', {}, t('nav.hq_plans')), out);
  if (params.imported) out.append(importReport(params.imported));
  if (!info.key) view.append(h('div', { class: 'alert warn' }, t('hq.kit_needs_key')));

  const planned = plans.filter((p) => p.id);
  const table = h('table', { class: 'list', id: 'hq-plan-table' },
    h('thead', {}, h('tr', {}, [t('event.province'), t('hq.wave'), t('hq.dates'), t('event.venue'), t('hq.trainers'), t('hq.state_col'), t('hq.arrived'), ''].map((x) => h('th', {}, x)))),
    h('tbody', {}, plans.map((p) => {
      const row = h('tr', { dataset: { plan: p.id || '', event: p.event_id, state: p.state } },
        h('td', {}, h('strong', {}, p.province_name), h('div', { class: 'muted small' }, p.title)),
        h('td', {}, p.wave ?? '—'),
        h('td', {}, dateRange(p.start_date, p.end_date)),
        h('td', {}, [p.venue, p.city].filter(Boolean).join(', ') || '—'),
        h('td', { class: 'small' }, p.trainers.join(', ') || '—'),
        h('td', {}, stateBadge(p.state), p.kit_saved_at ? h('div', { class: 'muted small' }, t('hq.kit_at', { when: when(p.kit_saved_at) })) : null),
        h('td', { class: 'small' }, arrivalText(p.arrival), p.arrival ? h('div', { class: 'muted small' }, when(p.arrival.last_at)) : null),
        h('td', { class: 'actions' }, p.id
          ? [h('label', { class: 'small' }, h('input', { type: 'checkbox', id: `kit-roster-${p.id}` }), ' ', t('hq.kit_with_roster')),
            h('button', { class: 'small', id: `kit-save-${p.id}`, disabled: !info.key, onclick: () => saveKit(p, out) }, t('hq.kit_save')),
            h('button', { class: 'small link', onclick: async (e) => {
              if (!(await ask(e.target, t('hq.plan_remove_q'), t('common.delete'), t('common.cancel')))) return;
              try { await cmd.hqPlanRemove({ id: p.id }); await go('hq_plans'); } catch (err) { showError(err); }
            } }, t('common.delete'))]
          : attachBox(p, planned)));
      return row;
    })));

  const form = h('form', { class: 'card', id: 'hq-plan-form', onsubmit: async (e) => {
    e.preventDefault();
    const d = formData(form);
    form.querySelectorAll('.invalid').forEach((x) => x.classList.remove('invalid'));
    try {
      await cmd.hqPlanAdd({ input: { province: d.province, title: d.title, start_date: d.start_date, days: Number(d.days), wave: d.wave ? Number(d.wave) : null, city: d.city, venue: d.venue, trainers: [d.trainers] } });
      toast(t('hq.plan_added'));
      await go('hq_plans');
    } catch (err) {
      const f = { 'start date': 'start_date', start_date: 'start_date' }[err.field] || err.field;
      const el = f && form.querySelector(`[name="${f}"]`);
      if (el) { el.classList.add('invalid'); el.focus(); }
      clear(out).append(h('div', { class: 'alert', role: 'alert', id: 'hq-plan-error' }, err.message));
    }
  } },
  h('h2', {}, t('hq.plan_add')),
  h('div', { class: 'grid3' },
    h('label', {}, t('event.province'), h('select', { name: 'province', required: true },
      h('option', { value: '' }, t('event.choose_province')),
      app.provinces.map((p) => h('option', { value: p.code }, `${p.code} ${p.name}`)))),
    h('label', {}, t('hq.wave'), h('input', { name: 'wave', type: 'number', min: 1, max: 20 })),
    h('label', {}, t('event.start_date'), h('input', { name: 'start_date', type: 'date', required: true })),
    h('label', {}, t('event.days'), h('input', { name: 'days', type: 'number', min: 1, max: 5, value: 3 })),
    h('label', {}, t('hq.city'), h('input', { name: 'city', maxlength: 200 })),
    h('label', {}, t('event.venue'), h('input', { name: 'venue', maxlength: 200 })),
    h('label', {}, t('event.title'), h('input', { name: 'title', maxlength: 200, placeholder: t('hq.title_placeholder') })),
    h('label', { class: 'span2' }, t('hq.trainers'), h('input', { name: 'trainers', maxlength: 800, placeholder: t('hq.trainers_placeholder') }))),
  h('button', { class: 'primary', type: 'submit', id: 'hq-plan-save' }, t('hq.plan_add')));

  const importCard = h('div', { class: 'card', id: 'hq-plan-import' },
    h('h2', {}, t('hq.plan_import')),
    h('p', { class: 'muted small' }, t('hq.plan_import_help')),
    h('button', { id: 'hq-plan-import-btn', onclick: async () => {
      const path = await pickFile('sheet');
      if (!path) return;
      try {
        // the table drawn again with the new rows, the file's report above it
        await go('hq_plans', { imported: await cmd.hqPlanImport({ path, dryRun: false }) });
      } catch (err) { clear(out).append(h('div', { class: 'alert', role: 'alert' }, err.message)); }
    } }, t('hq.plan_import_btn')));

  const settings = h('div', { class: 'row small', id: 'hq-plan-settings' },
    h('label', {}, t('hq.kit_agenda_from'), ' ', h('select', { id: 'kit-agenda-from' },
      h('option', { value: '' }, t('hq.kit_no_agenda')),
      templates.map((e) => h('option', { value: e.id }, `${e.title} · ${e.start_date}`)))),
    h('form', { class: 'row', id: 'hq-overdue-form', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      const input = document.getElementById('hq-overdue-days');
      input.classList.remove('invalid');
      try {
        await cmd.hqSetOverdueDays({ days: input.value });
        await go('hq_plans');
        toast(t('hq.overdue_saved'));
      } catch (err) {
        input.classList.add('invalid');
        input.focus();
        clear(out).append(h('div', { class: 'alert', role: 'alert', id: 'hq-overdue-error' }, err.message));
      }
    } },
    h('label', { for: 'hq-overdue-days' }, t('hq.overdue_after')),
    h('input', { id: 'hq-overdue-days', type: 'number', min: 1, max: 365, value: info.overdue_days, style: 'width:80px' }),
    h('span', {}, t('hq.overdue_days_unit')),
    h('button', { type: 'submit', class: 'small' }, t('common.save'))));
  view.append(
    plans.length ? table : h('p', { class: 'muted', id: 'hq-plan-table' }, t('hq.no_plans')),
    settings,
    h('div', { class: 'grid2' }, form, importCard));
}

function importReport(r) {
  return h('div', { class: r.rejected.length ? 'alert warn' : 'desk-ok', id: 'hq-import-report' },
    h('p', {}, t('hq.plan_import_done', { n: r.added })),
    r.already_planned.length ? h('p', { class: 'small' }, t('hq.plan_import_already', { n: r.already_planned.length })) : null,
    r.rejected.length ? h('ul', { class: 'small' }, r.rejected.map((x) => h('li', {}, t('import.line', { line: x.line }), ': ', x.reason))) : null);
}

function attachBox(p, planned) {
  const sel = h('select', { class: 'small', 'aria-label': t('hq.attach_to') },
    h('option', { value: '' }, t('hq.attach_to')),
    planned.filter((x) => !x.arrival && x.province_code === p.province_code).concat(planned.filter((x) => !x.arrival && x.province_code !== p.province_code))
      .map((x) => h('option', { value: x.id }, `${x.province_name} · ${x.start_date}`)));
  return [sel, h('button', { class: 'small', onclick: async () => {
    if (!sel.value) return;
    try { await cmd.hqPlanAttach({ id: sel.value, eventId: p.event_id }); toast(t('hq.attached')); await go('hq_plans'); } catch (err) { showError(err); }
  } }, t('hq.attach'))];
}
