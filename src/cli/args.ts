import { SiftError } from '../core/errors';

/** `--name value` pairs and bare `--flag`s; anything else is an error naming what is accepted. */
export function parseOptions(args: string[], valued: readonly string[], flags: readonly string[] = []): Map<string, string> {
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const name = arg.replace(/^--/, '');
    if (arg.startsWith('--') && flags.includes(name)) options.set(name, 'true');
    else if (arg.startsWith('--') && valued.includes(name)) {
      const value = args[i + 1];
      if (value === undefined || value.startsWith('--')) throw new SiftError('usage/value', `${arg} needs a value.`);
      options.set(name, value);
      i++;
    } else {
      const known = [...valued, ...flags].map((o) => `--${o}`).join(', ');
      throw new SiftError('usage/unknown', `Unknown argument "${arg}". Accepted: ${known}.`);
    }
  }
  return options;
}

export function choice<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T, option: string): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new SiftError('usage/choice', `--${option} must be one of ${allowed.join(', ')}; got "${value}".`);
  return value as T;
}

export function integer(value: string | undefined, fallback: number, option: string): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed)) throw new SiftError('usage/integer', `--${option} must be a whole number; got "${value}".`);
  return parsed;
}
