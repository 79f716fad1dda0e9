/** `npm run chat`: talk to the full bot in a terminal (channel `console`). */
import { createInterface } from 'node:readline';
import type { MessageHandler, OutgoingMessage } from '../../core/messages.js';
import { formatForConsole } from './format-console.js';

export async function runInteractive(opts: {
  userId: string;
  handler: MessageHandler;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}): Promise<void> {
  const rl = createInterface({
    input: opts.input,
    output: opts.output,
    terminal: Boolean((opts.input as { isTTY?: boolean }).isTTY),
  });
  const print = (messages: OutgoingMessage[]) => {
    for (const m of messages) opts.output.write(`\nbot> ${formatForConsole(m).replace(/\n/g, '\n     ')}\n`);
  };
  opts.output.write('Sahabat PMI - ketik pesan (Ctrl+D untuk keluar). Type a message (Ctrl+D to quit).\n');
  let counter = 0;
  rl.setPrompt('\nanda> ');
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text) {
      const result = await opts.handler.handle({
        channel: 'console',
        userId: opts.userId,
        messageId: `tty-${Date.now().toString(36)}-${counter++}`,
        text,
        receivedAt: Date.now(),
      });
      print(result.replies);
    }
    rl.prompt();
  }
}

/** Messages the bot sends on its own (staff replies, status updates) while chatting. */
export function createConsoleSender(output: NodeJS.WritableStream) {
  return {
    channel: 'console' as const,
    async send(_userId: string, messages: OutgoingMessage[]) {
      for (const m of messages) output.write(`\nbot> ${formatForConsole(m).replace(/\n/g, '\n     ')}\n`);
    },
  };
}
