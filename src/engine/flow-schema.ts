/**
 * The shape of a flow file (`flows/<id>.yaml`). zod is the single source of truth: the types
 * come from it and `flows/flow.schema.json` is generated from it for editors.
 * Semantic checks (targets, actions, keys, reachability) live in `validate-flows.ts`.
 */
import { z } from 'zod';

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'kebab-case id (a-z, 0-9, -)');
const i18nKey = z
  .string()
  .regex(/^[a-z0-9_-]+(\.[A-Za-z0-9_-]+)+$/, 'i18n key `<namespace>.<path>`')
  .describe('An i18n key `<namespace>.<path>`; the text lives in locales/<lang>/<namespace>.json');
const slotPath = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/, 'slot path like `a` or `a.b`');
const paramValue = z.union([z.string(), z.number()]);
const params = z
  .record(z.string(), paramValue)
  .describe('Values may hold `{{slot.path}}` placeholders filled from the session slots');

export const targetSchema = z
  .union([
    id,
    z.strictObject({
      flow: id,
      node: id.optional(),
      keep: z.array(slotPath).optional().describe('Slots to carry into the other flow; the rest are cleared'),
    }),
  ])
  .describe('A node id in this flow, or `{ flow, node?, keep? }` to jump to another flow');
export type Target = z.infer<typeof targetSchema>;

const textSchema = z.union([i18nKey, z.array(i18nKey).min(1)]);

const sayNode = z
  .strictObject({
    kind: z.literal('say'),
    text: textSchema,
    params: params.optional(),
    next: targetSchema,
  })
  .describe('Sends text and goes on at once. Example: { kind: say, text: menu.hello, next: menu }');

export const answerTypeSchema = z.enum(['choice', 'yesno', 'text', 'number', 'date', 'country', 'media']);
export type AnswerType = z.infer<typeof answerTypeSchema>;

const choiceSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_.:-]{1,40}$/i, 'choice id: 1-40 of a-z 0-9 _ . : -'),
  label: i18nKey,
  next: targetSchema.optional(),
});
export type FlowChoice = z.infer<typeof choiceSchema>;

const askNode = z
  .strictObject({
    kind: z.literal('ask'),
    text: textSchema,
    params: params.optional(),
    answer: answerTypeSchema,
    slot: slotPath,
    choices: z.array(choiceSchema).min(1).max(20).optional(),
    choicesFrom: slotPath.optional().describe('A slot holding [{ id, label }] with labels already translated'),
    optional: z.boolean().optional().describe('Accept "lewati"/"skip"/"-": the slot becomes null'),
    multiple: z.boolean().optional().describe('media: keep collecting until the user says "selesai"/"done"'),
    validate: z
      .strictObject({
        min: z.number().optional(),
        max: z.number().optional(),
        minLength: z.number().int().min(0).optional(),
        maxLength: z.number().int().min(1).max(10_000).optional(),
      })
      .optional(),
    retry: z.strictObject({ text: i18nKey.optional(), max: z.number().int().min(0).max(5).optional() }).optional(),
    skipIf: slotPath.optional().describe('Skip the question when this slot is already filled'),
    explicitYes: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe(
        'yesno that cannot be undone (data deletion): only a tap on Yes or one of these words confirms, not the everyday yes-words ("ok", "kirim", "mau")',
      ),
    whileWaiting: z
      .boolean()
      .optional()
      .describe(
        'May be answered after the conversation went to staff (the country in an emergency); the answer is also relayed',
      ),
    otherwise: targetSchema
      .optional()
      .describe(
        'Where any answer that does not fit goes, instead of asking again (the safety check: anything but a clear "no" means danger)',
      ),
    next: targetSchema,
  })
  .describe(
    'Asks a question and waits. Example: { kind: ask, text: c.ask_country, answer: country, slot: country, next: x }',
  );

const conditionSchema = z.union([
  z.strictObject({ slot: slotPath, equals: z.union([z.string(), z.number(), z.boolean(), z.null()]) }),
  z.strictObject({ slot: slotPath, in: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1) }),
  z.strictObject({ slot: slotPath, exists: z.boolean() }),
  z.strictObject({ intent: z.string().min(1) }),
  z.strictObject({ outcome: z.string().min(1) }),
]);
export type Condition = z.infer<typeof conditionSchema>;

const branchNode = z
  .strictObject({
    kind: z.literal('branch'),
    cases: z.array(z.strictObject({ if: conditionSchema, next: targetSchema })).min(1),
    default: targetSchema,
  })
  .describe(
    'Picks the next node. Example: { kind: branch, cases: [{ if: { slot: ok, equals: true }, next: a }], default: b }',
  );

const outcomeMap = z
  .record(z.string().regex(/^[a-z_]+$/), targetSchema)
  .refine((m) => 'default' in m, 'an outcome map needs a `default` entry');

const actionNode = z
  .strictObject({
    kind: z.literal('action'),
    action: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'camelCase action name'),
    params: params.optional(),
    slot: slotPath.optional().describe("Where the action's value is stored"),
    next: z.union([targetSchema, outcomeMap]),
  })
  .describe(
    'Runs a named action (an effect). Example: { kind: action, action: lookupAgency, params: { query: "{{q}}" }, slot: r, next: done }',
  );

const endNode = z
  .strictObject({
    kind: z.literal('end'),
    text: textSchema.optional(),
    params: params.optional(),
    after: z.enum(['menu', 'none']).optional().describe('menu: show the main menu after the flow ends'),
  })
  .describe('Ends the flow. Example: { kind: end, text: x.bye, after: menu }');

export const nodeSchema = z.discriminatedUnion('kind', [sayNode, askNode, branchNode, actionNode, endNode]);
export type FlowNode = z.infer<typeof nodeSchema>;
export type AskNode = z.infer<typeof askNode>;
export type ActionNode = z.infer<typeof actionNode>;

export const flowSchema = z
  .strictObject({
    id,
    version: z.number().int().min(1),
    description: z.string().optional(),
    triggers: z.array(z.string().min(1)).optional().describe('Intents that start this flow at `start`'),
    start: id,
    nodes: z.record(id, nodeSchema).refine((n) => Object.keys(n).length > 0, 'a flow needs at least one node'),
  })
  .describe('A Sahabat PMI flow: one YAML file per flow in flows/');
export type Flow = z.infer<typeof flowSchema>;

/** All flows by id; what the engine runs. */
export type FlowSet = ReadonlyMap<string, Flow>;
