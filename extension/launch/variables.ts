// Substitutes VS Code's predefined variables (${workspaceFolder}, ${env:HOME}, ...) in a
// configuration that is delegated to another debugger.
//
// Why we substitute at all: VS Code re-resolves a configuration whose type a provider
// changes only in the first resolution step (resolveDebugConfiguration), which runs before
// variables are substituted. Delegation must happen there, but preparing the session needs
// real paths (the program must exist, the socket directory must fit sun_path). So the
// variables a path can hold are replaced here; anything else in those fields is an error
// that names the variable, and other attributes keep their variables for VS Code to
// substitute in the delegated configuration.
import * as os from 'os';
import * as path from 'path';

export interface VariableContext {
  readonly workspaceFolder?: string;
  /** Other open folders by name, for ${workspaceFolder:name}. */
  readonly folders?: Readonly<Record<string, string>>;
  /** The active editor's file. */
  readonly file?: string;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

const VARIABLE = /\$\{([^}]+)\}/g;

/** The value of one variable, or undefined when it is not one we can know here. */
function lookup(name: string, ctx: VariableContext): string | undefined {
  const colon = name.indexOf(':');
  if (colon >= 0) {
    const kind = name.slice(0, colon);
    const arg = name.slice(colon + 1);
    if (kind === 'env') {
      return ctx.env[arg] ?? '';
    }
    if (kind === 'workspaceFolder') {
      return ctx.folders?.[arg];
    }
    return undefined; // ${command:...}, ${input:...}, ${config:...}: only VS Code knows.
  }
  const folder = ctx.workspaceFolder;
  const file = ctx.file;
  switch (name) {
    case 'workspaceFolder':
    case 'workspaceRoot':
      return folder;
    case 'workspaceFolderBasename':
      return folder && path.basename(folder);
    case 'file':
      return file;
    case 'fileBasename':
      return file && path.basename(file);
    case 'fileBasenameNoExtension':
      return file && path.basename(file, path.extname(file));
    case 'fileExtname':
      return file && path.extname(file);
    case 'fileDirname':
      return file && path.dirname(file);
    case 'relativeFile':
      return file && folder ? path.relative(folder, file) : undefined;
    case 'cwd':
      return ctx.cwd;
    case 'userHome':
      return os.homedir();
    case 'pathSeparator':
    case '/':
      return path.sep;
    default:
      return undefined;
  }
}

/** Replaces the variables it knows; leaves the others as written. */
export function substituteKnown(value: string, ctx: VariableContext): string {
  return value.replace(VARIABLE, (whole, name: string) => lookup(name, ctx) ?? whole);
}

/** The first variable left in `value`, if any. */
export function remainingVariable(value: string): string | undefined {
  return /\$\{[^}]+\}/.exec(value)?.[0];
}

/** substituteKnown over every string inside a JSON-like value. */
export function substituteDeep<T>(value: T, ctx: VariableContext): T {
  if (typeof value === 'string') {
    return substituteKnown(value, ctx) as T;
  }
  if (Array.isArray(value)) {
    return value.map((v: unknown) => substituteDeep(v, ctx)) as T;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] = substituteDeep(v, ctx);
    }
    return out as T;
  }
  return value;
}
