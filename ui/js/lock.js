// The app passphrase: the lock screen, the idle timer, and what locking hides.
// The Rust side refuses every other command while locked; this module only shows it.
import * as cmd from './commands.js';
import { h, clear } from './dom.js';
import { t, setLang } from './i18n.js';
import { lockAfterMs } from './testhooks.js';

const lock = { enabled: false, minutes: 10, locked: false, last: Date.now(), timer: null, onUnlock: null };
const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'];

export function lockState() {
  return { enabled: lock.enabled, minutes: lock.minutes, locked: lock.locked };
}

function idleLimitMs() {
  // tests may shorten the wait; people choose minutes
  return lockAfterMs() || lock.minutes * 60000;
}

// Hide everything personal: the view, any toast, the whole app behind the screen.
function hideApp() {
  const app = document.getElementById('app');
  app.inert = true;
  app.setAttribute('aria-hidden', 'true');
  app.classList.add('locked');
  clear(document.getElementById('view'));
  const toast = document.getElementById('toast');
  toast.textContent = '';
  toast.classList.remove('show');
}

function showApp() {
  const app = document.getElementById('app');
  app.inert = false;
  app.removeAttribute('aria-hidden');
  app.classList.remove('locked');
}

function showScreen() {
  document.getElementById('lock-screen')?.remove();
  const err = h('div', { id: 'lock-error', class: 'lock-error', role: 'alert' });
  const input = h('input', { id: 'lock-pass', type: 'password', autocomplete: 'off', maxlength: '128', 'aria-labelledby': 'lock-label' });
  const form = h('form', { id: 'lock-form' },
    h('label', { id: 'lock-label', for: 'lock-pass' }, t('lock.passphrase')),
    input,
    h('button', { id: 'lock-open', type: 'submit', class: 'primary' }, t('lock.open')),
    err);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    err.textContent = '';
    try {
      await cmd.lockUnlock({ passphrase: input.value });
      input.value = '';
      await unlocked();
    } catch (x) {
      err.textContent = x.message || String(x);
      input.select();
    }
  });
  const screen = h('div', { id: 'lock-screen', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'lock-title' },
    h('div', { class: 'lock-box' },
      h('img', { src: 'img/icon.png', alt: '', width: 64, height: 64 }),
      h('h1', { id: 'lock-title' }, t('lock.title')),
      h('p', {}, t('lock.text')),
      form,
      h('p', { class: 'muted small' }, t('lock.forgot')),
      h('p', { class: 'muted small' }, h('code', { class: 'cmd' }, 'plm-desk lock clear'))));
  document.body.append(screen);
  input.focus();
}

async function unlocked() {
  lock.locked = false;
  lock.last = Date.now();
  document.getElementById('lock-screen')?.remove();
  showApp();
  document.body.dataset.locked = 'false';
  if (lock.onUnlock) await lock.onUnlock();
}

// Lock now: the Rust side first, then the screen.
export async function lockNow() {
  if (lock.locked) return;
  await cmd.lockNow();
  showLocked();
}

function showLocked() {
  lock.locked = true;
  hideApp();
  showScreen();
  document.body.dataset.locked = 'true';
}

function tick() {
  if (lock.enabled && !lock.locked && Date.now() - lock.last >= idleLimitMs()) {
    lockNow().catch(() => {});
  }
}

// Read the settings; if the window starts locked, resolve only once it is opened.
// `onUnlock` runs after every later unlock (to draw the view again).
export async function initLock(onUnlock) {
  const st = await cmd.lockStatus();
  lock.enabled = st.enabled;
  lock.minutes = st.minutes;
  for (const ev of ACTIVITY) document.addEventListener(ev, () => { lock.last = Date.now(); }, { passive: true, capture: true });
  // a command refused as locked (another part of the page was faster) shows the screen
  window.addEventListener('plm-locked', () => { if (!lock.locked) showLocked(); });
  clearInterval(lock.timer);
  lock.timer = setInterval(tick, 1000);
  document.body.dataset.locked = st.locked ? 'true' : 'false';
  if (!st.locked) { lock.onUnlock = onUnlock; return; }
  setLang(st.language);
  await new Promise((resolve) => {
    lock.onUnlock = async () => { lock.onUnlock = onUnlock; resolve(); };
    showLocked();
  });
}

// After the settings changed in the security view.
export function lockChanged(settings) {
  lock.enabled = settings.enabled;
  lock.minutes = settings.minutes;
  lock.last = Date.now();
  document.dispatchEvent(new CustomEvent('plm-lock-changed'));
}
