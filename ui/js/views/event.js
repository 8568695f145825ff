// Create or edit an event.
import * as cmd from '../commands.js';
import { t } from '../i18n.js';
import { h, formData, toast } from '../dom.js';
import { app, go, refreshEvent } from '../app.js';
import { kitButton } from './kit.js';

const ERROR_FIELD = {
  'event.unknown_province': 'province',
  'event.bad_date': 'start_date',
  'event.days_out_of_range': 'days',
  'event.year_out_of_range': 'program_year',
  'event.wave_out_of_range': 'wave',
  'event.unknown_zone': 'timezone',
  'event.sessions_beyond_days': 'days',
};

function field(label, control, hint, wide) {
  return h('label', { class: 'field' + (wide ? ' wide' : '') }, label, control, hint ? h('span', { class: 'hint' }, hint) : null);
}

export async function render(view, params = {}) {
  const editing = params.mode !== 'new' && app.event;
  const ev = editing ? app.event : null;
  const provinceSelect = h('select', { name: 'province', id: 'ev-province', required: true },
    h('option', { value: '' }, t('event.choose_province')),
    app.provinces.map((p) => h('option', { value: p.code }, `${p.name} (${p.code}, ${p.zone_label})`)));
  provinceSelect.value = ev ? ev.province_code : '';
  const regencyList = h('datalist', { id: 'regency-list' });
  const zoneHint = h('span', {});
  const fillRegencies = () => {
    regencyList.replaceChildren(...(app.provinces.find((p) => p.code === provinceSelect.value)?.regencies || [])
      .map((r) => h('option', { value: r.name })));
    const p = app.provinces.find((x) => x.code === provinceSelect.value);
    zoneHint.textContent = p ? t('event.zone_default', { zone: p.zone_label }) : '';
  };
  provinceSelect.addEventListener('change', fillRegencies);
  fillRegencies();

  const days = h('select', { name: 'days', id: 'ev-days' }, [1, 2, 3, 4, 5].map((n) => h('option', { value: n }, t('event.n_days', { n }))));
  days.value = ev ? String(ev.days) : '2';
  const tz = h('select', { name: 'timezone', id: 'ev-tz' },
    h('option', { value: '' }, t('event.zone_auto')),
    h('option', { value: 'Asia/Jakarta' }, 'WIB (UTC+7)'),
    h('option', { value: 'Asia/Makassar' }, 'WITA (UTC+8)'),
    h('option', { value: 'Asia/Jayapura' }, 'WIT (UTC+9)'));
  tz.value = ev ? ev.timezone : '';
  const mode = h('select', { name: 'attendance_mode', id: 'ev-mode' },
    h('option', { value: 'day' }, t('event.mode_day')),
    h('option', { value: 'half_day' }, t('event.mode_half_day')),
    h('option', { value: 'session' }, t('event.mode_session')));
  mode.value = ev ? ev.attendance_mode : 'day';

  const alert = h('div', { class: 'alert', role: 'alert', id: 'event-error' });
  const form = h('form', { class: 'fields', id: 'event-form', novalidate: true },
    field(t('event.title'), h('input', { name: 'title', id: 'ev-title', value: ev?.title ?? '', autofocus: true, maxlength: 200, placeholder: t('event.title_placeholder') }), null, true),
    field(t('event.province'), provinceSelect, zoneHint),
    field(t('event.regency'), h('input', { name: 'regency', id: 'ev-regency', list: 'regency-list', value: ev?.regency_name ?? '', maxlength: 200 })),
    field(t('event.venue'), h('input', { name: 'venue', id: 'ev-venue', value: ev?.venue ?? '', maxlength: 200 }), null, true),
    field(t('event.start_date'), h('input', { name: 'start_date', id: 'ev-start', value: ev?.start_date ?? '', placeholder: '2022-07-05', inputmode: 'numeric' }), t('event.date_hint')),
    field(t('event.days'), days),
    field(t('event.wave'), h('input', { name: 'wave', id: 'ev-wave', type: 'number', min: 1, max: 20, value: ev?.wave ?? '' })),
    field(t('event.program_year'), h('input', { name: 'program_year', id: 'ev-year', type: 'number', min: 2000, max: 2100, value: ev?.program_year ?? '' }), t('event.year_hint')),
    field(t('event.organiser'), h('input', { name: 'organiser', id: 'ev-organiser', value: ev?.organiser ?? '', maxlength: 200 })),
    field(t('event.timezone'), tz),
    field(t('event.attendance_mode'), mode),
    editing ? field(t('event.retention'), h('input', { name: 'retention_until', id: 'ev-retention', value: ev.retention_until ?? '', placeholder: '2024-07-06' }), t('event.retention_hint')) : null,
    regencyList,
    h('div', { class: 'row wide' },
      h('button', { type: 'submit', class: 'primary', id: 'ev-save' }, editing ? t('common.save') : t('event.create')),
      h('button', { type: 'button', onclick: () => go('home') }, t('common.cancel')),
    ),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    alert.textContent = '';
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    const d = formData(form);
    const input = {
      title: d.title, province: d.province, regency: d.regency, venue: d.venue, start_date: d.start_date,
      days: Number(d.days), wave: d.wave ? Number(d.wave) : null, organiser: d.organiser,
      program_year: d.program_year ? Number(d.program_year) : null,
      timezone: d.timezone || null, attendance_mode: d.attendance_mode,
    };
    const button = form.querySelector('#ev-save');
    button.disabled = true;
    try {
      if (editing) {
        await cmd.eventUpdate({ id: ev.id, input });
        if (d.retention_until && d.retention_until !== ev.retention_until) await cmd.eventSetRetention({ id: ev.id, until: d.retention_until });
      }
      else await cmd.eventCreate({ input });
      await refreshEvent();
      toast(editing ? t('event.saved') : t('event.created'));
      await go(editing ? 'home' : 'agenda');
    } catch (err) {
      alert.textContent = err.message;
      const name = ERROR_FIELD[err.code];
      const bad = name && form.elements[name];
      if (bad) { bad.setAttribute('aria-invalid', 'true'); bad.focus(); }
    } finally {
      button.disabled = false;
    }
  });

  view.append(
    h('div', { class: 'row' },
      h('h1', {}, editing ? t('event.edit_title') : t('event.new_title')),
      h('span', { class: 'spacer' }),
      editing ? h('button', { id: 'btn-new-event', onclick: () => go('event', { mode: 'new' }) }, t('event.new_title')) : null,
    ),
    h('div', { class: 'card' }, alert, form),
    h('div', { class: 'card' }, h('h2', {}, t('kit.title')), h('p', { class: 'muted small' }, t('kit.have_kit')), kitButton()),
  );
}
