/** Line and column (1-based) of a start tag. */
export interface Position {
  line: number;
  column: number;
}

/**
 * Positions of every start tag (`<name …>` or `<name/>`) in document order, which is also the
 * pre-order of the element tree, so the n-th element visited depth-first sits at the n-th position.
 * Comments, CDATA sections, processing instructions and DOCTYPEs are blanked out first (same length,
 * newlines kept) so that tags inside them are not counted.
 */
export function startTagPositions(xml: string): Position[] {
  const blank = (match: string): string => match.replace(/[^\n]/g, ' ');
  const visible = xml
    .replace(/<!--[\s\S]*?-->/g, blank)
    .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, blank)
    .replace(/<\?[\s\S]*?\?>/g, blank)
    .replace(/<!DOCTYPE[^>]*>/gi, blank);
  const lineStarts = [0];
  for (let i = 0; i < visible.length; i++) if (visible[i] === '\n') lineStarts.push(i + 1);
  const positions: Position[] = [];
  let line = 0;
  for (const match of visible.matchAll(/<[A-Za-z_][\w.:-]*/g)) {
    const offset = match.index ?? 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;
    positions.push({ line: line + 1, column: offset - lineStarts[line] + 1 });
  }
  return positions;
}
