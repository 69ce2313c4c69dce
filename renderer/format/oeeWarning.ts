import type { Translate } from '../i18n/index.tsx';

/**
 * Why an OEE cannot be right (the core flags it: `warning`, English, shared/domain/oee.ts oeeWarning), said in
 * the reader's language from the figures themselves. A warning these figures do not explain is shown as sent.
 */
export function oeeWarningWords(t: Translate, fig: { readonly warning?: string | null; readonly performance?: number | null; readonly oee?: number | null } | null | undefined): string | null {
  if (!fig?.warning) return null;
  if (fig.performance !== null && fig.performance !== undefined && fig.performance > 1.005) return t('common:oeeWarning.performance', { pct: Math.round(fig.performance * 100) });
  if (fig.oee !== null && fig.oee !== undefined && fig.oee > 1.005) return t('common:oeeWarning.oee', { pct: Math.round(fig.oee * 100) });
  return fig.warning;
}
