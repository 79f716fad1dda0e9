/**
 * The staff handler: messages and commands from the staff supergroup. Only staff act;
 * commands are never relayed; any other message in a conversation's topic goes to the
 * worker on their own channel (and takes the conversation if nobody had).
 */
import type { StaffUpdate } from '../channels/telegram/to-incoming.js';
import type { StaffReply } from '../channels/telegram/update-processor.js';
import type { OutgoingMessage } from '../core/messages.js';
import type { Conversation } from '../dialogue/dialogue-service.js';
import { hashUserId } from '../logger.js';
import { isDiscreet, staffLine } from './discretion.js';
import type { HandoverContext } from './handover-context.js';
import type { StaffActions, StaffMember } from './staff-actions.js';
import type { StaffApi } from './staff-api.js';
import type { StaffAuth } from './staff-auth.js';
import { parseStaffCommand, type StaffCommand } from './staff-commands.js';

/** The part of the complaints case store the console uses. */
export interface CaseStatusPort {
  setStatus(
    ticket: string,
    status: 'in_review' | 'referred' | 'resolved' | 'closed',
    meta?: { by?: string; note?: string },
  ): Promise<{ result: 'changed' | 'unchanged' | 'missing' }>;
}

/** Two-way case requests (src/complaints/case-requests.ts). */
export interface CaseRequestPort {
  request(
    ticket: string,
    text: string,
    by: string,
  ): Promise<{ result: 'sent' | 'sent_plain' | 'not_delivered' | 'missing' | 'no_reporter' }>;
}

/** `/terbukti`: marks a case substantiated against a registry agency (src/agencies/substantiate-command.ts). */
export type SubstantiatePort = (
  ticket: string,
  query: string,
) => Promise<{ result: string; name?: string; licenceNo?: string; count?: number }>;

/** `/berkas`: the referral case file without personal data (src/casefile/pack-case.ts). */
export type PackPort = (
  ticket: string,
  by: string,
) => Promise<{ result: 'ok'; pdf: Buffer; ticket: string } | { result: 'missing' }>;

export interface StaffConsoleDeps {
  ctx: HandoverContext;
  actions: StaffActions;
  auth: StaffAuth;
  api: StaffApi;
  staffChatId: string;
  cases?: CaseStatusPort;
  requests?: CaseRequestPort;
  substantiate?: SubstantiatePort;
  pack?: PackPort;
  /** `STAFF_LANGUAGE` of the texts shown in the group (status labels). */
  staffLang: 'id' | 'en';
  pseudonymSecret?: string;
}

export type StaffHandlerFn = (update: StaffUpdate) => Promise<StaffReply | undefined>;

