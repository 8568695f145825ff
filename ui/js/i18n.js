// Strings in Indonesian (default) and English. Dictionaries live in ../i18n/*.json.
const dicts = {};
let lang = 'id';

export async function loadLanguages() {
  for (const l of ['id', 'en']) {
    const res = await fetch(`i18n/${l}.json`);
    dicts[l] = await res.json();
  }
}

export function setLang(l) {
  lang = dicts[l] ? l : 'id';
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
}

export function getLang() {
  return lang;
}

// t('agenda.day', {n: 2}) -> "Hari ke-2". A missing key shows itself, so it is noticed.
export function t(key, vars = {}) {
  const s = (dicts[lang] && dicts[lang][key]) ?? (dicts.id && dicts.id[key]) ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => (vars[k] ?? `{${k}}`));
}
