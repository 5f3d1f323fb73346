/** The package root. */
export declare const root: string
/** dist/app/cli/main.js, the compiled CLI entry. */
export declare const entry: string
/** The first source file (not a test) whose compiled output is missing or older, or undefined. */
export declare function staleSource(dir?: string): string | undefined
/** Builds dist/ with tsc when a source is newer and the compiler is at hand; returns the entry. */
export declare function ensureDist(options?: { readonly quiet?: boolean }): string
