/**
 * Who may act in the staff group: the ids in `STAFF_USER_IDS`, and the group's
 * administrators (read from Telegram, cached). Everyone else is ignored.
 */
import type { Logger } from '../logger.js';

export interface StaffAuthDeps {
  staffUserIds: readonly string[];
  /** User ids of the group's administrators (bots excluded by the caller). */
  administrators: () => Promise<string[]>;
  logger: Logger;
  /** How long the administrator list is trusted; default 10 minutes. */
  cacheMs?: number;
  /** Monotonic clock, ms. */
  clock?: () => number;
}

export interface StaffAuth {
  isStaff(userId: string): Promise<boolean>;
  /** Forget the cached administrators (a demoted admin loses access at once). */
  refresh(): void;
}

export function createStaffAuth(deps: StaffAuthDeps): StaffAuth {
  const listed = new Set(deps.staffUserIds);
  const cacheMs = deps.cacheMs ?? 10 * 60_000;
  const clock = deps.clock ?? (() => performance.now());
  let cached: { ids: Set<string>; at: number } | undefined;
  let loading: Promise<Set<string>> | undefined;

  async function admins(): Promise<Set<string>> {
    if (cached && clock() - cached.at < cacheMs) return cached.ids;
    loading ??= deps
      .administrators()
      .then((ids) => {
        cached = { ids: new Set(ids), at: clock() };
        return cached.ids;
      })
      .catch((err: unknown) => {
        // Keep the last known list rather than locking staff out while Telegram is unreachable.
        deps.logger.warn({ err }, 'handover: staff group administrators could not be read');
        return cached?.ids ?? new Set<string>();
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  }

  return {
    async isStaff(userId) {
      if (listed.has(userId)) return true;
      return (await admins()).has(userId);
    },
    refresh() {
      cached = undefined;
    },
  };
}
