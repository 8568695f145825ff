// Follow-up plans (RTL): one plan per institution, items drafted fast by keyboard.
import * as cmd from '../commands.js';
import { t } from '../i18n.js';
import { h, clear, formData, toast, ask } from '../dom.js';
import { app, go, showError } from '../app.js';
import { whenText, whenInput } from '../fmt.js';


const fold = (s) => (s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();

export async function render(view, params = {}) {
  const ev = app.event;
  if (!ev) { await go('home'); return; }
  let plans = [];
  let people = [];
  let selected = params.plan || null;
  let editing = null;

  const tabs = h('div', { class: 'tabs', role: 'tablist', id: 'plan-tabs' });
  const planBox = h('div', { id: 'plan-box' });
  const alert = h('div', { class: 'alert', role: 'alert', id: 'item-error' });
  const planAlert = h('div', { class: 'alert', role: 'alert', id: 'plan-error' });
  const institutions = h('datalist', { id: 'institution-list' });

  const newPlan = h('form', { class: 'row', id: 'plan-new', novalidate: true },
    h('input', { name: 'institution', id: 'plan-institution', list: 'institution-list', maxlength: 300, placeholder: t('plans.institution_placeholder'), style: 'max-width: 420px', 'aria-label': t('plans.institution') }),
    h('button', { type: 'submit', class: 'primary', id: 'plan-create' }, t('plans.new_plan')),
    institutions);

  const strategy = h('select', { name: 'strategy', id: 'i-strategy' }, app.constants.strategies.map((s) => h('option', { value: s }, t(`strategy.${s}`))));
  const field = (name, key, attrs = {}) => h('label', { class: `field${attrs.wide ? ' wide' : ''}` }, t(key),
    attrs.area ? h('textarea', { name, id: `i-${name}`, rows: 2, maxlength: 2000 }) : h('input', { name, id: `i-${name}`, maxlength: 300, placeholder: attrs.placeholder || null, autofocus: attrs.autofocus || null }));
  const form = h('form', { class: 'fields', id: 'item-form', novalidate: true },
    field('activity', 'plans.activity', { wide: true, autofocus: true }),
    h('label', { class: 'field' }, t('plans.strategy'), strategy),
    field('when', 'plans.when', { placeholder: t('plans.when_placeholder') }),
    field('objective', 'plans.objective', { wide: true, area: true }),
    field('target_group', 'plans.target_group'),
    field('method', 'plans.method'),
    field('place', 'plans.place'),
    field('responsible', 'plans.responsible'),
    field('resources', 'plans.resources', { placeholder: t('plans.resources_placeholder') }),
    field('indicator', 'plans.indicator'),
    field('notes', 'plans.notes', { wide: true }),
    h('div', { class: 'row wide' },
      h('button', { type: 'submit', class: 'primary', id: 'i-save' }, t('plans.add_item')),
      h('button', { type: 'button', id: 'i-cancel', hidden: true, onclick: () => resetForm() }, t('common.cancel')),
      h('span', { class: 'muted small' }, t('plans.enter_hint'))),
  );
  const formCard = h('div', { class: 'card', id: 'item-card' }, h('h2', { id: 'item-form-title' }, t('plans.add_title')), alert, form);

  function current() { return plans.find((p) => p.id === selected) || null; }

  function resetForm(keepStrategy = true) {
    const s = strategy.value;
    editing = null;
    form.reset();
    if (keepStrategy) strategy.value = s;
    alert.textContent = '';
    formCard.querySelector('#item-form-title').textContent = t('plans.add_title');
    form.querySelector('#i-save').textContent = t('plans.add_item');
    form.querySelector('#i-cancel').hidden = true;
  }

  function startEdit(it) {
    editing = it;
    for (const k of ['activity', 'objective', 'target_group', 'method', 'place', 'responsible', 'resources', 'indicator', 'notes']) form.elements[k].value = it[k] || '';
    form.elements.when.value = whenInput(it.when_from, it.when_to);
    strategy.value = it.strategy;
    formCard.querySelector('#item-form-title').textContent = t('plans.edit_title');
    form.querySelector('#i-save').textContent = t('common.save');
    form.querySelector('#i-cancel').hidden = false;
    form.elements.activity.focus();
  }

  async function load() {
    plans = await cmd.planList({ eventId: ev.id });
    if (!plans.some((p) => p.id === selected)) selected = plans[0]?.id || null;
    renderTabs();
    renderPlan();
  }

  function renderTabs() {
    clear(tabs);
    for (const p of plans) {
      tabs.append(h('button', { type: 'button', role: 'tab', 'aria-selected': p.id === selected ? 'true' : 'false', dataset: { id: p.id },
        onclick: () => { selected = p.id; resetForm(); renderTabs(); renderPlan(); } },
      `${p.institution} (${p.items.length})`, p.presented ? ' ✓' : ''));
    }
  }

  function renderPlan() {
    clear(planBox);
    const p = current();
    formCard.hidden = !p;
    if (!p) {
      planBox.append(h('p', { class: 'empty', id: 'plans-empty' }, t('plans.empty')));
      return;
    }
    const members = p.members.map((id) => people.find((x) => x.id === id)?.name).filter(Boolean);
    planBox.append(
      h('div', { class: 'row' },
        h('h2', { style: 'margin:0' }, p.institution),
        h('span', { class: 'spacer' }),
        h('label', { class: 'row' }, h('input', { type: 'checkbox', id: 'plan-presented', checked: p.presented, onchange: async (e) => {
          try { const on = e.target.checked; await cmd.planPresented({ id: p.id, presented: on }); await load(); toast(t(on ? 'plans.presented_saved' : 'plans.presented_removed')); } catch (err) { showError(err); }
        } }), t('plans.presented')),
        h('button', { class: 'small danger', onclick: async (e) => {
          if (!(await ask(e.target, t('plans.confirm_delete', { name: p.institution }), t('common.delete'), t('common.cancel')))) return;
          try { await cmd.planDelete({ id: p.id }); toast(t('plans.deleted')); selected = null; await load(); } catch (err) { showError(err); }
        } }, t('plans.delete_plan'))),
      h('p', { class: 'muted small' }, members.length ? `${t('plans.members')}: ${members.join(', ')}` : t('plans.no_members')),
    );
    if (p.items.length === 0) {
      planBox.append(h('p', { class: 'empty' }, t('plans.no_items')));
      return;
    }
    planBox.append(h('table', { class: 'list', id: 'item-table' },
      h('thead', {}, h('tr', {}, h('th', {}, t('plans.no')), h('th', {}, t('plans.activity')), h('th', {}, t('plans.strategy')), h('th', {}, t('plans.when')), h('th', {}, t('plans.responsible')), h('th', {}, t('plans.status')), h('th', {}, ''))),
      h('tbody', {}, p.items.map((it, i) => h('tr', { dataset: { id: it.id } },
        h('td', {}, String(i + 1)),
        h('td', { class: 'item-activity' }, it.activity, it.objective ? h('div', { class: 'muted small' }, it.objective) : null),
        h('td', {}, h('span', { class: 'badge' }, t(`strategy.${it.strategy}`))),
        h('td', {}, whenText(it.when_from, it.when_to) || '—'),
        h('td', {}, it.responsible || '—'),
        h('td', {}, h('select', { class: 'item-status', 'aria-label': t('plans.status'), onchange: async (e) => {
          try { await cmd.planItemStatus({ id: it.id, status: e.target.value }); await load(); toast(t('plans.status_saved')); } catch (err) { showError(err); }
        } }, app.constants.statuses.map((s) => h('option', { value: s, selected: s === it.status }, t(`status.${s}`))))),
        h('td', { class: 'actions' },
          h('button', { class: 'small', title: t('agenda.move_up'), 'aria-label': t('agenda.move_up'), disabled: i === 0, onclick: () => move(it, true) }, '↑'), ' ',
          h('button', { class: 'small', title: t('agenda.move_down'), 'aria-label': t('agenda.move_down'), disabled: i === p.items.length - 1, onclick: () => move(it, false) }, '↓'), ' ',
          h('button', { class: 'small item-dup', onclick: () => duplicate(it) }, t('plans.duplicate')), ' ',
          h('button', { class: 'small', onclick: () => startEdit(it) }, t('common.edit')), ' ',
          h('button', { class: 'small danger', onclick: (e) => removeItem(it, e.target) }, t('common.delete'))),
      )))));
  }

  async function move(it, up) {
    try { await cmd.planItemMove({ id: it.id, up }); await load(); } catch (e) { showError(e); }
  }
  async function duplicate(it) {
    try { const c = await cmd.planItemDuplicate({ id: it.id }); await load(); toast(t('plans.duplicated')); startEdit(c); } catch (e) { showError(e); }
  }
  async function removeItem(it, button) {
    if (!(await ask(button.closest('table') || button, t('plans.confirm_delete_item', { name: it.activity }), t('common.delete'), t('common.cancel')))) return;
    try { await cmd.planItemDelete({ id: it.id }); toast(t('plans.item_deleted')); await load(); } catch (e) { showError(e); }
  }

  // a datalist can swallow Enter in some webviews: Enter always creates the plan
  newPlan.elements.institution.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); newPlan.requestSubmit(); } });
  newPlan.addEventListener('submit', async (e) => {
    e.preventDefault();
    planAlert.textContent = '';
    const institution = newPlan.elements.institution.value;
    // the authors: participants of that institution (they can be changed later)
    const members = people.filter((p) => fold(p.institution) && fold(p.institution) === fold(institution)).map((p) => p.id);
    try {
      const p = await cmd.planCreate({ eventId: ev.id, input: { institution, regency: '', members } });
      selected = p.id;
      newPlan.reset();
      toast(t('plans.created'));
      await load();
      form.elements.activity.focus();
    } catch (err) { planAlert.textContent = err.message; }
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    alert.textContent = '';
    const p = current();
    if (!p) return;
    const d = formData(form);
    const input = { ...d, funding: '' };
    const button = form.querySelector('#i-save');
    button.disabled = true;
    try {
      if (editing) await cmd.planItemUpdate({ id: editing.id, input });
      else await cmd.planItemAdd({ planId: p.id, input });
      toast(editing ? t('plans.item_saved') : t('plans.item_added'));
      resetForm();
      await load();
      form.elements.activity.focus();
    } catch (err) {
      alert.textContent = err.message;
    } finally {
      button.disabled = false;
    }
  });

  people = await cmd.participantList({ eventId: ev.id });
  const names = [...new Set(people.map((p) => p.institution).filter(Boolean))].sort();
  for (const n of names) institutions.append(h('option', { value: n }));

  view.append(
    h('h1', {}, t('plans.title')),
    h('div', { class: 'card' }, h('p', { class: 'muted', style: 'margin-top:0' }, t('plans.intro')), planAlert, newPlan, h('div', { style: 'margin-top:12px' }, tabs), planBox),
    formCard,
  );
  await load();
}
