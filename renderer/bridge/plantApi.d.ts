/** What the Electron preload exposes with contextBridge (electron/preload): nothing else. */
export interface PlantApi {
  invoke(key: string, req: unknown): Promise<unknown>;
  on(stream: string, cb: (payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    /** Present only in the desktop app; serve mode talks WebSocket instead. */
    readonly plantApi?: PlantApi;
  }
}
