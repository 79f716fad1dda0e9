/** `npm run flows:schema`: writes flows/flow.schema.json from the zod schema, for editors. */
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { flowSchema } from '../engine/flow-schema.js';

const schema = z.toJSONSchema(flowSchema, { io: 'input' });
writeFileSync('flows/flow.schema.json', `${JSON.stringify(schema, null, 2)}\n`);
process.stdout.write('wrote flows/flow.schema.json\n');
