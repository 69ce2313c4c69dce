import type { Disposable } from './ports.ts';

/**
 * Everything one owner started (timers, subscriptions, listeners), disposed together in reverse order.
 * Adding to a store already disposed disposes the newcomer at once, so a late subscription (one that
 * resolves after shutdown began) cannot outlive its owner. One failing dispose does not stop the others;
 * the first error is thrown after all ran.
 */
export class DisposableStore implements Disposable {
  private items: Disposable[] = [];
  private done = false;

  get isDisposed(): boolean {
    return this.done;
  }

  add<T extends Disposable>(d: T): T {
    if (this.done) d.dispose();
    else this.items.push(d);
    return d;
  }

  /** Disposes what is held now and keeps the store usable (a module that stops and starts again). */
  clear(): void {
    const items = this.items.splice(0).reverse();
    let first: unknown = null;
    for (const d of items) {
      try {
        d.dispose();
      } catch (e) {
        first ??= e;
      }
    }
    if (first !== null) throw first;
  }

  dispose(): void {
    this.done = true;
    this.clear();
  }
}
