/**
 * Semantic checks of parsed flows: unknown `next` targets, unknown actions, unreachable
 * nodes, i18n keys missing in a locale, and the nodes the engine needs. Pure: what it needs
 * to know about locales and actions comes in as arguments.
 */
import { BUILTIN_ACTIONS } from './builtin-actions.js';
import { ENGINE_KEYS, REQUIRED_NODES } from './engine-contract.js';
import type { Flow, FlowNode, Target } from './flow-schema.js';

export interface ValidateOptions {
  /** Action names the dialogue service can run. */
  actions: readonly string[];
  /** Returns the locales in which `key` is missing (empty when present everywhere). */
  missingIn: (key: string) => string[];
  /** Known intent labels; triggers must use them. */
  intents?: readonly string[];
}

/** Returns problems as `file: node: problem` lines; empty when all is well. */
export function validateFlows(
  flows: ReadonlyMap<string, Flow>,
  files: ReadonlyMap<string, string>,
  opts: ValidateOptions,
): string[] {
  const problems: string[] = [];
  const where = (flow: Flow, node?: string) => `${files.get(flow.id) ?? flow.id}${node ? `: node ${node}` : ''}`;
  const actions = new Set<string>([...opts.actions, ...BUILTIN_ACTIONS]);
  const entered = new Map<string, Set<string>>();
  const enter = (flowId: string, nodeId: string) => {
    if (!entered.has(flowId)) entered.set(flowId, new Set());
    entered.get(flowId)?.add(nodeId);
  };
  const checkKey = (flow: Flow, node: string | undefined, key: string) => {
    const missing = opts.missingIn(key);
    if (missing.length > 0)
      problems.push(`${where(flow, node)}: i18n key "${key}" missing in locale ${missing.join(', ')}`);
  };
  const checkTarget = (flow: Flow, node: string, target: Target, label = 'next') => {
    if (typeof target === 'string') {
      if (!flow.nodes[target]) problems.push(`${where(flow, node)}: unknown ${label} target "${target}"`);
      return;
    }
    const other = flows.get(target.flow);
    if (!other)
      return problems.push(
        `${where(flow, node)}: ${label} names unknown flow "${target.flow}"`,
      ) as unknown as undefined;
    const nodeId = target.node ?? other.start;
    if (!other.nodes[nodeId])
      problems.push(`${where(flow, node)}: ${label} names unknown node "${target.flow}/${nodeId}"`);
    else enter(other.id, nodeId);
  };

  for (const [fileFlowId, flow] of flows) {
    if (fileFlowId !== flow.id) problems.push(`${where(flow)}: id "${flow.id}" does not match the file name`);
    if (!flow.nodes[flow.start]) problems.push(`${where(flow)}: start node "${flow.start}" does not exist`);
    for (const t of flow.triggers ?? []) {
      if (opts.intents && !opts.intents.includes(t))
        problems.push(`${where(flow)}: trigger "${t}" is not a known intent`);
    }
    for (const [nodeId, node] of Object.entries(flow.nodes)) {
      for (const key of textKeys(node)) checkKey(flow, nodeId, key);
      for (const [label, target] of targets(node)) checkTarget(flow, nodeId, target, label);
      if (node.kind === 'action' && !actions.has(node.action))
        problems.push(`${where(flow, nodeId)}: unknown action "${node.action}"`);
      if (node.kind === 'ask') {
        if (node.answer === 'choice' && !node.choices && !node.choicesFrom)
          problems.push(`${where(flow, nodeId)}: a choice question needs choices or choicesFrom`);
        // A country question may offer the commonest countries as buttons (ids are ISO codes).
        if (node.answer === 'country' && node.choices?.some((c) => !/^[A-Z]{2}$/.test(c.id)))
          problems.push(`${where(flow, nodeId)}: country choices need ISO 3166 alpha-2 ids`);
        if (node.answer !== 'choice' && node.answer !== 'country' && (node.choices || node.choicesFrom))
          problems.push(`${where(flow, nodeId)}: choices are only for answer: choice or country`);
        const ids = node.choices?.map((c) => c.id) ?? [];
        if (new Set(ids).size !== ids.length) problems.push(`${where(flow, nodeId)}: duplicate choice ids`);
      }
    }
  }
  for (const [flowId, nodes] of Object.entries(REQUIRED_NODES)) {
    const flow = flows.get(flowId);
    if (!flow) {
      problems.push(`flows/${flowId}.yaml: missing (the engine needs this flow)`);
      continue;
    }
    for (const n of nodes) {
      if (!flow.nodes[n]) problems.push(`${where(flow, n)}: missing (the engine jumps to it)`);
      else enter(flowId, n);
    }
  }
  for (const key of ENGINE_KEYS) {
    const missing = opts.missingIn(key);
    if (missing.length > 0)
      problems.push(`locales: key "${key}" (used by the engine) missing in locale ${missing.join(', ')}`);
  }
  problems.push(...unreachable(flows, entered, where));
  return problems;
}

function textKeys(node: FlowNode): string[] {
  const keys: string[] = [];
  const add = (t: string | string[] | undefined) => {
    if (t) keys.push(...(Array.isArray(t) ? t : [t]));
  };
  if (node.kind === 'say' || node.kind === 'end') add(node.text);
  if (node.kind === 'ask') {
    add(node.text);
    add(node.retry?.text);
    for (const c of node.choices ?? []) keys.push(c.label);
  }
  return keys;
}

function targets(node: FlowNode): [string, Target][] {
  switch (node.kind) {
    case 'say':
      return [['next', node.next]];
    case 'ask':
      return [
        ['next', node.next] as [string, Target],
        ...(node.otherwise ? [['otherwise', node.otherwise] as [string, Target]] : []),
        ...(node.choices ?? [])
          .filter((c) => c.next)
          .map((c) => [`choice ${c.id} next`, c.next as Target] as [string, Target]),
      ];
    case 'branch':
      return [
        ...node.cases.map((c, i) => [`case ${i + 1} next`, c.next] as [string, Target]),
        ['default', node.default],
      ];
    case 'action':
      if (typeof node.next === 'string' || 'flow' in node.next) return [['next', node.next as Target]];
      return Object.entries(node.next as Record<string, Target>).map(([o, t]) => [`outcome ${o}`, t]);
    case 'end':
      return [];
  }
}

function unreachable(
  flows: ReadonlyMap<string, Flow>,
  entered: Map<string, Set<string>>,
  where: (f: Flow, n?: string) => string,
): string[] {
  const problems: string[] = [];
  for (const flow of flows.values()) {
    const seen = new Set<string>();
    const queue = [flow.start, ...(entered.get(flow.id) ?? [])];
    while (queue.length > 0) {
      const id = queue.pop() as string;
      if (seen.has(id) || !flow.nodes[id]) continue;
      seen.add(id);
      for (const [, t] of targets(flow.nodes[id] as FlowNode))
        if (typeof t === 'string') queue.push(t);
        else if (t.flow === flow.id) queue.push(t.node ?? flow.start);
    }
    for (const id of Object.keys(flow.nodes))
      if (!seen.has(id))
        problems.push(`${where(flow, id)}: unreachable (no path from "${flow.start}" or another flow)`);
  }
  return problems;
}
