import { registerSW } from 'virtual:pwa-register';
import { pendingUpdate } from './components/UpdatePrompt';

/** Registers the service worker of the built app (precached, offline after the first visit). */
export function registerOffline(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const updateSW = registerSW({
    onNeedRefresh: () => {
      pendingUpdate.value = () => updateSW(true);
    },
    onRegisterError: (error: unknown) => console.warn('Offline support is unavailable:', error),
  });
}
