import { signal } from '@preact/signals';

export type Route = { name: 'home' } | { name: 'dataset'; id: string; tab: string } | { name: 'settings' } | { name: 'models' };

function parse(hash: string): Route {
  const match = /^#\/d\/([^/]+)(?:\/([\w-]+))?/.exec(hash);
  if (match) return { name: 'dataset', id: decodeURIComponent(match[1]), tab: match[2] ?? 'items' };
  if (hash.startsWith('#/settings')) return { name: 'settings' };
  if (hash.startsWith('#/models')) return { name: 'models' };
  return { name: 'home' };
}

export const route = signal<Route>(parse(location.hash));
window.addEventListener('hashchange', () => (route.value = parse(location.hash)));

export function go(to: Route | { name: 'dataset'; id: string; tab?: string }): void {
  if (to.name === 'dataset') location.hash = `#/d/${encodeURIComponent(to.id)}${to.tab && to.tab !== 'items' ? `/${to.tab}` : ''}`;
  else location.hash = to.name === 'settings' ? '#/settings' : to.name === 'models' ? '#/models' : '#/';
}
