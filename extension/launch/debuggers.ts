// The debuggers a wrapped program can be handed to. Its own module, with no imports, so that
// options.ts (validation) and delegate.ts (configuration building) share it without a cycle.
export const DELEGATABLE = ['cppdbg', 'lldb', 'gdb', 'node', 'pwa-node', 'debugpy'] as const;
export type DelegatableDebugger = (typeof DELEGATABLE)[number];
