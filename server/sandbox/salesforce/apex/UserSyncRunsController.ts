/**
 * UserSyncRunsController on the sandbox org: recent runs, one run, and the confirmation of a Held
 * run's deactivations (the admin types their number; CONFIRM_DEACTIVATIONS names the run).
 */
import { publishCommand, requireManageIntegrations } from './access';
import { confirmationMatches, recentRuns, runById, type RunView } from './run-views';
import { isKnownSource } from './source-rules';
import { auraError, idArg, numberArg, stringArg, type ApexClassEmulation, type ApexContext } from './runtime';

function requireRun(ctx: ApexContext, value: unknown): RunView {
  const runId = idArg(value, 'runId');
  const run = runId === null ? null : runById(ctx, runId);
  if (!run) throw auraError(`No User Sync run with Id ${runId ?? 'null'}: refresh the list.`);
  return run;
}

export const UserSyncRunsController: ApexClassEmulation = {
  name: 'UserSyncRunsController',
  methods: {
    getRuns: {
      params: ['source', 'maxRuns'],
      run(ctx, args) {
        const source = stringArg(args.source);
        if (source !== null && source.trim() !== '' && !isKnownSource(source))
          throw auraError(`Unknown source "${source}": expected zendesk or intercom.`);
        return recentRuns(ctx, source, numberArg(args.maxRuns, 'maxRuns'));
      },
    },
    getRun: { params: ['runId'], run: (ctx, args) => requireRun(ctx, args.runId) },
    confirmDeactivations: {
      params: ['runId', 'typedCount'],
      run(ctx, args) {
        requireManageIntegrations(ctx);
        const run = requireRun(ctx, args.runId);
        if (run.status !== 'Held')
          throw auraError(`${run.name} is ${run.status}, not Held: there is nothing to confirm.`);
        const typed = numberArg(args.typedCount, 'typedCount');
        if (!confirmationMatches(typed === null ? null : Math.trunc(typed), run.heldCount))
          throw auraError(
            `Type ${run.heldCount}, the number of held deactivations, to confirm them. Nothing was confirmed.`,
          );
        publishCommand(ctx, 'CONFIRM_DEACTIVATIONS', run.source, run.id);
        return run;
      },
    },
  },
};
