/**
 * `recordHandoverRating`: the answer to the one-tap question after a handover
 * (flows/after-handover.yaml), counted without any personal data.
 */
import type { ActionHandler } from '../core/action-types.js';
import type { RelayStore } from './relay-store.js';

export function createRatingAction(store: RelayStore): ActionHandler {
  return async (action) => {
    const rating = action.params.rating === 'good' ? 'good' : action.params.rating === 'bad' ? 'bad' : null;
    if (rating) await store.incr(`rating_${rating}`).catch(() => undefined);
    return { outcome: rating ?? 'skipped' };
  };
}
