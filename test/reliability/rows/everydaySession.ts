import WebSocket from 'ws';

/** A failed answer of the core, or NO_ANSWER when none came within the limit (the core hung or died). */
export type Answer<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** Every invoke of the run, by outcome: what was expected to be refused, what was, and what failed unexpectedly. */
export class Tally {
  readonly actions = new Map<string, number>();
  readonly failuresByCode = new Map<string, number>();
  readonly unexpected: string[] = [];
  refusalsExpected = 0;
  refusalsGot = 0;
  invokes = 0;

  count(kind: string, n = 1): void {
    this.actions.set(kind, (this.actions.get(kind) ?? 0) + n);
  }
  failed(code: string): void {
    this.failuresByCode.set(code, (this.failuresByCode.get(code) ?? 0) + 1);
  }
  note(what: string): void {
    if (this.unexpected.length < 50) this.unexpected.push(what);
  }
}

/**
 * One workstation's screen: its own WebSocket to the serve host (the page's protocol: `invoke` frames
 * answered by `result` frames; stream frames ignored), its own core session, its own sign-in.
 */
export class ScreenSession {
  private next = 1;
  private readonly waiting = new Map<number, (e: unknown) => void>();
  private readonly ws: WebSocket;
  private readonly tally: Tally;
  private readonly answerMs: number;
  private constructor(ws: WebSocket, tally: Tally, answerMs: number) {
    this.ws = ws;
    this.tally = tally;
    this.answerMs = answerMs;
    ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as { type: string; id?: number; envelope?: unknown };
      if (f.type === 'result' && f.id !== undefined) {
        this.waiting.get(f.id)?.(f.envelope);
        this.waiting.delete(f.id);
      }
    });
  }

  static async open(serveUrl: string, tally: Tally, answerMs = 30_000): Promise<ScreenSession> {
    const u = new URL(serveUrl);
    const ws = new WebSocket(`ws://${u.host}/ws?token=${u.searchParams.get('token') ?? ''}`);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.on('error', () => {}); // a dropped socket shows up as NO_ANSWER on the next invoke
    return new ScreenSession(ws, tally, answerMs);
  }

  /** Sends one command; a failure is tallied by code (INTERNAL and NO_ANSWER must never happen). */
  invoke<T>(key: string, req: unknown): Promise<Answer<T>> {
    const id = this.next++;
    this.tally.invokes++;
    return new Promise<Answer<T>>((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve({ ok: false, error: { code: 'NO_ANSWER', message: `${key}: no answer within ${this.answerMs} ms` } });
      }, this.answerMs);
      this.waiting.set(id, (e) => {
        clearTimeout(timer);
        resolve(e as Answer<T>);
      });
      if (this.ws.readyState !== WebSocket.OPEN) {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve({ ok: false, error: { code: 'NO_ANSWER', message: `${key}: the socket is closed` } });
        return;
      }
      this.ws.send(JSON.stringify({ type: 'invoke', id, key, req }));
    }).then((a) => {
      if (!a.ok) this.tally.failed(a.error.code);
      return a;
    });
  }

  /** An action that must work: counted under `kind` when it does, noted with its message when it does not. */
  async must<T>(kind: string, key: string, req: unknown): Promise<T | null> {
    const a = await this.invoke<T>(key, req);
    if (a.ok) {
      this.tally.count(kind);
      return a.value;
    }
    this.tally.note(`${key} → ${a.error.code}: ${a.error.message}`);
    return null;
  }

  /** An action that must be refused, with a message matching `words` (the limit it names, …). */
  async refused(kind: string, key: string, req: unknown, words: RegExp[], codes: readonly string[] = ['BAD_REQUEST']): Promise<void> {
    this.tally.refusalsExpected++;
    const a = await this.invoke(key, req);
    if (a.ok) {
      this.tally.note(`${kind}: ${key} was accepted, expected a refusal`);
      return;
    }
    const named = words.every((w) => w.test(a.error.message));
    if (codes.includes(a.error.code) && named) {
      this.tally.refusalsGot++;
      this.tally.count(kind);
    } else this.tally.note(`${kind}: ${key} refused with ${a.error.code} "${a.error.message}", expected ${codes.join('/')} naming ${words.join(', ')}`);
  }

  close(): void {
    this.ws.close();
  }
}
