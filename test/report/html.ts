// A small HTML reader for the report tests: tag balance, attributes, elements by id, text. Enough for
// well-formed generated markup (quoted attributes, raw text only inside <script>/<style>), not a browser.

export interface Element {
  tag: string;
  attrs: Record<string, string>;
  /** Offsets of the element's content in the source (after the start tag, before the end tag). */
  start: number;
  end: number;
  children: Element[];
  parent: Element | null;
}

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);
const RAW = new Set(["script", "style"]);

function unescape(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[e]!);
}

/** Parses `html` into an element tree; throws on unbalanced or misnested tags. */
export function parseHtml(html: string): Element {
  const root: Element = { tag: "#root", attrs: {}, start: 0, end: html.length, children: [], parent: null };
  let cur = root;
  const tagRe = /<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|<\/([a-zA-Z][a-zA-Z0-9-]*)\s*>|<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/g;
  let m: RegExpExecArray | null;
  while ((m = tagRe.exec(html))) {
    if (m[1]) {
      const tag = m[1].toLowerCase();
      if (cur.tag !== tag) throw new Error(`</${tag}> at ${m.index} closes <${cur.tag}>`);
      cur.end = m.index;
      cur = cur.parent!;
    } else if (m[2]) {
      const tag = m[2].toLowerCase();
      const attrs: Record<string, string> = {};
      for (const a of m[3]!.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
        const name = a[1]!.toLowerCase();
        if (name in attrs) throw new Error(`duplicate attribute ${name} on <${tag}> at ${m.index}`);
        attrs[name] = unescape(a[2] ?? a[3] ?? a[4] ?? "");
      }
      const el: Element = { tag, attrs, start: tagRe.lastIndex, end: tagRe.lastIndex, children: [], parent: cur };
      cur.children.push(el);
      if (VOID.has(tag) || m[4]) continue;
      if (RAW.has(tag)) {
        const close = html.toLowerCase().indexOf(`</${tag}`, tagRe.lastIndex);
        if (close < 0) throw new Error(`<${tag}> at ${m.index} is never closed`);
        el.end = close;
        tagRe.lastIndex = html.indexOf(">", close) + 1;
        continue;
      }
      cur = el;
    }
  }
  if (cur !== root) throw new Error(`<${cur.tag}> is never closed`);
  return root;
}

/** Every element of the tree, depth first. */
export function all(el: Element): Element[] {
  return [el, ...el.children.flatMap(all)];
}

/** Raw source between the start and end tags. */
export function inner(html: string, el: Element): string {
  return html.slice(el.start, el.end);
}

/** Text content (tags stripped, entities decoded). */
export function text(html: string, el: Element): string {
  return unescape(inner(html, el).replace(/<[^>]*>/g, ""));
}

/** Nearest ancestor (or self) with the given tag. */
export function closest(el: Element, tag: string): Element | null {
  for (let e: Element | null = el; e; e = e.parent) if (e.tag === tag) return e;
  return null;
}
