// The window's state and navigation: the current event and workspace, the menu, and going
// from view to view. Views import this module (never main.js); main.js registers the
// views and starts the page.
import * as cmd from './commands.js';
import { t } from './i18n.js';
import { h, clear, toast } from './dom.js';
import { dateRange } from './fmt.js';

// workspace: 'venue', 'hq', or null until the first-run choice (the venue's menu then)
// constants: values decided in Rust (the undo window, plan strategies and statuses), read once
export const app = { event: null, provinces: [], route: 'home', params: {}, workspace: null, constants: null };

let routes = {};
// main.js hands over the views by route name
export function setRoutes(r) { routes = r; }

const NAV = [
  { route: 'home', key: 'nav.home', needsEvent: false },
  { route: 'event', key: 'nav.event', needsEvent: false },
  { route: 'agenda', key: 'nav.agenda', needsEvent: true },
  { route: 'desk', key: 'nav.desk', needsEvent: true },
  { route: 'participants', key: 'nav.participants', needsEvent: true },
  { route: 'notes', key: 'nav.notes', needsEvent: true },
  { route: 'plans', key: 'nav.plans', needsEvent: true },
  { route: 'awards', key: 'nav.awards', needsEvent: true },
  { route: 'reports', key: 'nav.reports', needsEvent: true },
  { route: 'papers', key: 'nav.papers', needsEvent: true },
  { route: 'datafile', key: 'nav.datafile', needsEvent: true },
  { route: 'help', key: 'nav.help', needsEvent: false },
];
// headquarters' menu: a venue laptop shows none of it
const HQ_NAV = [
  { route: 'hq_home', key: 'nav.hq_home', needsEvent: false },
  { route: 'hq_plans', key: 'nav.hq_plans', needsEvent: false },
  { route: 'hq_receive', key: 'nav.hq_receive', needsEvent: false },
  { route: 'hq_national', key: 'nav.hq_national', needsEvent: false },
  { route: 'hq_people', key: 'nav.hq_people', needsEvent: false },
  { route: 'hq_export', key: 'nav.hq_export', needsEvent: false },
  { route: 'hq_keys', key: 'nav.hq_keys', needsEvent: false },
  { route: 'help', key: 'nav.help', needsEvent: false },
];
export const nav = () => (app.workspace === 'hq' ? HQ_NAV : NAV);
export const homeRoute = () => (app.workspace === 'hq' ? 'hq_home' : 'home');

// Choose or switch what this computer is for (the caller asked for a confirmation).
export async function setWorkspace(w) {
  app.workspace = await cmd.setWorkspace({ workspace: w });
  document.body.dataset.workspace = app.workspace;
  renderTop();
  await go(homeRoute());
}

export async function refreshEvent() {
  app.event = await cmd.eventCurrent();
  renderTop();
  renderNav();
}

export function renderTop() {
  const el = document.getElementById('event-title');
  clear(el);
  if (app.workspace === 'hq') {
    el.append(h('strong', {}, t('top.hq')));
  } else if (app.event) {
    el.append(h('strong', {}, app.event.title), ' · ', `${app.event.province_name} · ${dateRange(app.event.start_date, app.event.end_date)}`);
  } else {
    el.append(t('top.no_event'));
  }
}

export function renderNav() {
  const ul = clear(document.getElementById('nav'));
  const items = nav();
  for (const item of items) {
    const disabled = item.needsEvent && !app.event;
    ul.append(h('li', {}, h('button', {
      type: 'button',
      id: `nav-${item.route}`,
      'aria-current': app.route === item.route ? 'page' : null,
      disabled,
      title: disabled ? t('nav.needs_event') : (item.route === 'help' ? 'F1' : `Alt+${(items.indexOf(item) + 1) % 10}`),
      onclick: () => go(item.route),
    }, t(item.key))));
  }
}

export async function go(route, params = {}) {
  app.route = route;
  app.params = params;
  renderNav();
  const view = clear(document.getElementById('view'));
  try {
    await routes[route].render(view, params);
  } catch (e) {
    view.append(h('div', { class: 'alert', role: 'alert' }, e.message || String(e)));
  }
  const first = view.querySelector('[autofocus]') || view.querySelector('h1');
  if (first) {
    if (first.tagName === 'H1') first.setAttribute('tabindex', '-1');
    first.focus();
  }
}

export function showError(e) {
  toast(e && e.message ? e.message : String(e), true);
}
