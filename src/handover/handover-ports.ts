/**
 * The dialogue service's effect ports for the handover. They run inside the conversation
 * lock, so they only write to Redis and queue work for the staff group (never a Telegram
 * call, never the dialogue service itself), and return the notices the user gets in the
 * same reply.
 */
import type { Conversation, EffectPorts } from '../dialogue/dialogue-service.js';
import type { Effect } from '../engine/engine-types.js';
import type { Session } from '../engine/session.js';
import type { OutgoingMessage } from '../messages.js';
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
  async function open(conv: Conversation, session: Session, reason: string, urgent: boolean, country?: string) {
    const at = ctx.now();
    const ticket = ticketOf(session.slots);
    const where = country ?? (typeof session.slots.country === 'string' ? session.slots.country : undefined);
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
    ctx.logger.info(
      { user: ctx.hash(conv), reason, urgent, outOfHours, transition: 'bot->waiting' },
      'handover: opened',
    );
    return { outOfHours, country: where };
  }

  async function handover(effect: HandoverEffect, conv: Conversation, session: Session): Promise<OutgoingMessage[]> {
    const record = await store.read(conv);
    if (effect.reason === 'cancelled_by_user') {
      if (record?.status === 'active') {
        await ctx.closeRecord(conv, record, ctx.texts.line('cancelled'));
        ctx.logger.info({ user: ctx.hash(conv), transition: 'waiting->bot' }, 'handover: cancelled by the user');
      }
      return [];
    }
    if (!ctx.consoleEnabled) return [{ text: ctx.t(session.lang, 'handover.no_staff_console') }];
    if (record?.status === 'active') {
      // Already with staff: only a rise in urgency changes anything (the engine said the rest).
      if (effect.urgent && !record.urgent) {
        await store.write(conv, { urgent: true });
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
    const opened = await open(conv, session, effect.reason, effect.urgent, effect.country);
    // The code word must stay discreet: the engine's neutral acknowledgement is all the user sees.
    if (effect.reason === 'code_word') return [];
    const contactsShown = session.handover?.contactsShown === true;
    return ctx.notices.queued(session.lang, ctx.now(), opened.country, contactsShown);
  }

  async function relay(effect: RelayEffect, conv: Conversation, session: Session): Promise<void> {
    if (!ctx.consoleEnabled) return;
    let record = await store.read(conv);
    if (record?.status !== 'active') {
      // Waiting or with staff, but no open record (staff console configured later, record lost).
      await open(conv, session, session.handover?.reason ?? 'other', session.handover?.urgent ?? effect.urgent);
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
