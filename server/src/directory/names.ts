/**
 * Splits a source's single name into Salesforce FirstName / LastName for a linked user's rename:
 * the last word is the last name ("Mary Ann Smith" → "Mary Ann" + "Smith"). Only used when the
 * admin asked for linked users' names to follow the source; the directory keeps the full name.
 */
export function splitName(fullName: string): { FirstName: string; LastName: string } {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return { FirstName: '', LastName: words[0] ?? '' };
  return { FirstName: words.slice(0, -1).join(' '), LastName: words[words.length - 1] };
}
