/** Messages between the page and its Web Worker. */

/** Requests the page sends: one operation with its arguments and an id to match the reply. */
export type Request =
  | { id: number; op: "load"; text: string; name: string; types?: string }
  | { id: number; op: "generate"; system: string; seed: number; atoms?: number }
  | { id: number; op: "rdf"; rMax: number; bins: number }
  | { id: number; op: "vdos"; potential?: string; sigma?: number }
  | { id: number; op: "fit"; system: string; count: number; seed: number; atoms?: number };

/** Replies: progress (any number), then exactly one result or error. */
export type Reply =
  | { id: number; kind: "progress"; fraction: number; message: string }
  | { id: number; kind: "result"; result: unknown; seconds: number; hashes: Record<string, string> }
  | { id: number; kind: "error"; message: string };
