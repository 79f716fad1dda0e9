import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FaqContentError, loadFaqContent } from '../../src/content/faq-content.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fixture(files: Record<string, string>): { contentDir: string; localesDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'faq-content-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return { contentDir: join(root, 'content'), localesDir: join(root, 'locales') };
}

const LOCALE = JSON.stringify({
  a: { title: 'Judul', text: 'Teks', more: 'Rincian' },
  kp2mi: 'Call centre 0800-1000',
});
const CONTACTS = 'default: [contacts.kp2mi]\n';
const ANSWER = `topic: faq.procedure
answers:
  - id: proc-a
    title: faq.a.title
    text: faq.a.text
    questions: [gimana caranya]
    keywords: [cara]
    sources: [https://example.org]
    checked: 2026-11-29
    verify: false
    related: []
`;
const good = {
  'content/procedure.yaml': ANSWER,
  'content/emergency-contacts.yaml': CONTACTS,
  'locales/id/faq.json': LOCALE,
  'locales/en/faq.json': LOCALE,
  'locales/id/contacts.json': LOCALE,
  'locales/en/contacts.json': LOCALE,
};

describe('loadFaqContent', () => {
  it('loads answers with their rendered texts and the contacts', () => {
    const c = loadFaqContent(fixture(good));
    expect(c.answers).toEqual([
      expect.objectContaining({
        id: 'proc-a',
        topic: 'faq.procedure',
        checked: '2026-11-29',
        idTitle: 'Judul',
        enText: 'Teks',
        idMore: 'Rincian',
      }),
    ]);
    expect(c.emergencyContacts).toMatchObject({ default: ['contacts.kp2mi'], suicide: [], countries: {}, verify: [] });
  });

  it('loads the real content', () => {
    const c = loadFaqContent({ contentDir: 'flows/content', localesDir: 'locales' });
    expect(c.answers.length).toBeGreaterThan(20);
    for (const a of c.answers) expect(a.idText.length).toBeGreaterThan(0);
  });

  it('names the file and the problem', () => {
    const broken = {
      ...good,
      'content/procedure.yaml': ANSWER.replace('sources: [https://example.org]', 'sources: []').replace(
        'related: []',
        'related: [nope]',
      ),
      'content/costs.yaml': 'topic: faq.costs\nanswers:\n  - id: Bad Id\n',
      'content/broken.yaml': 'topic: [\n',
    };
    try {
      loadFaqContent(fixture(broken));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FaqContentError);
      const text = (e as FaqContentError).problems.join('\n');
      expect(text).toMatch(/procedure\.yaml: an answer needs at least one source at answers\.0\.sources/);
      expect(text).toMatch(/costs\.yaml: ids are lowercase words/);
      expect(text).toMatch(/broken\.yaml: not valid YAML/);
    }
  });

  it('reports a related answer that does not exist and a missing locale key', () => {
    const broken = {
      ...good,
      'content/procedure.yaml': ANSWER.replace('related: []', 'related: [nope]').replace('faq.a.text', 'faq.a.missing'),
    };
    expect(() => loadFaqContent(fixture(broken))).toThrow(/related answer nope does not exist/);
    expect(() => loadFaqContent(fixture(broken))).toThrow(/key faq\.a\.missing missing in .*locales\/id/);
  });

  it('reports a contact key missing in a locale', () => {
    const broken = { ...good, 'content/emergency-contacts.yaml': 'default: [contacts.nope]\n' };
    expect(() => loadFaqContent(fixture(broken))).toThrow(/emergency-contacts\.yaml: key contacts\.nope missing/);
  });
});
