/** Which flow an intent starts (the flow whose `triggers` name it). */
import type { FlowSet } from './flow-schema.js';

export function flowForIntent(ctx: { flows: FlowSet }, intent: string): string | undefined {
  for (const flow of ctx.flows.values()) if (flow.triggers?.includes(intent)) return flow.id;
  return undefined;
}
