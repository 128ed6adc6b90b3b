/** Reads `--name value` pairs of a benchmark's command line, with defaults; unknown names are refused. */
export function parseArgs<T extends Record<string, number>>(argv: string[], defaults: T): T {
  const out: Record<string, number> = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, '');
    if (!name || !(name in defaults))
      throw new Error(
        `unknown option ${argv[i]}; known: ${Object.keys(defaults)
          .map((k) => `--${k}`)
          .join(' ')}`,
      );
    const value = Number(argv[i + 1]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a non-negative number`);
    out[name] = value;
  }
  return out as T;
}
