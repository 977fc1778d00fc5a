// Packet Timeline webview entry (browser code, bundled by webpack into dist/webview.js).
// Adds the stylesheet under the page's CSP nonce (read from this script's own tag; the CSP
// allows no other inline style or script) and starts the app in #app.
import { App } from './app';
import { installStyles } from './styles';

const script = document.currentScript as HTMLScriptElement | null;
installStyles(script?.nonce ?? '');
const root = document.getElementById('app');
if (root !== null) new App(root);
