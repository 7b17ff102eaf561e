/** Who is using the app (chosen at first start; no passwords yet) and where its data lives. */
import type { HandlerGroup } from '../handlerTypes';
import { readSetting, writeSetting } from './settings';
import { roleLabels } from '../../../shared/contract/roles';

export const sessionHandlers = {
  'app.info'(_input, ctx) {
    return {
      version: ctx.version,
      mode: ctx.mode,
      dataDir: ctx.dataDir,
      databasePath: ctx.databasePath,
      userName: ctx.userName,
      today: ctx.today(),
      ...(ctx.actor
        ? {
            actor: {
              account: ctx.actor.account,
              role: ctx.actor.role,
              roleLabel: roleLabels[ctx.actor.role],
            },
          }
        : {}),
    };
  },
  'session.setUser'(input, ctx) {
    const before = readSetting(ctx.db, 'currentUser');
    writeSetting(ctx.db, 'currentUser', input.name);
    // The new name signs its own arrival in the log, with the previous name as old value.
    ctx.audit.updated(
      'session',
      'utilisateur',
      null,
      { utilisateur: before },
      { utilisateur: input.name },
    );
    return { userName: input.name };
  },
} satisfies HandlerGroup<'app.info' | 'session.setUser'>;
