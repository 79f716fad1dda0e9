/**
 * Actions of the `faq` flow: find the answer for a question (high confidence: answer; middle:
 * offer the top three; low: say so honestly), show an answer, browse a topic, follow-ups.
 */
import type { ActionHandler, ActionResult, Language, SayItem } from '../core/action-types.js';
import type { Choice } from '../core/messages.js';
import { scrubPersonal } from '../engine/text-utils.js';
import type { FaqStats } from './faq-stats.js';
import type { FaqAnswerInfo, FaqSearcher } from './faq-types.js';

export interface FaqActionsDeps {
  answers: readonly FaqAnswerInfo[];
  search: FaqSearcher;
  stats: FaqStats;
  t: (lang: Language, key: string, params?: Record<string, string | number>) => string;
  /** CONTENT_HIDE_UNVERIFIED: answers flagged `verify` are never shown. */
  hideUnverified: boolean;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
/** How far ahead (BM25 ratio) the top answer of the asked topic must be to be answered from a middle match. */
const CLEAR_LEAD = 2;

export function createFaqActions(deps: FaqActionsDeps): Record<string, ActionHandler> {
  const visible = deps.answers.filter((a) => !(deps.hideUnverified && a.verify));
  const byId = new Map(visible.map((a) => [a.id, a]));

  // toLocaleDateString builds an Intl formatter on every call; the dates come from the content.
  const dates = new Map<string, string>();
  const formatDate = (iso: string, lang: Language) => {
    const key = `${lang}|${iso}`;
    let text = dates.get(key);
    if (text === undefined) {
      text = new Date(`${iso}T00:00:00Z`).toLocaleDateString(lang === 'id' ? 'id-ID' : 'en-GB', {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      });
      if (dates.size < 1000) dates.set(key, text);
    }
    return text;
  };

  function answerSay(a: FaqAnswerInfo, lang: Language): SayItem[] {
    const items: SayItem[] = [
      { key: a.text },
      { key: 'faqflow.footer', params: { date: formatDate(a.checked, lang) }, append: true },
    ];
    if (a.verify) items.push({ key: 'faqflow.verify_note', append: true });
    return items;
  }

  function followups(a: FaqAnswerInfo, lang: Language, withMore = true): Choice[] {
    const related = a.related
      .map((id) => byId.get(id))
      .filter((r): r is FaqAnswerInfo => Boolean(r))
      .slice(0, 3)
      .map((r) => ({ id: `a:${r.id}`, label: deps.t(lang, r.title) }));
    return [
      ...(withMore && a.more ? [{ id: 'more', label: deps.t(lang, 'faqflow.more') }] : []),
      ...related,
      { id: 'helpful', label: deps.t(lang, 'faqflow.helpful_yes') },
      { id: 'unhelpful', label: deps.t(lang, 'faqflow.helpful_no') },
      { id: 'menu', label: deps.t(lang, 'faqflow.choice_menu') },
    ];
  }

  function show(a: FaqAnswerInfo, lang: Language): ActionResult {
    return { outcome: 'shown', value: { answerId: a.id, followups: followups(a, lang) }, say: answerSay(a, lang) };
  }

  const topicOf = (intent: string) => (intent.startsWith('faq.') ? intent : undefined);

  return {
    async answerFaq(ctx) {
      const query = str(ctx.params.query);
      const topic = topicOf(str(ctx.params.intent));
      let found = deps.search.search(query, { topic, lang: ctx.lang });
      if (found.band === 'low' && topic) found = deps.search.search(query, { lang: ctx.lang });
      const results = found.results.filter((r) => byId.has(r.id));
      const top = results[0] ? byId.get(results[0].id) : undefined;
      if (found.band === 'high' && top) return { ...show(top, ctx.lang), outcome: 'high' };
      // The classifier was confident about the topic and one answer of that topic stands well
      // ahead of the others, or the message asks what the rule is ("agent says BPJS is optional,
      // what's the actual rule?"): answer it rather than offer a pick list.
      const ruleAsked = str(ctx.params.ruleAsked) !== '';
      if (
        found.band === 'middle' &&
        top &&
        topic &&
        top.topic === topic &&
        ((found.lead ?? 0) >= CLEAR_LEAD || ruleAsked)
      )
        return { ...show(top, ctx.lang), outcome: 'high' };
      if (found.band === 'middle' && results.length > 0) {
        const choices = results
          .slice(0, 3)
          .map((r) => ({ id: r.id, label: deps.t(ctx.lang, (byId.get(r.id) as FaqAnswerInfo).title) }));
        return { outcome: 'middle', value: { choices } };
      }
      await deps.stats
        .recordUnanswered(scrubPersonal(query), { channel: ctx.channel, userId: ctx.userId })
        .catch(() => undefined);
      return { outcome: 'low' };
    },
    async showFaqAnswer(ctx) {
      const a = byId.get(str(ctx.params.id).replace(/^a:/, ''));
      return a ? show(a, ctx.lang) : { outcome: 'missing' };
    },
    async listFaqTopic(ctx) {
      const topic = str(ctx.params.topic);
      const choices = visible
        .filter((a) => a.topic === topic || (topic === 'faq.destination' && a.country))
        .slice(0, 12)
        .map((a) => ({ id: a.id, label: deps.t(ctx.lang, a.title) }));
      return { outcome: choices.length > 0 ? 'ok' : 'empty', value: { choices } };
    },
    async faqFollowup(ctx) {
      const choice = str(ctx.params.choice);
      const answerId = str(ctx.params.answerId);
      if (choice === 'more') {
        const a = byId.get(answerId);
        if (a?.more)
          return {
            outcome: 'answer',
            value: { answerId: a.id, followups: followups(a, ctx.lang, false) },
            say: [{ key: a.more }],
          };
      }
      if (choice.startsWith('a:')) {
        const a = byId.get(choice.slice(2));
        if (a) return { ...show(a, ctx.lang), outcome: 'answer' };
      }
      if (choice === 'helpful' || choice === 'unhelpful') {
        if (byId.has(answerId)) await deps.stats.recordFeedback(answerId, choice === 'helpful').catch(() => undefined);
        return {
          outcome: choice === 'helpful' ? 'rated' : 'unhelpful',
          say: [{ key: choice === 'helpful' ? 'faqflow.thanks_feedback' : 'faqflow.sorry_feedback' }],
        };
      }
      return { outcome: choice === 'menu' ? 'menu' : 'done' };
    },
  };
}
