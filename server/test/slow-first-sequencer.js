// Jest's order of test files: the longest first, so that no worker is left with a long suite at the
// end of the run. Jest knows a file's duration from its last run; on a fresh machine it knows none
// and falls back to file size, which puts the suites that start servers, child processes or a
// browser (short files, long waits) last. Those are put first here until Jest has measured them.
const Sequencer = require('@jest/test-sequencer').default;

/** Suites that start processes or a browser, or run Java tools: about a minute, whatever their size. */
const SLOW = [
  /\.e2e\.ts$/,
  /\.process\.test\.ts$/,
  /chaos\.test\.ts$/,
  /checks\/(run-checks|apex-[a-z]+-check)\.test\.ts$/,
];
const SLOW_MS = 60_000;

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const estimate = (test) => {
      const measured = this.time(test);
      if (measured != null) return measured;
      if (SLOW.some((pattern) => pattern.test(test.path))) return SLOW_MS;
      // A byte of test source is worth about a millisecond (measured on this project's suites).
      return test.context.hasteFS.getSize(test.path) ?? 0;
    };
    const keyed = tests.map((test) => ({ test, failed: this.hasFailed(test), ms: estimate(test) }));
    keyed.sort((a, b) => (a.failed !== b.failed ? (a.failed ? -1 : 1) : b.ms - a.ms));
    return keyed.map((k) => k.test);
  }
}

module.exports = SlowFirstSequencer;
