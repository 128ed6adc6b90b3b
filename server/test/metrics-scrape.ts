import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

/** One scrape of /metrics, read the way Prometheus reads it: by name and labels. */
export interface Scrape {
  text: string;
  /** The sample's value; undefined when no sample has exactly these labels. */
  value(name: string, labels?: Record<string, string>): number | undefined;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseScrape(text: string): Scrape {
  const samples = text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = SAMPLE.exec(line);
      if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map((m) => [m[1], m[2]]));
      return { name: match[1], labels, value: Number(match[3]) };
    });
  return {
    text,
    value(name, labels = {}) {
      const wanted = JSON.stringify(Object.entries(labels).sort());
      return samples.find(
        (s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === wanted,
      )?.value;
    },
  };
}

/** GET /metrics on a listening companion; fails unless it answers 200 in the Prometheus text format. */
export async function scrape(server: Server): Promise<Scrape> {
  const { port } = server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  if (!res.headers.get('content-type')?.startsWith('text/plain; version=0.0.4'))
    throw new Error(`/metrics content type: ${res.headers.get('content-type')}`);
  return parseScrape(await res.text());
}
