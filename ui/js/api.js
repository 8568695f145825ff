// Calls into the Rust side. A refusal arrives as an `AppError` (an Error with the stable
// `code`, the `message` already in the user's language, and the form `field` at fault
// when there is one).
export class AppError extends Error {
  constructor({ code, message, field }) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    if (field) this.field = field;
  }
}

export async function call(cmd, args = {}) {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.core) throw new AppError({ code: 'no_backend', message: 'PLM Desk backend is not available.' });
  try {
    return await tauri.core.invoke(cmd, args);
  } catch (e) {
    if (e && typeof e === 'object' && 'code' in e) {
      if (e.code === 'app.locked') window.dispatchEvent(new Event('plm-locked'));
      throw new AppError(e);
    }
    throw new AppError({ code: 'unexpected', message: String(e) });
  }
}
