/**
 * What staff do to a conversation: take it (mode `human`), close it (the bot comes back and
 * says so), and return it to the bot after a long silence. Mode changes go through the
 * dialogue service, under the conversation lock; everyone in the topic sees who acted.
 */

import type { OutgoingMessage } from '../core/messages.js';
import type { Conversation } from '../dialogue/dialogue-service.js';
import { nextQuestion } from '../engine/question-token.js';
import type { Mode, Session } from '../engine/session.js';
import { isDiscreet } from './discretion.js';
import type { HandoverContext } from './handover-context.js';
import { convLaneId } from './relay-keys.js';

export interface StaffMember {
  id: string;
  name: string;
}

export type CloseWhy = 'staff' | 'idle' | 'session_gone';

export function createStaffActions(ctx: HandoverContext) {
  const { store, texts } = ctx;

  /** Takes the conversation for `staff`; pulls it back from the bot when needed. */
  async function take(conv: Conversation, staff: StaffMember): Promise<void> {
    const record = await store.read(conv);
    const at = ctx.now();
    let before = 'bot' as Mode;
    const session = await ctx.dialogue().update(conv, (s) => {
      before = s.mode;
      if (s.mode === 'human') return s;
      return {
        ...s,
        mode: 'human',
        handover: s.handover ?? { reason: 'staff_pull', urgent: false, since: at, contactsShown: false },
      };
    });
    if (!session) return;
    if (before === 'human' && record?.status === 'active' && record.takenById === staff.id) {
      await ctx.enqueue(
        conv,
        [{ k: 'line', at, text: texts.line('already_taken', { name: staff.name }) }],
        record.urgent,
      );
      return;
    }
    const pulled = before === 'bot' || record?.status !== 'active';
    if (pulled) await reopen(conv, session, at);
    const previous = before === 'human' && record?.status === 'active' ? record.takenByName : undefined;
    await store.write(conv, { takenById: staff.id, takenByName: staff.name, lastActivityAt: at });
    const line =
      previous && previous !== staff.name
        ? texts.line('taken_over', { name: staff.name, previous })
        : texts.line('taken', { name: staff.name });
    const urgent = record?.urgent ?? false;
    const items = [{ k: 'line' as const, at, text: line }];
    await ctx.enqueue(
      conv,
      record?.overdueAt !== undefined && !pulled ? [...items, { k: 'rename', at }] : items,
      urgent,
    );
    ctx.logger.info({ user: ctx.hash(conv), transition: `${before}->human`, pulled }, 'handover: taken by staff');
    if (before === 'waiting' && !pulled && record) {
      // The wait counts from the hotline's opening, as the SLA does: a message at night waits for the morning.
      await ctx.event({
        kind: 'taken',
        at,
        since: ctx.clock.nextOpening(record.since),
        urgent: record.urgent,
        overdue: record.overdueAt !== undefined,
        pseudonym: record.pseudonym,
        ...(record.ticket ? { ticket: record.ticket } : {}),
      });
    }
    if (before !== 'human' && !isDiscreet(session, record))
      await ctx.sendUser(conv, [{ text: ctx.t(session.lang, 'handover.taken') }]);
  }

  /** A pulled conversation gets a fresh record; its old topic is reopened with a new card. */
  async function reopen(conv: Conversation, session: Session, at: number): Promise<void> {
    await store.write(
      conv,
      {
        pseudonym: ctx.pseudonym(conv),
        channel: conv.channel,
        lang: session.lang,
        reason: 'staff_pull',
        urgent: false,
        since: at,
        status: 'active',
        lastActivityAt: at,
        outOfHours: false,
      },
      ['overdueAt', 'closedAt'],
    );
    await store.setActive(conv, at);
    await store.setUrgent(convLaneId(conv), false);
    await ctx.history.keep(conv, ctx.ttlSeconds);
    await ctx.enqueue(conv, [{ k: 'open', at }], false);
  }

  /** Ends the handover; the user hears it from the bot (and, when staff closed it, the one-tap question). */
  async function close(conv: Conversation, why: CloseWhy, staff?: StaffMember): Promise<void> {
    const record = await store.read(conv);
    const session = await ctx.dialogue().peek(conv);
    const before = session?.mode ?? 'bot';
    if (session && session.mode !== 'bot') {
      const discreet = isDiscreet(session, record);
      const notices: OutgoingMessage[] = await ctx.dialogue().apply(conv, { type: 'handoverClosed' });
      const hours = Math.round(ctx.idleMs / 3_600_000);
      if (why === 'idle' && !discreet)
        notices.unshift({ text: ctx.t(session.lang, 'handover.idle_return', { hours }) });
      if (why === 'staff' && !discreet) notices.push(...(await askRating(conv, session.lang)));
      await ctx.sendUser(conv, notices);
    }
    const line =
      why === 'staff'
        ? texts.line('closed', { name: staff?.name ?? '?' })
        : why === 'idle'
          ? texts.line('closed_idle', { hours: Math.round(ctx.idleMs / 3_600_000) })
          : texts.line('closed_by_bot');
    await ctx.closeRecord(conv, record, line);
    ctx.logger.info({ user: ctx.hash(conv), transition: `${before}->bot`, why }, 'handover: closed');
  }

  /** Puts the conversation on the satisfaction question, if the flow is configured and nothing else started. */
  async function askRating(conv: Conversation, lang: Session['lang']): Promise<OutgoingMessage[]> {
    const survey = ctx.survey;
    if (!survey) return [];
    const placed = await ctx.dialogue().update(conv, (s) =>
      s.mode === 'bot' && s.flowId === null
        ? {
            ...s,
            question: nextQuestion(s, ctx.now()),
            flowId: survey.flowId,
            flowVersion: survey.flowVersion,
            node: survey.node,
            awaiting: 'answer',
            retries: 0,
            slots: {},
          }
        : s,
    );
    if (placed?.flowId !== survey.flowId) return [];
    return [
      {
        text: ctx.t(lang, 'handover.rate_question'),
        ...(placed.question ? { question: placed.question.token } : {}),
        choices: [
          { id: 'good', label: ctx.t(lang, 'handover.rate_good') },
          { id: 'bad', label: ctx.t(lang, 'handover.rate_bad') },
        ],
      },
    ];
  }

  return { take, close };
}

export type StaffActions = ReturnType<typeof createStaffActions>;
