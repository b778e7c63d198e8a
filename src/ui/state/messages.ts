import { signal } from '@preact/signals';
import { route, type Route } from './route';

/** An action a confirmation offers (Undo) for as long as `valid` says it still does what it says. */
export interface MessageAction {
  label: string;
  run: () => unknown;
  valid: () => boolean;
}

export interface Message {
  id: number;
  kind: 'error' | 'info';
  text: string;
  /** The page or dataset the message belongs to: it is shown there and nowhere else. */
  scope: string;
  at: number;
  action?: MessageAction;
}

/** Messages not yet dismissed (errors) or not yet faded (confirmations). */
export const messages = signal<Message[]>([]);
/** Every message of this page load, oldest first, so the activity log can show them again. */
export const messageLog = signal<Message[]>([]);

/** A scope shown on every page: problems with the app itself, not with one dataset. */
export const GLOBAL = 'global';
const MAX_TOASTS = 3;
const MAX_LOG = 500;

export function scopeOf(r: Route): string {
  return r.name === 'dataset' ? `dataset:${r.id}` : r.name;
}

export function currentScope(): string {
  return scopeOf(route.value);
}

let nextId = 1;

/**
 * Shows a message in `scope` (the page the user is on unless the caller knows better, e.g. a task
 * started elsewhere). Errors stay until dismissed; confirmations fade (styles.css: toast-life).
 */
export function say(kind: 'error' | 'info', text: string, options: { scope?: string; action?: MessageAction } = {}): void {
  const message: Message = { id: nextId++, kind, text, scope: options.scope ?? currentScope(), at: Date.now(), action: options.action };
  const toasts = messages.value.filter((m) => m.kind === 'info' && m.scope === message.scope);
  // Old confirmations make room for new ones rather than pile up; they stay readable in the log.
  const drop = new Set(kind === 'info' ? toasts.slice(0, Math.max(0, toasts.length - MAX_TOASTS + 1)).map((m) => m.id) : []);
  messages.value = [...messages.value.filter((m) => !drop.has(m.id)), message];
  messageLog.value = [...messageLog.value.slice(-MAX_LOG + 1), message];
}

export function dismiss(id: number): void {
  messages.value = messages.value.filter((m) => m.id !== id);
}

/** Messages for the page the user is on. */
export function visibleMessages(all: Message[], scope: string): Message[] {
  return all.filter((m) => m.scope === scope || m.scope === GLOBAL);
}
