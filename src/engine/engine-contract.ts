/** What the engine itself needs from the flows and locales; checked at start-up. */

/** Flow and node ids the engine jumps to by name. */
export const REQUIRED_NODES: Record<string, string[]> = {
  'main-menu': ['menu'],
  fallback: ['rephrase', 'offer-menu', 'offer-human', 'offer-help'],
  emergency: [],
};

/** i18n keys the engine renders by name. */
export const ENGINE_KEYS = [
  'common.yes',
  'common.no',
  'common.too_long',
  'common.error_reset',
  'common.discreet_ack',
  'common.form_expired',
  'common.flow_updated',
  'common.nothing_to_cancel',
  'common.cancelled',
  'common.media_more',
  'common.location_received',
  'common.voice_please_type',
  'common.media_outside_form',
  'common.please_type',
  'common.retry.choice',
  'common.retry.text_not_media',
  'common.retry.empty',
  'common.retry.too_long',
  'common.retry.too_short',
  'common.retry.number',
  'common.retry.number_range',
  'common.retry.date',
  'common.retry.country',
  'common.retry.media',
  'fallback.rephrase_in_form',
  'handover.closed_user',
  'handover.cancelled_by_user',
  'emergency.intro',
  'emergency.contacts_intro',
  'language.changed',
  'common.session_reset',
  'common.action_failed',
] as const;
