/**
 * The payload as frozen at enqueue: the exact text a resend sends again. Plain JSON.stringify: key
 * order is the order the producing code wrote, which is stable for a given producer; sorting keys
 * (canonical JSON) cost half the enqueue throughput and bought nothing, since the bytes are stored.
 */
export function freezePayload(payload: unknown): string {
  const text = JSON.stringify(payload);
  if (typeof text !== 'string' || !text.startsWith('{')) throw new Error('Bug: an outbox payload must be a JSON object');
  return text;
}
