/**
 * Article -> TopicVerdict: is this page about Putin / Russia *and* the United States?
 * Both sides must be present where a story states its subject (title or lead) and run through the
 * body; one side alone (a US-only or Russia-only story), US relations with another country, or a
 * passing mention of Putin is not the topic. Pages that are not articles are never on topic.
 */
import type { Article } from '../extract';
import { findEntities, LETTER, normalize } from '../text';
import { runToEnd, type Steps } from '../text/steps';
import { READ_BUDGET } from '../extract/budget';
import { countriesIn, countryName } from './countries';

export type Where = 'title' | 'lead' | 'body';

/** The cases a verdict's reason states, each a sentence in every UI language. */
export const WHY = ['about', 'neither', 'notStated', 'noUs', 'ruPassing', 'usPassing', 'apart', 'tooLittle', 'thirdCountry', 'notArticle', 'noHeadline'] as const;
export interface VerdictWhy {
  kind: (typeof WHY)[number];
  /** The names given for each side (about), the page's kind (notArticle), the other country (thirdCountry). */
  ru?: string;
  us?: string;
  kindOfPage?: string;
  country?: string;
  /** The other country's ISO 3166 code, for the UI to name it in its language. */
  countryCode?: string;
}

export interface TopicEvidence {
  name: string;
  side: 'ru' | 'us' | 'link';
  where: Where;
  count: number;
}

export interface TopicVerdict {
  onTopic: boolean;
  /** 0..1: how strongly both sides and their relations run through the article. */
  score: number;
  /** One sentence a reader can check (in English; `why` says it in the reader's language, ../ui/format.ts). */
  reason: string;
  /** What the reason says, for the UI to say in its language: which case, and the names it gives. */
  why?: VerdictWhy;
  evidence: TopicEvidence[];
  /** Judged on the first part of a body longer than the reading budget (../extract/budget.ts). */
  partlyRead?: boolean;
}

/** Said after the reason when the article was judged on its first part only. */
export const PARTLY_READ = `Judged on the first ${READ_BUDGET.body / 1000} kB of a longer text.`;

/** How much a mention counts, by where it stands. */
const WEIGHT: Record<Where, number> = { title: 3, lead: 2, body: 1 };
const LEAD_PARAGRAPHS = 2;
// Words that make two countries' mentions a story about their relations, in the languages read
// (../detect/language.ts): English, Russian, Ukrainian, German, French, Spanish, Italian, Portuguese, Polish.
const RELATION_WORDS = [
  // en
  'relations',
  'ties',
  'talks',
  'dialogue',
  'summit',
  'sanctions?',
  'bilateral',
  'diplomat*',
  'ambassador',
  'envoy',
  'telegram',
  'letter',
  'phone call',
  'call(?:ed)?',
  'negotiat*',
  'arms control',
  'treaty',
  'interference',
  'meddling',
  'cooperation',
  'prisoner swap',
  'swap',
  'exchanged?',
  'rivals?',
  'tensions?',
  // ru
  'отношени*',
  'переговор*',
  'диалог*',
  'санкци*',
  'саммит*',
  'посол',
  'посла',
  'послом',
  'дипломат*',
  'договор*',
  'соглашени*',
  'напряженност*',
  'вмешательств*',
  'обмен*',
  'телефонн* разговор*',
  // uk
  'відносин*',
  'перемовин*',
  'діалог*',
  'санкці*',
  'саміт*',
  'посл[аом]',
  'угод*',
  'напруж*',
  'втручанн*',
  'обмін*',
  'телефонн* розмов*',
  // de
  'Beziehungen',
  'Gespräch*',
  'Telefonat*',
  'Verhandlung*',
  'Gipfel*',
  'Botschafter*',
  'Sanktion*',
  'Abkommen*',
  'Vertrag*',
  'Spannungen',
  'Austausch*',
  'ausgetauscht',
  'Einmischung*',
  'Dialog*',
  // fr
  'entretien*',
  'négociation*',
  'pourparlers',
  'sommet*',
  'ambassadeur*',
  'accord*',
  'traité*',
  'ingérence*',
  'échange*',
  // es
  'relaciones',
  'conversación*',
  'negociacion*',
  'cumbre*',
  'embajador*',
  'diálogo',
  'acuerdo*',
  'tratado*',
  'tensiones',
  'injerencia*',
  'canje',
  'intercambio',
  'llamada telefónica',
  'sancion*',
  // it
  'relazioni',
  'colloqui*',
  'telefonata',
  'negoziat*',
  'vertice',
  'ambasciator*',
  'dialogo',
  'accordo',
  'trattato',
  'tensioni',
  'ingerenz*',
  'scambio',
  'sanzion*',
  // pt
  'relações',
  'conversa*',
  'telefonema',
  'negociaç*',
  'cúpula',
  'cimeira',
  'embaixador*',
  'acordo*',
  'tensões',
  'interferência',
  'ingerência',
  'troca',
  'sanç*',
  // pl
  'stosunk*',
  'relacj*',
  'rozmow*',
  'negocjacj*',
  'szczyt*',
  'ambasador*',
  'dyplomat*',
  'dialog*',
  'porozumieni*',
  'traktat*',
  'napięci*',
  'ingerencj*',
  'wymian*',
  'sankcj*',
];
const LINK_TERMS = new RegExp(`(?<![${LETTER}])(?:${RELATION_WORDS.map((w) => w.replace(/ /g, '\\s+').replace(/\*/g, `[${LETTER}]*`)).join('|')})(?![${LETTER}])`, 'giu');

