/** What the FAQ actions need from the content and the search (implemented in src/content, src/nlu). */

export interface FaqAnswerInfo {
  id: string;
  topic: string;
  /** i18n keys. */
  title: string;
  text: string;
  /** The details shown on "Selengkapnya". */
  more?: string;
  related: string[];
  verify: boolean;
  /** ISO date the fact was checked. */
  checked: string;
  country?: string;
}

export type FaqBand = 'high' | 'middle' | 'low';

export interface FaqSearcher {
  search(
    text: string,
    opts?: { topic?: string; lang?: 'id' | 'en' },
  ): { band: FaqBand; results: { id: string; score: number }[]; lead?: number };
}
