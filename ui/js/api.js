// Calls into the Rust side. Errors arrive as {code, message}, message already in the
// user's language.
export async function call(cmd, args = {}) {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.core) throw { code: 'no_backend', message: 'PLM Desk backend is not available.' };
  try {
    return await tauri.core.invoke(cmd, args);
  } catch (e) {
    if (e && typeof e === 'object' && 'code' in e) {
      if (e.code === 'app.locked') window.dispatchEvent(new Event('plm-locked'));
      throw e;
    }
    throw { code: 'unexpected', message: String(e) };
  }
}
