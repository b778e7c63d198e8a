import { useEffect } from 'preact/hooks';
import { openLibrary, storeOpen, storeProblem } from './state/library';
import { route } from './state/route';
import { say } from './state/tasks';
import { GLOBAL } from './state/messages';
import { TaskBar } from './components/TaskBar';
import { Messages } from './components/Messages';
import { UpdatePrompt } from './components/UpdatePrompt';
import { Home } from './views/Home';
import { DatasetView } from './views/DatasetView';
import { Settings } from './views/Settings';
import { ModelsPage } from './views/models/ModelsPage';

export function App() {
  useEffect(() => {
    openLibrary(() => say('error', 'Sift was updated in another tab. Reload this tab to keep working; nothing was lost.', { scope: GLOBAL })).catch((error) =>
      say('error', `Could not open the local store: ${error instanceof Error ? error.message : error}`),
    );
  }, []);
  const current = route.value;
  if (storeProblem.value) {
    return (
      <main class="store-problem">
        <h1>Sift cannot open its data here</h1>
        <p role="alert" data-testid="store-problem">{storeProblem.value}</p>
      </main>
    );
  }
  if (!storeOpen.value) return <main><p class="hint">Opening…</p></main>;
  return (
    <div class="app">
      <nav class="topbar">
        <a href="#/" class="brand">Sift</a>
        <span class="spacer" />
        <a href="#/models">Models</a>
        <a href="#/settings">Settings</a>
      </nav>
      <UpdatePrompt />
      <Messages />
      <TaskBar />
      {current.name === 'home' && <Home />}
      {current.name === 'dataset' && <DatasetView key={current.id} id={current.id} tab={current.tab} />}
      {current.name === 'settings' && <Settings />}
      {current.name === 'models' && <ModelsPage />}
    </div>
  );
}
