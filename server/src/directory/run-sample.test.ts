import { runSample, SampleCollector, SAMPLE_SIZE } from './run-sample';
import type { PlannedWrite } from './types';

const write = (change: PlannedWrite['change'], n: number): PlannedWrite => ({
  change,
  row: {
    Source_Key__c: `zendesk:${n}`,
    Name: `Agent ${n}`,
    Email__c: `agent${n}@acme.test`,
    ...(change === 'deactivated' && { Deactivation_Reason__c: 'suspended at the source' }),
  },
});

describe('run sample', () => {
  it('gives every change its reason, the name and email when the row carries them', () => {
    const sample = runSample(
      [write('created', 1), write('deactivated', 2)],
      [{ Source_Key__c: 'zendesk:3', Deactivation_Reason__c: 'no longer listed by the source' }],
    );
    expect(sample).toEqual({
      changes: [
        {
          change: 'created',
          sourceKey: 'zendesk:1',
          reason: 'new at the source',
          name: 'Agent 1',
          email: 'agent1@acme.test',
        },
        {
          change: 'deactivated',
          sourceKey: 'zendesk:2',
          reason: 'suspended at the source',
          name: 'Agent 2',
          email: 'agent2@acme.test',
        },
      ],
      held: [{ sourceKey: 'zendesk:3', reason: 'no longer listed by the source' }],
    });
  });

  it('keeps every kind in view: 500 creations do not hide 3 deactivations', () => {
    const collector = new SampleCollector();
    collector.add(Array.from({ length: 500 }, (_, i) => write('created', i)));
    collector.add([write('deactivated', 900), write('deactivated', 901), write('deactivated', 902)]);
    const kept = collector.writes();
    expect(kept).toHaveLength(SAMPLE_SIZE);
    expect(kept.filter((w) => w.change === 'deactivated')).toHaveLength(3);
  });
});
