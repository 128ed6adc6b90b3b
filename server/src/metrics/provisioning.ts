import { Counter, Histogram, type Registry } from 'prom-client';
import type { ProvisioningRecorder } from './recorders';

const STATUSES = ['Created', 'Linked', 'Skipped', 'Failed'];
/** From a tick to its status on the user: about a second normally, minutes or hours after an outage. */
const LATENCY_SECONDS = [0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800, 3600, 21600];

export function provisioningMetrics(registry: Registry): ProvisioningRecorder {
  const outcomes = new Counter({
    name: 'usersync_iadvize_provisioning_outcomes_total',
    help: 'iAdvize sync requests decided, by the status written to the user (Created, Linked, Skipped, Failed). Requests held for a retry count once decided.',
    labelNames: ['status'],
    registers: [registry],
  });
  for (const status of STATUSES) outcomes.inc({ status }, 0);
  const latency = new Histogram({
    name: 'usersync_iadvize_writeback_latency_seconds',
    help: 'Time from a sync request event being published in Salesforce to its status written back to the user.',
    buckets: LATENCY_SECONDS,
    registers: [registry],
  });
  return {
    outcome: (status) => outcomes.inc({ status }),
    writtenBack: (seconds) => latency.observe(Math.max(0, seconds)),
  };
}