/** The share of an article's prose paragraphs that must name both sides together. */
const TOGETHER = 0.25;

/** Default threshold; the options page may move it (sensitivity). */
export const DEFAULT_THRESHOLD = 0.5;

export { mightBeOnTopic, NO_HEADLINE } from './first-look';

export function detectTopic(article: Article, threshold = DEFAULT_THRESHOLD): TopicVerdict {
  return runToEnd(detectSteps(article, threshold));
}

/** {@link detectTopic} as sliced work (../text/steps.ts): one step a paragraph. */
export function* detectSteps(article: Article, threshold = DEFAULT_THRESHOLD): Steps<TopicVerdict> {
  if (!article.isArticle) {
    return { onTopic: false, score: 0, reason: `Not a single news article (${article.pageKind}).`, why: { kind: 'notArticle', kindOfPage: article.pageKind }, evidence: [] };
  }
  // The lead is the first prose paragraphs: a dateline or a time stamp above the story is not the lead.
  const isProse = (p: string) => p.split(/\s+/).length >= 8;
  let leadEnd = 0;
  for (let prose = 0; leadEnd < article.paragraphs.length && prose < LEAD_PARAGRAPHS; leadEnd++) if (isProse(article.paragraphs[leadEnd]!)) prose++;
  const parts: [Where, string[]][] = [
    ['title', [article.title]],
    ['lead', article.paragraphs.slice(0, leadEnd)],
    ['body', article.paragraphs.slice(leadEnd)],
  ];
  const evidence = new Map<string, TopicEvidence>();
  const weight = { ru: 0, us: 0, link: 0 };
  const statedIn = { ru: false, us: false };
  // Paragraphs that name both sides together; the sides the title names; third countries at the top and beside Russia.
  let together = 0;
  const titleSides = new Set<'ru' | 'us'>();
  const topThird = new Set<string>();
  const withThird = new Map<string, number>();
  const paragraphsWith = { ru: 0, us: 0 };
  for (const [where, blocks] of parts) {
    for (const block of blocks) {
      yield;
      const text = normalize(block);
      const sides = new Set<'ru' | 'us'>();
      for (const m of findEntities(text)) {
        const side = m.entity.side;
        if (!side) continue;
        if (where === 'title') titleSides.add(side);
        sides.add(side);
        weight[side] += WEIGHT[where];
        if (where !== 'body') statedIn[side] = true;
        note(evidence, m.entity.name, side, where);
      }
      for (const m of text.matchAll(LINK_TERMS)) {
        weight.link += WEIGHT[where];
        note(evidence, m[0].toLowerCase(), 'link', where);
      }
      if (where !== 'title') for (const s of sides) paragraphsWith[s]++;
      if (where !== 'title' && sides.size === 2) together++;
      // Third countries named beside Russia: the story may be Russia and France, not Russia and America.
      for (const code of countriesIn(text)) {
        if (where !== 'body') topThird.add(code);
        if (where !== 'title' && sides.has('ru')) withThird.set(code, (withThird.get(code) ?? 0) + 1);
      }
    }
  }
  // A short news brief cannot mention each side as often as a long report: the mentions expected
  // grow with the article's length up to a cap, and a brief of up to three paragraphs needs one.
  // Count prose paragraphs only: stock tickers, datelines and captions that slip into the body are not.
  const n = Math.max(1, article.paragraphs.filter(isProse).length);
  const short = n <= 3;
  const ru = Math.min(1, weight.ru / Math.min(14, 4 + 2 * n)) * Math.min(1, paragraphsWith.ru / (short ? 1 : Math.max(2, n * 0.3)));
  const us = Math.min(1, weight.us / Math.min(8, 2 + 2 * n)) * Math.min(1, paragraphsWith.us / (short ? 1 : Math.max(2, n * 0.15)));
  const link = Math.min(1, weight.link / 4);
  const s = ru + us > 0 ? Math.round(((2 * ru * us) / (ru + us)) * (0.6 + 0.4 * link) * 1000) / 1000 : 0;
  // The subject, not a mention: a story about the two countries names them together, paragraph after
  // paragraph; a Russian court case with a paragraph of the US ambassador's reaction, or an essay that
  // names each country in its own paragraphs, does not (a brief: together once, or one in the title and
  // the other in the lead).
  const jointly = short ? together >= 1 || (statedIn.ru && statedIn.us) : together >= TOGETHER * n;
  // Russia with a third country: one named at the top and beside Russia in more paragraphs than the United
  // States is, while the title does not name the US side, is the story's other actor.
  const third = [...withThird].filter(([code, k]) => topThird.has(code) && k > together).sort((a, b) => b[1] - a[1])[0]?.[0];
  const otherActor = !titleSides.has('us') ? third : undefined;
  const onTopic = s >= threshold && statedIn.ru && (statedIn.us || paragraphsWith.us >= 3) && jointly && !otherActor;
  const list = [...evidence.values()].sort((a, b) => WEIGHT[b.where] - WEIGHT[a.where] || b.count - a.count);
  const why: VerdictWhy =
    otherActor && s >= threshold && jointly
      ? { kind: 'thirdCountry', country: countryName(otherActor), countryCode: otherActor }
      : explain(onTopic, statedIn, ru, us, list, jointly);
  const reason = REASONS[why.kind](why);
  return {
    onTopic,
    score: s,
    reason: article.truncated ? `${reason} ${PARTLY_READ}` : reason,
    why,
    evidence: list.slice(0, 24),
    ...(article.truncated ? { partlyRead: true } : {}),
  };
}