export function createStaffConsole(deps: StaffConsoleDeps): StaffHandlerFn {
  const { ctx, actions, auth } = deps;
  const { store, texts, logger } = ctx;
  const staffHash = (id: string) => hashUserId('telegram', id, deps.pseudonymSecret);

  async function say(conv: Conversation | null, threadId: number | undefined, text: string): Promise<void> {
    if (!conv) return ctx.enqueueThread(threadId, text);
    const record = await store.read(conv);
    await ctx.enqueue(conv, [{ k: 'line', at: ctx.now(), text }], record?.urgent ?? false);
  }

  async function setStatus(cmd: Extract<StaffCommand, { kind: 'status' }>, staff: StaffMember): Promise<string> {
    if (!deps.cases) return texts.line('status_unavailable');
    const status = ctx.t(deps.staffLang, `complaint.status_label.${cmd.status}`);
    const shown = status.startsWith('complaint.') ? cmd.status : status;
    try {
      const change = await deps.cases.setStatus(cmd.ticket, cmd.status, { by: `telegram:${staff.id}` });
      logger.info(
        { ticket: cmd.ticket, status: cmd.status, staffId: staff.id, result: change.result },
        'handover: case status',
      );
      if (change.result === 'missing') return texts.line('status_missing', { ticket: cmd.ticket });
      if (change.result === 'unchanged') return texts.line('status_unchanged', { ticket: cmd.ticket, status: shown });
      return texts.line('status_changed', { ticket: cmd.ticket, status: shown, name: staff.name });
    } catch (err) {
      logger.error({ err, ticket: cmd.ticket }, 'handover: case status change failed');
      return texts.line('status_unavailable');
    }
  }

  async function requestFromWorker(
    cmd: Extract<StaffCommand, { kind: 'request' }>,
    conv: Conversation | null,
    staff: StaffMember,
  ): Promise<string> {
    const ticket = cmd.ticket ?? (conv ? (await store.read(conv))?.ticket : undefined);
    if (!ticket) return texts.line('request_usage');
    if (!deps.requests) return texts.line('status_unavailable');
    try {
      const { result } = await deps.requests.request(ticket, cmd.text, `telegram:${staff.id}`);
      const key = result === 'no_reporter' ? 'request_missing' : `request_${result}`;
      return texts.line(key, { ticket, name: staff.name });
    } catch (err) {
      logger.error({ err, ticket }, 'handover: case request failed');
      return texts.line('status_unavailable');
    }
  }

  async function substantiate(cmd: Extract<StaffCommand, { kind: 'substantiate' }>, staff: StaffMember) {
    if (!deps.substantiate) return texts.line('status_unavailable');
    try {
      const r = await deps.substantiate(cmd.ticket, cmd.query);
      logger.info({ ticket: cmd.ticket, staffId: staff.id, result: r.result }, 'handover: case substantiation');
      return texts.line(`substantiate_${r.result}`, {
        ticket: cmd.ticket,
        name: r.name ?? '',
        licenceNo: r.licenceNo ?? '',
        count: r.count ?? 0,
        staff: staff.name,
      });
    } catch (err) {
      logger.error({ err, ticket: cmd.ticket }, 'handover: case substantiation failed');
      return texts.line('status_unavailable');
    }
  }

  /** Sends the file into the topic (or General); a line only when it could not be made. */
  async function sendCaseFile(ticket: string, thread: number | undefined, staff: StaffMember): Promise<string | null> {
    if (!deps.pack) return texts.line('status_unavailable');
    try {
      const r = await deps.pack(ticket, `telegram:${staff.id}`);
      if (r.result === 'missing') return texts.line('status_missing', { ticket });
      const file = { data: r.pdf, fileName: `${r.ticket}.pdf`, mimeType: 'application/pdf', kind: 'document' as const };
      await deps.api.sendFile(file, texts.line('pack_caption', { ticket: r.ticket, name: staff.name }), thread);
      logger.info({ ticket, staffId: staff.id }, 'handover: case file sent to the group');
      return null;
    } catch (err) {
      logger.error({ err, ticket }, 'handover: case file failed');
      return texts.line('status_unavailable');
    }
  }

  async function revealContact(conv: Conversation, staff: StaffMember): Promise<string> {
    const contact =
      conv.channel === 'telegram'
        ? `${conv.userId} (tg://user?id=${conv.userId})`
        : conv.channel === 'whatsapp'
          ? conv.userId.replace(/@c\.us$/, '')
          : conv.userId;
    // Audit: who looked, at which conversation (hashed); never the contact itself.
    logger.warn(
      { audit: 'contact_revealed', staffId: staff.id, user: ctx.hash(conv) },
      'handover: contact revealed to staff',
    );
    await store.incr('contacts_revealed');
    const line = texts.line('contact', { name: staff.name, channel: texts.channelLabel(conv.channel), contact });
    // Only the one who asked sees the number; the topic says who asked, not what it is.
    const sent = await deps.api.sendPrivate(staff.id, line).then(
      () => true,
      () => false,
    );
    return texts.line(sent ? 'contact_sent_privately' : 'contact_private_failed', { name: staff.name });
  }

  async function relayToUser(conv: Conversation, update: StaffUpdate, staff: StaffMember): Promise<void> {
    const session = await ctx.dialogue().peek(conv);
    if (!session || session.mode === 'bot') return say(conv, update.threadId, texts.line('with_bot'));
    if (session.mode === 'waiting') await actions.take(conv, staff);
    const lang = session.lang;
    const discreet = isDiscreet(session, await store.read(conv));
    const fromStaff = (text: string) =>
      staffLine(discreet, text, (t) => ctx.t(lang, 'handover.from_staff', { text: t }));
    const out: OutgoingMessage[] = [];
    let delivered = true;
    if (update.media) {
      if (conv.channel === 'telegram') {
        // The copy carries the caption; the user sees the photo or voice note itself.
        delivered = await deps.api.copyToUser(conv.userId, update.messageId).then(
          () => true,
          (err: unknown) => {
            logger.warn({ err, user: ctx.hash(conv) }, 'handover: staff media not delivered');
            return false;
          },
        );
      } else {
        const kind = ctx.t(lang, `handover.media.${update.media.kind}`);
        out.push({
          text: discreet
            ? ctx.t(lang, 'discreet.media_unavailable')
            : ctx.t(lang, 'handover.staff_media_unavailable', { kind }),
        });
        if (update.text) out.push({ text: fromStaff(update.text) });
      }
    } else if (update.text) out.push({ text: fromStaff(update.text) });
    else if (update.location) {
      const { latitude, longitude } = update.location;
      out.push({
        text: fromStaff(`https://maps.google.com/?q=${latitude},${longitude}`),
      });
    }
    const sent = out.length > 0 ? await ctx.sendUserWithReason(conv, out) : 'sent';
    if (sent === 'window_closed') await say(conv, update.threadId, texts.line('not_delivered_window'));
    else if (!delivered || sent !== 'sent') {
      await say(conv, update.threadId, texts.line('not_delivered', { reason: conv.channel }));
    }
    await ctx.history.push(conv, [
      {
        at: ctx.now(),
        role: 'staff',
        ...(update.text ? { text: update.text } : {}),
        ...(update.media ? { media: update.media.kind } : {}),
      },
    ]);
    await store.write(conv, { lastActivityAt: ctx.now() });
  }

  return async function staffHandler(update) {
    if (update.chatId !== deps.staffChatId || update.choiceId !== undefined) return undefined;
    if (!(await auth.isStaff(update.fromUserId))) {
      logger.info(
        { staff: staffHash(update.fromUserId), thread: update.threadId },
        'handover: non-staff message ignored',
      );
      await store.incr('ignored_non_staff');
      return undefined;
    }
    const staff: StaffMember = { id: update.fromUserId, name: update.fromName };
    // Editing a message into a command must not run it (again): an edit is never a command.
    if (update.edited && update.text?.trim().startsWith('/')) return undefined;
    const cmd = parseStaffCommand(update.text);
    const thread = update.threadId;
    const conv = thread === undefined ? null : await store.convOfThread(thread);
    switch (cmd.kind) {
      case 'help':
        return void (await say(conv, thread, texts.help()));
      case 'status_usage':
        return void (await say(conv, thread, texts.line('status_usage')));
      case 'status':
        return void (await say(conv, thread, await setStatus(cmd, staff)));
      case 'pack_usage':
        return void (await say(conv, thread, texts.line('pack_usage')));
      case 'pack': {
        const problem = await sendCaseFile(cmd.ticket, thread, staff);
        return void (problem ? await say(conv, thread, problem) : undefined);
      }
      case 'substantiate_usage':
        return void (await say(conv, thread, texts.line('substantiate_usage')));
      case 'substantiate':
        return void (await say(conv, thread, await substantiate(cmd, staff)));
      case 'request_usage':
        return void (await say(conv, thread, texts.line('request_usage')));
      case 'request':
        return void (await say(conv, thread, await requestFromWorker(cmd, conv, staff)));
      case 'unknown':
        return void (await say(conv, thread, texts.line('unknown_command', { name: cmd.name })));
      case 'note':
        // Stays in the topic for colleagues; never relayed.
        return void (await store.incr('notes'));
      default:
        break;
    }
    if (!conv) {
      if (cmd.kind !== 'message' && thread !== undefined) await say(null, thread, texts.line('no_conversation'));
      return undefined;
    }
    if (cmd.kind === 'take') await actions.take(conv, staff);
    else if (cmd.kind === 'close') await actions.close(conv, 'staff', staff);
    else if (cmd.kind === 'contact') await say(conv, thread, await revealContact(conv, staff));
    else await relayToUser(conv, update, staff);
    return undefined;
  };
}
