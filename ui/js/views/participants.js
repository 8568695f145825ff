// Participants: list and search, walk-in / edit form, remove and erase, roster import.
import * as cmd from '../commands.js';
import { t } from '../i18n.js';
import { h, clear, formData, toast, ask } from '../dom.js';
import { app, go, showError } from '../app.js';

const SHOW_MAX = 200;
const FIELDS = ['name', 'gender', 'category', 'institution', 'position', 'regency', 'village', 'nip', 'phone', 'email', 'disability'];

export async function render(view, params = {}) {
  const ev = app.event;
  if (!ev) { await go('home'); return; }
  const count = h('span', { class: 'muted', id: 'p-count' });
  const search = h('input', { id: 'p-search', type: 'search', placeholder: t('participants.search_placeholder'), autofocus: true, 'aria-label': t('participants.search_placeholder') });
  const listBox = h('div', { id: 'p-list' });
  const side = h('div', { class: 'card', id: 'p-side' });
  let seq = 0;

  async function refresh() {
    const q = search.value.trim();
    const mine = ++seq;
    const rows = q ? await cmd.participantSearch({ eventId: ev.id, query: q }) : await cmd.participantList({ eventId: ev.id });
    if (mine !== seq) return; // a newer keystroke already answered
    if (!q) count.textContent = t('participants.count', { n: rows.length });
    renderList(rows, q);
  }

  function renderList(rows, q) {
    clear(listBox);
    if (rows.length === 0) {
      listBox.append(h('p', { class: 'empty' }, q ? t('participants.no_match', { q }) : t('participants.empty')));
      return;
    }
    listBox.append(h('table', { class: 'list', id: 'p-table' },
      h('thead', {}, h('tr', {}, ['participants.code', 'participants.name', 'participants.gender_short', 'participants.category', 'participants.regency', 'participants.consent', ''].map((k) => h('th', { class: k ? k.replace('.', '-') : 'col-actions' }, k ? t(k) : '')))),
      h('tbody', {}, rows.slice(0, SHOW_MAX).map((p) => h('tr', { dataset: { id: p.id, code: p.code } },
        h('td', {}, h('code', { class: 'badge-code' }, p.code)),
        h('td', { class: 'p-name' }, p.erased ? h('em', { class: 'muted' }, t('participants.erased')) : h('strong', {}, p.name),
          p.source === 'walk_in' ? h('span', { class: 'badge subtle' }, t('participants.walk_in')) : null,
          p.institution ? h('div', { class: 'muted small' }, p.institution) : null),
        h('td', {}, p.gender || '—'),
        h('td', {}, p.category_label),
        h('td', {}, p.regency || '—'),
        h('td', {}, p.consent === true ? t('participants.consent_yes') : p.consent === false ? t('participants.consent_no') : '—'),
        h('td', { class: 'actions' },
          p.erased ? null : h('button', { class: 'small', onclick: () => showForm(p) }, t('common.edit')),
        ),
      )))));
    if (rows.length > SHOW_MAX) listBox.append(h('p', { class: 'muted' }, t('participants.more', { n: rows.length - SHOW_MAX })));
  }

  // ------------------------------------------------------------- add / edit form
  async function showForm(p = null) {
    clear(side);
    grid.classList.remove('importing');
    const cats = await cmd.categories();
    const alert = h('div', { class: 'alert', role: 'alert', id: 'p-error' });
    const gender = h('select', { name: 'gender', id: 'p-gender' }, h('option', { value: '' }, '—'), h('option', { value: 'L' }, t('participants.male')), h('option', { value: 'P' }, t('participants.female')));
    const category = h('select', { name: 'category', id: 'p-category' }, cats.map((c) => h('option', { value: c.code }, c.label)));
    const inp = (name, label, attrs = {}) => h('label', { class: 'field' + (attrs.wide ? ' wide' : '') }, label,
      h('input', { name, id: `p-${name}`, value: p ? (p[name] ?? '') : '', maxlength: 200, ...attrs, wide: null }));
    const form = h('form', { class: 'fields', id: 'p-form', novalidate: true },
      inp('name', t('participants.name'), { wide: true, autofocus: true, maxlength: 150 }),
      h('label', { class: 'field' }, t('participants.gender'), gender),
      h('label', { class: 'field' }, t('participants.category'), category),
      inp('institution', t('participants.institution'), { wide: true }),
      inp('position', t('participants.position')),
      inp('regency', t('participants.regency')),
      inp('phone', t('participants.phone'), { inputmode: 'tel', placeholder: '0812…' }),
      inp('email', t('participants.email'), { type: 'email' }),
      inp('nip', t('participants.nip'), { inputmode: 'numeric', maxlength: 21 }),
      inp('village', t('participants.village')),
      inp('disability', t('participants.disability'), { wide: true, placeholder: t('participants.optional') }),
      h('div', { class: 'row wide' },
        h('button', { type: 'submit', class: 'primary', id: 'p-save' }, p ? t('common.save') : t('participants.add')),
        h('button', { type: 'button', onclick: () => showHelp() }, t('common.cancel')),
        h('span', { class: 'spacer' }),
        p ? h('button', { type: 'button', class: 'danger', id: 'p-remove', onclick: () => removeP(p) }, t('participants.remove')) : null,
        p ? h('button', { type: 'button', class: 'danger', id: 'p-erase', onclick: () => eraseP(p) }, t('participants.erase')) : null,
      ),
    );
    gender.value = p?.gender ?? '';
    category.value = p?.category ?? 'lainnya';
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      alert.textContent = '';
      const d = formData(form);
      const input = Object.fromEntries(FIELDS.map((f) => [f, d[f] ?? '']));
      const btn = form.querySelector('#p-save');
      btn.disabled = true;
      try {
        const saved = p ? await cmd.participantUpdate({ id: p.id, input }) : await cmd.participantAdd({ eventId: ev.id, input, walkIn: true });
        toast(p ? t('participants.saved') : t('participants.added', { code: saved.code }));
        search.value = '';
        await refresh();
        showHelp();
      } catch (err) {
        alert.textContent = err.message;
      } finally {
        btn.disabled = false;
      }
    });
    side.append(h('h2', {}, p ? t('participants.edit_title', { code: p.code }) : t('participants.add_title')), alert, form);
    form.elements.name.focus();
  }

  async function removeP(p) {
    if (!(await ask(side.querySelector('form') || side, t('participants.confirm_remove', { name: p.name }), t('participants.remove'), t('common.cancel')))) return;
    try { await cmd.participantRemove({ id: p.id }); toast(t('participants.removed')); await refresh(); showHelp(); } catch (e) { showError(e); }
  }

  async function eraseP(p) {
    if (!(await ask(side.querySelector('form') || side, t('participants.confirm_erase', { name: p.name }), t('participants.erase'), t('common.cancel')))) return;
    try { await cmd.participantErase({ id: p.id }); toast(t('participants.erased_done')); await refresh(); showHelp(); } catch (e) { showError(e); }
  }

  // ------------------------------------------------------------- import
  function showImport() {
    clear(side);
    grid.classList.add('importing');
    const alert = h('div', { class: 'alert', role: 'alert', id: 'import-error' });
    const result = h('div', { id: 'import-result' });
    // the browser's own file button speaks the system's language ("Choose File"); ours
    // is a label in the user's language that opens the same hidden input
    const file = h('input', { type: 'file', id: 'roster-file', class: 'visually-hidden', accept: '.csv,.tsv,.txt,.xlsx,.xls,.ods' });
    const chosen = h('span', { class: 'muted', id: 'roster-file-name' }, t('import.no_file'));
    file.addEventListener('change', () => { chosen.textContent = file.files[0]?.name || t('import.no_file'); });
    side.append(h('h2', {}, t('import.title')), h('p', { class: 'muted' }, t('import.help')),
      h('div', { class: 'field' }, h('span', {}, t('import.choose')),
        h('div', { class: 'row' }, h('label', { class: 'button', for: 'roster-file', id: 'roster-file-button', tabindex: '0',
          onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); file.click(); } } }, t('import.pick_file')), chosen), file),
      alert, result);
    let data = null;
    let mapping = null;
    let preview = null;
    file.addEventListener('change', async () => {
      alert.textContent = '';
      clear(result);
      const f = file.files[0];
      if (!f) return;
      try {
        data = toBase64(new Uint8Array(await f.arrayBuffer()));
        preview = await cmd.rosterPreview({ data });
        mapping = preview.columns.map((c) => c.field);
        await showPreview();
      } catch (e) {
        alert.textContent = e.message;
      }
    });

    async function showPreview() {
      clear(result);
      const report = await cmd.rosterImport({ eventId: ev.id, data, mapping, dryRun: true });
      const fieldOptions = [['', t('import.ignore')], ...FIELDS.map((f) => [f, t(`participants.${f}`)])];
      const mappingTable = h('table', { class: 'list compact', id: 'import-mapping' },
        h('thead', {}, h('tr', {}, h('th', {}, t('import.file_column')), h('th', {}, t('import.first_row')), h('th', {}, t('import.field')))),
        h('tbody', {}, preview.columns.map((c, i) => {
          const sel = h('select', { 'aria-label': c.header || `#${i + 1}`, dataset: { col: i } }, fieldOptions.map(([v, l]) => h('option', { value: v }, l)));
          sel.value = mapping[i] ?? '';
          sel.addEventListener('change', async () => { mapping[i] = sel.value || null; try { await showPreview(); } catch (e) { alert.textContent = e.message; } });
          return h('tr', {}, h('td', {}, c.header || `#${i + 1}`), h('td', {}, h('span', { class: 'muted' }, preview.sample[0]?.[i] ?? '')), h('td', {}, sel));
        })));
      result.append(
        reportBox(report, true),
        h('div', { class: 'row' },
          h('button', { class: 'primary', id: 'roster-confirm', onclick: async (e) => {
            e.target.disabled = true;
            try {
              const done = await cmd.rosterImport({ eventId: ev.id, data, mapping, dryRun: false });
              clear(result);
              grid.classList.remove('importing');
              result.append(reportBox(done, false), h('button', { onclick: () => showHelp() }, t('import.close')));
              toast(t('import.done', { n: done.imported }));
              await refresh();
            } catch (err) { alert.textContent = err.message; e.target.disabled = false; }
          } }, t('import.confirm', { n: report.imported })),
          h('button', { onclick: () => showHelp() }, t('common.cancel')),
        ),
        h('h3', {}, t('import.mapping')),
        mappingTable,
      );
    }
  }

  function reportBox(r, dry) {
    const items = [];
    for (const d of r.duplicates) items.push(h('li', {}, t('import.line', { line: d.line }), ': ', d.same_as_line ? t('import.dup_line', { name: d.name, other: d.same_as_line }) : t('import.dup_existing', { name: d.name })));
    for (const x of r.rejected) items.push(h('li', {}, t('import.line', { line: x.line }), ': ', t('import.rejected'), ' (', x.reason, ')'));
    for (const w of r.warnings) items.push(h('li', {}, t('import.line', { line: w.line }), `, ${w.column} "${w.value}": `, w.reason, w.field === 'category' ? null : h('span', { class: 'muted' }, ' ', t('import.left_empty'))));
    return h('div', { class: 'report', id: dry ? 'import-preview' : 'import-report' },
      h('p', {}, h('strong', {}, dry ? t('import.will') : t('import.did')), ' ',
        t('import.counts', { imported: r.imported, updated: r.updated, dup: r.duplicates.length, rejected: r.rejected.length, warnings: r.warnings.length })),
      r.unknown_columns.length ? h('p', { class: 'muted' }, t('import.unknown', { cols: r.unknown_columns.join(', ') })) : null,
      items.length ? h('ul', { class: 'report-list' }, items) : null);
  }

  function showHelp() {
    clear(side);
    grid.classList.remove('importing');
    side.append(h('h2', {}, t('participants.side_title')), h('p', {}, t('participants.side_help')),
      h('div', { class: 'row' },
        h('button', { class: 'primary', id: 'btn-add-participant', onclick: () => showForm() }, t('participants.add_walk_in')),
        h('button', { id: 'btn-import', onclick: () => showImport() }, t('import.title'))));
  }

  search.addEventListener('input', () => refresh().catch(showError));
  const grid = h('div', { class: 'grid2 agenda-grid', id: 'p-grid' }, h('div', { class: 'card p-list-card' }, search, listBox), side);
  view.append(
    h('div', { class: 'row' }, h('h1', {}, t('participants.title')), count),
    grid,
  );
  if (params.mode === 'add') await showForm(); else if (params.mode === 'import') showImport(); else showHelp();
  await refresh();
}

function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
