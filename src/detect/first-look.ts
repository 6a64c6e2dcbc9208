/**
 * The first look, in the content script on every page of the news sites: whether a page could be on
 * topic at all, from its headlines (and at most the top of its article). Kept apart from the detector
 * (./index.ts), which runs in the worker with its country names, so that the first look loads little.
 */
import type { Headlines } from '../extract/headlines';
import { findEntitySteps, normalize } from '../text';
import { runToEnd, type Steps } from '../text/steps';
import type { TopicVerdict } from '.';

/** The verdict on a page whose headlines name no one on the Russian side (nothing else is read of it). */
export const NO_HEADLINE: TopicVerdict = {
  onTopic: false,
  score: 0,
  reason: 'No Russia-side name in the title, description or main heading.',
  why: { kind: 'noHeadline' },
  evidence: [],
};

/**
 * A cheap look at the top of a page, for the content script to skip pages with no Russia-side name
 * there before extracting anything (the detector needs one in the title or lead anyway): a Russia-side
 * name in the headlines; or, where they name only the US side or the story (a probe, a treaty), one in
 * the first few kB of the article's text (`nearTop`, read only then).
 */
export function mightBeOnTopic(h: Headlines, nearTop?: () => string): boolean {
  return runToEnd(mightBeOnTopicSteps(h, nearTop));
}

/** {@link mightBeOnTopic} as sliced work (../text/steps.ts), for the content script. */
export function* mightBeOnTopicSteps(h: Headlines, nearTop?: () => string): Steps<boolean> {
  const named = yield* findEntitySteps(normalize(`${h.title} \n ${h.description} \n ${h.h1}`));
  if (named.some((m) => m.entity.side === 'ru')) return true;
  if (!nearTop || !named.some((m) => m.entity.side === 'us' || m.entity.issue)) return false;
  yield;
  const near = normalize(nearTop());
  yield;
  return (yield* findEntitySteps(near)).some((m) => m.entity.side === 'ru');
}
