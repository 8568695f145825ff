// Learning notes per session (achievements, obstacles, solutions, areas of improvement)
// and impact stories.
import * as cmd from '../commands.js';
import { t } from '../i18n.js';
import { h, clear, formData, toast, ask } from '../dom.js';
import { app, go, showError } from '../app.js';
import { time } from '../fmt.js';

export const NOTE_KINDS = ['achievement', 'obstacle', 'solution', 'improvement'];

export async function render(view, params = {}) {
  const ev = app.event;
  if (!ev) { await go('home'); return; }
  const sessions = await cmd.sessionList({ eventId: ev.id });
  const people = await cmd.participantList({ eventId: ev.id });
  let sessionId = params.session || '';

  const sessionSelect = h('select', { id: 'n-session', name: 'session_id' },
    h('option', { value: '' }, t('notes.general')),
    sessions.map((s) => h('option', { value: s.id, selected: s.id === sessionId }, `${t('agenda.day_n', { n: s.day })} ${time(s.start)} · ${s.title}`)));
  const noteList = h('div', { id: 'note-list' });
  const alert = h('div', { class: 'alert', role: 'alert', id: 'note-error' });
  const form = h('form', { class: 'fields', id: 'note-form', novalidate: true },
    h('label', { class: 'field' }, t('notes.kind'), h('select', { name: 'kind', id: 'n-kind' }, h('option', { value: '' }, t('notes.choose_kind')), NOTE_KINDS.map((k) => h('option', { value: k }, t(`note.${k}`))))),
    h('label', { class: 'field' }, t('notes.raised_by'), h('input', { name: 'raised_by', id: 'n-by', maxlength: 200, placeholder: t('notes.raised_by_placeholder') })),
    h('label', { class: 'field wide' }, t('notes.text'), h('textarea', { name: 'text', id: 'n-text', rows: 3, maxlength: 4000, autofocus: true })),
    h('div', { class: 'row wide' }, h('button', { type: 'submit', class: 'primary', id: 'n-save' }, t('notes.add')), h('span', { class: 'muted small' }, t('notes.hint'))));

  async function loadNotes() {
    const notes = await cmd.noteList({ eventId: ev.id, sessionId: sessionId || null });
    clear(noteList);
    const shown = sessionId ? notes : notes.filter((n) => !n.session_id);
    if (shown.length === 0) { noteList.append(h('p', { class: 'empty' }, t('notes.empty'))); return; }
    for (const k of NOTE_KINDS) {
      const of = shown.filter((n) => n.kind === k);
      if (!of.length) continue;
      noteList.append(h('h3', {}, `${t(`note.${k}`)} (${of.length})`),
        h('ul', { class: 'note-items' }, of.map((n) => h('li', { dataset: { id: n.id } }, n.text,
          n.raised_by ? h('span', { class: 'muted' }, ` — ${n.raised_by}`) : null, ' ',
          h('button', { class: 'small danger', 'aria-label': t('common.delete'), onclick: async (e) => {
            if (!(await ask(e.target, t('notes.confirm_delete'), t('common.delete'), t('common.cancel')))) return;
            try { await cmd.noteDelete({ id: n.id }); await loadNotes(); } catch (err) { showError(err); }
          } }, '×')))));
    }
  }

  sessionSelect.addEventListener('change', () => { sessionId = sessionSelect.value; loadNotes(); });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    alert.textContent = '';
    for (const el of form.elements) el.removeAttribute?.('aria-invalid');
    const d = formData(form);
    try {
      await cmd.noteAdd({ eventId: ev.id, input: { session_id: sessionId || null, kind: d.kind, text: d.text, raised_by: d.raised_by } });
      form.elements.text.value = '';
      toast(t('notes.added'));
      await loadNotes();
      form.elements.text.focus();
    } catch (err) {
      alert.textContent = err.message;
      const bad = err.field && form.elements[err.field];
      if (bad) { bad.setAttribute('aria-invalid', 'true'); bad.focus(); }
    }
  });
  // Ctrl+Enter saves from the text box (Enter makes a new line there)
  form.elements.text.addEventListener('keydown', (e) => { if (e.key === 'Enter' && e.ctrlKey) { e.preventDefault(); form.requestSubmit(); } });

  // ---- impact stories
  const storyList = h('div', { id: 'story-list' });
  const storyAlert = h('div', { class: 'alert', role: 'alert', id: 'story-error' });
  const consenting = people.filter((p) => p.consent === true);
  const impactFirst = [...consenting].sort((a, b) => (b.category === 'impact') - (a.category === 'impact') || a.name.localeCompare(b.name));
  const storyForm = h('form', { class: 'fields', id: 'story-form', novalidate: true },
    h('label', { class: 'field wide' }, t('stories.title_field'), h('input', { name: 'title', id: 'st-title', maxlength: 200 })),
    h('label', { class: 'field' }, t('stories.person'), h('select', { name: 'participant_id', id: 'st-person' },
      h('option', { value: '' }, t('stories.no_person')), impactFirst.map((p) => h('option', { value: p.id }, `${p.name}${p.institution ? ' · ' + p.institution : ''}`)))),
    h('label', { class: 'field' }, t('stories.service'), h('input', { name: 'service', id: 'st-service', maxlength: 200, placeholder: t('stories.service_placeholder') })),
    h('label', { class: 'field wide' }, t('stories.story'), h('textarea', { name: 'story', id: 'st-story', rows: 4, maxlength: 8000, placeholder: t('stories.story_placeholder') })),
    h('label', { class: 'row wide' }, h('input', { type: 'checkbox', name: 'publishable', id: 'st-publish' }), t('stories.publishable')),
    h('p', { class: 'muted small wide' }, t('stories.consent_hint')),
    h('div', { class: 'row wide' }, h('button', { type: 'submit', class: 'primary', id: 'st-save' }, t('stories.add'))));

  async function loadStories() {
    const stories = await cmd.storyList({ eventId: ev.id });
    clear(storyList);
    if (!stories.length) { storyList.append(h('p', { class: 'empty' }, t('stories.empty'))); return; }
    storyList.append(h('ul', { class: 'note-items' }, stories.map((s) => h('li', { dataset: { id: s.id } },
      h('strong', {}, s.title), s.person ? ` — ${s.person}` : '', s.service ? h('span', { class: 'muted' }, ` (${s.service})`) : null,
      s.publishable ? h('span', { class: 'badge', style: 'margin-left:6px' }, t('stories.may_publish')) : null,
      h('div', { class: 'small' }, s.story), ' ',
      h('button', { class: 'small danger', onclick: async (e) => {
        if (!(await ask(e.target, t('stories.confirm_delete'), t('common.delete'), t('common.cancel')))) return;
        try { await cmd.storyDelete({ id: s.id }); await loadStories(); } catch (err) { showError(err); }
      } }, t('common.delete'))))));
  }

  storyForm.addEventListener('submit', async (e) => {
    e.preventDefault();
    storyAlert.textContent = '';
    const d = formData(storyForm);
    try {
      await cmd.storyAdd({ eventId: ev.id, input: { participant_id: d.participant_id || null, title: d.title, service: d.service, story: d.story, publishable: storyForm.elements.publishable.checked } });
      storyForm.reset();
      toast(t('stories.added'));
      await loadStories();
    } catch (err) { storyAlert.textContent = err.message; }
  });

  view.append(
    h('h1', {}, t('notes.title')),
    h('div', { class: 'grid2' },
      h('div', { class: 'card' }, h('h2', {}, t('notes.section')), h('label', { class: 'field' }, t('notes.session'), sessionSelect), h('div', { style: 'margin-top:12px' }, alert, form), noteList),
      h('div', { class: 'card' }, h('h2', {}, t('stories.section')), storyAlert, storyForm, storyList)),
  );
  await loadNotes();
  await loadStories();
}
