/**
 * The route table (paths as in the spec, under `/api/v2`). Every route runs after authentication, with the
 * authenticated user. Statements other than `select 1` are refused with 422: this is a readiness emulator, not
 * a database.
 */
import { randomUUID } from 'node:crypto';
import { routeTable, type Route } from '../core/routes';
import type { EmulatorRequest } from '../core/types';
import { ApiError, ok, type Answer } from './errors';
import type { SnowflakeState, UserRecord } from './state';
import { isSelectOne, validHandle, validStatementRequest } from './validation';
import { queryStatusView, resultSetView } from './views';

export interface RouteContext {
  state: SnowflakeState;
  req: EmulatorRequest;
  params: Record<string, string>;
  user: UserRecord;
  now: () => number;
}

type Handler = (c: RouteContext) => Answer;

const ROUTES: Array<Route<Handler>> = [
  {
    path: '/api/v2/statements',
    POST: ({ state, req, user, now }) => {
      const { statement } = validStatementRequest(req);
      if (!isSelectOne(statement)) {
        // Not stored: its handle answers "not found", never a result.
        throw new ApiError(422, '000002', "Unsupported feature: the sandbox's Snowflake emulator is a readiness emulator and runs only `select 1`.", {
          sqlState: '0A000',
          statementHandle: randomUUID(),
          createdOn: now(),
        });
      }
      const record = state.run(user, statement);
      return req.query.get('async') === 'true' ? ok(queryStatusView(record), 202) : ok(resultSetView(record));
    },
  },
  {
    path: '/api/v2/statements/:handle',
    GET: ({ state, params, user }) => ok(resultSetView(state.statement(user, validHandle(params.handle!)))),
  },
];

export const findRoute = routeTable(ROUTES);
