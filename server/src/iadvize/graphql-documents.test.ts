/**
 * The GraphQL documents the client sends, checked against the sandbox's schema (the published
 * iAdvize types): valid, and free of deprecated fields, which iAdvize announces it will stop serving
 * after a sunset date.
 */
import { NoDeprecatedCustomRule, parse, specifiedRules, validate } from 'graphql';
import { buildIAdvizeSchema } from '../../sandbox/iadvize/graphql-schema';
import { PROFESSIONAL_BY_ID, PROFESSIONAL_CREATE } from './requests';

describe('GraphQL documents', () => {
  const schema = buildIAdvizeSchema();

  it.each([
    ['professionalCreate', PROFESSIONAL_CREATE],
    ['professional', PROFESSIONAL_BY_ID],
  ])('%s is valid and uses no deprecated field', (_name, document) => {
    const errors = validate(schema, parse(document), [...specifiedRules, NoDeprecatedCustomRule]);
    expect(errors.map((e) => e.message)).toEqual([]);
  });
});
