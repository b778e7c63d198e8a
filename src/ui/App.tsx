import { useEffect } from 'preact/hooks';
import { refreshDatasets } from './state/library';
import { whenUpgradedElsewhere } from '../data/db';
import { route } from './state/route';
import { say } from './state/tasks';
import { GLOBAL } from './state/messages';
import { TaskBar } from './components/TaskBar';
import { Messages } from './components/Messages';
import { Home } from './views/Home';
import { DatasetView } from './views/DatasetView';
import { Settings } from './views/Settings';
import { ModelsPage } from './views/models/ModelsPage';

export function App() {
  useEffect(() => {
    whenUpgradedElsewhere(() => say('error', 'Sift was updated in another tab. Reload this tab to keep working; nothing was lost.', { scope: GLOBAL }));
    refreshDatasets().catch((error) => say('error', `Could not open the local store: ${error instanceof Error ? error.message : error}`));
  }, []);
  const current = route.value;
  return (
    <div class="app">
      <nav class="topbar">
        <a href="#/" class="brand">Sift</a>
        <span class="spacer" />
        <a href="#/models">Models</a>
        <a href="#/settings">Settings</a>
      </nav>
      <Messages />
      <TaskBar />
      {current.name === 'home' && <Home />}
      {current.name === 'dataset' && <DatasetView key={current.id} id={current.id} tab={current.tab} />}
      {current.name === 'settings' && <Settings />}
      {current.name === 'models' && <ModelsPage />}
    </div>
  );
}
