/**
 * The kernel's vocabulary: the words every room shares (languages, channels, complaint
 * categories). Defined once here; the engine, the NLU, features and channels import them.
 */
import { z } from 'zod';

/** The bot speaks Bahasa Indonesia first, and English. */
export const LANGUAGES = ['id', 'en'] as const;
export const languageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof languageSchema>;

/** The categories of safe-migration-facts 4.2, same ids as the intent eval set. */
export const COMPLAINT_CATEGORIES = [
  'unpaid_wages',
  'want_to_go_home',
  'document_withheld',
  'violence',
  'sexual_abuse',
  'overwork_no_rest',
  'contract_mismatch',
  'illness_injury',
  'death',
  'lost_contact',
  'recruitment_fraud',
  'excessive_fees',
  'trafficking',
  'detention_immigration',
  'social_security_claim',
  'other',
] as const;
export const complaintCategorySchema = z.enum(COMPLAINT_CATEGORIES);
export type ComplaintCategory = z.infer<typeof complaintCategorySchema>;

/** Categories that always go on the queue with high priority and start a handover. */
export const URGENT_CATEGORIES: readonly ComplaintCategory[] = ['violence', 'sexual_abuse', 'trafficking'];
