// What the window tests and the benchmark hand the page in place of a person: a folder to
// save into instead of the save dialog, files to open instead of the open dialog, a short
// lock delay, and the search timings they read back. Only test and bench builds answer
// `app_build` with `dev_tools`; the program users install ignores every hook, and has no
// command that writes where the page says.
import * as cmd from './commands.js';

let enabled = false;
const published = {};

// Called once at start with the build's answer.
export function enableHooks(on) {
  enabled = !!on;
  if (enabled) for (const [name, value] of Object.entries(published)) window[`__PLM_${name}__`] = value;
}

// Something the tests read back (numbers only, nothing personal).
export function publish(name, value) {
  published[name] = value;
  if (enabled) window[`__PLM_${name}__`] = value;
}

// The folder the tests save into (then the `_to` commands are used), or undefined.
export function exportDir() {
  return enabled ? window.__PLM_EXPORT_DIR__ : undefined;
}

// Files the tests open in place of the open dialog; the Rust side is told they were
// chosen, as a dialog's would be. Null when there are none.
async function granted(value) {
  if (!enabled || !value) return null;
  const paths = Array.isArray(value) ? value : [value];
  await cmd.devGrant({ paths });
  return value;
}
export function importFile() { return granted(window.__PLM_IMPORT_FILE__); }
export function receiveFiles() { return granted(window.__PLM_RECEIVE_FILES__); }

// A shorter idle time before the window locks (tests), or undefined.
export function lockAfterMs() {
  return enabled ? window.__PLM_LOCK_AFTER_MS__ : undefined;
}
