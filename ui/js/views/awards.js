// Awards: categories, nominees, criteria with weights, one score sheet per judge, the
// weighted ranking (ties shown as ties) and the decision.
import * as cmd from '../commands.js';
import { t } from '../i18n.js';
import { h, clear, toast, ask } from '../dom.js';
import { app, go, showError } from '../app.js';

const num = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

export async function render(view, params = {}) {
  const ev = app.event;
  if (!ev) { await go('home'); return; }
  let cats = [];
  let selected = params.category || null;
  let judgeId = null;
  const tabs = h('div', { class: 'tabs', role: 'tablist', id: 'award-tabs' });
  const body = h('div', { id: 'award-body' });
  const people = await cmd.participantList({ eventId: ev.id });
  const institutions = h('datalist', { id: 'award-institutions' }, [...new Set(people.map((p) => p.institution).filter(Boolean))].sort().map((n) => h('option', { value: n })));

  async function load() {
    cats = await cmd.awardList({ eventId: ev.id });
    // open where the work is: the first category with nominees, else the first
    if (!cats.some((c) => c.id === selected)) selected = (cats.find((c) => c.nominees.length) || cats[0])?.id || null;
    renderTabs();
    renderBody();
  }

  function renderTabs() {
    clear(tabs);
    for (const c of cats) {
      tabs.append(h('button', { type: 'button', role: 'tab', 'aria-selected': c.id === selected ? 'true' : 'false', dataset: { id: c.id },
        onclick: () => { selected = c.id; judgeId = null; renderTabs(); renderBody(); } }, c.name, c.winner_id ? ' ✓' : ''));
    }
    const add = h('form', { class: 'row', id: 'category-new', style: 'display:inline-flex' },
      h('input', { name: 'name', id: 'category-name', maxlength: 200, placeholder: t('awards.category_placeholder'), style: 'width:260px', 'aria-label': t('awards.category_placeholder') }),
      h('button', { type: 'submit', class: 'small' }, t('awards.add_category')));
    add.addEventListener('submit', async (e) => {
      e.preventDefault();
      try { const c = await cmd.awardCategoryAdd({ eventId: ev.id, name: add.elements.name.value }); selected = c.id; await load(); } catch (err) { showError(err); }
    });
    tabs.append(add);
  }

  // a small list with an add form: nominees, criteria, judges
  function section(id, title, items, label, fields, onAdd, onDelete, empty) {
    const alert = h('div', { class: 'alert', role: 'alert' });
    const form = h('form', { class: 'row', id: `${id}-form`, novalidate: true }, fields, h('button', { type: 'submit', class: 'small' }, t('common.add')));
    // Enter in any field adds (a datalist can swallow Enter in some webviews)
    form.addEventListener('keydown', (e) => { if (e.key === 'Enter' && e.target.tagName === 'INPUT') { e.preventDefault(); form.requestSubmit(); } });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      alert.textContent = '';
      try { await onAdd(form); await load(); const first = document.querySelector(`#${id}-form input`); if (first) first.focus(); } catch (err) { alert.textContent = err.message; }
    });
    return h('div', { class: 'card', id: `${id}-card` }, h('h3', { style: 'margin-top:0' }, title),
      items.length ? h('ul', { class: 'plain-list' }, items.map((it) => h('li', { dataset: { id: it.id } }, label(it), ' ',
        h('button', { class: 'small danger', 'aria-label': t('common.delete'), onclick: async (e) => {
          if (!(await ask(e.target, t('awards.confirm_remove', { name: it.name || it.institution }), t('common.delete'), t('common.cancel')))) return;
          try { await onDelete(it.id); await load(); } catch (err) { showError(err); }
        } }, '×')))) : h('p', { class: 'muted small' }, empty),
      alert, form);
  }

  function renderBody() {
    clear(body);
    const c = cats.find((x) => x.id === selected);
    if (!c) { body.append(h('p', { class: 'empty' }, t('awards.empty'))); return; }
    const totalWeight = c.criteria.reduce((s, k) => s + k.weight, 0);
    body.append(h('div', { class: 'grid3' },
      section('nominee', t('awards.nominees'), c.nominees, (n) => `${n.institution}${n.regency ? ' · ' + n.regency : ''}`,
        [h('input', { name: 'institution', id: 'nominee-name', list: 'award-institutions', maxlength: 200, placeholder: t('awards.nominee_placeholder'), 'aria-label': t('awards.nominee_placeholder') }), institutions],
        (f) => cmd.awardNomineeAdd({ categoryId: c.id, institution: f.elements.institution.value, regency: '' }),
        (id) => cmd.awardNomineeDelete({ id }), t('awards.no_nominees')),
      section('criterion', t('awards.criteria'), c.criteria, (k) => `${k.name} · ${t('awards.weight')} ${num(k.weight)}${totalWeight ? ` (${Math.round(k.weight / totalWeight * 100)}%)` : ''} · ${t('awards.max')} ${num(k.max_score)}`,
        [h('input', { name: 'name', id: 'criterion-name', maxlength: 200, placeholder: t('awards.criterion_placeholder'), 'aria-label': t('awards.criterion_placeholder'), style: 'flex:2' }),
          h('input', { name: 'weight', id: 'criterion-weight', inputmode: 'decimal', placeholder: t('awards.weight'), 'aria-label': t('awards.weight'), style: 'width:80px' }),
          h('input', { name: 'max', id: 'criterion-max', inputmode: 'decimal', value: '100', 'aria-label': t('awards.max'), style: 'width:80px' })],
        (f) => cmd.awardCriterionAdd({ categoryId: c.id, name: f.elements.name.value, weight: Number(f.elements.weight.value.replace(',', '.')) || 0, maxScore: Number(f.elements.max.value.replace(',', '.')) || 0 }),
        (id) => cmd.awardCriterionDelete({ id }), t('awards.no_criteria')),
      section('judge', t('awards.judges'), c.judges, (j) => j.name,
        [h('input', { name: 'name', id: 'judge-name', maxlength: 200, placeholder: t('awards.judge_placeholder'), 'aria-label': t('awards.judge_placeholder') })],
        (f) => cmd.awardJudgeAdd({ categoryId: c.id, name: f.elements.name.value }),
        (id) => cmd.awardJudgeDelete({ id }), t('awards.no_judges')),
    ));
    body.append(sheet(c), ranking(c));
  }

  function sheet(c) {
    const card = h('div', { class: 'card', id: 'score-sheet' }, h('h2', {}, t('awards.sheet')));
    if (!c.judges.length || !c.nominees.length || !c.criteria.length) {
      card.append(h('p', { class: 'muted' }, t('awards.sheet_needs')));
      return card;
    }
    if (!c.judges.some((j) => j.id === judgeId)) judgeId = c.judges[0].id;
    const judgeSelect = h('select', { id: 'sheet-judge', style: 'max-width:320px' }, c.judges.map((j) => h('option', { value: j.id, selected: j.id === judgeId }, j.name)));
    judgeSelect.addEventListener('change', () => { judgeId = judgeSelect.value; renderBody(); });
    const score = (n, k) => c.scores.find((s) => s.judge_id === judgeId && s.nominee_id === n.id && s.criterion_id === k.id)?.score;
    card.append(h('label', { class: 'field', style: 'max-width:320px' }, t('awards.judge'), judgeSelect),
      h('table', { class: 'list', id: 'sheet-table' },
        h('thead', {}, h('tr', {}, h('th', {}, t('awards.nominee')), c.criteria.map((k) => h('th', {}, `${k.name} (0–${num(k.max_score)})`)))),
        h('tbody', {}, c.nominees.map((n) => h('tr', { dataset: { id: n.id } }, h('td', {}, n.institution),
          c.criteria.map((k) => h('td', {}, h('input', {
            class: 'score-input', inputmode: 'decimal', style: 'width:90px', value: score(n, k) ?? '',
            'aria-label': `${n.institution} · ${k.name}`, dataset: { nominee: n.id, criterion: k.id },
            onchange: async (e) => {
              const raw = e.target.value.trim().replace(',', '.');
              try {
                const updated = await cmd.awardScore({ judgeId, nomineeId: n.id, criterionId: k.id, score: raw === '' ? null : Number(raw) });
                e.target.removeAttribute('aria-invalid');
                cats = cats.map((x) => (x.id === updated.id ? updated : x));
                const r = document.getElementById('ranking');
                r.replaceWith(ranking(updated));
              } catch (err) { e.target.setAttribute('aria-invalid', 'true'); showError(err); }
            },
          }))))))));
    return card;
  }

  function ranking(c) {
    const card = h('div', { class: 'card', id: 'ranking' }, h('h2', {}, t('awards.ranking')));
    if (!c.ranking.length) { card.append(h('p', { class: 'muted' }, t('awards.no_nominees'))); return card; }
    card.append(h('p', { class: 'muted small' }, t('awards.ranking_hint')),
      h('table', { class: 'list', id: 'ranking-table' },
        h('thead', {}, h('tr', {}, h('th', {}, t('awards.rank')), h('th', {}, t('awards.nominee')), h('th', {}, t('awards.score')), h('th', {}, t('awards.sheets')), h('th', {}, ''))),
        h('tbody', {}, c.ranking.map((r) => h('tr', { dataset: { id: r.nominee_id } },
          h('td', {}, String(r.rank)),
          h('td', {}, r.institution, r.tie ? h('span', { class: 'badge subtle' }, t('awards.tie')) : null, c.winner_id === r.nominee_id ? h('span', { class: 'badge', style: 'margin-left:6px' }, t('awards.winner')) : null),
          h('td', { class: 'time' }, r.score.toFixed(2)),
          h('td', {}, `${r.sheets_complete}/${r.judges}`),
          h('td', { class: 'actions' }, h('button', { class: 'small decide', onclick: (e) => decide(c, r, e.target) }, t('awards.decide'))))))),
      c.decided_at ? h('p', { class: 'small', id: 'decision' }, t('awards.decided', { name: c.ranking.find((r) => r.nominee_id === c.winner_id)?.institution || '' }), c.decision_note ? ` — ${c.decision_note}` : '') : null);
    return card;
  }

  async function decide(c, r, button) {
    const top = c.ranking[0];
    const tieAtTop = c.ranking.filter((x) => x.score === top.score).length > 1;
    const note = h('input', { id: 'decision-note', maxlength: 500, placeholder: t('awards.note_placeholder') });
    const box = h('div', { class: 'ask-box card', id: 'decide-box' },
      h('p', {}, t('awards.confirm_decide', { name: r.institution })),
      tieAtTop ? h('p', { class: 'muted small' }, t('awards.tie_hint')) : null,
      h('label', { class: 'field' }, t('awards.note'), note),
      h('div', { class: 'row' },
        h('button', { class: 'primary', id: 'decide-yes', onclick: async () => {
          try { await cmd.awardDecide({ categoryId: c.id, winnerId: r.nominee_id, note: note.value }); toast(t('awards.decision_saved')); await load(); } catch (err) { showError(err); }
        } }, t('awards.decide')),
        h('button', { onclick: () => box.remove() }, t('common.cancel'))));
    document.querySelectorAll('#decide-box').forEach((b) => b.remove());
    button.closest('table').insertAdjacentElement('afterend', box);
    note.focus();
  }

  view.append(h('h1', {}, t('awards.title')), h('p', { class: 'muted' }, t('awards.intro')), tabs, body);
  await load();
}
