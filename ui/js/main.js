// PLM Desk UI: start-up, navigation and language.
import * as cmd from './commands.js';
import { loadLanguages, setLang, t, getLang } from './i18n.js';
import { h, clear, toast } from './dom.js';
import * as home from './views/home.js';
import * as eventView from './views/event.js';
import * as agenda from './views/agenda.js';
import * as participants from './views/participants.js';
import * as desk from './views/desk.js';
import * as help from './views/help.js';
import * as plans from './views/plans.js';
import * as notes from './views/notes.js';
import * as awards from './views/awards.js';
import * as reports from './views/reports.js';
import * as papers from './views/papers.js';
import * as datafile from './views/datafile.js';
import * as security from './views/security.js';
import * as hqHome from './views/hq/home.js';
import * as hqPlans from './views/hq/plans.js';
import * as hqReceive from './views/hq/receive.js';
import * as hqNational from './views/hq/national.js';
import * as hqPeople from './views/hq/people.js';
import * as hqExport from './views/hq/export.js';
import * as hqKeys from './views/hq/keys.js';
import { initLock, lockNow, lockState } from './lock.js';
import { enableHooks } from './testhooks.js';
import { app, go, homeRoute, nav, refreshEvent, renderTop, setRoutes, showError } from './app.js';

const routes = {
  home, event: eventView, agenda, participants, desk, help, plans, notes, awards, reports, papers, datafile, security,
  hq_home: hqHome, hq_plans: hqPlans, hq_receive: hqReceive, hq_national: hqNational, hq_people: hqPeople, hq_export: hqExport, hq_keys: hqKeys,
};
setRoutes(routes);

// The key of the database is not on this computer: the passphrase, a recovery key or
// file, or the key headquarters gives back opens it again.
function keyRecovery(view, info) {
  const err = h('div', { class: 'alert', role: 'alert', id: 'unlock-error', hidden: true });
  const fail = (x) => { err.hidden = false; err.textContent = x.message || String(x); };
  const pass = h('input', { type: 'password', id: 'unlock-passphrase', autocomplete: 'off', maxlength: '128' });
  const rec = h('textarea', { id: 'unlock-recovery', rows: '3', spellcheck: 'false', placeholder: 'PLMK-…' });
  const unlock = async (kind, secret) => {
    err.hidden = true;
    try { await cmd.recoveryUnlock({ kind, secret }); location.reload(); } catch (x) { fail(x); }
  };
  view.append(h('h1', {}, t('vault.locked_title')),
    h('div', { class: 'card', id: 'recovery' },
      h('p', { id: 'recovery-message' }, info.message || t('vault.locked_text')),
      h('p', { class: 'muted small' }, info.data_dir),
      err,
      h('form', { class: 'fields', id: 'unlock-pass-form', onsubmit: (e) => { e.preventDefault(); unlock('passphrase', pass.value); } },
        h('label', { class: 'field' }, t('vault.by_passphrase'), pass),
        h('div', { class: 'row wide' }, h('button', { type: 'submit', class: 'primary', id: 'unlock-pass-btn' }, t('vault.open')))),
      h('form', { class: 'fields', id: 'unlock-rec-form', onsubmit: (e) => { e.preventDefault(); unlock('recovery', rec.value); } },
        h('label', { class: 'field wide' }, t('vault.by_recovery'), rec, h('span', { class: 'hint' }, t('vault.by_recovery_hint'))),
        h('div', { class: 'row wide' }, h('button', { type: 'submit', id: 'unlock-rec-btn' }, t('vault.open')))),
      h('p', { class: 'muted small' }, t('vault.ask_hq'))));
  document.body.dataset.ready = 'true';
}

