/**
 * Downloads a file a user sent, when a flow keeps it (complaint evidence). The public Bot
 * API serves files up to 20 MB; larger ones, and every failure, come back as values.
 */
import { type Api, GrammyError } from 'grammy';
import type { MediaRef } from '../../core/messages.js';
import type { Logger } from '../../logger.js';
import { describeError } from './api-policies.js';

export const BOT_API_DOWNLOAD_LIMIT = 20 * 1024 * 1024;

export type DownloadError = 'too_large' | 'not_found' | 'failed';
export type DownloadResult = { data: Buffer; mimeType?: string; fileName?: string } | { error: DownloadError };

export interface MediaDownloaderDeps {
  api: Api;
  /** Builds the download URL; it contains the bot token, so it is never logged. */
  fileUrl: (filePath: string) => string;
  logger: Logger;
  maxBytes?: number;
  timeoutMs?: number;
}

export function createMediaDownloader(deps: MediaDownloaderDeps): (ref: MediaRef) => Promise<DownloadResult> {
  const maxBytes = deps.maxBytes ?? BOT_API_DOWNLOAD_LIMIT;
  const timeoutMs = deps.timeoutMs ?? 60_000;
  const fail = (error: DownloadError, err: unknown, ref: MediaRef): DownloadResult => {
    deps.logger.warn({ ...describeError(err), kind: ref.kind, outcome: error }, 'telegram: media download failed');
    return { error };
  };

  return async function downloadMedia(ref) {
    if (ref.size !== undefined && ref.size > maxBytes) return { error: 'too_large' };
    if (ref.ref.startsWith('telegram:')) return { error: 'not_found' };
    let filePath: string | undefined;
    try {
      const file = await deps.api.getFile(ref.ref);
      if (file.file_size !== undefined && file.file_size > maxBytes) return { error: 'too_large' };
      filePath = file.file_path;
    } catch (err) {
      if (err instanceof GrammyError && /too big/i.test(err.description)) return { error: 'too_large' };
      if (err instanceof GrammyError && err.error_code === 400) return fail('not_found', err, ref);
      return fail('failed', err, ref);
    }
    if (!filePath) return fail('not_found', new Error('no file_path'), ref);
    try {
      const res = await fetch(deps.fileUrl(filePath), { signal: AbortSignal.timeout(timeoutMs) });
      if (res.status === 404) return fail('not_found', new Error(`HTTP ${res.status}`), ref);
      if (!res.ok || !res.body) return fail('failed', new Error(`HTTP ${res.status}`), ref);
      const declared = Number(res.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > maxBytes) {
        await res.body.cancel();
        return { error: 'too_large' };
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += chunk.byteLength;
        if (size > maxBytes) return { error: 'too_large' };
        chunks.push(chunk);
      }
      const fileName = ref.fileName ?? filePath.split('/').pop();
      return {
        data: Buffer.concat(chunks, size),
        ...(ref.mimeType ? { mimeType: ref.mimeType } : {}),
        ...(fileName ? { fileName } : {}),
      };
    } catch (err) {
      return fail('failed', err, ref);
    }
  };
}
