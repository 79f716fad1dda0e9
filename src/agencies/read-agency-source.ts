/**
 * Reads a registry source: a local file or an http(s) URL. Returns the bytes and the date the
 * data was taken (file: its modification date; URL: `Last-Modified`, else the download day).
 * Failures are values with one readable line; a URL never appears whole in them (it may carry
 * a token).
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';

export interface SourceReadOptions {
  timeoutMs?: number;
  maxBytes?: number;
  /** Calendar for "the day of" a timestamp. Default Asia/Jakarta. */
  timeZone?: string;
  now?: () => number;
}

export type SourceRead =
  | { ok: true; content: Buffer; sourceDate: string; label: string }
  | { ok: false; error: string; label: string };

export function isUrlSource(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** A short name for logs and the registry metadata: file base name or URL host. */
export function sourceLabel(source: string): string {
  if (!isUrlSource(source)) return basename(source);
  try {
    return new URL(source).host;
  } catch {
    return 'invalid-url';
  }
}

export function dayIn(timeZone: string, epochMs: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone }).format(new Date(epochMs));
}

export async function readAgencySource(source: string, options: SourceReadOptions = {}): Promise<SourceRead> {
  const maxBytes = options.maxBytes ?? 20 * 1024 * 1024;
  const timeZone = options.timeZone ?? 'Asia/Jakarta';
  const now = options.now ?? Date.now;
  const label = sourceLabel(source);

  if (!isUrlSource(source)) {
    try {
      const info = await stat(source);
      if (!info.isFile()) return { ok: false, error: `${label} is not a file`, label };
      if (info.size > maxBytes) return { ok: false, error: `${label} is larger than ${maxBytes} bytes`, label };
      return { ok: true, content: await readFile(source), sourceDate: dayIn(timeZone, info.mtimeMs), label };
    } catch (err) {
      const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
      const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code || 'unreadable';
      return { ok: false, error: `cannot read ${label}: ${why}`, label };
    }
  }

  try {
    const res = await fetch(source, { signal: AbortSignal.timeout(options.timeoutMs ?? 30_000), redirect: 'follow' });
    if (!res.ok) return { ok: false, error: `download from ${label} failed: HTTP ${res.status}`, label };
    const declared = Number(res.headers.get('content-length') ?? Number.NaN);
    if (declared > maxBytes)
      return { ok: false, error: `download from ${label} is larger than ${maxBytes} bytes`, label };
    const content = Buffer.from(await res.arrayBuffer());
    if (content.length > maxBytes) return { ok: false, error: `download from ${label} is too large`, label };
    // A cut-off download would still parse, minus its tail: refuse it instead.
    if (Number.isFinite(declared) && declared !== content.length) {
      return {
        ok: false,
        error: `download from ${label} is incomplete (${content.length} of ${declared} bytes)`,
        label,
      };
    }
    const modified = Date.parse(res.headers.get('last-modified') ?? '');
    const sourceDate = dayIn(timeZone, Number.isNaN(modified) ? now() : modified);
    return { ok: true, content, sourceDate, label };
  } catch (err) {
    const name = err instanceof Error ? err.name : '';
    const why = name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : 'network error';
    return { ok: false, error: `download from ${label} failed: ${why}`, label };
  }
}
