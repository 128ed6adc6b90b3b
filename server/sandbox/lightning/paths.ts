/** Where the Lightning page's sources and build live. */
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const LWC_DIR = join(REPO_ROOT, 'force-app', 'main', 'default', 'lwc');
export const MODULES_DIR = join(__dirname, 'modules');
/** The default build folder (git-ignored). */
export const DEFAULT_OUT_DIR = join(REPO_ROOT, '.lightning');
export const BUNDLE_FILE = 'app.js';
export const SLDS_DIR = join(REPO_ROOT, 'node_modules', '@salesforce-ux', 'design-system', 'assets');
