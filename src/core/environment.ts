/**
 * Environment variables as process.env holds them, typed by their shape rather than as NodeJS.ProcessEnv
 * so that the library's declarations compile without @types/node.
 */
export type Environment = Readonly<Record<string, string | undefined>>;
