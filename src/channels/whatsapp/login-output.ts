/**
 * Shows the operator how to link the phone: the QR code in the terminal (stderr, so stdout
 * stays clean) and as a PNG in the data folder for headless servers, or the pairing code
 * when linking by phone number. The PNG is removed once linked: an old QR is useless and
 * should not lie around.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import QRCode from 'qrcode';
import type { Logger } from '../../logger.js';

export const QR_FILE_NAME = 'whatsapp-login-qr.png';

export interface LoginOutputOptions {
  dataDir: string;
  logger: Logger;
  /** Where the operator sees the QR and pairing code; default stderr. */
  output?: { write(chunk: string): unknown };
}

export interface LoginOutput {
  showQr(qr: string): Promise<void>;
  showPairingCode(code: string): void;
  /** Removes the saved QR image; called once the session is linked. */
  clear(): Promise<void>;
}

export function createLoginOutput(options: LoginOutputOptions): LoginOutput {
  const output = options.output ?? process.stderr;
  const pngPath = join(options.dataDir, QR_FILE_NAME);
  let qrCount = 0;

  return {
    async showQr(qr) {
      qrCount += 1;
      options.logger.info(
        { qrCount, qrFile: pngPath },
        'WhatsApp: not linked; scan the QR code (terminal or PNG) in WhatsApp > Linked devices',
      );
      try {
        const art = await QRCode.toString(qr, { type: 'terminal', small: true });
        output.write(`\nWhatsApp login QR (WhatsApp > Linked devices > Link a device):\n${art}\n`);
      } catch (err) {
        options.logger.warn({ errName: (err as Error).name }, 'WhatsApp: could not draw the QR code in the terminal');
      }
      try {
        await QRCode.toFile(pngPath, qr, { type: 'png', margin: 2, width: 400 });
      } catch (err) {
        options.logger.warn({ code: (err as NodeJS.ErrnoException).code }, 'WhatsApp: could not save the QR code PNG');
      }
    },
    showPairingCode(code) {
      // The code goes to the operator's terminal only; the log says that one was issued.
      options.logger.info(
        'WhatsApp: pairing code issued; enter it in WhatsApp > Linked devices > Link with phone number',
      );
      output.write(
        `\nWhatsApp pairing code: ${code}\n(WhatsApp > Linked devices > Link a device > Link with phone number instead)\n`,
      );
    },
    async clear() {
      await rm(pngPath, { force: true }).catch(() => undefined);
    },
  };
}
