// Node worker threads start without the parent's TypeScript loader: register tsx, then load the scan thread.
import { register } from 'tsx/esm/api';

register();
await import('./scan-thread.ts');
