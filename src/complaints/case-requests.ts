/**
 * Two-way case requests. Staff ask for a document or an answer (`/minta`); the worker gets it
 * in their own chat and is put on the short answer flow (flows/case-answer.yaml); their text,
 * photos or documents are attached to the case with the time, and staff are told. The
 * worker never has to be re-interviewed or find a staff member's number to send a paper.
 */
import type { ActionHandler } from '../core/action-types.js';
import type { Channel, OutgoingMessage } from '../core/messages.js';
import type { Logger } from '../logger.js';
import type { RedisClient } from '../redis.js';
import { appendEvent, type EventAttachment, eventAttachmentSchema, newRequestId } from './case-events.js';
import { readCase } from './case-records.js';
import { normalizeTicket } from './complaint-ids.js';
import { complaintKeys } from './complaint-keys.js';

export type RequestResult =
  /** Delivered, and the worker is on the answer flow. */
  | { result: 'sent'; requestId: string }
  /** Delivered; the worker was busy in another flow or with staff, so they answer in the chat. */
  | { result: 'sent_plain'; requestId: string }
  /** Kept on the case but not delivered: quiet mode, or their channel is not running here. */
  | { result: 'not_delivered'; requestId: string }
  /** No such case, or its reporter was erased ("hapus data saya"). */
  | { result: 'missing' | 'no_reporter' };

export interface CaseRequestDeps {
  redis: RedisClient;
  prefix: string;
  logger: Logger;
  /** Text in the worker's language. */
  userText: (lang: 'id' | 'en', key: string, params?: Record<string, string | number>) => string;
  /** Staff-language text. */
  staffText: (key: string, params?: Record<string, string | number>) => string;
  /** Sends to the worker; false when it was not sent (quiet mode on, no such channel). */
  sendToWorker: (channel: Channel, userId: string, messages: OutgoingMessage[]) => Promise<boolean>;
  /** Puts an idle bot conversation on the answer flow's first question; false when it is busy. */
  placeOnAnswerFlow: (
    channel: Channel,
    userId: string,
    slot: { ticket: string; requestId: string },
  ) => Promise<boolean>;
  postToStaff: (text: string) => Promise<void>;
  now?: () => number;
}

export interface CaseRequests {
  request(ticket: string, text: string, by: string): Promise<RequestResult>;
  /** The flow action: attaches the answer (slots `answerText`, `answerFiles`) to the case. */
  answerCaseRequest: ActionHandler;
}

export function createCaseRequests(deps: CaseRequestDeps): CaseRequests {
  const { redis, logger } = deps;
  const keys = complaintKeys(deps.prefix);
  const now = deps.now ?? Date.now;

  async function request(ticketInput: string, text: string, by: string): Promise<RequestResult> {
    const ticket = normalizeTicket(ticketInput);
    const id = ticket ? await redis.get(keys.ticket(ticket)) : null;
    const record = id ? await readCase(redis, keys, id) : null;
    if (!ticket || !id || !record) return { result: 'missing' };
    const r = record.reporter;
    if (!r) return { result: 'no_reporter' };
    const requestId = newRequestId();
    await appendEvent(redis, keys, id, { kind: 'request', requestId, at: new Date(now()).toISOString(), by, text });
    const placed = await deps.placeOnAnswerFlow(r.channel, r.userId, { ticket, requestId });
    const messages: OutgoingMessage[] = [
      { text: deps.userText(r.lang, 'complaint.request_from_staff', { ticket, text }) },
    ];
    if (placed) {
      messages.push({
        text: deps.userText(r.lang, 'complaint.answer_how'),
        choices: (['text', 'files', 'later'] as const).map((c) => ({
          id: c,
          label: deps.userText(r.lang, `complaint.answer_choice.${c}`),
        })),
      });
    } else messages.push({ text: deps.userText(r.lang, 'complaint.request_reply_here') });
    const delivered = await deps.sendToWorker(r.channel, r.userId, messages).catch((err: unknown) => {
      logger.warn({ ticket, err: (err as Error).message }, 'case request: not delivered');
      return false;
    });
    logger.info({ ticket, requestId, delivered, placed }, 'case request');
    if (!delivered) return { result: 'not_delivered', requestId };
    return { result: placed ? 'sent' : 'sent_plain', requestId };
  }

  const answerCaseRequest: ActionHandler = async (ctx) => {
    const ticket = normalizeTicket(String(ctx.params.ticket ?? ''));
    const requestId = String(ctx.params.requestId ?? '');
    const id = ticket ? await redis.get(keys.ticket(ticket)) : null;
    const record = id ? await readCase(redis, keys, id) : null;
    const r = record?.reporter;
    // Only the chat that filed the case may add to it.
    if (!ticket || !id || !r || r.channel !== ctx.channel || r.userId !== ctx.userId || !requestId) {
      return { outcome: 'missing', say: [{ key: 'complaint.answer_missing' }] };
    }
    const text = typeof ctx.slots.answerText === 'string' ? ctx.slots.answerText.trim() : '';
    const files = Array.isArray(ctx.slots.answerFiles) ? ctx.slots.answerFiles : [];
    const attachments: EventAttachment[] = files.flatMap((f) => {
      const parsed = eventAttachmentSchema.safeParse({ ...(f as object), channel: ctx.channel });
      return parsed.success ? [parsed.data] : [];
    });
    if (!text && attachments.length === 0) return { outcome: 'empty', say: [{ key: 'complaint.answer_later' }] };
    const at = new Date(now()).toISOString();
    await appendEvent(redis, keys, id, {
      kind: 'answer',
      requestId,
      at,
      ...(text ? { text } : {}),
      attachments,
    });
    await deps
      .postToStaff(
        deps.staffText('staff.case_answer', {
          ticket,
          text: text || '-',
          count: attachments.length,
        }),
      )
      .catch((err: unknown) => logger.warn({ ticket, err: (err as Error).message }, 'case answer: staff not told'));
    logger.info({ ticket, requestId, attachments: attachments.length }, 'case answer stored');
    return { outcome: 'stored', say: [{ key: 'complaint.answer_stored', params: { ticket } }] };
  };

  return { request, answerCaseRequest };
}
