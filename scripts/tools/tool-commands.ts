/**
 * The npm scripts that run a development tool (type check, lint, format check, Jest): their options,
 * read by the project's one command-line reader, and the tool's own arguments they become. The
 * tools are started from node_modules with this Node, so nothing but `npm install` is needed.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CommandSpec, Values } from '../../server/src/lib/command-line';

export interface ToolCommand<O extends CommandSpec['options'] = CommandSpec['options']> {
  spec: CommandSpec<O>;
  /** The npm package whose `bin` entry is the tool. */
  bin: string;
  args(values: Values<O>, positionals: string[]): string[];
}

const tool = <O extends CommandSpec['options']>(t: ToolCommand<O>) => t as unknown as ToolCommand;

/** The file a package's `bin` names (its first, or the one named like the package), in node_modules. */
export function binPath(pkg: string): string {
  const manifest = require.resolve(`${pkg}/package.json`);
  const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: string | Record<string, string> }).bin;
  const file = typeof bin === 'string' ? bin : (bin[pkg] ?? bin[Object.keys(bin)[0]!]!);
  return join(dirname(manifest), file);
}

export const JEST_PROJECTS = ['server', 'browser', 'lwc'] as const;

export const TOOL_COMMANDS: Record<string, ToolCommand> = {
  build: tool({
    spec: {
      command: 'npm run build --',
      summary: 'Type-checks the companion, the simulators and the scripts (tsc, no output written).',
      options: {},
    },
    bin: 'typescript',
    args: () => ['-p', 'tsconfig.json', '--noEmit'],
  }),
  lint: tool({
    spec: {
      command: 'npm run lint --',
      summary: 'Lints the TypeScript, the Lightning components and the scripts (ESLint).',
      options: { fix: { type: 'boolean', description: 'Fix what ESLint can fix in place' } },
    },
    bin: 'eslint',
    args: (v) => ['.', ...(v.fix ? ['--fix'] : [])],
  }),
  'format:check': tool({
    spec: {
      command: 'npm run format:check --',
      summary: 'Checks that every file is formatted by Prettier (Apex and XML included).',
      options: { write: { type: 'boolean', description: 'Format the files in place instead' } },
    },
    bin: 'prettier',
    args: (v) => [v.write ? '--write' : '--check', '.'],
  }),
  'test:jest': tool({
    spec: {
      command: 'npm run test:jest --',
      summary: 'Runs the Jest tests alone, without the static checks (all of them by default).',
      options: {
        project: {
          type: 'string',
          description: 'Only one Jest project',
          choices: JEST_PROJECTS,
        },
        'test-name': { type: 'string', value: '<pattern>', description: 'Only the tests whose name matches' },
      },
      positionals: { name: 'path', description: 'Only the test files whose path matches' },
    },
    bin: 'jest',
    args: (v, paths) => [
      ...(v.project ? ['--selectProjects', v.project as string] : []),
      ...(v['test-name'] ? ['--testNamePattern', v['test-name'] as string] : []),
      ...paths,
    ],
  }),
};
