/**
 * Shapes of the agency (P3MI) registry: one CSV row, one stored record, and the metadata of
 * one registry version. The CSV header is a contract (docs: README, architecture page).
 */
import { z } from 'zod';

export const AGENCY_CSV_COLUMNS = ['name', 'licence_no', 'status', 'valid_until', 'address', 'province'] as const;

export const agencyStatusSchema = z.enum(['active', 'suspended', 'revoked']);
export type AgencyStatus = z.infer<typeof agencyStatusSchema>;

/** Upper-case letters and digits only: "SIP3MI 812/01-2019" and "sip3mi81201 2019" compare equal. */
export function normalizeLicence(raw: string): string {
  return raw
    .normalize('NFKD')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

const isoDate = z.string().refine((s) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}, 'expected an ISO date YYYY-MM-DD');

const trimmed = (max: number) => z.string().trim().max(max, `longer than ${max} characters`);

/** One CSV data row as read from the file (all strings), turned into a record. */
export const agencyRowSchema = z.object({
  name: trimmed(200).min(2, 'name is empty or too short'),
  licence_no: trimmed(60)
    .min(1, 'licence_no is empty')
    .refine((s) => normalizeLicence(s).length >= 3, 'licence_no needs at least 3 letters or digits'),
  status: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(agencyStatusSchema.options, { error: 'status must be active, suspended or revoked' })),
  valid_until: z
    .string()
    .trim()
    .transform((s) => (s === '' ? null : s))
    .pipe(isoDate.nullable()),
  address: trimmed(300),
  province: trimmed(100),
});

export const agencyRecordSchema = z.object({
  name: z.string().min(2).max(200),
  licenceNo: z.string().min(1).max(60),
  /** `normalizeLicence(licenceNo)`, the record's id within one registry version. */
  licenceKey: z.string().min(3).max(60),
  status: agencyStatusSchema,
  validUntil: isoDate.nullable(),
  address: z.string().max(300),
  province: z.string().max(100),
});
export type AgencyRecord = z.infer<typeof agencyRecordSchema>;

export const registryMetaSchema = z.object({
  version: z.string().min(1).max(80),
  /** When the source data was taken (YYYY-MM-DD); the bot tells users how old it is. */
  sourceDate: isoDate,
  /** True for the fictional demo registry; answers then say so. */
  sample: z.boolean(),
  importedAt: z.iso.datetime(),
  count: z.number().int().nonnegative(),
  /** File base name or URL host, never a full URL (it may carry a token). */
  source: z.string().max(200).optional(),
});
export type RegistryMeta = z.infer<typeof registryMetaSchema>;

/** What one registry version key holds in Redis. */
export const storedRegistrySchema = z.object({
  meta: registryMetaSchema,
  records: z.array(agencyRecordSchema),
});
export type StoredRegistry = z.infer<typeof storedRegistrySchema>;

export function rowToRecord(row: z.infer<typeof agencyRowSchema>): AgencyRecord {
  return {
    name: row.name,
    licenceNo: row.licence_no,
    licenceKey: normalizeLicence(row.licence_no),
    status: row.status,
    validUntil: row.valid_until,
    address: row.address,
    province: row.province,
  };
}
