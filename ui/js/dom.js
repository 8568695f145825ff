// Tiny DOM builder: every text goes in as text (never as HTML), so data cannot inject markup.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    // through the CSSOM: the page's CSP (style-src 'self') refuses style attributes
    else if (k === 'style') el.style.cssText = v;
    else if (k === 'value') el.value = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

let toastTimer;
export function toast(message, isError = false) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.classList.toggle('error', isError);
  el.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('show'), isError ? 6000 : 3000);
}

// Read a form's named fields into an object.
export function formData(form) {
  const out = {};
  for (const el of form.elements) {
    if (el.name) out[el.name] = el.value;
  }
  return out;
}

// Ask in the page (no native dialog): a short box after `anchor` with Yes / No.
// Resolves true or false. Native confirm() dialogs are not reliable in every webview.
export function ask(anchor, message, yes, no) {
  return new Promise((resolve) => {
    document.querySelectorAll('.ask-box').forEach((b) => b.remove());
    const done = (v) => { box.remove(); resolve(v); };
    const box = h('div', { class: 'ask-box alert', role: 'alertdialog' },
      h('p', {}, message),
      h('div', { class: 'row' },
        h('button', { class: 'danger ask-yes', onclick: () => done(true) }, yes),
        h('button', { class: 'ask-no', onclick: () => done(false) }, no)));
    anchor.insertAdjacentElement('afterend', box);
    box.querySelector('.ask-no').focus();
  });
}
