/**
 * The small part of whatsapp-web.js this channel relies on, written as structural types so
 * the rest of the folder (and the tests' fake client) never depend on the library's classes.
 * Only `wweb-client.ts` imports whatsapp-web.js itself.
 */

/** What `msg.downloadMedia()` resolves to (whatsapp-web.js `MessageMedia`). */
export interface WaMedia {
  mimetype: string;
  /** Base64. */
  data: string;
  filename?: string | null;
  filesize?: number | null;
}

/** A whatsapp-web.js `Message`, reduced to the fields we read. */
export interface WaMessage {
  id: { _serialized: string; id: string; fromMe?: boolean; remote?: string };
  from: string;
  fromMe: boolean;
  type: string;
  body: string;
  hasMedia: boolean;
  /** Epoch seconds. */
  timestamp?: number;
  isStatus?: boolean;
  broadcast?: boolean;
  location?: { latitude: number | string; longitude: number | string } | null;
  _data?: { mimetype?: string; filename?: string; size?: number } | null;
  downloadMedia(): Promise<WaMedia | undefined | null>;
}

/** Puppeteer's `Browser`, only to notice a crashed or killed Chromium. */
export interface WaBrowser {
  on(event: 'disconnected', listener: () => void): unknown;
  off?(event: 'disconnected', listener: () => void): unknown;
}

/** A whatsapp-web.js `Client`, reduced to what the channel calls. */
export interface WaClient {
  on(event: 'message', listener: (message: WaMessage) => void): unknown;
  on(event: 'qr' | 'code' | 'change_state' | 'disconnected', listener: (value: string) => void): unknown;
  on(event: 'auth_failure', listener: (message: string) => void): unknown;
  on(event: 'authenticated' | 'ready', listener: () => void): unknown;
  removeAllListeners(event?: string): unknown;
  initialize(): Promise<void>;
  destroy(): Promise<void>;
  sendMessage(chatId: string, content: string, options?: { sendSeen?: boolean }): Promise<unknown>;
  sendSeen?(chatId: string): Promise<unknown>;
  getMessageById(messageId: string): Promise<WaMessage | null | undefined>;
  pupBrowser?: WaBrowser | null;
}

/** Everything needed to build a client; the default factory turns it into whatsapp-web.js options. */
export interface WaClientOptions {
  /** LocalAuth `dataPath`: the Chromium profile (the linked session) lives in `<dataDir>/session`. */
  dataDir: string;
  executablePath: string;
  /** Digits with country code; when set, login is by pairing code instead of QR. */
  pairingPhone?: string;
  /** A pinned WhatsApp Web version and the URL template (`{version}`) its page is fetched from. */
  webVersion?: { version: string; url: string };
}

/** Builds a client. May throw `ChannelError` with a one-line message (browser missing, data folder unwritable). */
export type WaClientFactory = (options: WaClientOptions) => WaClient;
