import { render } from 'preact';
import { App } from './app';
import { detectLocale, setLocale } from './i18n';
import { restoreSession } from './lib/auth';
import './styles.css';

// The language's catalogue and the session (refresh cookie → access token in memory) load together, before the
// first render, so no screen ever shows a key or flashes the login page.
await Promise.all([setLocale(detectLocale()), restoreSession()]);
render(<App />, document.getElementById('app')!);
