import { parseCommandLine, usage, type CommandSpec } from './command-line';

const SPEC = {
  command: 'npm run thing --',
  summary: 'Does a thing.',
  options: {
    source: { type: 'string', choices: ['zendesk', 'intercom'], required: true, description: 'Which source' },
    users: { type: 'number', default: 2000, description: 'How many' },
    changes: { type: 'number', default: 0.01, percent: true, description: 'Share changed' },
    'dry-run': { type: 'boolean', description: 'Write nothing' },
    org: { type: 'string', short: 'o', value: '<alias>', description: 'The org' },
    run: {
      type: 'string',
      pattern: { test: /^[A-Za-z0-9]{15,18}$/, is: 'a record id' },
      description: 'A run',
    },
  },
} satisfies CommandSpec;

describe('parseCommandLine', () => {
  it('reads values, with defaults, short names and percentages', () => {
    const parsed = parseCommandLine(SPEC, [
      '--source',
      'zendesk',
      '--changes',
      '5%',
      '-o',
      'dev',
      '--dry-run',
    ]);
    expect(parsed).toEqual({
      kind: 'ok',
      positionals: [],
      values: { source: 'zendesk', users: 2000, changes: 0.05, 'dry-run': true, org: 'dev', run: undefined },
    });
    expect(parseCommandLine(SPEC, ['--source=intercom', '--users', '10'])).toMatchObject({
      values: { source: 'intercom', users: 10, 'dry-run': false, org: undefined, run: undefined },
    });
  });

  it('answers --help before anything else is checked, with every option in the usage', () => {
    const parsed = parseCommandLine(SPEC, ['--bogus', '--help']);
    expect(parsed.kind).toBe('help');
    const text = (parsed as { text: string }).text;
    expect(text.split('\n')[0]).toBe('Usage: npm run thing -- [options]');
    for (const line of [
      '--source zendesk|intercom',
      'Which source (required)',
      '--users <users>',
      'How many (default 2000)',
      '-o, --org <alias>',
      '-h, --help',
    ])
      expect(text).toContain(line);
  });

  it.each([
    [['--source', 'zendesk', '--bogus'], "Unknown option '--bogus'"],
    [['--users', '5'], 'missing --source zendesk|intercom'],
    [['--source', 'salesforce'], '--source must be one of zendesk, intercom, not "salesforce"'],
    [['--source', 'zendesk', '--users', 'many'], '--users needs a non-negative number, not "many"'],
    [['--source', 'zendesk', '--users', '-3'], "Option '--users' argument is ambiguous"],
    [
      ['--source', 'zendesk', '--changes', 'x%'],
      '--changes needs a non-negative number or a percentage, not "x%"',
    ],
    [['--source', 'zendesk', 'extra'], 'unexpected argument "extra"'],
    [['--source'], "Option '--source <value>' argument missing"],
    [['--source', 'zendesk', '--run', 'a0X'], '--run needs a record id, not "a0X"'],
  ])('refuses %j with one line: %s', (argv, message) => {
    const parsed = parseCommandLine(SPEC, argv);
    expect(parsed).toEqual({ kind: 'error', message, text: usage(SPEC) });
    expect(message).not.toContain('\n');
  });

  it('takes positionals only where declared, up to their maximum', () => {
    const spec = { ...SPEC, options: {}, positionals: { name: 'dir', description: 'A folder', max: 1 } };
    expect(parseCommandLine(spec, ['force-app'])).toMatchObject({ kind: 'ok', positionals: ['force-app'] });
    expect(parseCommandLine(spec, ['a', 'b'])).toMatchObject({
      kind: 'error',
      message: 'at most 1 dir, got 2',
    });
    expect(usage(spec)).toContain('Usage: npm run thing -- [dir...]');
  });
});
