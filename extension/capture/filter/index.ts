// The filter language's entry point: compile an expression once, then test packets.
//
//   const f = compileFilter('tcp.port == 7777 && !tcp.flags.syn');   // throws FilterSyntaxError
//   for (let i = 0; i < capture.index.count; i++) if (f.test(i, capture)) ...
//
// The language (fields, operators, differences from Wireshark) is described in
// docs/filter.md.
import { compileNode, CompiledFilter, FilterNeeds } from './evaluate';
import { parseFilter } from './parser';

export { CompiledFilter } from './evaluate';
export { caretLines, FilterSyntaxError } from './errors';
export { fieldNames } from './fields';

export function compileFilter(expression: string): CompiledFilter {
  const tree = parseFilter(expression);
  // A first compilation finds out what the filter reads; each capture gets its own later.
  const needs: FilterNeeds = { facts: false, payload: false };
  compileNode(tree, needs);
  return new CompiledFilter(expression, tree, needs);
}
