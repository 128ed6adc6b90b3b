/**
 * `tsx scripts/tools/run-tool.ts <script> [options]`: one of the tool scripts of package.json
 * (tool-commands.ts), its options checked first, then the tool itself with this Node; the tool's
 * exit code is this one's.
 */
import { spawnSync } from 'node:child_process';
import { readCommandLine } from '../../server/src/lib/command-line';
import { binPath, TOOL_COMMANDS } from './tool-commands';

const [name, ...rest] = process.argv.slice(2);
const command = name === undefined ? undefined : TOOL_COMMANDS[name];
if (!command) {
  process.stderr.write(
    `run-tool: no tool script "${name ?? ''}"; known: ${Object.keys(TOOL_COMMANDS).join(', ')}\n`,
  );
  process.exit(2);
}
const { values, positionals } = readCommandLine(command.spec, rest);
const result = spawnSync(process.execPath, [binPath(command.bin), ...command.args(values, positionals)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
