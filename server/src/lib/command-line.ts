/**
 * The one command-line reader of every `npm run` script: options declared once (Node's
 * util.parseArgs does the reading), `--help` printing the usage with exit code 0, and any mistake
 * (unknown option, missing or bad value) one line naming it, then the usage, with exit code 2, never
 * a stack trace.
 */
import { parseArgs } from 'node:util';

export interface OptionSpec {
  type: 'string' | 'boolean' | 'number';
  description: string;
  short?: string;
  /** The value's placeholder in the usage, e.g. `<alias>`. */
  value?: string;
  default?: string | number | boolean;
  /** The only values a string option takes. */
  choices?: readonly string[];
  /** What a string option's value must look like, and what it is, for the message when it does not. */
  pattern?: { test: RegExp; is: string };
  required?: boolean;
  /** A number may be written as a percentage (`1%` is read as 0.01). */
  percent?: boolean;
}

export interface CommandSpec<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  /** How it is typed, e.g. `npm run sync --`. */
  command: string;
  summary: string;
  options: O;
  /** Words after the options (paths, patterns); absent: none is accepted. */
  positionals?: { name: string; description: string; max?: number };
}

type Scalar<S extends OptionSpec> = S['type'] extends 'boolean'
  ? boolean
  : S['type'] extends 'number'
    ? number
    : string;

export type Values<O extends Record<string, OptionSpec>> = {
  [K in keyof O]: O[K] extends { default: unknown } | { required: true } | { type: 'boolean' }
    ? Scalar<O[K]>
    : Scalar<O[K]> | undefined;
};

export type Parsed<O extends Record<string, OptionSpec>> =
  | { kind: 'ok'; values: Values<O>; positionals: string[] }
  | { kind: 'help'; text: string }
  | { kind: 'error'; message: string; text: string };

function placeholder(name: string, spec: OptionSpec): string {
  if (spec.type === 'boolean') return '';
  if (spec.value) return ` ${spec.value}`;
  return spec.choices ? ` ${spec.choices.join('|')}` : ` <${name}>`;
}

/** The usage text `--help` prints. */
export function usage(spec: CommandSpec): string {
  const names = Object.entries(spec.options);
  const words = spec.positionals ? ` [${spec.positionals.name}...]` : '';
  // `npm start --` reads oddly when nothing may follow it.
  const command = names.length || words ? spec.command : spec.command.replace(/ --$/, '');
  const lines = [`Usage: ${command}${names.length ? ' [options]' : ''}${words}`, '', spec.summary];
  const rows: [string, string][] = names.map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${placeholder(name, o)}`;
    const extra = o.required ? ' (required)' : o.default !== undefined ? ` (default ${o.default})` : '';
    return [flag, `${o.description}${extra}`];
  });
  rows.push(['-h, --help', 'Print this help and exit']);
  if (spec.positionals) rows.unshift([spec.positionals.name, spec.positionals.description]);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  lines.push('', ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`));
  return lines.join('\n');
}

function toNumber(name: string, raw: string, spec: OptionSpec): number | string {
  const percent = spec.percent && /%$/.test(raw);
  const value = Number(percent ? raw.slice(0, -1) : raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0)
    return `--${name} needs a non-negative number${spec.percent ? ' or a percentage' : ''}, not "${raw}"`;
  return percent ? value / 100 : value;
}

/** Reads argv against the spec; pure, so every rule is tested without exiting a process. */
export function parseCommandLine<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  argv: readonly string[],
): Parsed<O> {
  const text = usage(spec);
  const end = argv.indexOf('--');
  const before = end === -1 ? argv : argv.slice(0, end);
  if (before.includes('--help') || before.includes('-h')) return { kind: 'help', text };
  const fail = (message: string): Parsed<O> => ({ kind: 'error', message, text });
  const options = Object.fromEntries(
    Object.entries(spec.options).map(([name, o]) => [
      name,
      {
        type: o.type === 'boolean' ? ('boolean' as const) : ('string' as const),
        ...(o.short && { short: o.short }),
      },
    ]),
  );
  let read: ReturnType<typeof parseArgs>;
  try {
    read = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (error) {
    // util.parseArgs says e.g. "Unknown option '--x'. To specify a positional argument starting
    // with a '-', place it at the end of the command after '--', as in '-- \"--x\"" : its first sentence.
    return fail((error as Error).message.split(/\.(\s|$)/)[0]!);
  }
  const max = spec.positionals ? (spec.positionals.max ?? Infinity) : 0;
  if (read.positionals.length > max)
    return fail(
      max === 0
        ? `unexpected argument "${read.positionals[0]}"`
        : `at most ${max} ${spec.positionals!.name}, got ${read.positionals.length}`,
    );
  const values: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(spec.options)) {
    const raw = read.values[name] as string | boolean | undefined;
    if (raw === undefined) {
      if (o.required) return fail(`missing --${name}${placeholder(name, o)}`);
      values[name] = o.default ?? (o.type === 'boolean' ? false : undefined);
    } else if (o.type === 'number') {
      const value = toNumber(name, raw as string, o);
      if (typeof value === 'string') return fail(value);
      values[name] = value;
    } else if (o.choices && !o.choices.includes(raw as string)) {
      return fail(`--${name} must be one of ${o.choices.join(', ')}, not "${raw}"`);
    } else if (o.pattern && !o.pattern.test.test(raw as string)) {
      return fail(`--${name} needs ${o.pattern.is}, not "${raw}"`);
    } else values[name] = raw;
  }
  return { kind: 'ok', values: values as Values<O>, positionals: read.positionals };
}

/**
 * Reads this process's command line: prints the usage and exits 0 on `--help`, prints the mistake
 * and the usage and exits 2 on a bad one, else returns the values.
 */
export function readCommandLine<O extends Record<string, OptionSpec>>(
  spec: CommandSpec<O>,
  argv: readonly string[] = process.argv.slice(2),
): { values: Values<O>; positionals: string[] } {
  const parsed = parseCommandLine(spec, argv);
  if (parsed.kind === 'help') {
    process.stdout.write(`${parsed.text}\n`);
    process.exit(0);
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`${spec.command.replace(/ --$/, '')}: ${parsed.message}\n\n${parsed.text}\n`);
    process.exit(2);
  }
  return parsed;
}
