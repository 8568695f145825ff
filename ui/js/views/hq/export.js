// Headquarters' exports: the analysts' workbook, the national summary PDF, the tidy CSV.
import * as cmd from '../../commands.js';
import { t } from '../../i18n.js';
import { h, clear, toast } from '../../dom.js';
import { exportDir } from '../../testhooks.js';

export async function render(view) {
  const d = await cmd.hqDashboard({ filter: {} });
  const result = h('div', { id: 'hq-export-result', 'aria-live': 'polite' });
  const year = h('select', { id: 'hq-export-year' }, h('option', { value: '' }, t('hq.all')), d.years.map((y) => h('option', { value: y }, y)));
  const run = async (kind, btn) => {
    clear(result);
    btn.disabled = true;
    const filter = { year: year.value ? Number(year.value) : null };
    try {
      const dir = exportDir();
      const r = dir ? await cmd.hqExportTo({ kind, filter, path: `${dir}/plm-nasional.${kind}` }) : await cmd.hqExport({ kind, filter });
      if (!r) return;
      result.append(h('div', { class: 'desk-ok', id: 'hq-export-done' }, h('div', { class: 'desk-ok-title' }, t('reports.saved')), h('div', {}, r.path),
        h('div', { class: 'muted small' }, `${Math.max(1, Math.round(r.bytes / 1024))} KB`)));
      toast(t('reports.saved'));
    } catch (e) {
      result.append(h('div', { class: 'alert', role: 'alert' }, e.message));
    } finally { btn.disabled = false; }
  };
  const card = (kind, title, text) => h('div', { class: 'card' }, h('h2', {}, title), h('p', { class: 'muted small' }, text),
    h('button', { class: 'primary', id: `hq-export-${kind}`, onclick: (e) => run(kind, e.target) }, t('hq.export_save')));
  view.append(h('h1', {}, t('nav.hq_export')),
    h('label', {}, t('hq.year'), ' ', year),
    h('div', { class: 'grid3' },
      card('xlsx', t('hq.export_xlsx'), t('hq.export_xlsx_help')),
      card('pdf', t('hq.export_pdf'), t('hq.export_pdf_help')),
      card('csv', t('hq.export_csv'), t('hq.export_csv_help'))),
    h('p', { class: 'muted small' }, t('hq.export_privacy')),
    result);
}
