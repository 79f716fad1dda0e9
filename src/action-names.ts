/**
 * Every action name the dialogue service registers (besides the engine's built-ins). Flow
 * checks need it without connecting to Redis; compose-bot asserts the registry matches it.
 */
export const ACTION_NAMES = [
  'deleteMyData',
  'answerFaq',
  'showFaqAnswer',
  'listFaqTopic',
  'faqFollowup',
  'extractAgencyQuery',
  'lookupAgency',
  'prepareComplaint',
  'summarizeComplaint',
  'submitComplaint',
  'checkComplaintStatus',
  'normalizeContactNumber',
  'recordHandoverRating',
  'answerQuestion',
  'answerBrief',
  'answerMore',
  'checkJobAd',
  'reportJobAd',
  'answerCaseRequest',
  'checkJoinCode',
  'joinCase',
] as const;
