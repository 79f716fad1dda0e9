/** Arguments of `npm run chat -- [--script FILE] [--user ID] [--reset] [--http]`. */
import { z } from 'zod';

const argsSchema = z.object({
  script: z.string().min(1).optional(),
  user: z
    .string()
    .regex(/^[A-Za-z0-9_.:@-]{1,100}$/, '--user: 1-100 of A-Z a-z 0-9 _ . : @ -')
    .default('console-user'),
  reset: z.boolean().default(false),
  /** Serve /healthz and /metrics on HTTP_PORT too; the terminal chat binds no port otherwise. */
  http: z.boolean().default(false),
});
export type ChatArgs = z.infer<typeof argsSchema>;

export type ParsedArgs = { ok: true; args: ChatArgs } | { ok: false; problem: string };

export function parseChatArgs(argv: readonly string[]): ParsedArgs {
  const raw: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--reset') raw.reset = true;
    else if (a === '--http') raw.http = true;
    else if (a === '--script' || a === '--user') {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) return { ok: false, problem: `${a} needs a value` };
      raw[a.slice(2)] = v;
      i++;
    } else return { ok: false, problem: `unknown argument ${a} (use --script FILE, --user ID, --reset, --http)` };
  }
  const parsed = argsSchema.safeParse(raw);
  return parsed.success
    ? { ok: true, args: parsed.data }
    : { ok: false, problem: parsed.error.issues[0]?.message ?? 'bad arguments' };
}
