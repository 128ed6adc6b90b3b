/**
 * Builds the User Sync app for the sandbox's Lightning page: the components of force-app, unmodified,
 * compiled by LWC OSS with the npm lightning-base-components, plus the modules Lightning Experience
 * would provide (modules/): empApi over the sandbox's CometD, a record picker, toasts, navigation.
 * `@salesforce/apex/*`, `@salesforce/customPermission/*` and `@salesforce/user/*` are generated here.
 *
 * `npm run build:lightning` writes .lightning/ (git-ignored); `npm run sandbox` builds it when missing
 * or older than its sources.
 */
import { readdirSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import lwc from '@lwc/rollup-plugin';
import replace from '@rollup/plugin-replace';
import { rollup, type Plugin } from 'rollup';
import { readCommandLine } from '../../src/lib/command-line';
import { BUNDLE_FILE, DEFAULT_OUT_DIR, LWC_DIR, MODULES_DIR, REPO_ROOT } from './paths';

/** One alias per component folder of force-app: `c/name` → its JavaScript file. */
function namespaceC(): Array<{ name: string; path: string }> {
  return readdirSync(LWC_DIR, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ name: `c/${entry.name}`, path: join(LWC_DIR, entry.name, `${entry.name}.js`) }));
}

const VIRTUAL = '\0salesforce:';

/**
 * The `@salesforce/*` modules Lightning generates per org: an Apex method is a function that calls
 * the org (preview/apex), a custom permission is true or undefined for the page's user, the user Id
 * is the page's user.
 */
function salesforceModules(): Plugin {
  return {
    name: 'salesforce-modules',
    resolveId(source) {
      return /^@salesforce\/(apex|customPermission|user)\//.test(source) ? VIRTUAL + source : null;
    },
    load(id) {
      if (!id.startsWith(VIRTUAL)) return null;
      const source = id.slice(VIRTUAL.length);
      const [, kind, name] = /^@salesforce\/([^/]+)\/(.+)$/.exec(source) as RegExpExecArray;
      if (kind === 'apex') {
        const [classname, method] = name.split('.');
        if (!classname || !method) throw new Error(`Bad Apex import ${source}: expected Class.method`);
        return [
          `import { callApex } from 'preview/apex';`,
          `export default function ${method}(params) {`,
          `  return callApex(${JSON.stringify(classname)}, ${JSON.stringify(method)}, params);`,
          `}`,
        ].join('\n');
      }
      if (kind === 'customPermission') {
        return `import { hasCustomPermission } from 'preview/session';\nexport default hasCustomPermission(${JSON.stringify(name)});`;
      }
      if (kind === 'user' && name === 'Id') {
        return `import { session } from 'preview/session';\nexport default session().userId;`;
      }
      throw new Error(`${source} is not provided by the sandbox's Lightning page`);
    },
  };
}

export interface BuildResult {
  outDir: string;
  bundlePath: string;
  bytes: number;
  ms: number;
}

/** Builds the page's bundle into outDir and says how long it took. */
export async function buildLightningBundle(outDir = DEFAULT_OUT_DIR): Promise<BuildResult> {
  const started = Date.now();
  await mkdir(outDir, { recursive: true });
  const bundle = await rollup({
    input: join(MODULES_DIR, 'entry.js'),
    plugins: [
      salesforceModules(),
      replace({
        preventAssignment: true,
        values: { 'process.env.NODE_ENV': JSON.stringify('production'), 'import.meta.env.SSR': 'false' },
      }),
      lwc({
        rootDir: MODULES_DIR,
        modules: [{ dir: MODULES_DIR }, ...namespaceC(), { npm: 'lightning-base-components' }],
        // lightning-base-components render some parts with lwc:component.
        enableDynamicComponents: true,
        // Their form controls use ElementInternals, which synthetic shadow provides only on request.
        enableSyntheticElementInternals: true,
      }),
    ],
    onwarn(warning, warn) {
      // lightning-base-components' own template warnings and circular imports are theirs to fix.
      if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.id?.includes('node_modules')) return;
      warn(warning);
    },
  });
  const bundlePath = join(outDir, BUNDLE_FILE);
  await bundle.write({ file: bundlePath, format: 'esm', inlineDynamicImports: true });
  await bundle.close();
  return { outDir, bundlePath, bytes: statSync(bundlePath).size, ms: Date.now() - started };
}

/** The newest modification time under a folder (tests and Jest fixtures left out). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '__tests__') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** True when the bundle is missing or older than a component, a module or a dependency it is built from. */
export function bundleIsStale(outDir = DEFAULT_OUT_DIR): boolean {
  const bundlePath = join(outDir, BUNDLE_FILE);
  let built: number;
  try {
    built = statSync(bundlePath).mtimeMs;
  } catch {
    return true;
  }
  // The lock file changes when lightning-base-components, LWC or SLDS do.
  const inputs = [__filename, join(REPO_ROOT, 'package-lock.json')].map((f) => statSync(f).mtimeMs);
  return Math.max(newestMtime(LWC_DIR), newestMtime(MODULES_DIR), ...inputs) > built;
}

if (require.main === module) {
  const { positionals } = readCommandLine({
    command: 'npm run build:lightning --',
    summary:
      'Builds the User Sync app (force-app LWC, lightning base components, SLDS) for the sandbox org into one bundle.',
    options: {},
    positionals: { name: 'out-dir', description: 'Where to write it (default .lightning/)', max: 1 },
  });
  buildLightningBundle(positionals[0] ? resolve(positionals[0]) : undefined)
    .then((r) => console.log(`Built ${r.bundlePath} (${(r.bytes / 1e6).toFixed(1)} MB) in ${r.ms} ms`))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
