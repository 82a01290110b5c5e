/**
 * The rules-file engine ({@code [policy] engine = "file"}): rules in a YAML or JSON file, first match wins,
 * default deny, reloaded when the file changes. The format is described in docs/policy.md.
 */
package io.sqe.policy.file;
