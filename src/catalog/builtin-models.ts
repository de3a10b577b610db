/**
 * The built-in catalog's models as JSON text. In the bundle, scripts/build.mjs puts this module's
 * place to a read of dist/catalog-models.json beside it, so that a run that needs only the eager
 * models does not load the text at all; in the tests it is defined inline (vitest.config.ts).
 */
declare const __BUILTIN_MODELS__: string;

export function builtinModelsText(): string {
  return __BUILTIN_MODELS__;
}
