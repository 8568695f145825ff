// Home: a welcome on first start, otherwise the current event at a glance.
import * as cmd from '../commands.js';
import { t } from '../i18n.js';
import { h, toast, ask } from '../dom.js';
import { app, go, refreshEvent, showError } from '../app.js';
import { longDate, dateRange, timeRange, todayIn, ZONE_OFFSETS, addDays, dateTimeLocal } from '../fmt.js';
import { kitButton } from './kit.js';
import { setWorkspace } from '../app.js';

export async function render(view) {
  const events = await cmd.eventList();
  if (!app.event) {
    view.append(
      h('h1', {}, t('home.welcome_title')),
      h('div', { class: 'card' },
        h('p', {}, t('home.welcome_text')),
        h('ol', {}, h('li', {}, t('home.step_event')), h('li', {}, t('home.step_agenda')), h('li', {}, t('home.step_more'))),
        h('div', { class: 'row' },
          h('button', { class: 'primary', id: 'btn-create-first', autofocus: true, onclick: () => go('event', { mode: 'new' }) }, t('home.create_event'))),
        h('p', { class: 'muted small' }, t('kit.have_kit')),
        kitButton('btn-kit-open-first'),
      ),
      // the first-run choice: this computer is a venue laptop (above) or headquarters
      h('div', { class: 'card', id: 'workspace-choice' },
        h('h2', {}, t('hq.choice_title')),
        h('p', { class: 'muted' }, t('hq.choice_text')),
        h('button', { id: 'btn-workspace-hq', onclick: async (e) => {
          if (!(await ask(e.target, t('hq.switch_to_hq_q'), t('hq.switch_yes'), t('common.cancel')))) return;
          try { await setWorkspace('hq'); } catch (err) { showError(err); }
        } }, t('hq.choose_hq'))),
    );
    return;
  }
  const ev = app.event;
  const sessions = await cmd.sessionList({ eventId: ev.id });
  const today = todayIn(ZONE_OFFSETS[ev.timezone] ?? 420);
  let dayNo = 1;
  for (let d = 1; d <= ev.days; d++) {
    const s = sessions.find((x) => x.day === d);
    const date = s ? s.date : null;
    if (date === today) dayNo = d;
  }
  let desk = null;
  try { desk = await cmd.deskSlot({ eventId: ev.id, choice: {} }); } catch (_) { desk = null; }
  if (desk) dayNo = desk.slot.day;
  const dayDate = addDays(ev.start_date, dayNo - 1);
  const daySessions = sessions.filter((s) => s.day === dayNo);
  // whether erasure is offered is decided in the domain (participants::retention): data
  // entered in the last days (e.g. a past event just imported) is never offered on sight
  const retention = await cmd.participantRetention({ eventId: ev.id });
  // the key lives only on this laptop until headquarters' key is known or a recovery file
  // is saved: say so plainly, with the way to fix it
  const vault = await cmd.vaultStatus().catch(() => null);
  if (vault && !vault.escrow && !vault.recovery_saved_at) {
    view.append(h('div', { class: 'alert warn', id: 'vault-banner' }, t('vault.only_here'), ' ',
      h('button', { id: 'btn-vault-banner', onclick: () => go('security') }, t('vault.save_button'))));
  }
  if (retention.state === 'due_but_recent') {
    view.append(h('div', { class: 'alert warn', id: 'retention-recent' },
      h('strong', {}, t('home.retention_due', { date: longDate(retention.until) })), ' ',
      t('home.retention_recent', { n: retention.recent }), ' ',
      h('button', { id: 'btn-retention-edit', onclick: () => go('event') }, t('home.retention_edit'))));
  } else if (retention.state === 'due') {
    view.append(h('div', { class: 'alert', id: 'retention-due' },
      h('strong', {}, t('home.retention_due', { date: longDate(retention.until) })), ' ', t('home.retention_help'), ' ',
      h('button', { class: 'danger', id: 'btn-erase-all', onclick: async (e) => {
        if (!(await ask(e.target, t('home.retention_confirm'), t('home.retention_erase'), t('common.cancel')))) return;
        e.target.disabled = true;
        try { const n = await cmd.participantEraseAll({ eventId: ev.id }); toast(t('home.retention_done', { n })); await go('home'); } catch (err) { showError(err); e.target.disabled = false; }
      } }, t('home.retention_erase'))));
  }
  view.append(
    h('h1', {}, ev.title),
    h('div', { class: 'grid2' },
      h('div', { class: 'card' },
        h('h2', {}, t('home.event_card')),
        h('dl', { class: 'kv' },
          h('dt', {}, t('event.province')), h('dd', {}, `${ev.province_code} ${ev.province_name}`),
          h('dt', {}, t('event.regency')), h('dd', {}, ev.regency_name || '—'),
          h('dt', {}, t('event.venue')), h('dd', {}, ev.venue || '—'),
          h('dt', {}, t('event.dates')), h('dd', {}, dateRange(ev.start_date, ev.end_date)),
          h('dt', {}, t('event.timezone')), h('dd', {}, ev.zone_label),
          h('dt', {}, t('event.wave')), h('dd', {}, ev.wave ?? '—'),
          h('dt', {}, t('event.retention')), h('dd', {}, ev.retention_until ? longDate(ev.retention_until) : '—'),
        ),
        desk ? h('p', { class: 'stat', id: 'home-present' }, t('home.present', { present: desk.present, expected: desk.expected, n: desk.slot.day })) : null,
        h('div', { class: 'row' },
          h('button', { class: 'primary', autofocus: true, id: 'home-desk', onclick: () => go('desk') }, t('home.open_desk')),
          h('button', { onclick: () => go('agenda') }, t('home.open_agenda')),
          h('button', { onclick: () => go('event', { mode: 'edit' }) }, t('home.edit_event')),
        ),
      ),
      h('div', { class: 'card' },
        h('h2', {}, t('home.agenda_of_day', { n: dayNo, date: longDate(dayDate) })),
        daySessions.length === 0
          ? h('p', { class: 'empty' }, t('home.no_sessions'))
          : h('table', { class: 'list' }, h('tbody', {}, daySessions.map((s) => h('tr', {},
            h('td', { class: 'time' }, timeRange(s.start, s.end, ev.zone_label)),
            h('td', {}, s.title),
          )))),
      ),
    ),
  );
  // after the event: is the file for headquarters up to date, when was the last backup
  const [sync, backup] = await Promise.all([cmd.syncInfo({ eventId: ev.id }), cmd.backupLatest()]);
  const st = sync.status;
  const nextSession = daySessions.find((s) => dayDate === today && s.start > new Date(Date.now() + (ZONE_OFFSETS[ev.timezone] ?? 420) * 60000).toISOString().slice(11, 16));
  view.append(h('div', { class: 'grid2' },
    h('div', { class: 'card', id: 'home-during' },
      h('h2', {}, t('home.during')),
      nextSession ? h('p', { id: 'home-next' }, t('home.next_session', { time: timeRange(nextSession.start, nextSession.end, ev.zone_label), title: nextSession.title })) : null,
      desk && desk.expected > desk.present ? h('p', { class: 'muted' }, t('home.missing', { n: desk.expected - desk.present })) : null,
      h('div', { class: 'row' },
        h('button', { onclick: () => go('notes') }, t('nav.notes')),
        h('button', { onclick: () => go('plans') }, t('nav.plans')),
        h('button', { onclick: () => go('awards') }, t('nav.awards')),
        h('button', { onclick: () => go('reports') }, t('nav.reports')))),
    h('div', { class: 'card', id: 'home-after' },
      h('h2', {}, t('home.after')),
      h('p', { class: st.at && st.up_to_date ? 'desk-ok' : 'desk-again', id: 'home-export-state' },
        !st.at ? t('sync.never') : st.up_to_date ? t('sync.up_to_date', { when: dateTimeLocal(st.at) }) : t('sync.changed_since', { when: dateTimeLocal(st.at) }),
        st.path ? [h('br'), h('span', { class: 'muted small' }, st.path)] : null),
      h('p', { class: 'muted small', id: 'home-backup' }, backup ? t('home.last_backup', { when: dateTimeLocal(`${backup.taken_at.replace(' ', 'T')}Z`) }) : t('home.no_backup')),
      h('button', { class: 'primary', id: 'home-export', onclick: () => go('datafile') }, t('home.export_everything')))));
  if (events.length > 1) {
    view.append(h('div', { class: 'card' },
      h('h2', {}, t('home.other_events')),
      h('table', { class: 'list' }, h('tbody', {}, events.filter((e) => e.id !== ev.id).map((e) => h('tr', {},
        h('td', {}, e.title), h('td', {}, `${e.province_name}`), h('td', {}, dateRange(e.start_date, e.end_date)),
        h('td', { class: 'actions' }, h('button', { class: 'small', onclick: async () => {
          try { await cmd.eventSetCurrent({ id: e.id }); await refreshEvent(); await go('home'); } catch (err) { showError(err); }
        } }, t('home.use_event'))),
      )))),
    ));
  }
}

