import { Counter, Histogram, type Registry } from 'prom-client';
import type { RunRecorder } from './recorders';

/**
 * Runs take from seconds (a small team) to tens of minutes (a first import of thousands of users,
 * a push waiting on Zendesk jobs).
 */
const RUN_SECONDS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600];

/**
 * Runs of one kind (directory or push) by what they ran on and how they ended, and their duration.
 * `subject` is the source (zendesk, intercom) or the push's destination (zendesk).
 */
export function runMetrics(
  registry: Registry,
  kind: 'directory' | 'push',
  subjectLabel: 'source' | 'destination',
): RunRecorder {
  const labelNames = [subjectLabel, 'status'] as const;
  const total = new Counter({
    name: `usersync_${kind}_runs_total`,
    help: `${kind === 'directory' ? 'Directory runs' : 'Push runs'} by ${subjectLabel} and how they ended (Succeeded, Held, Failed, Skipped, Preview, Refused: not started for a reason on the settings record, Error: stopped by an unexpected failure).`,
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: `usersync_${kind}_run_duration_seconds`,
    help: `How long ${kind === 'directory' ? 'directory runs' : 'push runs'} took, from their start in the companion to their end, by ${subjectLabel} and status.`,
    labelNames,
    buckets: RUN_SECONDS,
    registers: [registry],
  });
  return {
    record(subject, status, seconds) {
      const labels = { [subjectLabel]: subject, status };
      total.inc(labels);
      duration.observe(labels, seconds);
    },
  };
}
