import { describe, expect, it } from 'vitest';
import { ACTION_NAMES } from '../../src/action-names.js';
import { flowSchema } from '../../src/engine/flow-schema.js';
import { validateFlows } from '../../src/engine/validate-flows.js';
import { readFlowFiles } from '../../src/flows/load-flows.js';
import { repoFlows, translator } from '../helpers/engine-fixtures.js';

const base = repoFlows();
const files = new Map([...base.keys()].map((k) => [k, `flows/${k}.yaml`]));
const opts = { actions: ACTION_NAMES, missingIn: translator.missingIn };

function withFlow(raw: unknown) {
  const flow = flowSchema.parse(raw);
  const flows = new Map(base);
  flows.set(flow.id, flow);
  const f = new Map(files);
  f.set(flow.id, `flows/${flow.id}.yaml`);
  return validateFlows(flows, f, opts);
}

describe('validateFlows', () => {
  it('accepts the repository flows', () => {
    expect(validateFlows(base, files, opts)).toEqual([]);
  });

  it('names file, node and problem for each kind of mistake', () => {
    const problems = withFlow({
      id: 'broken',
      version: 1,
      start: 'a',
      nodes: {
        a: { kind: 'say', text: 'menu.welcome', next: 'b-typo' },
        b: { kind: 'action', action: 'sendRocket', next: 'c' },
        c: { kind: 'say', text: 'nope.missing_key', next: { flow: 'no-such-flow' } },
        d: { kind: 'end' },
      },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'flows/broken.yaml: node a: unknown next target "b-typo"',
        'flows/broken.yaml: node b: unknown action "sendRocket"',
        'flows/broken.yaml: node c: i18n key "nope.missing_key" missing in locale id, en',
        'flows/broken.yaml: node c: next names unknown flow "no-such-flow"',
        'flows/broken.yaml: node d: unreachable (no path from "a" or another flow)',
      ]),
    );
  });

  it('reads broken files with errors naming file and node', () => {
    const { problems } = readFlowFiles('test/fixtures/broken-flows');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/bad-kind\.yaml: node start: .*/),
        expect.stringMatching(/bad-yaml\.yaml: YAML error/),
        expect.stringMatching(/missing-start\.yaml: start: /),
      ]),
    );
  });
});
