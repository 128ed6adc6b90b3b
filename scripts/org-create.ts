/**
 * `npm run org:create [-- --alias user-sync --duration-days 7]`: a scratch org for this project, from
 * config/project-scratch-def.json, for teams with a Dev Hub (`sf org login web --set-default-dev-hub`).
 */
import { runSf, sfAvailable, SF_MISSING, shown } from './deploy/sf-cli';

function main(argv: string[]): number {
  if (!sfAvailable()) {
    console.error(SF_MISSING);
    return 1;
  }
  const valueOf = (flag: string, fallback: string) =>
    argv.includes(flag) ? (argv[argv.indexOf(flag) + 1] ?? fallback) : fallback;
  const args = [
    'org',
    'create',
    'scratch',
    '--definition-file',
    'config/project-scratch-def.json',
    '--alias',
    valueOf('--alias', 'user-sync'),
    '--duration-days',
    valueOf('--duration-days', '7'),
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
    `Scratch org ${answer.result?.username ?? ''} created; next: npm run deploy -- --target-org ${valueOf('--alias', 'user-sync')}`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
