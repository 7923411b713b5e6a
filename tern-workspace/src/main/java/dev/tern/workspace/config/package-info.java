/**
 * {@link dev.tern.workspace.config.TernConfig}, read by {@link dev.tern.workspace.config.ConfigLoader} from
 * {@code ~/.tern/config.json} or a given file (camelCase or snake_case keys, nanobot configs accepted),
 * with environment overrides.
 */
package dev.tern.workspace.config;
