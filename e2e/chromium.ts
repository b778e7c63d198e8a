import { existsSync } from 'node:fs';

/** Debian's Chromium, launched so that it makes no background requests and exposes WebGPU. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`Chromium not found at ${path}: install Debian's chromium or set CHROMIUM_PATH`);
  return path;
}

export const chromiumArgs = [
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

export function chromiumLaunchOptions() {
  return { executablePath: chromiumPath(), args: chromiumArgs };
}
