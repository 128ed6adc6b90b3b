/**
 * `npm run org:create [-- --alias user-sync --duration-days 7]`: a scratch org for this project, from
 * config/project-scratch-def.json, for teams with a Dev Hub (`sf org login web --set-default-dev-hub`).
 */
import { readCommandLine } from '../server/src/lib/command-line';
import { runSf, sfAvailable, SF_MISSING, shown } from './deploy/sf-cli';

const { values } = readCommandLine({
  command: 'npm run org:create --',
  summary: 'Creates a scratch org for this project from config/project-scratch-def.json (needs a Dev Hub).',
  options: {
    alias: { type: 'string', value: '<alias>', default: 'user-sync', description: "The scratch org's alias" },
    'duration-days': {
      type: 'number',
      value: '<days>',
      default: 7,
      description: 'How long it lives (1 to 30)',
    },
  },
});

function main(): number {
  if (!sfAvailable()) {
    console.error(SF_MISSING);
    return 1;
  }
  const args = [
    'org',
    'create',
    'scratch',
    '--definition-file',
    'config/project-scratch-def.json',
    '--alias',
    values.alias,
    '--duration-days',
    String(values['duration-days']),
    '--set-default',
    '--json',
  ];
  console.log(`$ ${shown(args)}`);
  const result = runSf(args);
  const answer = (result.json ?? {}) as { result?: { username?: string }; message?: string };
  if (result.exitCode !== 0) {
    console.error(
      `Scratch org not created: ${answer.message ?? (result.stderr.trim() || 'no reason given')}`,
    );
    return 1;
  }
  console.log(
    `Scratch org ${answer.result?.username ?? ''} created; next: npm run deploy -- --target-org ${values.alias}`,
  );
  return 0;
}

process.exitCode = main();
