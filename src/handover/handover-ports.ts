/**
 * The dialogue service's effect ports for the handover. They run inside the conversation
 * lock, so they only write to Redis and queue work for the staff group (never a Telegram
 * call, never the dialogue service itself), and return the notices the user gets in the
 * same reply.
 */

import type { OutgoingMessage } from '../core/messages.js';
import type { Conversation, EffectPorts } from '../dialogue/dialogue-service.js';
import type { Effect } from '../engine/engine-types.js';
import type { Session } from '../engine/session.js';
import type { HandoverContext } from './handover-context.js';
import { convLaneId } from './relay-keys.js';

type HandoverEffect = Extract<Effect, { type: 'handover' }>;
type RelayEffect = Extract<Effect, { type: 'relay' }>;

export type HandoverPorts = Required<Pick<EffectPorts, 'handover' | 'relay'>>;

const TICKET = /^ADU-[0-9A-HJKMNP-TV-Z]{8}$/;

/** The complaint ticket a conversation just received, if any (complaint flow slots). */
export function ticketOf(slots: Record<string, unknown>): string | undefined {
  for (const holder of [slots.result, slots.draft]) {
    const ticket = (holder as { ticket?: unknown } | undefined)?.ticket;
    if (typeof ticket === 'string' && TICKET.test(ticket)) return ticket;
  }
  return undefined;
}

export function createHandoverPorts(ctx: HandoverContext): HandoverPorts {
  const { store } = ctx;

  /** Opens (or re-opens) the handover record and queues the topic with its card. */
  async function open(
    conv: Conversation,
    session: Session,
    what: { reason: string; urgent: boolean; country?: string; category?: string; suicide?: boolean; media?: string },
  ) {
    const { reason, urgent } = what;
    const at = ctx.now();
    const ticket = ticketOf(session.slots);
    const where = what.country ?? (typeof session.slots.country === 'string' ? session.slots.country : undefined);
    const category = what.category ?? session.handover?.category;
    const suicide = what.suicide ?? session.handover?.suicide;
    const outOfHours = !ctx.clock.isOpen(at);
    await store.write(
      conv,
      {
        pseudonym: ctx.pseudonym(conv),
        channel: conv.channel,
        lang: session.lang,
        reason,
        urgent,
        since: at,
        status: 'active',
        lastActivityAt: at,
        outOfHours,
        ...(where ? { country: where } : {}),
        ...(ticket ? { ticket } : {}),
        ...(category ? { category } : {}),
        ...(suicide ? { suicide: true } : {}),
        ...(what.media ? { media: what.media } : {}),
      },
      [
        'takenById',
        'takenByName',
        'overdueAt',
        'closedAt',
        ...(where ? [] : ['country' as const]),
        ...(ticket ? [] : ['ticket' as const]),
      ],
    );
    await store.setActive(conv, at);
    await store.setUrgent(convLaneId(conv), urgent);
    if (ticket) await store.mapTicket(ticket, conv);
    await ctx.history.keep(conv, ctx.ttlSeconds);
    await ctx.enqueue(conv, [{ k: 'open', at }], urgent);
    await store.incr(urgent ? 'handovers_urgent' : 'handovers');
    await ctx.event({ kind: 'opened', at, urgent, reason, outOfHours });
    ctx.logger.info(
      { user: ctx.hash(conv), reason, urgent, outOfHours, transition: 'bot->waiting' },
      'handover: opened',
    );
    return { outOfHours, country: where };
  }

  async function handover(effect: HandoverEffect, conv: Conversation, session: Session): Promise<OutgoingMessage[]> {
    const record = await store.read(conv);
    if (effect.reason === 'cancelled_by_user' || effect.reason === 'deletion_requested') {
      if (record?.status === 'active') {
        const line = effect.reason === 'deletion_requested' ? 'deletion_requested' : 'cancelled';
        await ctx.closeRecord(conv, record, ctx.texts.line(line));
        ctx.logger.info({ user: ctx.hash(conv), transition: 'waiting->bot' }, 'handover: cancelled by the user');
      }
      return [];
    }
    // Without a console the engine gave the phone numbers instead; nothing to open.
    if (!ctx.consoleEnabled) return [];
    if (record?.status === 'active') {
      // Already with staff: only a rise in urgency changes anything (the engine said the rest).
      if (effect.urgent && !record.urgent) {
        await store.write(conv, {
          urgent: true,
          ...(effect.category ? { category: effect.category } : {}),
          ...(effect.suicide ? { suicide: true } : {}),
        });
        await store.setUrgent(convLaneId(conv), true);
        const line = ctx.texts.line('urgent', { reason: ctx.texts.reasonLabel(effect.reason) });
        await ctx.enqueue(
          conv,
          [
            { k: 'line', at: ctx.now(), text: line },
            { k: 'rename', at: ctx.now() },
          ],
          true,
        );
        ctx.logger.warn({ user: ctx.hash(conv), reason: effect.reason }, 'handover: now urgent');
      }
      return [];
    }
    await open(conv, session, effect);
    // The engine already told the user about the wait (or, for the code word, nothing at all).
    return [];
  }

  async function relay(effect: RelayEffect, conv: Conversation, session: Session): Promise<void> {
    if (!ctx.consoleEnabled) return;
    let record = await store.read(conv);
    if (record?.status !== 'active') {
      // Waiting or with staff, but no open record (staff console configured later, record lost).
      await open(conv, session, {
        reason: session.handover?.reason ?? 'other',
        urgent: session.handover?.urgent ?? effect.urgent,
      });
      record = await store.read(conv);
    }
    const m = effect.message;
    const at = m.receivedAt || ctx.now();
    await ctx.enqueue(
      conv,
      [
        {
          k: 'user',
          at,
          messageId: m.messageId,
          ...(m.text !== undefined ? { text: m.text } : {}),
          ...(m.media ? { media: m.media } : {}),
          ...(m.location ? { location: m.location } : {}),
        },
      ],
      (record?.urgent ?? false) || effect.urgent,
    );
    await store.write(conv, { lastActivityAt: ctx.now() });
  }

  return { handover, relay };
}
