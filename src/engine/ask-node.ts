/** The question the conversation waits on, if it waits on one. */
import type { AskNode } from './flow-schema.js';
import type { StepContext } from './step-context.js';

export function askNodeOf(ctx: StepContext): AskNode | undefined {
  const { flowId, node, awaiting } = ctx.session;
  if (!flowId || !node || awaiting !== 'answer') return undefined;
  const n = ctx.flows.get(flowId)?.nodes[node];
  return n?.kind === 'ask' ? n : undefined;
}
