/** Groups people by the path, operator and SBC they take, with one key string per group rather than one per person. */
import type { EffectivePath } from '../decision-types';

/** Interned "path|operator|SBC" keys: one string per distinct combination, not one per person. */
export class ComboKeys {
  private readonly byPath = new Map<string, Map<string, string>>();
  key(p: Pick<EffectivePath, 'path' | 'operatorId' | 'sbcId'>): string {
    let inner = this.byPath.get(p.path);
    if (!inner) this.byPath.set(p.path, (inner = new Map()));
    let k = inner.get(p.operatorId ?? p.sbcId ?? '');
    if (k === undefined) {
      k = `${p.path}|${p.operatorId !== undefined ? `o:${p.operatorId}` : p.sbcId !== undefined ? `s:${p.sbcId}` : ''}`;
      inner.set(p.operatorId ?? p.sbcId ?? '', k);
    }
    return k;
  }
}
