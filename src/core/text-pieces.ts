/**
 * Splits text into pieces of about `size` characters, cutting after a line break or a space when one
 * lies in the second half of the piece, so that a long text drawn piece by piece reads almost as one.
 */
export function pieces(text: string, size: number): string[] {
  const out: string[] = [];
  for (let at = 0; at < text.length; ) {
    let end = Math.min(text.length, at + size);
    if (end < text.length) {
      const cut = Math.max(text.lastIndexOf('\n', end - 1), text.lastIndexOf(' ', end - 1));
      if (cut >= at + size / 2) end = cut + 1;
    }
    out.push(text.slice(at, end));
    at = end;
  }
  return out;
}
