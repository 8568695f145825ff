// The check-in desk: search or scan, Enter checks in, then consent and signature.
import * as cmd from '../commands.js';
import { t } from '../i18n.js';
import { h, clear, toast } from '../dom.js';
import { app, go, showError } from '../app.js';
import { longDate, addDays } from '../fmt.js';
import SignaturePad from '../../vendor/signature_pad/signature_pad.js';
import { publish } from '../testhooks.js';

// The last keystrokes' search times in ms: [key to results in the page, key to the frame
// that shows them]. Numbers only, nothing personal; `plm-desk bench` reads them through
// WebDriver (window.__PLM_SEARCH_TIMINGS__ in test and bench builds) to measure search in
// the real window.
const searchTimings = [];
publish('SEARCH_TIMINGS', searchTimings);
function recordSearchTiming(shown, painted) {
  if (searchTimings.length >= 2000) searchTimings.shift();
  searchTimings.push([shown, painted]);
}
const CODE_RE = /^[A-Za-z0-9é"'(\-è_çà&]{6}$/;

export async function render(view, params = {}) {
  const ev = app.event;
  if (!ev) { await go('home'); return; }
  // a day (session, half) chosen by hand is kept for this session of work, per event,
  // until the facilitator chooses another: visiting another screen does not forget it
  app.deskChoice = app.deskChoice || {};
  const kept = app.deskChoice[ev.id] || {};
  const choice = {
    day: params.day ?? kept.day ?? null,
    session_id: params.session_id ?? kept.session_id ?? null,
    half: params.half ?? kept.half ?? null,
  };
  const keepChoice = () => { app.deskChoice[ev.id] = { ...choice }; };
  let desk = null; // {slot, present, expected, sealed_days}
  let results = [];
  let selected = 0;
  let seq = 0;
  let pending = null; // the last check-in, for consent / signature / undo
  let pad = null;

  const count = h('div', { class: 'desk-count', id: 'desk-count', 'aria-live': 'polite' });
  const slotBox = h('div', { class: 'row desk-slot' });
  const sealedBanner = h('div', { id: 'desk-sealed' });
  // the laptop's date is not an event day (or is before the app was built): said before
  // the first check-in, because the times on the daftar hadir come from this clock
  const clockBanner = h('div', { id: 'desk-clock', role: 'status' });
  const search = h('input', {
    id: 'desk-search', class: 'desk-search', type: 'text', autocomplete: 'off', spellcheck: 'false', autofocus: true,
    placeholder: t('desk.search_placeholder'), 'aria-label': t('desk.search_placeholder'), 'aria-controls': 'desk-results',
  });
  const resultsBox = h('ul', { id: 'desk-results', class: 'desk-results', role: 'listbox' });
  const side = h('div', { class: 'card desk-side', id: 'desk-side' });
  const walkinBox = h('div', { id: 'desk-walkin-box' });

  const focusSearch = () => { search.focus(); search.select(); };
  // A scanner (or someone typing a name) while the keyboard is on the consent or
  // signature buttons: the characters go to the search box, never to a button.
  side.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target.closest('input, textarea, select')) return;
    // the Enter that ends a code the scanner has just typed into the search box belongs
    // to that code, not to the consent or signature button that took the focus meanwhile
    if (e.key === 'Enter' && search.value.trim()) {
      e.preventDefault();
      e.stopPropagation();
      search.focus();
      search.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      return;
    }
    if (e.key.length !== 1 || e.key === ' ') return;
    if (document.activeElement !== search) {
      search.focus();
      const end = search.value.length;
      search.setSelectionRange(end, end);
    }
  });
  // the slot the desk counts now, as the commands take it
  const slotChoice = () => ({ day: desk.slot.day, session_id: desk.slot.session_id, half: desk.slot.half });
  const addPresent = (n) => {
    desk.present += n;
    count.textContent = t('desk.count', { present: desk.present, expected: desk.expected });
  };
  const isSealed = () => desk && desk.sealed_days.includes(desk.slot.day);

  async function loadSlot() {
    desk = await cmd.deskSlot({ eventId: ev.id, choice });
    count.textContent = t('desk.count', { present: desk.present, expected: desk.expected });
    renderSlot();
  }

  async function renderSlot() {
    clear(slotBox);
    const daySel = h('select', { id: 'desk-day', 'aria-label': t('agenda.day') },
      Array.from({ length: ev.days }, (_, i) => h('option', { value: i + 1 }, `${t('agenda.day_n', { n: i + 1 })} · ${longDate(addDays(ev.start_date, i))}`)));
    daySel.value = String(desk.slot.day);
    daySel.addEventListener('change', async () => { choice.day = Number(daySel.value); choice.session_id = null; keepChoice(); await reload(); });
    slotBox.append(daySel);
    if (ev.attendance_mode === 'session') {
      const sessions = (await cmd.sessionList({ eventId: ev.id })).filter((s) => s.day === desk.slot.day);
      const sSel = h('select', { id: 'desk-session', 'aria-label': t('desk.session') }, sessions.map((s) => h('option', { value: s.id }, `${s.start}–${s.end} ${s.title}`)));
      sSel.value = desk.slot.session_id || '';
      sSel.addEventListener('change', async () => { choice.session_id = sSel.value; keepChoice(); await reload(); });
      slotBox.append(sSel);
    } else if (ev.attendance_mode === 'half_day') {
      const hSel = h('select', { id: 'desk-half', 'aria-label': t('desk.half') }, h('option', { value: 'am' }, t('desk.am')), h('option', { value: 'pm' }, t('desk.pm')));
      hSel.value = desk.slot.half || 'am';
      hSel.addEventListener('change', async () => { choice.half = hSel.value; keepChoice(); await reload(); });
      slotBox.append(hSel);
    }
    clear(clockBanner);
    if (desk.clock_warning) {
      clockBanner.append(h('div', { class: 'alert warn', id: 'desk-clock-warning', dataset: { problem: desk.clock_warning.problem } },
        desk.clock_warning.message));
    }
    clear(sealedBanner);
    search.disabled = isSealed();
    search.placeholder = isSealed() ? t('desk.sealed_search', { n: desk.slot.day }) : t('desk.search_placeholder');
    if (isSealed()) {
      const reason = h('input', { id: 'reopen-reason', placeholder: t('desk.reopen_reason') });
      sealedBanner.append(h('div', { class: 'alert' }, h('strong', {}, t('desk.sealed', { n: desk.slot.day })), ' ', t('desk.sealed_help'),
        h('div', { class: 'row', style: null }, reason, h('button', { id: 'btn-reopen', onclick: async () => {
          try { await cmd.dayReopen({ eventId: ev.id, day: desk.slot.day, reason: reason.value }); toast(t('desk.reopened')); await reload(); } catch (e) { showError(e); }
        } }, t('desk.reopen')))));
    }
  }

  async function reload() {
    await loadSlot();
    await runSearch();
    focusSearch();
  }

  let lastQuery = '';
  // typedAt: when the keystroke's input event happened (the page's clock), so the time
  // from the key to the painted results can be read (see searchTimings)
  async function runSearch(typedAt) {
    const q = search.value.trim();
    const mine = ++seq;
    if (!q) { results = []; lastQuery = ''; renderResults(); return; }
    const found = await cmd.participantSearch({ eventId: ev.id, query: q });
    if (mine !== seq) return;
    if (q !== lastQuery) selected = 0;
    results = found;
    lastQuery = q;
    renderResults();
    if (typedAt !== undefined) {
      const shown = performance.now();
      // the next frame is the one that shows these results
      requestAnimationFrame(() => recordSearchTiming(shown - typedAt, performance.now() - typedAt));
    }
  }

  const presentAt = new Map(); // participant id -> local time, for the current slot
  async function loadPresent() {
    presentAt.clear();
    const rows = await cmd.attendanceList({ eventId: ev.id, choice: slotChoice() });
    for (const r of rows) if (r.attendance) presentAt.set(r.participant.id, r.attendance.at_local);
    return rows;
  }

  function renderResults() {
    clear(resultsBox);
    if (search.value.trim() && results.length === 0) {
      resultsBox.append(h('li', { class: 'empty' }, t('desk.no_match')));
      return;
    }
    results.slice(0, 8).forEach((p, i) => {
      const at = presentAt.get(p.id);
      resultsBox.append(h('li', {
        role: 'option', id: `desk-result-${i}`, 'aria-selected': i === selected ? 'true' : 'false', class: 'desk-result',
        dataset: { id: p.id, code: p.code },
        onclick: () => { selected = i; doCheckin({ participant_id: p.id }); },
      },
      h('div', {}, h('strong', {}, p.name || t('participants.erased')), h('div', { class: 'muted small' }, [p.institution, p.regency].filter(Boolean).join(' · '))),
      h('code', { class: 'badge-code' }, p.code),
      at ? h('span', { class: 'badge' }, t('desk.already_at', { time: at })) : null));
    });
    if (results.length > 8) {
      resultsBox.append(h('li', { class: 'more muted', id: 'desk-more', 'aria-hidden': 'true' },
        t(results.length >= 30 ? 'desk.more_many' : 'desk.more', { n: results.length - 8 })));
    }
  }

  async function doCheckin(who) {
    if (isSealed()) { showError({ message: t('desk.sealed', { n: desk.slot.day }) }); return; }
    search.value = '';
    results = [];
    renderResults();
    try {
      recorded(await cmd.checkin({ eventId: ev.id, request: { ...who, choice: slotChoice() } }));
    } catch (e) {
      showError(e);
    }
    focusSearch();
  }

  let navigated = false;
  search.addEventListener('input', (e) => { navigated = false; runSearch(e.timeStamp).catch(showError); });
  search.addEventListener('keydown', async (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (results.length) {
        navigated = true;
        selected = (selected + (e.key === 'ArrowDown' ? 1 : -1) + Math.min(results.length, 8)) % Math.min(results.length, 8);
        renderResults();
      }
      return;
    }
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const q = search.value.trim();
    if (!q) return;
    let codeShaped = false;
    if (CODE_RE.test(q) && !navigated) {
      // a scanned or typed badge code: clear the box at once (the scanner may already be
      // typing the next code), then check in
      search.value = '';
      try {
        recorded(await cmd.checkin({ eventId: ev.id, request: { code: q, choice: slotChoice() } }));
        return;
      } catch (err) {
        if (err.code !== 'checkin.unknown_code') { showError(err); return; }
        if (!search.value) search.value = q; // not a code after all: search it as a name
        codeShaped = true;
      }
    }
    if (q !== lastQuery) await runSearch();
    // Enter takes the highlighted row; but what a scanner typed (a code it did not know)
    // never checks anyone in by name: the facilitator picks from the list
    if (codeShaped && !navigated) { if (results.length) toast(t('desk.unknown_code_pick')); else toast(t('desk.no_match')); return; }
    if (results.length) await doCheckin({ participant_id: results[Math.min(selected, results.length - 1)].id });
  });

  // ------------------------------------------------------------- after a check-in
  function recorded(r) {
    presentAt.set(r.participant.id, r.at_local);
    if (r.status === 'checked_in') addPresent(1);
    showLast(r);
  }

  function showLast(r) {
    pending = r;
    clear(side);
    const p = r.participant;
    const undo = h('button', { id: 'desk-undo', class: 'danger-outline', title: t('desk.undo_hint'), onclick: async () => {
      try {
        await cmd.checkinUndo({ attendanceId: r.attendance.id });
        presentAt.delete(p.id);
        addPresent(-1);
        toast(t('desk.undone', { name: p.name }));
        showIdle();
      } catch (e) { showError(e); }
      focusSearch();
    } }, t('desk.undo_named', { name: p.name }));
    if (r.status === 'checked_in') setTimeout(() => undo.remove(), app.constants.undo_seconds * 1000);
    side.append(
      h('div', { class: r.status === 'checked_in' ? 'desk-ok' : 'desk-again', id: 'desk-last' },
        h('div', { class: 'desk-ok-title' }, r.status === 'checked_in' ? t('desk.checked_in', { name: p.name }) : t('desk.already', { name: p.name })),
        h('div', { class: 'muted' }, `${p.code} · ${r.at_local}`),
        r.status === 'checked_in' ? undo : null),
    );
    if (r.status === 'checked_in' || !r.attendance.signed) {
      if (p.consent === null || p.consent === undefined) showConsent(r); else showPad(r);
    }
  }

  async function showConsent(r) {
    const ct = await cmd.consentText();
    const box = h('div', { id: 'consent-box', class: 'consent' },
      h('h2', {}, t('desk.consent_title')), h('p', { class: 'consent-text' }, ct.text),
      h('div', { class: 'row' },
        h('button', { class: 'primary', id: 'consent-yes', onclick: () => answer(true) }, t('desk.consent_yes')),
        h('button', { id: 'consent-no', onclick: () => answer(false) }, t('desk.consent_no'))),
      h('p', { class: 'muted small keys' }, t('desk.consent_keys')));
    async function answer(given) {
      try {
        r.participant = await cmd.participantConsent({ id: r.participant.id, given });
        box.remove();
        showPad(r);
      } catch (e) { showError(e); }
    }
    side.append(box);
    box.querySelector('#consent-yes').focus();
  }

  function showPad(r) {
    const canvas = h('canvas', { id: 'sig-canvas', class: 'sig-canvas', width: 560, height: 200, 'aria-label': t('desk.sign_here') });
    const msg = h('div', { class: 'alert', role: 'alert', id: 'sig-error' });
    const box = h('div', { id: 'sig-box' },
      h('h2', {}, t('desk.signature_title', { name: r.participant.name })), h('p', { class: 'muted' }, t('desk.signature_help')), canvas, msg,
      h('div', { class: 'row' },
        h('button', { class: 'primary', id: 'sig-save', onclick: save }, t('desk.sig_save')),
        h('button', { id: 'sig-undo-stroke', onclick: () => { undoStroke(); } }, t('desk.sig_undo_stroke')),
        h('button', { id: 'sig-clear', onclick: () => { pad.clear(); } }, t('desk.sig_clear')),
        h('button', { id: 'sig-skip', onclick: () => { showIdle(); focusSearch(); } }, t('desk.sig_skip'))),
      h('p', { class: 'muted small keys' }, t('desk.sig_keys')));
    function undoStroke() {
      const data = pad.toData();
      data.pop();
      pad.fromData(data);
    }
    box.addEventListener('keydown', (e) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') { e.preventDefault(); undoStroke(); }
      if (e.key === 'Escape') { e.preventDefault(); showIdle(); focusSearch(); }
    });
    side.append(box);
    // draw at the canvas's real size so strokes land under the pen
    canvas.width = Math.max(200, Math.round(canvas.offsetWidth));
    canvas.height = 200;
    pad = new SignaturePad(canvas, { minWidth: 0.8, maxWidth: 2.4, penColor: '#10243f', backgroundColor: 'rgba(0,0,0,0)' });
    // after a stroke the keyboard is on the pad's buttons: Enter saves, Ctrl+Z undoes it
    pad.addEventListener('endStroke', () => box.querySelector('#sig-save').focus());
    box.querySelector('#sig-save').focus();
    async function save() {
      if (pad.isEmpty()) { msg.textContent = t('desk.sig_empty'); return; }
      try {
        await cmd.checkinSign({ attendanceId: r.attendance.id, png: pad.toDataURL('image/png'), strokes: JSON.stringify(pad.toData()) });
        toast(t('desk.sig_saved'));
        box.remove();
        showIdle(t('desk.sig_saved'));
      } catch (e) { msg.textContent = e.message; }
      focusSearch();
    }
  }

  function showIdle(note) {
    pending = null;
    pad = null;
    clear(side);
    side.append(h('h2', {}, t('desk.how_title')), h('ol', { class: 'desk-how' }, h('li', {}, t('desk.how_1')), h('li', {}, t('desk.how_2')), h('li', {}, t('desk.how_3'))));
    if (note) side.append(h('p', { class: 'muted' }, note));
  }

  // ------------------------------------------------------------- walk-in
  async function showWalkin() {
    clear(walkinBox);
    clear(side);
    const cats = await cmd.categories();
    const name = h('input', { id: 'w-name', maxlength: 150, value: search.value.trim() });
    const gender = h('select', { id: 'w-gender' }, h('option', { value: '' }, '—'), h('option', { value: 'L' }, t('participants.male')), h('option', { value: 'P' }, t('participants.female')));
    const cat = h('select', { id: 'w-category' }, cats.map((c) => h('option', { value: c.code }, c.label)));
    cat.value = 'lainnya';
    const inst = h('input', { id: 'w-institution', maxlength: 200 });
    const phone = h('input', { id: 'w-phone', inputmode: 'tel', maxlength: 30 });
    const err = h('div', { class: 'alert', role: 'alert', id: 'w-error' });
    const form = h('form', { class: 'fields card', id: 'walkin-form' },
      h('h2', { class: 'wide' }, t('desk.walkin_title')), err,
      h('label', { class: 'field wide' }, t('participants.name'), name),
      h('label', { class: 'field' }, t('participants.gender'), gender),
      h('label', { class: 'field' }, t('participants.category'), cat),
      h('label', { class: 'field wide' }, t('participants.institution'), inst),
      h('label', { class: 'field' }, t('participants.phone'), phone),
      h('div', { class: 'row wide' }, h('button', { type: 'submit', class: 'primary', id: 'w-save' }, t('desk.walkin_save')),
        h('button', { type: 'button', onclick: () => { showIdle(); focusSearch(); } }, t('common.cancel'))));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const p = await cmd.participantAdd({ eventId: ev.id, walkIn: true, input: { name: name.value, gender: gender.value, category: cat.value, institution: inst.value, phone: phone.value } });
        desk.expected += 1;
        clear(side);
        await doCheckin({ participant_id: p.id });
      } catch (x) { err.textContent = x.message; }
    });
    side.append(form);
    name.focus();
  }

  // ------------------------------------------------------------- paper sheets
  async function showPaper() {
    clear(walkinBox);
    const rows = await loadPresent();
    const sheet = h('input', { id: 'paper-sheet', placeholder: t('desk.paper_sheet'), maxlength: 100 });
    const list = h('table', { class: 'list', id: 'paper-table' }, h('tbody', {}, rows.map((r, i) => h('tr', {},
      h('td', {}, i + 1),
      h('td', {}, h('strong', {}, r.participant.name), h('div', { class: 'muted small' }, r.participant.institution)),
      h('td', {}, h('code', { class: 'badge-code' }, r.participant.code)),
      h('td', {}, r.attendance
        ? h('span', {}, h('span', { class: 'badge' }, `${r.attendance.at_local}${r.attendance.source === 'paper' ? ' · ' + t('desk.from_paper') : ''}`), ' ',
          h('button', { class: 'small', onclick: (e) => correct(e.target, r) }, t('desk.correct')))
        : h('label', { class: 'row' }, h('input', { type: 'checkbox', class: 'paper-tick', dataset: { id: r.participant.id }, onchange: async (e) => {
          e.target.disabled = true;
          try {
            await cmd.checkin({ eventId: ev.id, request: { participant_id: r.participant.id, source: 'paper', sheet_ref: sheet.value, choice: slotChoice() } });
            addPresent(1);
            const keep = sheet.value;
            await showPaper();
            walkinBox.querySelector('#paper-sheet').value = keep;
          } catch (x) { e.target.disabled = false; e.target.checked = false; showError(x); }
        } }), t('desk.signed_on_paper'))),
    ))));
    walkinBox.append(h('div', { class: 'card', id: 'paper-box' }, h('h2', {}, t('desk.paper_title')), h('p', { class: 'muted' }, t('desk.paper_help')), sheet, list,
      h('button', { onclick: () => { clear(walkinBox); focusSearch(); } }, t('import.close'))));
  }

  // a later correction: remove a check-in, with a reason for the audit log
  function correct(button, r) {
    const reason = h('input', { class: 'correct-reason', placeholder: t('desk.correct_reason'), maxlength: 300 });
    const ok = h('button', { class: 'small danger', onclick: async () => {
      try {
        await cmd.attendanceCorrect({ attendanceId: r.attendance.id, reason: reason.value });
        toast(t('desk.corrected', { name: r.participant.name }));
        addPresent(-1);
        await showPaper();
      } catch (e) { showError(e); }
    } }, t('desk.correct_confirm'));
    button.replaceWith(h('span', { class: 'row' }, reason, ok));
    reason.focus();
  }

  // ------------------------------------------------------------- close the day
  async function showClose() {
    clear(side);
    const s = await cmd.daySummary({ eventId: ev.id, day: desk.slot.day });
    const box = h('div', { id: 'close-box' },
      h('h2', {}, t('desk.close_title', { n: s.day, date: longDate(s.date) })),
      h('p', { class: 'stat' }, t('desk.count', { present: s.present, expected: s.expected })),
      h('p', {}, t('desk.by_gender', { l: s.male, p: s.female, u: s.present - s.male - s.female })),
      s.by_category.length ? h('table', { class: 'list compact' }, h('tbody', {}, s.by_category.map((c) => h('tr', {}, h('td', {}, c.label), h('td', {}, `L ${c.l} · P ${c.p}`), h('td', {}, String(c.total)))))) : null,
      s.absent.length ? h('div', { class: 'alert', id: 'close-absent' }, h('strong', {}, t('desk.absent', { n: s.absent.length })),
        h('ul', { class: 'absent-list' }, s.absent.slice(0, 30).map((p) => h('li', {}, p.name))), s.absent.length > 30 ? h('div', {}, '…') : null) : null,
      h('p', { class: 'muted' }, t('desk.close_help')),
      h('div', { class: 'row' },
        h('button', { class: 'primary', id: 'close-confirm', onclick: async (e) => {
          e.target.disabled = true;
          try {
            const done = await cmd.dayClose({ eventId: ev.id, day: s.day });
            toast(t('desk.closed', { n: s.day }));
            await loadSlot();
            clear(side);
            side.append(h('div', { class: 'desk-ok', id: 'close-done' }, h('div', { class: 'desk-ok-title' }, t('desk.closed', { n: s.day })), done.backup ? h('p', { class: 'muted small' }, t('desk.backup_at', { path: done.backup })) : null));
          } catch (x) { showError(x); e.target.disabled = false; }
        } }, t('desk.close_confirm')),
        h('button', { onclick: () => { showIdle(); focusSearch(); } }, t('common.cancel'))));
    side.append(box);
  }

  view.append(
    h('div', { class: 'row' }, h('h1', {}, t('desk.title')), h('span', { class: 'spacer' }), slotBox),
    clockBanner,
    sealedBanner,
    h('div', { class: 'grid2 desk-grid' },
      h('div', {},
        h('div', { class: 'card' }, count, search, resultsBox,
          h('div', { class: 'row desk-actions' },
            h('button', { id: 'desk-walkin', onclick: () => showWalkin() }, t('desk.walkin')),
            h('button', { id: 'desk-paper', onclick: () => showPaper() }, t('desk.paper_list')),
            h('span', { class: 'spacer' }),
            h('button', { id: 'desk-close-day', onclick: () => showClose() }, t('desk.close_day')))),
        walkinBox),
      side),
  );
  await loadSlot();
  await loadPresent();
  showIdle();
  focusSearch();
}

