import type { Script } from 'node:vm';

/** The bundled CLI's exports and its compiled script; `cache` null compiles without the code cache. */
export function loadBundle(cache?: string | null): { exports: Record<string, unknown>; script: Script };
/** The CLI's `main`, from the bundle unless NNDOCTOR_NO_BUNDLE=1 or the bundle is missing. */
export function loadMain(): Promise<(argv: string[]) => Promise<number>>;
/** Saves the code cache of a script compiled by loadBundle, tagged with the bundle's path. */
export function writeCodeCache(script: Script): void;
