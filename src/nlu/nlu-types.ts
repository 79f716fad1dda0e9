/** The understanding of one message, as the engine consumes it. */
export interface NluResult {
  /** One of the intent labels, or null when nothing fits. */
  intent: string | null;
  /** 0..1. */
  confidence: number;
  ranked: { intent: string; score: number }[];
  entities: {
    category?: string;
    country?: string;
    ticket?: string;
    suicide?: boolean;
    language?: 'id' | 'en';
  };
  normalized: string;
}

export interface Nlu {
  classify(text: string): NluResult;
  normalize(text: string): string;
  matchCountry(text: string): string | null;
}
