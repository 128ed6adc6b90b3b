import * as fs from 'node:fs';
import * as path from 'node:path';
import { ForceIgnore } from '@salesforce/source-deploy-retrieve';

/**
 * Every file under `dir` that the sf CLI would consider (the project's .forceignore applies, as do
 * its defaults such as dot files), as absolute paths in a stable order.
 */
export function listSourceFiles(dir: string): string[] {
  const root = path.resolve(dir);
  const forceIgnore = ForceIgnore.findAndCreate(root);
  const files: string[] = [];
  const walk = (current: string): void => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (forceIgnore.denies(full)) continue;
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(full);
    }
  };
  walk(root);
  return files.sort();
}

/** `file` relative to the current directory, for messages. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}
