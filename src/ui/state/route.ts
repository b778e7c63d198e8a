import { signal } from '@preact/signals';

export type Route = { name: 'home' } | { name: 'dataset'; id: string } | { name: 'settings' };

function parse(hash: string): Route {
  const match = /^#\/d\/([^/]+)/.exec(hash);
  if (match) return { name: 'dataset', id: decodeURIComponent(match[1]) };
  if (hash.startsWith('#/settings')) return { name: 'settings' };
  return { name: 'home' };
}

export const route = signal<Route>(parse(location.hash));
window.addEventListener('hashchange', () => (route.value = parse(location.hash)));

export function go(to: Route): void {
  location.hash = to.name === 'dataset' ? `#/d/${encodeURIComponent(to.id)}` : to.name === 'settings' ? '#/settings' : '#/';
}
