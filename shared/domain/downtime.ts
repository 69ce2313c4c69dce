import { z } from 'zod';
import { MachineState } from './line.ts';

/**
 * Downtime: every stretch of time a line is not running, with the reason a supervisor gave it.
 * Reasons come from a configurable tree (planned / unplanned, then categories); only leaves are codes.
 */

const ReasonCode = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, _ . - (max 64)');

export interface ReasonNode {
  code: string;
  label: string;
  /** Planned stops do not count against availability. Inherited by children unless they say otherwise. */
  planned?: boolean | undefined;
  children?: ReasonNode[] | undefined;
}

export const ReasonNode: z.ZodType<ReasonNode> = z.lazy(() =>
  z
    .object({
      code: ReasonCode,
      label: z.string().min(1).max(80),
      planned: z.boolean().optional(),
      children: z.array(ReasonNode).optional(),
    })
    .strict(),
);

export const ReasonTree = z
  .array(ReasonNode)
  .min(1)
  .superRefine((tree, ctx) => {
    const seen = new Set<string>();
    const walk = (nodes: readonly ReasonNode[]) => {
      for (const n of nodes) {
        if (seen.has(n.code)) ctx.addIssue({ code: 'custom', message: `duplicate reason code "${n.code}"` });
        seen.add(n.code);
        if (n.children) walk(n.children);
      }
    };
    walk(tree);
  });
export type ReasonTree = z.infer<typeof ReasonTree>;

/** A codable reason: a leaf of the tree, with the labels of the path to it. */
export interface ReasonLeaf {
  readonly code: string;
  readonly label: string;
  /** "Unplanned › Mechanical › Jam". */
  readonly path: string;
  readonly planned: boolean;
}

export function reasonLeaves(tree: readonly ReasonNode[]): ReasonLeaf[] {
  const out: ReasonLeaf[] = [];
  const walk = (nodes: readonly ReasonNode[], labels: string[], planned: boolean) => {
    for (const n of nodes) {
      const p = n.planned ?? planned;
      const path = [...labels, n.label];
      if (n.children && n.children.length > 0) walk(n.children, path, p);
      else out.push({ code: n.code, label: n.label, path: path.join(' › '), planned: p });
    }
  };
  walk(tree, [], false);
  return out;
}

/** The reason tree of a plant that configures none: enough to start coding on day one. */
export const DEFAULT_REASON_TREE: ReasonTree = [
  {
    code: 'planned',
    label: 'Planned',
    planned: true,
    children: [
      { code: 'changeover', label: 'Changeover' },
      { code: 'planned-maintenance', label: 'Planned maintenance' },
      { code: 'no-order', label: 'No order planned' },
    ],
  },
  {
    code: 'unplanned',
    label: 'Unplanned',
    planned: false,
    children: [
      { code: 'breakdown', label: 'Breakdown' },
      { code: 'material', label: 'Material shortage' },
      { code: 'quality-issue', label: 'Quality problem' },
      { code: 'other', label: 'Other' },
    ],
  },
];

/** One downtime event as the screens and commands see it. Times are epoch ms. */
export const DowntimeEvent = z.object({
  id: z.number().int().positive(),
  lineId: z.string(),
  state: MachineState,
  startAt: z.number(),
  /** Null while the line is still down. */
  endAt: z.number().nullable(),
  /** ms, up to `endAt` or to the time the answer was made. */
  durationMs: z.number().nonnegative(),
  reasonCode: z.string().nullable(),
  reasonLabel: z.string().nullable(),
  planned: z.boolean(),
  /** Shorter than the line's micro-stop threshold: grouped, never asked to be coded. */
  micro: z.boolean(),
  /** The controller link was down: the state is not known. Shown, not asked to be coded. */
  noData: z.boolean(),
  codedBy: z.string().nullable(),
  codedAt: z.number().nullable(),
  /** Bumped by every change; commands may pass it back to refuse a stale screen. */
  revision: z.number().int().nonnegative(),
  notes: z.array(z.object({ at: z.number(), by: z.string(), text: z.string() })),
});
export type DowntimeEvent = z.infer<typeof DowntimeEvent>;

/** Planned when its reason says so, or — uncoded — when the controller itself reported a planned stop. */
export function isPlanned(state: MachineState, reason: ReasonLeaf | null): boolean {
  return reason ? reason.planned : state === 'planned_stop';
}

/** Needs a supervisor's reason: long enough to matter, real data, not yet coded. */
export const needsCoding = (e: Pick<DowntimeEvent, 'reasonCode' | 'micro' | 'noData'>): boolean => e.reasonCode === null && !e.micro && !e.noData;

export interface ParetoBar {
  readonly reasonCode: string | null;
  readonly label: string;
  readonly totalMs: number;
  readonly count: number;
}

/**
 * Downtime by reason, longest first. Uncoded events are one bar ("Not coded"), micro-stops another, so
 * the supervisor sees how much time still has no reason.
 */
export function paretoOf(events: readonly Pick<DowntimeEvent, 'reasonCode' | 'reasonLabel' | 'durationMs' | 'micro' | 'noData'>[]): ParetoBar[] {
  const bars = new Map<string, { reasonCode: string | null; label: string; totalMs: number; count: number }>();
  for (const e of events) {
    const key = e.reasonCode ?? (e.noData ? '~nodata' : e.micro ? '~micro' : '~uncoded');
    const label = e.reasonCode ? (e.reasonLabel ?? e.reasonCode) : e.noData ? 'No data (link down)' : e.micro ? 'Micro-stops' : 'Not coded';
    const bar = bars.get(key) ?? { reasonCode: e.reasonCode, label, totalMs: 0, count: 0 };
    bar.totalMs += e.durationMs;
    bar.count += 1;
    bars.set(key, bar);
  }
  return [...bars.values()].sort((a, b) => b.totalMs - a.totalMs || a.label.localeCompare(b.label));
}

/** Micro-stops as one group: how many and how long in total. */
export function microStopSummary(events: readonly Pick<DowntimeEvent, 'micro' | 'durationMs'>[]): { count: number; totalMs: number } {
  let count = 0;
  let totalMs = 0;
  for (const e of events) {
    if (!e.micro) continue;
    count++;
    totalMs += e.durationMs;
  }
  return { count, totalMs };
}
