/** Runs one named action for the engine, turning crashes and time-outs into honest outcomes. */

import type { ActionRegistry, ActionResult } from '../core/action-types.js';
import type { IncomingMessage } from '../core/messages.js';
import type { Effect } from '../engine/engine-types.js';
import type { Session } from '../engine/session.js';
import { copyData } from '../engine/step-context.js';
import type { Logger } from '../logger.js';

const ACTION_TIMEOUT_MS = 10_000;

export async function runAction(
  actions: ActionRegistry,
  effect: Extract<Effect, { type: 'action' }>,
  ctx: {
    conv: { channel: IncomingMessage['channel']; userId: string };
    session: Session;
    message?: IncomingMessage;
    now: number;
    logger: Logger;
  },
): Promise<ActionResult> {
  const handler = actions[effect.name];
  if (!handler) {
    ctx.logger.error({ action: effect.name }, 'unknown action');
    return { outcome: 'error', say: [{ key: 'common.action_failed' }] };
  }
  const message: IncomingMessage = ctx.message ?? {
    channel: ctx.conv.channel,
    userId: ctx.conv.userId,
    messageId: `system-${ctx.now}`,
    receivedAt: ctx.now,
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      handler({
        channel: ctx.conv.channel,
        userId: ctx.conv.userId,
        lang: ctx.session.lang,
        params: effect.params,
        slots: copyData(ctx.session.slots),
        message,
        now: ctx.now,
      }),
      new Promise<ActionResult>((resolve) => {
        timer = setTimeout(
          () => resolve({ outcome: 'error', say: [{ key: 'common.action_failed' }] }),
          ACTION_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (err) {
    ctx.logger.error({ err, action: effect.name }, 'action failed');
    return { outcome: 'error', say: [{ key: 'common.action_failed' }] };
  } finally {
    clearTimeout(timer);
  }
}
