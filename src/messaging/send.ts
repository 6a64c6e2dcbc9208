/**
 * Sending a message to the worker, typed both ways: the reply's type follows from the request's, so no
 * caller casts what comes back. `undefined` when the worker dropped the message (it failed validation,
 * came from the wrong place) or is not there to answer.
 */
import { browser } from 'wxt/browser';
import type { PageMessage, Replies, UiMessage } from './protocol';

export async function send<M extends PageMessage | UiMessage>(request: M): Promise<Replies[M['type']] | undefined> {
  // runtime.sendMessage is untyped (any): the protocol's table says what this request is answered with.
  const reply: Replies[M['type']] | undefined = await browser.runtime.sendMessage(request);
  return reply;
}