async function recovery(info) {
  const view = clear(document.getElementById('view'));
  setLang('id');
  if (info.key_missing) { keyRecovery(view, info); return; }
  if (info.code === 'storage.newer_version') {
    // not damaged: an older backup would lose the newer version's work, so none is offered
    view.append(h('h1', {}, t('recovery.newer_title')),
      h('div', { class: 'card', id: 'recovery' }, h('p', { id: 'recovery-message' }, info.message), h('p', { class: 'muted small' }, info.data_dir)));
    document.body.dataset.ready = 'true';
    return;
  }
  view.append(h('h1', {}, t('recovery.title')),
    h('div', { class: 'card', id: 'recovery' },
      h('p', {}, t('recovery.text')),
      h('p', { class: 'muted small' }, info.data_dir),
      info.backups.length === 0 ? h('div', { class: 'alert' }, t('recovery.none'))
        : h('table', { class: 'list' }, h('tbody', {}, info.backups.slice(0, 10).map((b, i) => h('tr', {},
          h('td', {}, b.taken_at + ' UTC'), h('td', {}, b.reason), h('td', {}, `${Math.round(b.bytes / 1024)} KB`),
          h('td', { class: 'actions' }, h('button', { class: i === 0 ? 'primary' : '', onclick: async () => {
            try { await cmd.recoveryRestore({ name: b.name }); location.reload(); } catch (e) { showError(e); }
          } }, t('recovery.restore'))))))),
    ));
  document.body.dataset.ready = 'true';
}

// Alt+1 … Alt+9, Alt+0 open the views in menu order; F2 opens the check-in desk, F1 help.
document.addEventListener('keydown', (e) => {
  if (lockState().locked) return;
  if (e.key === 'F2' && app.event && app.workspace !== 'hq') { e.preventDefault(); go('desk'); return; }
  if (e.key === 'F1') { e.preventDefault(); go('help'); return; }
  if (!e.altKey || e.ctrlKey || e.metaKey) return;
  const n = e.key === '0' ? 10 : Number(e.key);
  const item = nav()[n - 1];
  if (item && (!item.needsEvent || app.event)) { e.preventDefault(); go(item.route); }
});

async function start() {
  await loadLanguages();
  enableHooks((await cmd.appBuild()).dev_tools);
  const rec = await cmd.recoveryInfo();
  if (rec.damaged) { await recovery(rec); return; }
  // SQLite's whole-file check runs beside the start; a damaged file closes the database
  // and the page starts again on the recovery screen
  cmd.startupCheck().then((whole) => { if (!whole) location.reload(); }).catch(() => {});
  // with an app passphrase the window opens locked; after any unlock the view is drawn again
  await initLock(async () => { await refreshEvent(); await go(app.route, app.params); });
  const info = await cmd.appInfo();
  app.constants = await cmd.appConstants();
  setLang(info.language);
  const select = document.getElementById('lang-select');
  select.value = getLang();
  select.addEventListener('change', async () => {
    try {
      const l = await cmd.setLanguage({ language: select.value });
      setLang(l);
      renderTop();
      await go(app.route, app.params);
    } catch (e) {
      showError(e);
    }
  });
  const operator = document.getElementById('operator');
  operator.value = info.operator;
  operator.addEventListener('change', async () => {
    try { operator.value = await cmd.setOperator({ name: operator.value }); toast(t('nav.operator_saved')); } catch (e) { showError(e); }
  });
  document.getElementById('lock-btn').addEventListener('click', async () => {
    if (lockState().enabled) {
      try { await lockNow(); } catch (e) { showError(e); }
    } else {
      toast(t('lock.none_yet'));
      await go('security');
    }
  });
  document.getElementById('lock-settings').addEventListener('click', () => go('security'));
  app.provinces = await cmd.provinces();
  app.workspace = info.workspace;
  document.body.dataset.workspace = app.workspace || 'venue';
  await refreshEvent();
  await go(homeRoute());
  document.body.dataset.ready = 'true';
  // two frames later the first screen is on the glass: logged (and timed by the bench)
  requestAnimationFrame(() => requestAnimationFrame(() => { cmd.appPainted().catch(() => {}); }));
}

start().catch((e) => {
  document.getElementById('view').append(h('div', { class: 'alert', role: 'alert' }, e.message || String(e)));
});
