import { render } from 'preact';
import { App } from './ui/App';
import { registerOffline } from './ui/offline';
import './ui/styles.css';

render(<App />, document.getElementById('app')!);
registerOffline();
