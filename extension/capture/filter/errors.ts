// The one error the filter language throws: a message and where in the expression it
// points, so the CLI can draw a caret and the panel can underline the spot.

export class FilterSyntaxError extends Error {
  override readonly name = 'FilterSyntaxError';
  /** 1-based column of the first character the message is about. */
  readonly column: number;

  constructor(
    message: string,
    /** 0-based offset of that character in the expression. */
    readonly offset: number,
    /** How many characters the problem spans (at least 1). */
    readonly length = 1,
  ) {
    super(message);
    this.column = offset + 1;
  }
}

/** The expression, and a caret line under the error's column: for terminals. */
export function caretLines(expression: string, error: FilterSyntaxError): string {
  // Tabs keep their width in the caret line so the caret stays under the right character.
  const pad = expression.slice(0, error.offset).replace(/[^\t]/g, ' ');
  return `${expression}\n${pad}^${'~'.repeat(Math.max(0, Math.min(error.length, expression.length - error.offset) - 1))}`;
}
