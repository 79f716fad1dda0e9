/**
 * The `deleteMyData` action of the `privacy` flow: runs the data eraser for the conversation
 * and says, in the user's language, what was deleted. The result carries `forget: true`: the
 * dialogue service must delete the session after this step instead of saving it (see
 * docs/privacy.md, "What the dialogue service must do").
 */
import type { ActionHandler, ActionResult } from '../core/action-types.js';
import type { Translator } from '../i18n/create-translator.js';
import { countItems, type DataEraser } from './data-eraser.js';

/** Item names erasers report, in the order they are listed to the user. */
export const ERASED_ITEMS = ['conversation', 'relay_history', 'complaint'] as const;

export type DeleteMyDataResult = ActionResult & {
  /** Delete the session after this step instead of saving it. */
  forget: true;
};

export function createDeleteMyDataAction(eraser: DataEraser, t: Translator['t']): ActionHandler {
  return async (ctx): Promise<DeleteMyDataResult> => {
    const lang = ctx.lang;
    let deleted: string[] = [];
    let failed: string[] = [];
    try {
      ({ deleted, failed } = await eraser.erase({ channel: ctx.channel, userId: ctx.userId }));
    } catch {
      failed = ['all'];
    }
    const counts = countItems(deleted);
    const names = ERASED_ITEMS.filter((item) => counts[item]).map((item) =>
      t(lang, `privacy.items.${item}`, { count: counts[item] ?? 0 }),
    );
    const what = new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(names);
    if (failed.length === 0) {
      return { outcome: 'ok', say: [{ key: 'privacy.deleted', params: { what } }], forget: true };
    }
    if (names.length > 0) {
      return { outcome: 'partial', say: [{ key: 'privacy.deleted_partial', params: { what } }], forget: true };
    }
    return { outcome: 'error', say: [{ key: 'privacy.delete_failed' }], forget: true };
  };
}
