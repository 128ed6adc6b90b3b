import * as fs from 'node:fs';
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import { CheckResult, Problem, timed } from './problem';
import { displayPath, listSourceFiles } from './source-files';

class CollectingErrorListener extends ApexErrorListener {
  readonly errors: Array<{ line: number; column: number; message: string }> = [];

  apexSyntaxError(line: number, column: number, message: string): void {
    this.errors.push({ line, column, message });
  }
}

/**
 * Parses one Apex source with the apex-parser grammar: a class file as a compilation unit, a trigger
 * as a trigger unit. Lexer and parser errors are both collected; columns are made 1-based.
 */
export function checkApexSyntax(file: string, source: string): Problem[] {
  const listener = new CollectingErrorListener();
  const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
  if (file.endsWith('.trigger')) parser.triggerUnit();
  else parser.compilationUnit();
  return listener.errors.map(({ line, column, message }) => ({
    file,
    line,
    column: column + 1,
    message: `Apex syntax: ${shortenExpected(message)}`,
  }));
}

/** ANTLR lists every token it could accept; past a handful that list hides the point. */
function shortenExpected(message: string): string {
  return message.replace(/expecting \{([^}]*)\}/, (whole, list: string) => {
    const tokens = list.split(', ');
    return tokens.length <= 8
      ? whole
      : `expecting one of ${tokens.length} tokens, e.g. ${tokens.slice(0, 5).join(', ')}`;
  });
}

/** Runs checkApexSyntax over every `.cls` and `.trigger` file under `dir`. */
export function runApexSyntaxCheck(dir: string): Promise<CheckResult> {
  return timed('Apex syntax', async () => {
    const files = listSourceFiles(dir).filter((file) => /\.(cls|trigger)$/.test(file));
    const problems = files.flatMap((file) =>
      checkApexSyntax(displayPath(file), fs.readFileSync(file, 'utf8')),
    );
    return { checked: files.length, problems };
  });
}
