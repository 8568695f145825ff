// The app passphrase: set, change, the idle minutes, turn off. Reached from the
// sidebar ("Kunci layar") and from help.
import { call } from '../api.js';
import { t } from '../i18n.js';
import { h, clear, toast } from '../dom.js';
import { lockChanged, lockNow } from '../lock.js';

const MINUTES = [1, 2, 5, 10, 15, 30, 60];

function field(label, control, hint) {
  return h('label', { class: 'field' }, label, control, hint ? h('span', { class: 'hint' }, hint) : null);
}

export async function render(view) {
  const st = await call('lock_status');
  const box = h('div', {});
  view.append(h('h1', {}, t('lock.settings_title')),
    h('div', { class: 'card' }, h('p', {}, t('lock.explain')), h('p', { class: 'muted small' }, t('lock.explain_file'))),
    box);
  draw(box, st);
}

function draw(box, st) {
  clear(box);
  const err = h('div', { class: 'alert', role: 'alert', id: 'lock-set-error' });
  const current = st.enabled ? h('input', { type: 'password', name: 'current', id: 'lock-current', autocomplete: 'off', maxlength: '128' }) : null;
  const fresh = h('input', { type: 'password', name: 'new', id: 'lock-new', autocomplete: 'new-password', maxlength: '128' });
  const repeat = h('input', { type: 'password', name: 'repeat', id: 'lock-repeat', autocomplete: 'new-password', maxlength: '128' });
  const minutes = h('select', { id: 'lock-minutes' }, MINUTES.map((m) => h('option', { value: String(m) }, t('lock.minutes_n', { n: m }))));
  minutes.value = String(MINUTES.includes(st.minutes) ? st.minutes : 10);
  const form = h('form', { class: 'fields', id: 'lock-set-form' },
    current ? field(t('lock.current'), current) : null,
    field(st.enabled ? t('lock.new_change') : t('lock.new'), fresh, t('lock.new_hint')),
    field(t('lock.repeat'), repeat),
    field(t('lock.after'), minutes, t('lock.after_hint')),
    h('div', { class: 'row wide' },
      h('button', { type: 'submit', class: 'primary', id: 'lock-save' }, st.enabled ? t('lock.save_change') : t('lock.save_new')),
      st.enabled ? h('button', { type: 'button', id: 'lock-now-btn', onclick: () => lockNow().catch((e) => toast(e.message, true)) }, t('lock.lock_now')) : null,
      h('span', { class: 'spacer' }),
      st.enabled ? h('button', { type: 'button', class: 'danger', id: 'lock-off', onclick: off } , t('lock.turn_off')) : null),
    h('div', { class: 'wide' }, err));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    err.textContent = '';
    try {
      const s = await call('lock_set', { current: current ? current.value : null, new: fresh.value, repeat: repeat.value, minutes: Number(minutes.value) });
      lockChanged(s);
      toast(st.enabled ? t('lock.changed') : t('lock.set_done', { n: s.minutes }));
      draw(box, { ...st, ...s });
    } catch (x) { err.textContent = x.message; }
  });
  async function off() {
    err.textContent = '';
    try {
      const s = await call('lock_clear', { current: current.value });
      lockChanged(s);
      toast(t('lock.off_done'));
      draw(box, { ...st, ...s });
    } catch (x) { err.textContent = x.message; }
  }
  box.append(h('div', { class: 'card', id: 'lock-card' },
    h('h2', {}, st.enabled ? t('lock.on', { n: st.minutes }) : t('lock.off')),
    form));
  (current || fresh).focus();
}
