import { createRoot } from 'react-dom/client';
import { App, firstViewSettled } from './App';

/**
 * The longest the first render waits for the first view's code and data (App.tsx firstViewSettled):
 * enough for them to arrive from the tab's own server, short enough that a slow sign-in or server
 * shows the shell and its spinner without a blank page.
 */
const FIRST_VIEW_WAIT_MS = 400;

const root = createRoot(document.getElementById('root')!);
void firstViewSettled(FIRST_VIEW_WAIT_MS).then(() => root.render(<App />));
