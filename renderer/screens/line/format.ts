/** "87 %", or an em dash when the figure is not defined yet. */
export const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${Math.round(x * 100)} %`);
/** "118 /min". */
export const perMin = (x: number | null | undefined): string => (x === null || x === undefined ? '—' : `${Math.round(x)} /min`);
