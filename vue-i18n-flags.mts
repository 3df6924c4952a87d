/**
 * vue-i18n's esm-bundler build reads these compile-time flags: Composition API only (no
 * legacy API), no devtools hooks in production. Its JIT message compiler needs no eval, so
 * the strict Content-Security-Policy stays as it is.
 */
export const VUE_I18N_FLAGS = {
  __VUE_I18N_FULL_INSTALL__: 'true',
  __VUE_I18N_LEGACY_API__: 'false',
  __INTLIFY_PROD_DEVTOOLS__: 'false',
  __INTLIFY_JIT_COMPILATION__: 'true',
  __INTLIFY_DROP_MESSAGE_COMPILER__: 'false',
};
