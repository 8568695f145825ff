// The agenda: sessions per day, add / edit / delete / reorder.
import * as cmd from '../commands.js';
import { t } from '../i18n.js';
import { h, clear, formData, toast, ask } from '../dom.js';
import { app, go, showError } from '../app.js';
import { longDate, timeRange, addDays } from '../fmt.js';

export const KINDS = ['opening', 'presentation', 'sharing', 'resource_person', 'capacity', 'rtl', 'awards', 'closing', 'other'];


export async function render(view, params = {}) {
  const ev = app.event;
  if (!ev) { await go('home'); return; }
  let day = params.day || 1;
  let editing = null; // the session being edited
  let sessions = [];

  const tabs = h('div', { class: 'tabs', role: 'tablist' });
  const listBox = h('div', {});
  const alert = h('div', { class: 'alert', role: 'alert', id: 'session-error' });
  const formTitle = h('h2', {});
  const daySelect = h('select', { name: 'day', id: 's-day' },
    Array.from({ length: ev.days }, (_, i) => h('option', { value: i + 1 }, t('agenda.day_n', { n: i + 1 }))));
  const kind = h('select', { name: 'kind', id: 's-kind' }, KINDS.map((k) => h('option', { value: k }, t(`kind.${k}`))));
  const form = h('form', { class: 'fields', id: 'session-form', novalidate: true },
    h('label', { class: 'field wide' }, t('agenda.session_title'), h('input', { name: 'title', id: 's-title', maxlength: 200, autofocus: true })),
    h('label', { class: 'field' }, t('agenda.day'), daySelect),
    h('label', { class: 'field' }, t('agenda.kind'), kind),
    h('label', { class: 'field' }, t('agenda.start'), h('input', { name: 'start', id: 's-start', placeholder: '08.30', inputmode: 'numeric', maxlength: 5 })),
    h('label', { class: 'field' }, t('agenda.end'), h('input', { name: 'end', id: 's-end', placeholder: '10.00', inputmode: 'numeric', maxlength: 5 })),
    h('label', { class: 'field wide' }, t('agenda.facilitators'), h('input', { name: 'facilitators', id: 's-facilitators', maxlength: 300 })),
    h('label', { class: 'field wide' }, t('agenda.resource_person'), h('input', { name: 'resource_person', id: 's-resource', maxlength: 300 })),
    h('div', { class: 'row wide' },
      h('button', { type: 'submit', class: 'primary', id: 's-save' }, t('agenda.add')),
      h('button', { type: 'button', id: 's-cancel', onclick: () => resetForm() }, t('common.cancel')),
    ),
  );

  function resetForm() {
    editing = null;
    form.reset();
    daySelect.value = String(day);
    kind.value = sessions.some((s) => s.day === day) ? 'other' : (day === 1 ? 'opening' : 'other');
    alert.textContent = '';
    formTitle.textContent = t('agenda.add_title');
    form.querySelector('#s-save').textContent = t('agenda.add');
    form.querySelector('#s-cancel').hidden = true;
    const last = sessions.filter((s) => s.day === day).at(-1);
    if (last) form.elements.start.value = last.end.replace(':', '.');
  }

  function startEdit(s) {
    editing = s;
    form.elements.title.value = s.title;
    daySelect.value = String(s.day);
    kind.value = s.kind;
    form.elements.start.value = s.start.replace(':', '.');
    form.elements.end.value = s.end.replace(':', '.');
    form.elements.facilitators.value = s.facilitators;
    form.elements.resource_person.value = s.resource_person;
    formTitle.textContent = t('agenda.edit_title');
    form.querySelector('#s-save').textContent = t('common.save');
    form.querySelector('#s-cancel').hidden = false;
    form.elements.title.focus();
  }

  async function load() {
    sessions = await cmd.sessionList({ eventId: ev.id });
    renderTabs();
    renderList();
  }

  function renderTabs() {
    clear(tabs);
    for (let d = 1; d <= ev.days; d++) {
      const n = sessions.filter((s) => s.day === d).length;
      tabs.append(h('button', {
        type: 'button', role: 'tab', id: `day-tab-${d}`, 'aria-selected': d === day ? 'true' : 'false',
        onclick: () => { day = d; if (!editing) daySelect.value = String(d); renderTabs(); renderList(); resetForm(); },
      }, `${t('agenda.day_n', { n: d })} · ${longDate(addDays(ev.start_date, d - 1))} (${n})`));
    }
  }

  function renderList() {
    clear(listBox);
    const list = sessions.filter((s) => s.day === day);
    if (list.length === 0) {
      listBox.append(h('p', { class: 'empty' }, t('agenda.empty')));
      return;
    }
    listBox.append(h('table', { class: 'list', id: 'session-table' },
      h('thead', {}, h('tr', {}, h('th', {}, t('agenda.time')), h('th', {}, t('agenda.session_title')), h('th', {}, t('agenda.kind')), h('th', {}, t('agenda.facilitators')), h('th', {}, ''))),
      h('tbody', {}, list.map((s, i) => h('tr', { dataset: { id: s.id } },
        h('td', { class: 'time' }, timeRange(s.start, s.end, ev.zone_label)),
        h('td', { class: 'session-title' }, s.title, s.resource_person ? h('div', { class: 'muted' }, `${t('agenda.resource_person')}: ${s.resource_person}`) : null),
        h('td', {}, h('span', { class: 'badge' }, t(`kind.${s.kind}`))),
        h('td', {}, s.facilitators || '—'),
        h('td', { class: 'actions' },
          h('button', { class: 'small', title: t('agenda.move_up'), 'aria-label': t('agenda.move_up'), disabled: i === 0, onclick: () => move(s, true) }, '↑'),
          ' ',
          h('button', { class: 'small', title: t('agenda.move_down'), 'aria-label': t('agenda.move_down'), disabled: i === list.length - 1, onclick: () => move(s, false) }, '↓'),
          ' ',
          h('button', { class: 'small', onclick: () => startEdit(s) }, t('common.edit')),
          ' ',
          h('button', { class: 'small danger', onclick: (e) => remove(s, e.target) }, t('common.delete')),
        ),
      )))));
  }

  async function move(s, up) {
    try { sessions = await cmd.sessionMove({ id: s.id, up }); renderList(); } catch (e) { showError(e); }
  }

  async function remove(s, button) {
    if (!(await ask(button.closest('table') || button, t('agenda.confirm_delete', { title: s.title }), t('common.delete'), t('common.cancel')))) return;
    try { await cmd.sessionDelete({ id: s.id }); toast(t('agenda.deleted')); await load(); } catch (e) { showError(e); }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    alert.textContent = '';
    const d = formData(form);
    const input = { day: Number(d.day), start: d.start, end: d.end, title: d.title, kind: d.kind, facilitators: d.facilitators, resource_person: d.resource_person };
    const button = form.querySelector('#s-save');
    button.disabled = true;
    try {
      if (editing) await cmd.sessionUpdate({ id: editing.id, input });
      else await cmd.sessionAdd({ eventId: ev.id, input });
      toast(editing ? t('agenda.saved') : t('agenda.added'));
      day = input.day;
      await load();
      resetForm();
      form.elements.title.focus();
    } catch (err) {
      alert.textContent = err.message;
    } finally {
      button.disabled = false;
    }
  });

  view.append(
    h('h1', {}, t('agenda.title')),
    h('div', { class: 'grid2 agenda-grid' },
      h('div', { class: 'card' }, tabs, listBox),
      h('div', { class: 'card' }, formTitle, alert, form),
    ),
  );
  await load();
  resetForm();
}
