import { spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Whether this machine can start a process as PID 1 in a PID namespace of its own, as a container
 * runtime does (`unshare` from util-linux; needs root or user namespaces).
 */
export const canUsePidNamespace: boolean = (() => {
  const probe = spawnSync('unshare', ['--pid', '--fork', '--mount-proc', 'sh', '-c', 'test $$ -eq 1']);
  return probe.status === 0;
})();

/** The command line that runs `argv` as PID 1 of a new PID namespace. */
export function inPidNamespace(argv: string[]): string[] {
  return ['unshare', '--pid', '--fork', '--mount-proc', '--kill-child', ...argv];
}

/**
 * The host's view of the process `unshare` forked (PID 1 inside its namespace): the one to kill to
 * kill "the container's" main process.
 */
export function namespacedChildPid(unshare: ChildProcess): number {
  const pid = unshare.pid!;
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/);
  if (!children[0]) throw new Error('unshare has not forked its child yet');
  return Number(children[0]);
}
