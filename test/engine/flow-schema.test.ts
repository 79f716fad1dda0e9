import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { flowSchema } from '../../src/engine/flow-schema.js';

describe('flows/flow.schema.json', () => {
  it('is generated from the zod schema (run `npm run flows:schema` after changing it)', () => {
    const committed = JSON.parse(readFileSync('flows/flow.schema.json', 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(z.toJSONSchema(flowSchema, { io: 'input' }))));
  });
});
