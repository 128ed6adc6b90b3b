/**
 * The Salesforce User field a source's primary identifier is matched with (Match_User_Field__c),
 * checked against the User object's describe before a run: a name an admin typed never reaches a
 * query unless Salesforce says it is a field that can hold an identifier.
 */
import { err, ok, type Result } from '../lib/result';

export interface FieldDescription {
  name: string;
  type: string;
  filterable: boolean;
}

/** Field types whose values can equal an identifier a source lists (an email, an id, a login). */
const IDENTIFIER_TYPES = new Set(['string', 'email', 'phone', 'url', 'id', 'picklist', 'combobox']);

/** The field's API name as Salesforce spells it, or why it cannot be used (in the admin's words). */
export function checkMatchField(fields: FieldDescription[], typed: string): Result<string, string> {
  const field = fields.find((f) => f.name.toLowerCase() === typed.trim().toLowerCase());
  if (!field)
    return err(
      `Match User field "${typed}" is not a field of the Salesforce User object: choose one in the app (blank matches on Email).`,
    );
  if (!IDENTIFIER_TYPES.has(field.type) || !field.filterable)
    return err(
      `Match User field "${typed}" cannot hold an identifier (it is a ${field.type} field): choose a text, email or phone field.`,
    );
  return ok(field.name);
}
