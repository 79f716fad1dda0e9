/** Real flows and locales from the repo, with a small keyword classifier standing in for the NLU. */

import type { IncomingMessage } from '../../src/core/messages.js';
import type { StepDeps } from '../../src/engine/engine-types.js';
import type { Flow } from '../../src/engine/flow-schema.js';
import { newSession, type Session } from '../../src/engine/session.js';
import { readFlowFiles } from '../../src/flows/load-flows.js';
import { createTranslator, loadLocales } from '../../src/i18n/create-translator.js';
import type { NluResult } from '../../src/nlu/nlu-types.js';

export const translator = createTranslator(loadLocales('locales'));

export function repoFlows(): Map<string, Flow> {
  return readFlowFiles('flows').flows;
}

/** Keyword rules: enough to drive the engine deterministically in unit tests. */
export function fakeClassify(text: string): NluResult {
  const s = text.toLowerCase();
  // Safety-net signals, each on a word of its own so tests can combine them.
  const extra: Partial<NluResult> = {
    ...(/takut|😭/.test(s) ? { distress: true } : {}),
    ...(/bahaya kah|ragu2/.test(s) ? { safetyCheck: true } : {}),
    ...(/aman kok/.test(s) ? { saysSafe: true } : {}),
    ...(/^(i am|my |please)/.test(s) ? { language: 'en' as const } : {}),
  };
  if (/gaji.*ragu2/.test(s))
    return {
      intent: 'complaint.new',
      confidence: 0.9,
      ranked: [{ intent: 'complaint.new', score: 0.9 }],
      entities: { category: 'unpaid_wages' },
      normalized: s,
      ...extra,
    };
  const rules: [RegExp, string, NluResult['entities']?][] = [
    [/kakak saya dipukul/, 'emergency', { category: 'violence', reporter: 'family' }],
    [/dipukul|tolong darurat|dikurung|beaten/, 'emergency', { category: 'violence' }],
    [/bunuh diri/, 'emergency', { suicide: true, category: 'other' }],
    [/^(batal|cancel|stop)$/, 'cancel'],
    [/^(menu|\/menu)$/, 'menu'],
    [/^(halo|hai|\/start)/, 'greeting'],
    [/petugas|orang asli|admin/, 'handover.request'],
    [/english|bahasa inggris/, 'language.change', { language: 'en' }],
    [/ganti bahasa|\/bahasa/, 'language.change'],
    [/hapus data|\/hapus/, 'privacy.delete'],
    [/makasih|terima kasih/, 'thanks'],
    [/pulsa|bola/, 'out_of_scope'],
  ];
  for (const [re, intent, entities] of rules) {
    if (re.test(s))
      return {
        intent,
        confidence: 0.95,
        ranked: [{ intent, score: 0.95 }],
        entities: entities ?? {},
        normalized: s,
        ...extra,
      };
  }
  return { intent: null, confidence: 0, ranked: [], entities: {}, normalized: s, ...extra };
}

export function fakeDeps(
  now = Date.UTC(2026, 10, 29, 3),
  overrides: Partial<StepDeps['settings']> = {},
  extra: Partial<StepDeps> = {},
): StepDeps {
  return {
    now,
    t: translator.t,
    classify: fakeClassify,
    normalize: (t) => t.toLowerCase(),
    matchCountry: (t) =>
      ({ taiwan: 'TW', hongkong: 'HK', 'hong kong': 'HK', malaysia: 'MY' })[t.toLowerCase().trim()] ?? null,
    emergencyContacts: (lang, { country, suicide, scope }) =>
      scope === 'destination'
        ? country === 'TW'
          ? [translator.t(lang, 'language.english')]
          : []
        : [
            translator.t(lang, 'handover.requested'),
            ...(suicide ? [translator.t(lang, 'smalltalk.thanks')] : []),
            ...(country === 'TW' ? [translator.t(lang, 'language.english')] : []),
          ],
    settings: {
      formTimeoutMs: 24 * 3600_000,
      maxMessageLength: 4000,
      actThreshold: 0.5,
      menuFlow: 'main-menu',
      ...overrides,
    },
    ...extra,
  };
}

let counter = 0;
export function msg(text: string, extra: Partial<IncomingMessage> = {}): IncomingMessage {
  counter += 1;
  return { channel: 'console', userId: 'u1', messageId: `m${counter}`, text, receivedAt: 0, ...extra };
}

export function fresh(now = Date.UTC(2026, 10, 29, 3)): Session {
  return newSession('id', now);
}