function note(evidence: Map<string, TopicEvidence>, name: string, side: TopicEvidence['side'], where: Where): void {
  const key = `${side}:${name}:${where}`;
  const seen = evidence.get(key);
  if (seen) seen.count++;
  else evidence.set(key, { name, side, where, count: 1 });
}

function explain(onTopic: boolean, stated: { ru: boolean; us: boolean }, ru: number, us: number, ev: TopicEvidence[], jointly: boolean): VerdictWhy {
  const names = (side: 'ru' | 'us') => [...new Set(ev.filter((e) => e.side === side).map((e) => e.name))].slice(0, 3).join(', ');
  if (onTopic) return { kind: 'about', ru: names('ru'), us: names('us') };
  if (ru === 0 && us === 0) return { kind: 'neither' };
  if (!stated.ru) return { kind: 'notStated' };
  if (us === 0) return { kind: 'noUs' };
  if (ru < 0.5) return { kind: 'ruPassing' };
  if (us < 0.5) return { kind: 'usPassing' };
  if (!jointly) return { kind: 'apart' };
  return { kind: 'tooLittle' };
}

/** Each case's sentence in English (the analyzer's, and the UI's fallback). */
const REASONS: Record<VerdictWhy['kind'], (w: VerdictWhy) => string> = {
  about: (w) => `About Russia (${w.ru}) and the United States (${w.us}) and their relations.`,
  neither: () => 'Mentions neither Russia nor the United States.',
  notStated: () => 'Russia is not in the title or lead: at most a passing mention.',
  noUs: () => 'About Russia, without the United States.',
  ruPassing: () => 'Russia is mentioned only in passing.',
  usPassing: () => 'The United States is mentioned only in passing.',
  apart: () => 'Russia and the United States are rarely named together: each comes up in its own part of the story.',
  tooLittle: () => 'Both countries are named, but too little of the story is about the two of them.',
  thirdCountry: (w) => `About Russia and ${w.country}; the United States comes up beside them.`,
  notArticle: (w) => `Not a single news article (${w.kindOfPage}).`,
  noHeadline: () => 'No Russia-side name in the title, description or main heading.',
};
