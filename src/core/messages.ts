/**
 * The port between channels and the dialogue service. Channel adapters convert native
 * updates into `IncomingMessage` and `OutgoingMessage` back into native calls; nothing
 * channel-specific crosses this line.
 */
import { z } from 'zod';

export const channelSchema = z.enum(['console', 'telegram', 'whatsapp', 'whatsapp-cloud']);
export type Channel = z.infer<typeof channelSchema>;

export const mediaKindSchema = z.enum(['photo', 'document', 'voice', 'audio', 'video', 'sticker', 'other']);
export type MediaKind = z.infer<typeof mediaKindSchema>;

/** A reference to media held by the channel; downloaded only when a flow keeps it. */
export const mediaRefSchema = z.object({
  kind: mediaKindSchema,
  /** Channel-specific handle (Telegram file_id, WhatsApp message id). Never a URL with a token. */
  ref: z.string().min(1).max(512),
  mimeType: z.string().max(200).optional(),
  fileName: z.string().max(300).optional(),
  size: z.number().int().nonnegative().optional(),
});
export type MediaRef = z.infer<typeof mediaRefSchema>;

export const locationSchema = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});
export type GeoLocation = z.infer<typeof locationSchema>;

export const incomingMessageSchema = z.object({
  channel: channelSchema,
  /** Stable id of the conversation on its channel (Telegram chat id, WhatsApp id incl. `@lid`). */
  userId: z.string().min(1).max(200),
  /** Channel message id; the same id twice is processed once. */
  messageId: z.string().min(1).max(200),
  text: z.string().optional(),
  /** Set when the user tapped a choice button: the choice id offered by the bot. */
  choiceId: z.string().max(64).optional(),
  /**
   * The token of the question whose button was tapped, from channels whose buttons carry it
   * (empty when the button had none): a tap on an earlier question is then refused.
   */
  choiceToken: z.string().max(64).optional(),
  /** Set on an edited message: when the original was sent (epoch ms). */
  editOf: z.number().optional(),
  media: mediaRefSchema.optional(),
  location: locationSchema.optional(),
  /** Epoch milliseconds. */
  receivedAt: z.number(),
});
export type IncomingMessage = z.infer<typeof incomingMessageSchema>;

export interface Choice {
  /** Stable id, short enough for Telegram callback data (64 bytes). */
  id: string;
  /** Label in the user's language. */
  label: string;
}

export interface OutgoingMessage {
  text: string;
  choices?: Choice[];
  /** Token of the question these choices answer; channels with buttons send it back as `choiceToken`. */
  question?: string;
  /**
   * Values in `text` the user sees once and nothing may keep (a PIN): whatever records bot
   * replies (the relay history, the staff card) masks them.
   */
  conceal?: string[];
}

/** What a concealed value (a PIN) is kept as. */
export const CONCEALED = '••••••';

/** The text of a reply as it may be kept: concealed values masked. */
export function keptText(message: OutgoingMessage): string {
  let text = message.text;
  for (const value of message.conceal ?? []) if (value) text = text.split(value).join(CONCEALED);
  return text;
}

/** What a channel adapter offers the rest of the bot (for messages not triggered by the user). */
export interface ChannelSender {
  readonly channel: Channel;
  send(userId: string, messages: OutgoingMessage[]): Promise<void>;
}

export type ChannelState = 'starting' | 'ready' | 'reconnecting' | 'stopped' | 'failed';

export interface ChannelHealth {
  channel: Channel;
  state: ChannelState;
  detail?: string;
}

/** A channel adapter: converts messages and manages its connection; holds no dialogue logic. */
export interface ChannelAdapter extends ChannelSender {
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): ChannelHealth;
}

/** The dialogue service as channels see it. */
export interface MessageHandler {
  handle(message: IncomingMessage, options?: HandleOptions): Promise<HandleResult>;
}

export interface HandleOptions {
  /**
   * Sends the replies while the conversation is still locked, so replies to consecutive
   * messages of one chat keep their order even when two processes handle them. When the
   * service used it, the result says `delivered: true` and the channel sends nothing more.
   */
  deliver?: (replies: OutgoingMessage[]) => Promise<unknown>;
}

export interface HandleResult {
  /** Replies to send on the same channel, in order. Empty while staff hold the conversation. */
  replies: OutgoingMessage[];
  /** True when this message id was seen before and nothing was done. */
  duplicate: boolean;
  /** Where the conversation stands after the message (scripted chat output, logs, metrics). */
  state?: ConversationState;
  /** True when the conversation's data was erased: wrappers must store nothing more about it. */
  forgotten?: boolean;
  /** True when `options.deliver` already sent `replies`. */
  delivered?: boolean;
}

export interface ConversationState {
  flow: string | null;
  node: string | null;
  mode: 'bot' | 'waiting' | 'human';
  /** Intent recognised for the input, or null when it was read as a form answer. */
  intent: string | null;
  /** The input handed the conversation to staff (also when no staff console is configured). */
  escalation?: { reason: string; urgent: boolean; category?: string; suicide?: boolean };
}
