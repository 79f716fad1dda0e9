/**
 * Media stays on WhatsApp until a flow keeps it (as complaint evidence, say). The store
 * remembers recent messages by media reference (the serialized message id) and falls back
 * to asking WhatsApp Web for the message. Downloads never throw: failures are values.
 */
import type { Logger } from '../../logger.js';
import { BoundedMap } from './bounded-map.js';
import { describeError } from './describe-error.js';
import type { WaClient, WaMessage } from './wa-types.js';

export type MediaDownloadError = 'not-connected' | 'not-found' | 'expired' | 'failed' | 'timeout';

export type MediaDownload = { data: Buffer; mimeType: string; fileName?: string } | { error: MediaDownloadError };

export interface MediaStoreOptions {
  logger: Logger;
  /** The connected client, or a rejection when WhatsApp is not connected. */
  connectedClient: () => Promise<WaClient>;
  maxEntries?: number;
  timeoutMs?: number;
}

export interface MediaStore {
  remember(ref: string, message: WaMessage): void;
  download(ref: string): Promise<MediaDownload>;
}

export function createMediaStore(options: MediaStoreOptions): MediaStore {
  const messages = new BoundedMap<string, WaMessage>(options.maxEntries ?? 1000);
  const timeoutMs = options.timeoutMs ?? 60_000;

  async function find(ref: string): Promise<WaMessage | MediaDownloadError> {
    const cached = messages.get(ref);
    if (cached) return cached;
    let client: WaClient;
    try {
      client = await options.connectedClient();
    } catch {
      return 'not-connected';
    }
    try {
      return (await client.getMessageById(ref)) ?? 'not-found';
    } catch {
      return 'not-found';
    }
  }

  async function fetchMedia(ref: string): Promise<MediaDownload> {
    const message = await find(ref);
    if (typeof message === 'string') return { error: message };
    let media: Awaited<ReturnType<WaMessage['downloadMedia']>>;
    try {
      media = await message.downloadMedia();
    } catch (err) {
      options.logger.warn({ error: describeError(err) }, 'WhatsApp: media download failed');
      return { error: 'failed' };
    }
    // whatsapp-web.js returns undefined or null once the file is gone from WhatsApp's servers.
    if (!media || typeof media.data !== 'string' || media.data === '') return { error: 'expired' };
    return {
      data: Buffer.from(media.data, 'base64'),
      mimeType: media.mimetype || 'application/octet-stream',
      ...(media.filename ? { fileName: media.filename } : {}),
    };
  }

  return {
    remember(ref, message) {
      messages.set(ref, message);
    },
    async download(ref) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<MediaDownload>((resolve) => {
        timer = setTimeout(() => resolve({ error: 'timeout' }), timeoutMs);
      });
      try {
        return await Promise.race([fetchMedia(ref).catch((): MediaDownload => ({ error: 'failed' })), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
