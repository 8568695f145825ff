// The app passphrase: set, change, the idle minutes, turn off. Reached from the
// sidebar ("Kunci layar") and from help.
import * as cmd from '../commands.js';
import { t } from '../i18n.js';
import { h, clear, toast } from '../dom.js';
import { lockChanged, lockNow } from '../lock.js';
import { exportDir } from '../testhooks.js';

const MINUTES = [1, 2, 5, 10, 15, 30, 60];

function field(label, control, hint) {
  return h('label', { class: 'field' }, label, control, hint ? h('span', { class: 'hint' }, hint) : null);
}

export async function render(view) {
  const st = await cmd.lockStatus();
  const box = h('div', {});
  const keyBox = h('div', {});
  view.append(h('h1', {}, t('lock.settings_title')),
    h('div', { class: 'card' }, h('p', {}, t('lock.explain')), h('p', { class: 'muted small' }, t('lock.explain_file'))),
    box, keyBox);
  draw(box, st);
  await drawKey(keyBox);
}

// Where the database key lives, and the recovery file for a USB stick.
async function drawKey(box) {
  const v = await cmd.vaultStatus();
  clear(box);
  const where = v.key_store === 'system' ? t('vault.kept_system')
    : v.key_store === 'file' ? t('vault.kept_file', { path: v.key_file || '' }) : t('vault.kept_none');
  const ways = [
    v.escrow ? t('vault.way_escrow') : null,
    v.passphrase_wrapped ? t('vault.way_passphrase') : null,
    v.recovery_saved_at ? t('vault.way_file', { when: new Date(v.recovery_saved_at).toLocaleString() }) : null,
  ].filter(Boolean);
  const save = async () => {
    try {
      const dir = exportDir();
      const p = dir ? await cmd.vaultSaveRecoveryTo({ path: `${dir}/plm-desk-kunci-pemulihan.txt` }) : await cmd.vaultSaveRecovery();
      if (p) { toast(t('vault.saved', { path: p })); await drawKey(box); }
    } catch (x) { toast(x.message, true); }
  };
  box.append(h('div', { class: 'card', id: 'vault-card' },
    h('h2', {}, t('vault.title')),
    h('p', { id: 'vault-encrypted' }, v.encrypted && v.backups_encrypted ? t('vault.encrypted') : t('vault.not_encrypted')),
    h('p', { id: 'vault-where' }, where),
    ways.length ? h('ul', { id: 'vault-ways' }, ways.map((w) => h('li', {}, w)))
      : h('div', { class: 'alert warn', id: 'vault-only-here' }, t('vault.only_here')),
    h('button', { class: v.escrow || v.recovery_saved_at ? '' : 'primary', id: 'vault-save-recovery', onclick: save }, t('vault.save_button')),
    h('p', { class: 'muted small' }, t('vault.save_help'))));
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
      const s = await cmd.lockSet({ current: current ? current.value : null, new: fresh.value, repeat: repeat.value, minutes: Number(minutes.value) });
      lockChanged(s);
      toast(st.enabled ? t('lock.changed') : t('lock.set_done', { n: s.minutes }));
      draw(box, { ...st, ...s });
    } catch (x) { err.textContent = x.message; }
  });
  async function off() {
    err.textContent = '';
    try {
      const s = await cmd.lockClear({ current: current.value });
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
