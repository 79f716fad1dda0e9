/**
 * Reads `flows/*.yaml`, checks each file's shape with zod and then the meaning of all flows
 * together. Any problem stops start-up with lines that name file, node and problem: a bad
 * flow must never reach a live conversation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { cachedYaml, keepYaml } from '../core/parse-yaml-cached.js';
import { type Flow, flowSchema } from '../engine/flow-schema.js';
import { type ValidateOptions, validateFlows } from '../engine/validate-flows.js';
import { FlowValidationError } from '../errors.js';

export interface LoadedFlows {
  flows: Map<string, Flow>;
  files: Map<string, string>;
}

/** Parses every flow file; returns flows and the per-file problems (shape only). */
export function readFlowFiles(dir: string): LoadedFlows & { problems: string[] } {
  const flows = new Map<string, Flow>();
  const files = new Map<string, string>();
  const problems: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
      .sort();
  } catch {
    return { flows, files, problems: [`${dir}: flows folder not found`] };
  }
  if (names.length === 0) problems.push(`${dir}: no flow files`);
  for (const name of names) {
    const file = join(dir, name);
    const flowId = basename(name).replace(/\.ya?ml$/, '');
    const text = readFileSync(file, 'utf8');
    // A file parsed before is read back as JSON (YAML's parser was a tenth of start-up); a
    // new one is parsed with its errors told by line.
    let value = cachedYaml(text);
    if (value === undefined) {
      const doc = parseDocument(text, { prettyErrors: true });
      if (doc.errors.length > 0) {
        for (const e of doc.errors) problems.push(`${file}: YAML error: ${e.message.split('\n')[0]}`);
        continue;
      }
      value = doc.toJS();
      keepYaml(text, value);
    }
    const parsed = flowSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${file}: ${describeIssue(issue)}`);
      continue;
    }
    flows.set(flowId, parsed.data);
    files.set(parsed.data.id, file);
    if (parsed.data.id !== flowId) files.set(flowId, file);
  }
  return { flows, files, problems };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  if (path[0] === 'nodes' && path.length >= 2) {
    const rest = path.slice(2).join('.');
    return `node ${path[1]}: ${rest ? `${rest}: ` : ''}${issue.message}`;
  }
  return `${path.join('.') || '(file)'}: ${issue.message}`;
}

/** Loads and validates all flows; throws FlowValidationError listing every problem. */
export function loadFlows(dir: string, opts: ValidateOptions): LoadedFlows {
  const { flows, files, problems } = readFlowFiles(dir);
  if (problems.length === 0) problems.push(...validateFlows(flows, files, opts));
  if (problems.length > 0) throw new FlowValidationError(problems);
  return { flows, files };
}
