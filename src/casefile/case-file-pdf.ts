/**
 * Renders a case file's content as a PDF (pdfkit: no browser, no native code). A4, one
 * column, the signature and page numbers on every page, so a printed page still says which
 * case and which signed file it belongs to.
 */
import type { CaseFileContent, Translate } from './case-file-content.js';

export interface PdfOptions {
  t: Translate;
  /** HMAC-SHA256 hex, or null when CASE_FILE_SECRET is not set. */
  signature: string | null;
  /** Fixed creation date, so the same content gives the same bytes (tests, re-exports). */
  createdAt: Date;
}

export async function renderCaseFilePdf(content: CaseFileContent, o: PdfOptions): Promise<Buffer> {
  // Loaded on first use: pdfkit and its fonts cost the bot's start-up and only staff exports need them.
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 64, left: 56, right: 56 },
    bufferPages: true,
    info: {
      Title: content.title,
      Subject: o.signature ? `HMAC-SHA256 ${o.signature}` : 'unsigned',
      Creator: 'Sahabat PMI',
      CreationDate: o.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const section = (key: string) => {
    doc
      .moveDown(0.8)
      .font('Helvetica-Bold')
      .fontSize(12)
      .text(o.t(`casefile.section.${key}`));
    doc.moveDown(0.3).font('Helvetica').fontSize(10);
  };

  doc.font('Helvetica-Bold').fontSize(16).text(content.title);
  doc.font('Helvetica').fontSize(9).fillColor('#444444').text(content.subtitle).fillColor('black');

  section('summary');
  for (const [label, value] of content.summary) {
    doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value);
  }

  section('story');
  doc.text(content.story);

  section('chronology');
  for (const e of content.chronology) {
    doc.font('Helvetica-Bold').text(`${e.at}  `, { continued: true }).font('Helvetica').text(e.text);
  }

  section('evidence');
  for (const line of content.evidence) doc.text(`• ${line}`);

  section('checklist');
  for (const item of content.checklist) {
    const mark = o.t(item.received ? 'casefile.checklist_received' : 'casefile.checklist_missing');
    doc.text(`${mark} ${item.label}`);
  }
  doc.moveDown(0.3).fontSize(8).fillColor('#444444').text(content.checklistNote).fillColor('black').fontSize(10);

  section('consent');
  doc.text(content.consent);

  section('integrity');
  doc.text(o.signature ? o.t('casefile.integrity', { signature: o.signature }) : o.t('casefile.integrity_unsigned'));
  doc.fontSize(8).text(o.t('casefile.integrity_note')).fontSize(10);

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const footer = `${content.ticket} · ${o.t('casefile.page', { page: i + 1, pages: range.count })}${
      o.signature ? ` · HMAC ${o.signature.slice(0, 16)}…` : ''
    }`;
    // Writing below the bottom margin would start a new page: lift the margin for the footer.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .fontSize(8)
      .fillColor('#666666')
      .text(footer, doc.page.margins.left, doc.page.height - 40, { lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
