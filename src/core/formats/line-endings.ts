/**
 * Turns `\r\n` and lone `\r` into `\n` across streamed chunks, so that files written by several tools
 * (mixed Windows, Unix and old Mac endings) parse as one table and line numbers count every ending. A
 * chunk ending in `\r` is held back one character: the next chunk may start with its `\n`.
 */
export class LineEndings {
  private carry = '';

  push(text: string, final: boolean): string {
    let all = this.carry + text;
    this.carry = '';
    if (!final && all.endsWith('\r')) {
      this.carry = '\r';
      all = all.slice(0, -1);
    }
    return all.indexOf('\r') >= 0 ? all.replace(/\r\n?/g, '\n') : all;
  }
}
