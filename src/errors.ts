/** Named error classes. Expected failures (bad input, not found) are values, not these. */

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export class FlowValidationError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid flows:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'FlowValidationError';
  }
}

export class LocaleError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid locales:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'LocaleError';
  }
}

export class SessionCorruptError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SessionCorruptError';
  }
}

export class LockTimeoutError extends Error {
  constructor(key: string) {
    super(`Timed out waiting for the conversation lock ${key}`);
    this.name = 'LockTimeoutError';
  }
}

export class ChannelError extends Error {
  constructor(
    public readonly channel: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ChannelError';
  }
}

/**
 * A channel refused to message a user on purpose: outside WhatsApp's 24-hour window with no
 * template configured, or a user who blocked the bot. Staff are told which.
 */
export class UserUnreachableError extends ChannelError {
  constructor(
    channel: string,
    public readonly reason: 'window_closed' | 'blocked',
    message: string,
  ) {
    super(channel, message);
    this.name = 'UserUnreachableError';
  }
}
