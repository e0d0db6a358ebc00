// Response compression, as a gateway in front of Encore does it: scripts,
// styles, JSON and other text of at least 1 KiB go out brotli (quality 5:
// most of the size gain at a fraction of the highest quality's CPU) or gzip,
// as the client's Accept-Encoding prefers; smaller bodies, formats that are
// compressed already (images, fonts, PDF) and event streams go out as they are.
import zlib from "node:zlib";
import type http from "node:http";
import type { Transform } from "node:stream";

export type Encoding = "br" | "gzip";

export const MIN_COMPRESS_BYTES = 1024;
const COMPRESSIBLE = /^(?:text\/(?!event-stream)|application\/(?:json|javascript|xml)|image\/svg\+xml)/i;
const BROTLI_QUALITY = 5;

/** Whether a body of this type is worth compressing (and so answers vary by Accept-Encoding). */
export const compressible = (contentType: string | undefined): boolean => !!contentType && COMPRESSIBLE.test(contentType);

/**
 * The encoding to answer with, from Accept-Encoding (RFC 9110 §12.5.3: q=0
 * refuses, `*` stands for any other coding), or null for identity.
 * Brotli wins a tie.
 */
export function chooseEncoding(acceptEncoding: string | string[] | undefined, contentType: string | undefined, size: number | null): Encoding | null {
  if (!acceptEncoding || !compressible(contentType) || (size !== null && size < MIN_COMPRESS_BYTES)) return null;
  const q = new Map<string, number>();
  for (const part of (Array.isArray(acceptEncoding) ? acceptEncoding.join(",") : acceptEncoding).split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const weight = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weight = (name: Encoding) => q.get(name) ?? q.get("*") ?? 0;
  const [br, gzip] = [weight("br"), weight("gzip")];
  if (br <= 0 && gzip <= 0) return null;
  return br >= gzip ? "br" : "gzip";
}

function brotliParams(size: number | null): zlib.BrotliOptions {
  return { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, ...(size !== null ? { [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size } : {}) } };
}

/** Compresses a whole body (JSON answers). */
export function compressBody(encoding: Encoding, body: Buffer, done: (err: Error | null, out: Buffer) => void): void {
  if (encoding === "br") zlib.brotliCompress(body, brotliParams(body.length), done);
  else zlib.gzip(body, done);
}

/** A compressing stream for a file of `size` bytes. */
export function compressStream(encoding: Encoding, size: number): Transform {
  return encoding === "br" ? zlib.createBrotliCompress(brotliParams(size)) : zlib.createGzip();
}

/** The headers of a compressed answer: its coding, and no length (it is not known before the stream ends). */
export function encodedHeaders(headers: http.OutgoingHttpHeaders, encoding: Encoding): http.OutgoingHttpHeaders {
  const { "content-length": _, ...rest } = headers;
  return { ...rest, "content-encoding": encoding, vary: "Accept-Encoding" };
}
