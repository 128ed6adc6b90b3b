import { parseArgs } from './args';

describe('parseArgs', () => {
  it('overrides defaults and refuses unknown or bad options', () => {
    expect(parseArgs(['--users', '2000'], { users: 100, latency: 20 })).toEqual({ users: 2000, latency: 20 });
    expect(() => parseArgs(['--user', '1'], { users: 1 })).toThrow(/unknown option --user/);
    expect(() => parseArgs(['--users', 'many'], { users: 1 })).toThrow(/non-negative number/);
  });
});
