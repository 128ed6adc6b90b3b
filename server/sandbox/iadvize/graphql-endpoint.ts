/**
 * POST /graphql: the GraphQL-over-HTTP layer around graphql-js.
 *
 * Documented: one endpoint, Bearer token, `?platform=sd` for SD tenants (accepted and ignored here:
 * the sandbox is one platform). Inferred, following the GraphQL-over-HTTP convention for
 * `application/json`: a body that is not a GraphQL request gets HTTP 400 with `errors[]`; any
 * well-formed request gets HTTP 200, syntax and validation errors included (top-level `errors[]`,
 * as graphql-js formats them), and business errors come in `data.<mutation>.userErrors`.
 */
import { Request, Response } from 'express';
import { GraphQLSchema, graphql } from 'graphql';
import { z } from 'zod';
import { Tenant } from './state';

const requestBody = z.object({
  query: z.string().min(1),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
});

export function graphqlHandler(tenant: Tenant, schema: GraphQLSchema) {
  return async (req: Request, res: Response): Promise<void> => {
    const parsed = requestBody.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({
        errors: [
          { message: 'Must provide a JSON body with a "query" string (and optional "variables" object).' },
        ],
      });
      return;
    }
    const result = await graphql({
      schema,
      source: parsed.data.query,
      variableValues: parsed.data.variables ?? undefined,
      operationName: parsed.data.operationName ?? undefined,
      contextValue: { tenant },
    });
    res.status(200).json(result);
  };
}
