// The page's entry point: synthetic shadow first (lightning-base-components need it, as in Lightning
// Experience), then the app shell.
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import App from 'preview/app';

// The page's one mount point, outside any component.
// eslint-disable-next-line @lwc/lwc/no-document-query
const root = document.getElementById('app');
root.appendChild(createElement('preview-app', { is: App }));
