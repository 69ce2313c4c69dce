import { z } from 'zod';

/** contracts §6: scripted faults, deterministic (skip / times / everyNth), counted per rule. */
export const FaultOp = z.enum(['csrf', 'confirmation.create', 'confirmation.read', 'confirmation.cancel', 'order.read', 'hold.create', 'hold.release', 'case.create', 'case.read', 'batch', 'changeset']);
export type FaultOp = z.infer<typeof FaultOp>;

export const FaultAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('delay'), ms: z.number().int().min(0).max(600_000) }),
  z.object({ kind: z.literal('status'), status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]), retryAfterS: z.number().int().min(0).optional() }),
  z.object({ kind: z.literal('rateLimit'), retryAfterS: z.number().int().min(0) }),
  z.object({ kind: z.literal('locked') }),
  z.object({ kind: z.literal('reject'), status: z.union([z.literal(400), z.literal(404), z.literal(422)]).optional(), code: z.string(), message: z.string() }),
  z.object({ kind: z.literal('resetBeforeCommit') }),
  z.object({ kind: z.literal('resetAfterCommit') }),
  z.object({ kind: z.literal('commitThenHang'), respondAfterMs: z.number().int().min(0).optional() }),
  z.object({ kind: z.literal('lateCommit'), commitAfterMs: z.number().int().min(0) }),
  /**
   * A slow ERP: the request is held and committed `commitAfterMs` after it arrived, whether or not the
   * client is still waiting (SAP's work process runs on after the ICM or the client gave up), then
   * answered if the connection is still open. On 'batch' or 'confirmation.create'.
   */
  z.object({ kind: z.literal('slowCommit'), commitAfterMs: z.number().int().min(0).max(3_600_000) }),
  z.object({ kind: z.literal('csrfExpire') }),
]);
export type FaultAction = z.infer<typeof FaultAction>;

export const FaultRule = z.object({
  match: z.object({ op: FaultOp.optional(), orderId: z.string().optional(), material: z.string().optional(), reference: z.string().optional() }).strict(),
  action: FaultAction,
  skip: z.number().int().min(0).optional(),
  /** How many times it fires; default 1; 0 = every time. */
  times: z.number().int().min(0).optional(),
  /** Fires on every n-th matching request only (10 → 10 %), deterministic. */
  everyNth: z.number().int().min(1).optional(),
});
export type FaultRule = z.infer<typeof FaultRule>;

export interface FaultSubject {
  op: FaultOp;
  orderId?: string;
  material?: string;
  reference?: string;
}

interface Armed {
  id: number;
  rule: FaultRule;
  matched: number;
  hits: number;
}

export class FaultBook {
  private rules: Armed[] = [];
  private next = 1;

  add(rule: FaultRule): number {
    const id = this.next++;
    this.rules.push({ id, rule, matched: 0, hits: 0 });
    return id;
  }

  clear(): void {
    this.rules = [];
  }

  list(): { id: number; rule: FaultRule; matched: number; hits: number }[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The action of the first rule that matches and fires, counted; null when none. */
  take(s: FaultSubject): FaultAction | null {
    for (const r of this.rules) {
      const m = r.rule.match;
      if (m.op && m.op !== s.op) continue;
      if (m.orderId && m.orderId !== s.orderId) continue;
      if (m.material && m.material !== s.material) continue;
      if (m.reference && m.reference.toLowerCase() !== (s.reference ?? '').toLowerCase()) continue;
      r.matched += 1;
      if (r.matched <= (r.rule.skip ?? 0)) continue;
      const times = r.rule.times ?? 1;
      if (times > 0 && r.hits >= times) continue;
      if (r.rule.everyNth && (r.matched - (r.rule.skip ?? 0)) % r.rule.everyNth !== 0) continue;
      r.hits += 1;
      return r.rule.action;
    }
    return null;
  }
}
