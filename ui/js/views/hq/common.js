// Shared bits of headquarters' screens: state labels, the test hooks for file choice.
import * as cmd from '../../commands.js';
import { t } from '../../i18n.js';
import { h } from '../../dom.js';
import { importFile } from '../../testhooks.js';

export const STATES = ['planned', 'kit_sent', 'received', 'updated', 'overdue', 'unplanned'];

export function stateBadge(state) {
  return h('span', { class: `badge state-${state}`, dataset: { state } }, t(`hq.state.${state}`));
}

// A file chosen by the user (system dialog); tests hand one over (testhooks.js).
export async function pickFile(kind) {
  return await importFile() || cmd.hqPickFile({ kind });
}

export function when(ts) {
  if (!ts) return '—';
  const d = new Date(ts);
  return Number.isNaN(d.getTime()) ? ts : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
